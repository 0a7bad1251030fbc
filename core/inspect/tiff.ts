/**
 * TIFF structure check (classic and BigTIFF): walks every image file directory of the main chain,
 * checks that each directory, each out-of-line tag value and each strip or tile lies inside the file,
 * and reads the frame sizes and resolution. By hand because libtiff-based libraries find a cut-off
 * strip only when they decode it, and we must refuse the file before acknowledging it.
 */
import {
  corrupt,
  readExact,
  tooManyPixels,
  truncated,
  type ByteSource,
  type FrameSize,
  type InspectLimits,
} from './types.js';

/** Directories beyond this are a loop or garbage: no scanner writes that many pages into one file. */
const MAX_FRAMES = 10_000;
/** Tags beyond this in one directory are garbage (a real directory has a few dozen). */
const MAX_ENTRIES = 4096;
/** Strips or tiles beyond this in one page are garbage (a 250-megapixel page in 16×16 tiles has 1M). */
const MAX_BLOCKS = 4_000_000;

const TAG = {
  width: 256,
  height: 257,
  stripOffsets: 273,
  stripByteCounts: 279,
  xResolution: 282,
  yResolution: 283,
  resolutionUnit: 296,
  tileOffsets: 324,
  tileByteCounts: 325,
} as const;

/** Bytes per value of each TIFF field type (TIFF 6.0 and BigTIFF). */
const TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

interface Layout {
  readonly le: boolean;
  readonly big: boolean;
}

interface Entry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** The value field of the entry: the value itself when it fits, else its offset */
  readonly field: Buffer;
}

interface Directory {
  readonly entries: ReadonlyMap<number, Entry>;
  readonly next: number;
}

export interface TiffInfo {
  readonly frames: readonly FrameSize[];
  readonly dpi?: { readonly x: number; readonly y: number };
}

const u16 = (b: Buffer, o: number, l: Layout): number =>
  l.le ? b.readUInt16LE(o) : b.readUInt16BE(o);
const u32 = (b: Buffer, o: number, l: Layout): number =>
  l.le ? b.readUInt32LE(o) : b.readUInt32BE(o);

function u64(b: Buffer, o: number, l: Layout): number {
  const v = l.le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw corrupt(
      `TIFF có giá trị 64 bit quá lớn: ${v}`,
      `TIFF holds a 64-bit value too large: ${v}`,
    );
  }
  return Number(v);
}

/** Byte order and variant from the 8- or 16-byte header, or null when it is not a TIFF header. */
function layoutOf(head: Buffer): (Layout & { first: number }) | null {
  if (head.length < 8) return null;
  const order = head.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const base = { le: order === 'II', big: false };
  const magic = u16(head, 2, base);
  if (magic === 42) return { ...base, first: u32(head, 4, base) };
  if (magic === 43 && head.length >= 16) {
    const l = { ...base, big: true };
    if (u16(head, 4, l) !== 8 || u16(head, 6, l) !== 0) return null;
    return { ...l, first: u64(head, 8, l) };
  }
  return null;
}

async function readDirectory(
  src: ByteSource,
  l: Layout,
  offset: number,
  index: number,
): Promise<Directory> {
  const what = { vi: `Thư mục ảnh (IFD) ${index}`, en: `Image directory (IFD) ${index}` };
  const countSize = l.big ? 8 : 2;
  const entrySize = l.big ? 20 : 12;
  const nextSize = l.big ? 8 : 4;
  const countBuf = await readExact(src, offset, countSize, what);
  const n = l.big ? u64(countBuf, 0, l) : u16(countBuf, 0, l);
  if (n === 0 || n > MAX_ENTRIES) {
    throw corrupt(
      `${what.vi} ở byte ${offset} khai báo ${n} thẻ`,
      `${what.en} at byte ${offset} declares ${n} tags`,
    );
  }
  const body = await readExact(src, offset + countSize, n * entrySize + nextSize, what);
  const entries = new Map<number, Entry>();
  for (let i = 0; i < n; i++) {
    const o = i * entrySize;
    const tag = u16(body, o, l);
    const type = u16(body, o + 2, l);
    const count = l.big ? u64(body, o + 4, l) : u32(body, o + 4, l);
    const field = body.subarray(o + (l.big ? 12 : 8), o + entrySize);
    const entry = { tag, type, count, field };
    entries.set(tag, entry);
    checkValueInside(src, l, entry, index);
  }
  const nextAt = n * entrySize;
  const next = l.big ? u64(body, nextAt, l) : u32(body, nextAt, l);
  return { entries, next };
}

