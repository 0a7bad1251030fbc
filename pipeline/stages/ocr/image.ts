/**
 * The image handed to tesseract: grey, at a resolution tesseract reads well, encoded as PNG (its
 * wasm build decodes files, not pixel buffers).
 *
 * Choices, measured on 10 corpus `vn/` pages (see the engine's TSDoc for the figures): tesseract's
 * own Otsu binarisation of the grey page reads better than a page binarised beforehand, so the grey
 * page is given; pages are read at their own resolution between 200 and 400 dpi; pages finer than
 * that are reduced to 300 dpi (time grows with the pixel count, accuracy does not), and coarser
 * ones enlarged to 300 dpi (tesseract's models want capital letters some 20 pixels tall).
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { StageError } from '../../../core/errors.js';
import type { RasterImage } from '../../domain.js';

export const MIN_OCR_DPI = 200;
export const MAX_OCR_DPI = 400;
export const TARGET_OCR_DPI = 300;

export interface OcrImage {
  /** PNG or JPEG bytes for tesseract */
  readonly bytes: Buffer;
  /** Size of the caller's image, in its pixels */
  readonly width: number;
  readonly height: number;
  /** Caller's pixels per OCR-image pixel */
  readonly scale: number;
  /** Resolution of the OCR image */
  readonly dpi: number;
}

/**
 * Prepares `image` (encoded bytes sharp can read, or decoded pixels) at `dpi` for OCR. Encoded
 * JPEG/PNG pages already in range go through untouched.
 *
 * Throws `ocr.image_unreadable` (not retryable) when the bytes are not an image.
 */
export async function ocrImage(image: Buffer | RasterImage, dpi: number): Promise<OcrImage> {
  const safeDpi = Number.isFinite(dpi) && dpi > 0 ? dpi : TARGET_OCR_DPI;
  const target = safeDpi < MIN_OCR_DPI || safeDpi > MAX_OCR_DPI ? TARGET_OCR_DPI : safeDpi;
  if (Buffer.isBuffer(image)) {
    const meta = await readable(image);
    const width = meta.autoOrient.width;
    const height = meta.autoOrient.height;
    const asIs =
      target === safeDpi &&
      (meta.format === 'jpeg' || meta.format === 'png') &&
      (meta.orientation ?? 1) === 1 &&
      (meta.pages ?? 1) === 1;
    if (asIs) return { bytes: image, width, height, scale: 1, dpi: target };
    return encode(
      sharp(image, { failOn: 'none' }).autoOrient(),
      width,
      height,
      target / safeDpi,
      target,
    );
  }
  const raw = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  return encode(raw, image.width, image.height, target / safeDpi, target);
}

async function readable(bytes: Buffer): Promise<Metadata> {
  try {
    const meta = await sharp(bytes, { failOn: 'none' }).metadata();
    if (meta.width > 0 && meta.height > 0) return meta;
  } catch (cause) {
    throw unreadable(bytes.length, cause);
  }
  throw unreadable(bytes.length);
}

async function encode(
  s: Sharp,
  width: number,
  height: number,
  factor: number,
  dpi: number,
): Promise<OcrImage> {
  const w = Math.max(1, Math.round(width * factor));
  const h = Math.max(1, Math.round(height * factor));
  let pipeline = s.greyscale();
  if (w !== width) pipeline = pipeline.resize(w, h, { kernel: 'lanczos3' });
  // Level 1: the PNG lives for one tesseract call; speed matters more than size.
  const bytes = await pipeline.png({ compressionLevel: 1 }).toBuffer();
  return { bytes, width, height, scale: width / w, dpi };
}

function unreadable(length: number, cause?: unknown): StageError {
  return new StageError('ocr.image_unreadable', {
    message: `Ảnh gửi nhận dạng chữ không đọc được (${length} byte) / The image given to OCR cannot be read (${length} bytes)`,
    hint: 'Chạy lại bước chuẩn bị ảnh cho trang này / Run the image preparation of this page again',
    retryable: false,
    cause,
  });
}
