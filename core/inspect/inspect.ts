/**
 * Upload inspection: what the bytes are, whether that is what the sender declared, and whether
 * their structure is whole, without decoding an image. The api runs it on every upload before the
 * file is acknowledged; the workers decode later, in their own processes.
 */
import { fileTypeFromBuffer } from 'file-type';
import { InputError } from '../errors.js';
import { inspectJpeg } from './jpeg.js';
import { inspectPdf } from './pdf.js';
import { inspectPng, PNG_SIGNATURE } from './png.js';
import { inspectTiff, isTiffHeader } from './tiff.js';
import type { ByteSource, InspectFormat, InspectLimits, InspectResult } from './types.js';

export type {
  ByteSource,
  FrameSize,
  InspectFormat,
  InspectLimits,
  InspectResult,
} from './types.js';

/** The media types an upload may declare, one per format. */
export const MEDIA_TYPES: { readonly [F in InspectFormat]: string } = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
};

/** Non-standard names that scanning software sends for the same formats. */
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/tif': 'image/tiff',
  'image/x-tiff': 'image/tiff',
  'application/x-pdf': 'application/pdf',
};

const ACCEPTED = Object.values(MEDIA_TYPES).join(', ');

/** `image/JPEG; charset=x` → `image/jpeg`; aliases map to their standard name. */
export function normalizeMediaType(raw: string): string {
  const base = (raw.split(';')[0] ?? '').trim().toLowerCase();
  return ALIASES[base] ?? base;
}

/** The format of a file from its first bytes (JPEG, PNG, TIFF, PDF), or null. */
export function sniffFormat(head: Buffer): InspectFormat | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (isTiffHeader(head)) return 'tiff';
  // PDF readers accept the header anywhere in the first kilobyte (and so does the worker).
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return null;
}

/** What the bytes are, for a message: file-type's answer, or the first bytes in hex. */
async function describe(head: Buffer): Promise<{ vi: string; en: string }> {
  const ft = await fileTypeFromBuffer(head);
  if (ft !== undefined) return { vi: ft.mime, en: ft.mime };
  const bytes = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return {
    vi: `định dạng không nhận ra (bắt đầu bằng ${bytes})`,
    en: `an unrecognised format (starting with ${bytes})`,
  };
}

const HINT_TYPE =
  'Chỉ nhận JPEG, PNG, TIFF hoặc PDF; kiểm tra phần mềm quét / Only JPEG, PNG, TIFF or PDF are accepted; check the scanning software';

/**
 * Inspects an upload whose sender declared `declaredType` (a Content-Type value).
 *
 * Guarantees, when it returns: the bytes are JPEG, PNG, TIFF or PDF as declared; every frame is at
 * most `limits.maxPixels` (images); every structure the format declares lies inside the file.
 * Reads only headers and tables, except for PNG CRCs, JPEG scan data (to find EOI) and a damaged
 * PDF's cross-reference data, which are read in 1 MiB pieces.
 *
 * Throws `InputError`: `upload.empty` (400); `upload.unsupported_type` (415) when the bytes or the
 * declared type are not one of the four formats; `upload.type_mismatch` (415) when they differ;
 * `upload.truncated`, `upload.too_many_pixels`, `upload.corrupt` (422) from the format checks.
 *
 * @example
 * const src = await openFileSource(path);
 * try {
 *   const r = await inspectUpload(src, 'image/tiff', { maxPixels: 250_000_000 });
 *   // r.frameCount pages will be created
 * } finally {
 *   await src.close();
 * }
 */
export async function inspectUpload(
  file: ByteSource,
  declaredType: string,
  limits: InspectLimits,
): Promise<InspectResult> {
  if (file.size === 0) {
    throw new InputError('upload.empty', {
      message: 'Tệp tải lên rỗng (0 byte) / The upload is empty (0 bytes)',
      hint: 'Kiểm tra máy quét rồi gửi lại tệp / Check the scanner, then send the file again',
      status: 400,
    });
  }
  const head = await file.read(0, 4100);
  const format = sniffFormat(head);
  if (format === null) {
    const what = await describe(head);
    throw new InputError('upload.unsupported_type', {
      message: `Nội dung tệp là ${what.vi}, không phải JPEG, PNG, TIFF hay PDF / The content is ${what.en}, not JPEG, PNG, TIFF or PDF`,
      hint: HINT_TYPE,
      status: 415,
    });
  }
  const declared = normalizeMediaType(declaredType);
  const found = MEDIA_TYPES[format];
  if (!Object.values(MEDIA_TYPES).includes(declared)) {
    throw new InputError('upload.unsupported_type', {
      message: `Kiểu khai báo ${JSON.stringify(declaredType)} không được nhận (chỉ nhận ${ACCEPTED}) / The declared type ${JSON.stringify(declaredType)} is not accepted (only ${ACCEPTED})`,
      hint: HINT_TYPE,
      status: 415,
    });
  }
  if (declared !== found) {
    throw new InputError('upload.type_mismatch', {
      message: `Khai báo ${declared} nhưng nội dung là ${found} / Declared ${declared} but the content is ${found}`,
      hint: 'Gửi lại với Content-Type đúng với tệp / Send it again with the Content-Type of the file',
      status: 415,
    });
  }
  switch (format) {
    case 'jpeg': {
      const r = await inspectJpeg(file, limits);
      return result(format, [r.frame], r.dpi, true);
    }
    case 'png': {
      const r = await inspectPng(file, limits);
      return result(format, [r.frame], r.dpi, true);
    }
    case 'tiff': {
      const r = await inspectTiff(file, limits);
      return result(format, r.frames, r.dpi, true);
    }
    case 'pdf': {
      const r = await inspectPdf(file);
      return {
        mediaType: found,
        format,
        frameCount: r.pageCount,
        frameCountKnown: r.countSource !== 'assumed',
        frames: [],
      };
    }
  }
}

function result(
  format: InspectFormat,
  frames: InspectResult['frames'],
  dpi: InspectResult['dpi'],
  known: boolean,
): InspectResult {
  const base = {
    mediaType: MEDIA_TYPES[format],
    format,
    frameCount: frames.length,
    frameCountKnown: known,
    frames,
  };
  return dpi === undefined ? base : { ...base, dpi };
}
