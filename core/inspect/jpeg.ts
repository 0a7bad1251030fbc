/**
 * JPEG structure check: SOI, every marker segment inside the file, a frame header before the first
 * scan, and an EOI after the last scan's entropy-coded data. By hand because decoders fill a cut-off
 * JPEG with grey and carry on (libjpeg only warns), which would archive half a page as if whole.
 */
import { tiffResolution } from './tiff.js';
import {
  bufferSource,
  corrupt,
  readExact,
  tooManyPixels,
  truncated,
  type ByteSource,
  type FrameSize,
  type InspectLimits,
} from './types.js';

/** Entropy-coded data is scanned in pieces of this size. */
const PIECE = 1 << 20;

export interface JpegInfo {
  readonly frame: FrameSize;
  readonly dpi?: { readonly x: number; readonly y: number };
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number): boolean =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

const hex = (m: number): string => `0xFF${m.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Position of the 0xFF of the first marker at or after `from` that ends entropy-coded data
 * (anything but a stuffed 0xFF00, a restart marker or a fill byte), or -1 at the end of the file.
 */
async function nextMarker(src: ByteSource, from: number): Promise<number> {
  let at = from;
  while (at < src.size) {
    const piece = await src.read(at, Math.min(PIECE, src.size - at));
    if (piece.length === 0) return -1;
    let i = piece.indexOf(0xff);
    while (i !== -1) {
      const next = i + 1 < piece.length ? piece[i + 1] : (await src.read(at + i + 1, 1))[0];
      if (next === undefined) return -1;
      const stuffedOrRestart = next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff;
      if (!stuffedOrRestart) return at + i;
      i = piece.indexOf(0xff, i + 1);
    }
    at += piece.length;
  }
  return -1;
}

/** Resolution from a JFIF APP0 or an Exif APP1 segment body, in pixels per inch. */
async function segmentDpi(
  marker: number,
  body: Buffer,
): Promise<{ kind: 'jfif' | 'exif'; x: number; y: number } | undefined> {
  if (marker === 0xe0 && body.length >= 12 && body.toString('latin1', 0, 5) === 'JFIF\0') {
    const unit = body[7];
    const x = body.readUInt16BE(8);
    const y = body.readUInt16BE(10);
    if (x === 0 || y === 0) return undefined;
    if (unit === 1) return { kind: 'jfif', x, y };
    if (unit === 2) return { kind: 'jfif', x: x * 2.54, y: y * 2.54 };
    return undefined;
  }
  if (marker === 0xe1 && body.length > 14 && body.toString('latin1', 0, 6) === 'Exif\0\0') {
    const r = await tiffResolution(bufferSource(body.subarray(6)));
    return r === undefined ? undefined : { kind: 'exif', ...r };
  }
  return undefined;
}

/**
 * Checks a JPEG and returns its frame size and resolution (Exif first, then JFIF, as libvips reads
 * them).
 *
 * Throws `upload.too_many_pixels` from the frame header, before any scan data is read;
 * `upload.truncated` when a segment runs past the end or the file ends before EOI;
 * `upload.corrupt` for a missing frame header or scan, a zero size (DNL) or garbage between
 * segments.
 */
export async function inspectJpeg(src: ByteSource, limits: InspectLimits): Promise<JpegInfo> {
  const soi = await readExact(src, 0, 2, { vi: 'Phần đầu JPEG', en: 'The JPEG header' });
  if (soi[0] !== 0xff || soi[1] !== 0xd8) {
    throw corrupt('JPEG không bắt đầu bằng SOI', 'The JPEG does not start with SOI');
  }
  let frame: FrameSize | undefined;
  let jfif: { x: number; y: number } | undefined;
  let exif: { x: number; y: number } | undefined;
  let scans = 0;
  let at = 2;
  for (;;) {
    if (at + 2 > src.size) {
      throw truncated(
        `Tệp JPEG bị cắt cụt: hết tệp ở byte ${src.size} mà chưa gặp dấu kết thúc EOI`,
        `Truncated JPEG: the file ends at byte ${src.size} before the EOI marker`,
      );
    }
    const mk = await readExact(src, at, 2, { vi: 'Dấu JPEG', en: 'A JPEG marker' });
    if (mk[0] !== 0xff) {
      throw corrupt(
        `JPEG có dữ liệu lạ ở byte ${at} thay cho một dấu đoạn`,
        `The JPEG has stray data at byte ${at} where a marker should be`,
      );
    }
    const marker = mk[1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0x00) {
      throw corrupt(
        `JPEG có dấu ${hex(marker)} sai chỗ ở byte ${at}`,
        `The JPEG has a misplaced ${hex(marker)} marker at byte ${at}`,
      );
    }
    const lenBuf = await readExact(src, at + 2, 2, {
      vi: `Đoạn ${hex(marker)}`,
      en: `Segment ${hex(marker)}`,
    });
    const length = lenBuf.readUInt16BE(0);
    if (length < 2) {
      throw corrupt(
        `Đoạn JPEG ${hex(marker)} ở byte ${at} có độ dài ${length}`,
        `JPEG segment ${hex(marker)} at byte ${at} has length ${length}`,
      );
    }
    const end = at + 2 + length;
    if (end > src.size) {
      throw truncated(
        `Tệp JPEG bị cắt cụt: đoạn ${hex(marker)} ở byte ${at} kết thúc ở byte ${end}, tệp chỉ có ${src.size} byte`,
        `Truncated JPEG: segment ${hex(marker)} at byte ${at} ends at byte ${end}, the file has ${src.size}`,
      );
    }
    if (isSof(marker) && frame === undefined) {
      const body = await readExact(src, at + 4, Math.min(6, length - 2), {
        vi: 'Đầu khung JPEG',
        en: 'The JPEG frame header',
      });
      if (body.length < 6)
        throw corrupt('Đầu khung JPEG quá ngắn', 'The JPEG frame header is too short');
      const height = body.readUInt16BE(1);
      const width = body.readUInt16BE(3);
      if (width === 0 || height === 0) {
        throw corrupt(
          `Đầu khung JPEG ghi kích thước ${width}×${height} (DNL không được hỗ trợ)`,
          `The JPEG frame header says ${width}×${height} (DNL is not supported)`,
        );
      }
      if (width * height > limits.maxPixels) {
        throw tooManyPixels(
          { vi: 'Ảnh JPEG', en: 'The JPEG image' },
          width,
          height,
          limits.maxPixels,
        );
      }
      frame = { width, height };
    } else if ((marker === 0xe0 || marker === 0xe1) && length > 2) {
      const d = await segmentDpi(
        marker,
        await readExact(src, at + 4, Math.min(length - 2, 1 << 16), {
          vi: 'Đoạn APP',
          en: 'APP segment',
        }),
      );
      if (d?.kind === 'jfif') jfif = d;
      if (d?.kind === 'exif') exif = d;
    } else if (marker === 0xda) {
      if (frame === undefined) {
        throw corrupt(
          `JPEG có dữ liệu quét ở byte ${at} trước đầu khung`,
          `The JPEG has scan data at byte ${at} before any frame header`,
        );
      }
      scans++;
      const next = await nextMarker(src, end);
      if (next === -1) {
        throw truncated(
          `Tệp JPEG bị cắt cụt: hết tệp ở byte ${src.size} giữa dữ liệu quét ${scans}, không có EOI`,
          `Truncated JPEG: the file ends at byte ${src.size} inside scan ${scans}, with no EOI`,
        );
      }
      at = next;
      continue;
    }
    at = end;
  }
  if (frame === undefined || scans === 0) {
    throw corrupt(
      'JPEG không có khung ảnh hoặc dữ liệu quét',
      'The JPEG has no frame or no scan data',
    );
  }
  const dpi = exif ?? jfif;
  return dpi === undefined ? { frame } : { frame, dpi: { x: dpi.x, y: dpi.y } };
}
