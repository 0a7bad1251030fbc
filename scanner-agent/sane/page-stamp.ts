/**
 * Writes where a scanned page came from (dossier, sheet number, device, time) into the page file
 * itself, before the page enters the durable path: an `iTXt` chunk in a PNG, the ImageDescription
 * tag in a TIFF. The pixels are untouched.
 *
 * Why: provenance. A page file that travels (copied out of `.done/`, attached to a complaint,
 * found years later in a backup) still says which dossier and sheet it is, from which device and
 * when. It also keeps two sheets that scan to identical bytes (blank lineart sheets; SANE's test
 * scanner, whose every page is the same picture) apart by content: the api would store them as two
 * pages anyway (uploads are idempotent by seq), but it flags byte-identical uploads of a batch for
 * the reviewer as possible double copies, which two real sheets are not.
 */
import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True for bytes that start like a PNG with its IHDR chunk first. */
export const isPng = (b: Buffer): boolean =>
  b.length >= 33 &&
  b.subarray(0, 8).equals(PNG_SIGNATURE) &&
  b.toString('latin1', 12, 16) === 'IHDR';

/**
 * Returns `png` with an `iTXt` chunk (keyword `keyword`, UTF-8 `text`) inserted right after
 * IHDR. Throws if `png` is not a PNG.
 *
 * @example
 * const stamped = stampPng(bytes, 'sohoa:scan', 'HS-001 · tờ 3 · test:0 · 2026-11-22T06:50:00Z')
 */
export function stampPng(png: Buffer, keyword: string, text: string): Buffer {
  if (!isPng(png)) throw new Error('not a PNG file');
  const afterIhdr = 8 + 12 + png.readUInt32BE(8);
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(text, 'utf8'),
  ]);
  const type = Buffer.from('iTXt', 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0);
  return Buffer.concat([png.subarray(0, afterIhdr), len, type, data, crc, png.subarray(afterIhdr)]);
}

const IMAGE_DESCRIPTION = 270;
const ASCII = 2;

/**
 * Returns `tiff` (classic TIFF, either byte order) with the first image's ImageDescription set to
 * `text`: a copy of the first IFD with the tag added (or replaced) is appended, and the header
 * points to it; every other byte stays where it was, so strip offsets and later pages still hold.
 * TIFF ASCII is 7-bit, so `text` is reduced to ASCII. Returns undefined for what it does not
 * handle (BigTIFF, not a TIFF, a damaged header): the page then goes on unstamped.
 */
export function stampTiff(tiff: Buffer, text: string): Buffer | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return undefined;
  const n = u16(ifd);
  const end = ifd + 2 + n * 12;
  if (end + 4 > tiff.length) return undefined;
  const entries: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const e = tiff.subarray(ifd + 2 + i * 12, ifd + 14 + i * 12);
    if (u16(ifd + 2 + i * 12) !== IMAGE_DESCRIPTION) entries.push(e);
  }
  const nextIfd = u32(end);

  const ascii = Buffer.from(
    `${text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
      .replace(/[^\x20-\x7e]/g, '?')}\0`,
    'latin1',
  );
  const pad = (x: number) => x + (x % 2);
  const textAt = pad(tiff.length);
  const ifdAt = pad(textAt + ascii.length);
  const w16 = (b: Buffer, v: number, o: number) =>
    le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o);
  const w32 = (b: Buffer, v: number, o: number) =>
    le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o);
  const desc = Buffer.alloc(12);
  w16(desc, IMAGE_DESCRIPTION, 0);
  w16(desc, ASCII, 2);
  w32(desc, ascii.length, 4);
  w32(desc, textAt, 8);
  entries.push(desc);
  const tagOf = (e: Buffer) => (le ? e.readUInt16LE(0) : e.readUInt16BE(0));
  entries.sort((a, b) => tagOf(a) - tagOf(b));
  const newIfd = Buffer.alloc(2 + entries.length * 12 + 4);
  w16(newIfd, entries.length, 0);
  entries.forEach((e, i) => e.copy(newIfd, 2 + i * 12));
  w32(newIfd, nextIfd, 2 + entries.length * 12);

  const out = Buffer.alloc(ifdAt + newIfd.length);
  tiff.copy(out, 0);
  ascii.copy(out, textAt);
  newIfd.copy(out, ifdAt);
  w32(out, ifdAt, 4);
  return out;
}
