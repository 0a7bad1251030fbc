/**
 * PNG structure check: the IHDR header first (so an absurd size is refused before anything else is
 * read), then a walk over every chunk up to IEND, each inside the file and with a matching CRC. By
 * hand because decoders report a cut-off or damaged PNG only while inflating its pixels.
 */
import { crc32 } from 'node:zlib';
import {
  corrupt,
  readExact,
  tooManyPixels,
  truncated,
  type ByteSource,
  type FrameSize,
  type InspectLimits,
} from './types.js';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Chunk data is read in pieces of this size to compute CRCs without holding big IDATs. */
const PIECE = 1 << 20;
const MAX_CHUNK = 0x7fffffff;

/** Bit depths allowed for each colour type (PNG spec, table 11.1). */
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

export interface PngInfo {
  readonly frame: FrameSize;
  readonly dpi?: { readonly x: number; readonly y: number };
}

const isChunkType = (t: Buffer): boolean =>
  t.every((c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/**
 * Checks a PNG and returns its size and the resolution of its pHYs chunk.
 *
 * Throws `upload.too_many_pixels` from the IHDR alone (nothing past byte 33 is read);
 * `upload.truncated` when a chunk runs past the end of the file or IEND is missing;
 * `upload.corrupt` for a bad IHDR, a chunk with a wrong CRC or no image data.
 */
export async function inspectPng(src: ByteSource, limits: InspectLimits): Promise<PngInfo> {
  const head = await readExact(src, 0, 33, { vi: 'Phần đầu PNG', en: 'The PNG header' });
  if (!head.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw corrupt('Chữ ký PNG không hợp lệ', 'Invalid PNG signature');
  }
  if (head.readUInt32BE(8) !== 13 || head.toString('latin1', 12, 16) !== 'IHDR') {
    throw corrupt('PNG không bắt đầu bằng khối IHDR', 'The PNG does not start with an IHDR chunk');
  }
  if (crc32(head.subarray(12, 29)) !== head.readUInt32BE(29)) {
    throw corrupt('Khối IHDR của PNG sai CRC', 'The IHDR chunk of the PNG has a wrong CRC');
  }
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  const [depth, colorType, compression, filter, interlace] = [24, 25, 26, 27, 28].map(
    (o) => head[o] ?? -1,
  ) as [number, number, number, number, number];
  if (width === 0 || height === 0 || width > MAX_CHUNK || height > MAX_CHUNK) {
    throw corrupt(
      `PNG có kích thước vô lý ${width}×${height}`,
      `PNG has an absurd size ${width}×${height}`,
    );
  }
  if (
    !(DEPTHS[colorType] ?? []).includes(depth) ||
    compression !== 0 ||
    filter !== 0 ||
    (interlace !== 0 && interlace !== 1)
  ) {
    throw corrupt(
      `IHDR của PNG không hợp lệ: độ sâu ${depth}, kiểu màu ${colorType}, nén ${compression}, lọc ${filter}, đan xen ${interlace}`,
      `Invalid PNG IHDR: bit depth ${depth}, colour type ${colorType}, compression ${compression}, filter ${filter}, interlace ${interlace}`,
    );
  }
  if (width * height > limits.maxPixels) {
    throw tooManyPixels({ vi: 'Ảnh PNG', en: 'The PNG image' }, width, height, limits.maxPixels);
  }

  let dpi: { x: number; y: number } | undefined;
  let sawData = false;
  let at = 33;
  for (;;) {
    if (at + 8 > src.size) {
      throw truncated(
        `Tệp PNG bị cắt cụt: hết tệp ở byte ${src.size} mà chưa gặp khối IEND`,
        `Truncated PNG: the file ends at byte ${src.size} before the IEND chunk`,
      );
    }
    const hdr = await readExact(src, at, 8, { vi: 'Khối PNG', en: 'A PNG chunk' });
    const length = hdr.readUInt32BE(0);
    const typeBytes = hdr.subarray(4, 8);
    const type = typeBytes.toString('latin1');
    if (!isChunkType(typeBytes) || length > MAX_CHUNK) {
      throw corrupt(
        `Khối PNG ở byte ${at} không hợp lệ (kiểu ${JSON.stringify(type)}, độ dài ${length})`,
        `Invalid PNG chunk at byte ${at} (type ${JSON.stringify(type)}, length ${length})`,
      );
    }
    const end = at + 12 + length;
    if (end > src.size) {
      throw truncated(
        `Tệp PNG bị cắt cụt: khối ${type} ở byte ${at} kết thúc ở byte ${end}, tệp chỉ có ${src.size} byte`,
        `Truncated PNG: chunk ${type} at byte ${at} ends at byte ${end}, the file has ${src.size}`,
      );
    }
    let crc = crc32(typeBytes);
    let data: Buffer | undefined;
    for (let done = 0; done < length; done += PIECE) {
      const piece = await readExact(src, at + 8 + done, Math.min(PIECE, length - done), {
        vi: `Khối PNG ${type}`,
        en: `PNG chunk ${type}`,
      });
      crc = crc32(piece, crc);
      if (type === 'pHYs') data = piece;
    }
    const stored = (
      await readExact(src, at + 8 + length, 4, { vi: 'CRC PNG', en: 'PNG CRC' })
    ).readUInt32BE(0);
    if (stored !== crc) {
      throw corrupt(
        `Khối PNG ${type} ở byte ${at} sai CRC (ghi ${hex(stored)}, tính được ${hex(crc)})`,
        `PNG chunk ${type} at byte ${at} has a wrong CRC (stored ${hex(stored)}, computed ${hex(crc)})`,
      );
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'pHYs' && data !== undefined && length === 9 && data[8] === 1) {
      // Unit 1 is the metre; 0 gives only the aspect ratio.
      const x = data.readUInt32BE(0) * 0.0254;
      const y = data.readUInt32BE(4) * 0.0254;
      if (x > 0 && y > 0) dpi = { x, y };
    }
    if (type === 'IEND') break;
    at = end;
  }
  if (!sawData)
    throw corrupt('PNG không có khối dữ liệu ảnh IDAT', 'The PNG has no IDAT image data');
  const frame = { width, height };
  return dpi === undefined ? { frame } : { frame, dpi };
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');
