/**
 * Which quarter turn a scanned page has, and how sure we are.
 *
 * Two signals from tesseract:
 * 1. OSD (orientation and script detection, the legacy engine with the `osd` data) on the page at
 *    150 dpi. It classifies every character-sized blob in the four orientations and reports the
 *    best one with a score (the margin over the runner-up).
 * 2. When OSD says the page is turned, the LSTM recogniser reads the page turned back. Upright text
 *    reads with a high word confidence; upside-down or sideways text does not. A turn is reported
 *    with high confidence only when both agree, so a wrong turn (which would put a page upside down
 *    in the archive) needs two independent mistakes.
 *
 * Measured on the corpus (102 page images: the 83 `vn/` pages, tesseract's phototest turns,
 * VietOCR samples, OCRmyPDF's cardinal pages, real Vietnamese scans), OSD at 150 dpi picks the
 * right turn on all of them; at the scan's own resolution, without resampling, it turned two
 * low-resolution photographs (576×960 px) upside down, with scores 0.2 and 3.4. Correct turns of
 * rotated pages score 6.3 to 24.6.
 */
import sharp from 'sharp';
import type { OcrResult, RasterImage, Resolution } from '../domain.js';
import type { OrientationResult, QuarterTurn } from './ocr/engine.js';

/** Resolution the page is resampled to for detection: OSD is right on every corpus page at 150. */
export const ORIENTATION_DPI = 150;

/** What `detectOrientationWith` needs from the OCR engine. */
export interface OrientationDeps {
  /** Tesseract OSD on a PNG: the clockwise turn of the content and its score; null if no text */
  osd(png: Buffer): Promise<{ rotationDeg: QuarterTurn; score: number } | null>;
  /** Reads a PNG as one block of text (psm 6) */
  readText(png: Buffer): Promise<OcrResult>;
}

/**
 * OSD score at which a turn is as likely right as wrong, and how fast certainty grows with it.
 * The wrong turns seen (on images OSD was given at a poor resolution) scored 0.2 and 3.4; right
 * turns of rotated pages 6.3 and more, right "upright" answers on typewritten pages down to 4.6.
 */
const OSD_MIDPOINT = 4;
const OSD_SPREAD = 1;
/** Upright text reads at 85–96 % word confidence, text turned 180° or sideways at 60 % or less. */
const UPRIGHT_MIN_CONFIDENCE = 75;
/** Fewer characters than this are no evidence either way. */
const MIN_CHARS = 20;
/** Ceiling of the confidence of a turn the recogniser did not confirm. */
const UNCONFIRMED_MAX = 0.3;

/**
 * Detects the clockwise quarter turn of `image`'s content.
 *
 * Expects the page as decoded (any skew up to ±15°, scanner borders allowed) and its resolution.
 * Guarantees a confidence in [0, 1]: 0 when the page has too little text to tell; a turn other
 * than 0 has a confidence above 0.3 only when the recogniser read the page turned back as upright
 * text. Throws whatever `deps` throw (`ocr.*` codes).
 */
export async function detectOrientationWith(
  image: RasterImage,
  dpi: Resolution,
  deps: OrientationDeps,
): Promise<OrientationResult> {
  const work = await workImage(image, dpi);
  if (work === null) return { rotationDeg: 0, confidence: 0 };
  const found = await deps.osd(work);
  if (found === null) return { rotationDeg: 0, confidence: 0 };
  const p = osdProbability(found.score);
  if (found.rotationDeg === 0) return { rotationDeg: 0, confidence: round(p) };

  // sharp turns clockwise for positive angles: undo the content's clockwise turn.
  const upright = await sharp(work)
    .rotate(360 - found.rotationDeg)
    .png({ compressionLevel: 1 })
    .toBuffer();
  const read = await deps.readText(upright);
  const { confidence: c, chars } = textEvidence(read);
  if (chars < MIN_CHARS || c < UPRIGHT_MIN_CONFIDENCE) {
    return { rotationDeg: found.rotationDeg, confidence: round(Math.min(p, UNCONFIRMED_MAX)) };
  }
  const q = Math.min(0.98, (c - 50) / 50);
  return { rotationDeg: found.rotationDeg, confidence: round(1 - (1 - p) * (1 - q)) };
}

/** The OSD score mapped to 0–1 by a logistic curve. */
export function osdProbability(score: number): number {
  return 1 / (1 + Math.exp(-(score - OSD_MIDPOINT) / OSD_SPREAD));
}

/**
 * Mean confidence of the words of two or more characters, weighted by length, and their character
 * count. Single characters are left out: noise and specks read as one-letter "words".
 */
export function textEvidence(r: OcrResult): { confidence: number; chars: number } {
  let chars = 0;
  let sum = 0;
  for (const w of r.words) {
    const n = [...w.text].length;
    if (n < 2) continue;
    chars += n;
    sum += n * w.confidence;
  }
  return { confidence: chars === 0 ? 0 : sum / chars, chars };
}

/** The page in grey at ORIENTATION_DPI as PNG, or null when it is too small to hold text. */
async function workImage(image: RasterImage, dpi: Resolution): Promise<Buffer | null> {
  const fx = ORIENTATION_DPI / (dpi.x > 0 ? dpi.x : ORIENTATION_DPI);
  const fy = ORIENTATION_DPI / (dpi.y > 0 ? dpi.y : ORIENTATION_DPI);
  const w = Math.round(image.width * fx);
  const h = Math.round(image.height * fy);
  if (w < 32 || h < 32) return null;
  return sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .greyscale()
    .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