/** A tag value stored out of line lies inside the file (unknown types are skipped, as libtiff does). */
function checkValueInside(src: ByteSource, l: Layout, e: Entry, index: number): void {
  const size = TYPE_SIZE[e.type];
  if (size === undefined || size * e.count <= e.field.length) return;
  const end = (l.big ? u64(e.field, 0, l) : u32(e.field, 0, l)) + size * e.count;
  if (end > src.size) {
    throw truncated(
      `Tệp TIFF bị cắt cụt: giá trị thẻ ${e.tag} của trang ${index + 1} kết thúc ở byte ${end}, tệp chỉ có ${src.size} byte`,
      `Truncated TIFF: the value of tag ${e.tag} of page ${index + 1} ends at byte ${end}, the file has ${src.size}`,
    );
  }
}

/**
 * The raw bytes of the first `take` values of an entry, read from the file when the values do not
 * fit in the entry (where they lie depends on the full count, not on how many are wanted).
 */
async function valueBytes(
  src: ByteSource,
  l: Layout,
  e: Entry,
  index: number,
  take = e.count,
): Promise<Buffer> {
  const size = TYPE_SIZE[e.type];
  if (size === undefined) {
    throw corrupt(
      `Thẻ ${e.tag} của IFD ${index} có kiểu không hợp lệ ${e.type}`,
      `Tag ${e.tag} of IFD ${index} has an invalid type ${e.type}`,
    );
  }
  if (size * e.count <= e.field.length) return e.field.subarray(0, size * take);
  const at = l.big ? u64(e.field, 0, l) : u32(e.field, 0, l);
  return readExact(src, at, size * take, {
    vi: `Giá trị thẻ ${e.tag} của IFD ${index}`,
    en: `The value of tag ${e.tag} of IFD ${index}`,
  });
}

/** Unsigned integer values (SHORT, LONG, LONG8, IFD, IFD8) of an entry. */
async function integers(
  src: ByteSource,
  l: Layout,
  e: Entry,
  index: number,
  take = e.count,
): Promise<number[]> {
  const buf = await valueBytes(src, l, e, index, take);
  const out: number[] = new Array<number>(take);
  for (let i = 0; i < take; i++) {
    switch (e.type) {
      case 3:
        out[i] = u16(buf, i * 2, l);
        break;
      case 4:
      case 13:
        out[i] = u32(buf, i * 4, l);
        break;
      case 16:
      case 18:
        out[i] = u64(buf, i * 8, l);
        break;
      default:
        throw corrupt(
          `Thẻ ${e.tag} của IFD ${index} phải là số nguyên không dấu, kiểu là ${e.type}`,
          `Tag ${e.tag} of IFD ${index} must be an unsigned integer, its type is ${e.type}`,
        );
    }
  }
  return out;
}

async function firstInteger(
  src: ByteSource,
  l: Layout,
  dir: Directory,
  tag: number,
  index: number,
): Promise<number | undefined> {
  const e = dir.entries.get(tag);
  if (e === undefined || e.count < 1) return undefined;
  return (await integers(src, l, e, index, 1))[0];
}

async function rational(
  src: ByteSource,
  l: Layout,
  dir: Directory,
  tag: number,
  index: number,
): Promise<number | undefined> {
  const e = dir.entries.get(tag);
  if (e === undefined || e.count < 1) return undefined;
  if (e.type !== 5) return firstInteger(src, l, dir, tag, index);
  const buf = await valueBytes(src, l, e, index, 1);
  const den = u32(buf, 4, l);
  return den === 0 ? undefined : u32(buf, 0, l) / den;
}

/** Pixels per inch from XResolution/YResolution/ResolutionUnit, when the directory says so. */
async function resolution(
  src: ByteSource,
  l: Layout,
  dir: Directory,
  index: number,
): Promise<{ x: number; y: number } | undefined> {
  const unit = (await firstInteger(src, l, dir, TAG.resolutionUnit, index)) ?? 2;
  const x = await rational(src, l, dir, TAG.xResolution, index);
  const y = (await rational(src, l, dir, TAG.yResolution, index)) ?? x;
  if (x === undefined || y === undefined || x <= 0 || y <= 0) return undefined;
  if (unit === 2) return { x, y };
  if (unit === 3) return { x: x * 2.54, y: y * 2.54 };
  return undefined;
}

/**
 * Checks the whole structure of a TIFF and returns its frames (directories of the main chain, the
 * ones the decoder counts as pages) and the resolution of the first one.
 *
 * Throws `upload.truncated` when a directory, a tag value, a strip or a tile lies past the end of
 * the file; `upload.too_many_pixels` as soon as a directory declares a frame above
 * `limits.maxPixels` (before its strips are looked at); `upload.corrupt` for a bad header, a
 * directory loop, missing dimensions or strip tables that do not match.
 */
