/**
 * What upload inspection reads from and returns, and the errors it throws. Inspection looks at the
 * structure of a file (headers, chunk and strip tables, cross-reference tables) without decoding a
 * single pixel, so the api can refuse a broken or hostile file before it acknowledges it.
 */
import { InputError } from '../errors.js';

/** Random access to the bytes of an upload; `read` returns fewer bytes only at the end of the file. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export interface InspectLimits {
  /** Largest frame accepted, in pixels (width × height) */
  readonly maxPixels: number;
}

export type InspectFormat = 'jpeg' | 'png' | 'tiff' | 'pdf';

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

export interface InspectResult {
  /** The media type found in the bytes: image/jpeg, image/png, image/tiff or application/pdf */
  readonly mediaType: string;
  readonly format: InspectFormat;
  /** Pages the worker will find: TIFF directories, PDF pages, 1 for JPEG and PNG */
  readonly frameCount: number;
  /**
   * False when the count could not be read from the file's structure and 1 was assumed (a PDF whose
   * page tree sits in an encrypted object stream); the worker then has to count the pages itself.
   */
  readonly frameCountKnown: boolean;
  /** Pixel size of each frame, in order (images only; empty for PDF) */
  readonly frames: readonly FrameSize[];
  /** Resolution written in the file (of the first frame), in pixels per inch */
  readonly dpi?: { readonly x: number; readonly y: number };
}

const HINT_DAMAGED = 'Sao chép hoặc quét lại tệp / Copy or scan the file again';

/** `upload.truncated` (422): the file ends before the structure it declares. */
export function truncated(vi: string, en: string): InputError {
  return new InputError('upload.truncated', {
    message: `${vi} / ${en}`,
    hint: HINT_DAMAGED,
    status: 422,
  });
}

/** `upload.corrupt` (422): the structure makes no sense. */
export function corrupt(vi: string, en: string): InputError {
  return new InputError('upload.corrupt', {
    message: `${vi} / ${en}`,
    hint: HINT_DAMAGED,
    status: 422,
  });
}

/** `upload.too_many_pixels` (422): a frame is larger than the configured limit. */
export function tooManyPixels(
  what: { vi: string; en: string },
  width: number,
  height: number,
  maxPixels: number,
): InputError {
  const px = width * height;
  return new InputError('upload.too_many_pixels', {
    message:
      `${what.vi} có ${width}×${height} = ${px} điểm ảnh, vượt giới hạn ${maxPixels} / ` +
      `${what.en} has ${width}×${height} = ${px} pixels, above the limit of ${maxPixels}`,
    hint:
      'Quét lại ở độ phân giải thấp hơn (300 dpi là đủ cho văn bản), hoặc tăng UPLOAD_MAX_PIXELS / ' +
      'Scan again at a lower resolution (300 dpi is enough for text), or raise UPLOAD_MAX_PIXELS',
    status: 422,
  });
}

/** Reads exactly `length` bytes at `offset`, or throws `upload.truncated` naming `what`. */
export async function readExact(
  src: ByteSource,
  offset: number,
  length: number,
  what: { vi: string; en: string },
): Promise<Buffer> {
  const end = offset + length;
  if (offset < 0 || end > src.size) {
    throw truncated(
      `${what.vi} kết thúc ở byte ${end}, tệp chỉ có ${src.size} byte`,
      `${what.en} ends at byte ${end}, the file has ${src.size}`,
    );
  }
  const buf = await src.read(offset, length);
  if (buf.length < length) {
    throw truncated(
      `${what.vi}: chỉ đọc được ${buf.length} trên ${length} byte ở byte ${offset}`,
      `${what.en}: only ${buf.length} of ${length} bytes could be read at byte ${offset}`,
    );
  }
  return buf;
}

/** A ByteSource over a buffer already in memory. */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: (offset, length) =>
      Promise.resolve(buf.subarray(Math.max(0, offset), Math.max(0, offset + length))),
  };
}
