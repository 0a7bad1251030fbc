/**
 * The OCR engine as the page stages see it. The stages never name tesseract.js: they receive an
 * `OcrEngine` (built once per process by `createTesseractEngine`) so a test can hand them a fake and
 * a later engine can replace this one without touching them.
 */
import type { OcrResult, RasterImage, Resolution } from '../../domain.js';

/** A clockwise quarter turn of the page content. */
export type QuarterTurn = 0 | 90 | 180 | 270;

export interface RecognizeOptions {
  /** Resolution of the image, pixels per inch */
  readonly dpi: number;
  /**
   * How the image is laid out, for this call only: `page` (the engine's setting: columns, blocks),
   * `sparse` (scattered words, no order assumed), `line` (one line of text).
   */
  readonly layout?: 'page' | 'sparse' | 'line';
}

/** What `OcrEngine.detectOrientation` found. */
export interface OrientationResult {
  /** Clockwise quarter turn the content has; turning the image back by it makes it upright */
  readonly rotationDeg: QuarterTurn;
  /**
   * 0–1, an estimate of the probability that `rotationDeg` is right. 0 when the page carries too
   * little text to tell (blank pages, photographs); the caller rotates only above its threshold.
   */
  readonly confidence: number;
}

/**
 * OCR and orientation detection over a pool of workers that run off the event loop.
 *
 * Every method may be called concurrently; calls queue for a free worker. Results are deterministic
 * for the same input and engine settings.
 *
 * @example
 * const engine = await createTesseractEngine({ languages: ['vie', 'eng'], variant: 'best_int', workers: 2 });
 * try {
 *   const ocr = await engine.recognize(pngBytes, { dpi: 300 });
 * } finally {
 *   await engine.close();
 * }
 */
export interface OcrEngine {
  /**
   * OCR one page image (encoded PNG/JPEG/TIFF bytes, or decoded pixels); coordinates in the result
   * are that image's pixels, its words in reading order, its text NFC.
   *
   * Throws `ocr.image_unreadable` (not retryable) when the bytes are not an image, `ocr.closed` when
   * the engine was closed, `ocr.worker_failed` (retryable) when a worker died during the page.
   */
  recognize(image: Buffer | RasterImage, opts: RecognizeOptions): Promise<OcrResult>;
  /**
   * Clockwise quarter turn the page content has, with a confidence 0–1. Works on the page as
   * scanned: skewed up to ±15°, with scanner borders. Same errors as `recognize`.
   */
  detectOrientation(image: RasterImage, dpi: Resolution): Promise<OrientationResult>;
  /** Terminates the workers; pending calls fail with `ocr.closed`. Safe to call twice. */
  close(): Promise<void>;
  /** e.g. "tesseract.js 7.0.0 vie+eng best_int psm 3" */
  readonly description: string;
}