export async function inspectTiff(src: ByteSource, limits: InspectLimits): Promise<TiffInfo> {
  const head = await src.read(0, 16);
  const l = layoutOf(head);
  if (l === null) throw corrupt('Tiêu đề TIFF không hợp lệ', 'Invalid TIFF header');
  const frames: FrameSize[] = [];
  let dpi: { x: number; y: number } | undefined;
  const seen = new Set<number>();
  let offset = l.first;
  while (offset !== 0) {
    const index = frames.length;
    if (seen.has(offset)) {
      throw corrupt(
        `IFD ${index} trỏ lại byte ${offset} đã đọc: chuỗi thư mục bị lặp`,
        `IFD ${index} points back to byte ${offset}: the directory chain loops`,
      );
    }
    if (index >= MAX_FRAMES) {
      throw corrupt(`TIFF có hơn ${MAX_FRAMES} trang`, `TIFF has more than ${MAX_FRAMES} pages`);
    }
    seen.add(offset);
    const dir = await readDirectory(src, l, offset, index);
    const width = await firstInteger(src, l, dir, TAG.width, index);
    const height = await firstInteger(src, l, dir, TAG.height, index);
    if (width === undefined || height === undefined || width === 0 || height === 0) {
      throw corrupt(
        `IFD ${index} không có kích thước ảnh hợp lệ (${width ?? '?'}×${height ?? '?'})`,
        `IFD ${index} has no valid image size (${width ?? '?'}×${height ?? '?'})`,
      );
    }
    if (width * height > limits.maxPixels) {
      throw tooManyPixels(
        { vi: `Trang ${index + 1} của TIFF`, en: `Page ${index + 1} of the TIFF` },
        width,
        height,
        limits.maxPixels,
      );
    }
    await checkData(src, l, dir, index);
    if (index === 0) dpi = await resolution(src, l, dir, index);
    frames.push({ width, height });
    offset = dir.next;
  }
  if (frames.length === 0) {
    throw corrupt('TIFF không có thư mục ảnh nào', 'TIFF has no image directory');
  }
  return dpi === undefined ? { frames } : { frames, dpi };
}

/** Every strip (or tile) of the directory lies inside the file. */
async function checkData(src: ByteSource, l: Layout, dir: Directory, index: number): Promise<void> {
  const tiled = dir.entries.has(TAG.tileOffsets);
  const offE = dir.entries.get(tiled ? TAG.tileOffsets : TAG.stripOffsets);
  const cntE = dir.entries.get(tiled ? TAG.tileByteCounts : TAG.stripByteCounts);
  const unit = tiled ? { vi: 'ô', en: 'tile' } : { vi: 'dải', en: 'strip' };
  if (offE === undefined || cntE === undefined) {
    throw corrupt(
      `IFD ${index} thiếu bảng vị trí hoặc độ dài ${unit.vi}`,
      `IFD ${index} lacks the ${unit.en} offset or byte-count table`,
    );
  }
  if (offE.count > MAX_BLOCKS || cntE.count > MAX_BLOCKS) {
    throw corrupt(
      `IFD ${index} khai báo ${Math.max(offE.count, cntE.count)} ${unit.vi}`,
      `IFD ${index} declares ${Math.max(offE.count, cntE.count)} ${unit.en}s`,
    );
  }
  const offsets = await integers(src, l, offE, index);
  const counts = await integers(src, l, cntE, index);
  if (offsets.length === 0 || offsets.length !== counts.length) {
    throw corrupt(
      `IFD ${index} có ${offsets.length} vị trí ${unit.vi} nhưng ${counts.length} độ dài`,
      `IFD ${index} has ${offsets.length} ${unit.en} offsets but ${counts.length} byte counts`,
    );
  }
  for (let i = 0; i < offsets.length; i++) {
    const end = (offsets[i] ?? 0) + (counts[i] ?? 0);
    if (end > src.size) {
      throw truncated(
        `Tệp TIFF bị cắt cụt: ${unit.vi} ${i} của trang ${index + 1} kết thúc ở byte ${end}, tệp chỉ có ${src.size} byte`,
        `Truncated TIFF: ${unit.en} ${i} of page ${index + 1} ends at byte ${end}, the file has ${src.size}`,
      );
    }
  }
}

/** True when `head` starts like a TIFF (classic or BigTIFF). */
export function isTiffHeader(head: Buffer): boolean {
  return layoutOf(head) !== null;
}

/**
 * Resolution from the first directory of a TIFF structure held in memory (the Exif block of a JPEG),
 * or undefined when it has none or cannot be read.
 */
export async function tiffResolution(
  src: ByteSource,
): Promise<{ x: number; y: number } | undefined> {
  try {
    const l = layoutOf(await src.read(0, 16));
    if (l === null || l.first === 0) return undefined;
    return await resolution(src, l, await readDirectory(src, l, l.first, 0), 0);
  } catch {
    // A damaged Exif block is common and harmless: the image itself is checked separately.
    return undefined;
  }
}
