/**
 * How many pages a page file holds, so the operator's progress and the expected-count check count
 * pages, not files: a multi-page TIFF (its chain of image directories) or a PDF (its page tree) is
 * uploaded whole, byte for byte, as the archival master, and the server makes one page per frame.
 *
 * A file the agent cannot read is refused here with a reason ({@link UnreadableFileError}); the
 * caller moves it aside (never deletes it), because uploading it would only have the server refuse
 * it later, after the operator has moved on.
 *
 * The TIFF reader is our own (about 100 lines): walking the IFD chain needs a few dozen bytes per
 * page read at known offsets, where an image library would map or decode the whole multi-hundred-
 * megabyte file, and none of them reports a truncated strip before decoding it. The api's
 * core/inspect/tiff.ts walks the same chain, but the agent is deployed alone on workstations and
 * may import nothing of the server's code (STYLE.md), so this is a second, smaller reader on
 * purpose; the server's check stays the authority on what is accepted. PDFs are parsed by
 * pdf-lib (a dependency already): its page tree walk handles cross-reference streams, object
 * streams and incremental updates, which no small reader should attempt.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import type { MediaType } from './api-types.js';
import { AgentError } from './errors.js';

/** A file the agent will not send: not what its name says, damaged, or cut off. */
export class UnreadableFileError extends AgentError {
  override name = 'UnreadableFileError';
}

/** More pages than any scanned dossier has: a loop or garbage, not a document. */
const MAX_PAGES = 100_000;

const unreadable = (vi: string, en: string, hint?: string) =>
  new UnreadableFileError('inbox.unreadable_file', {
    message: `${vi} / ${en}`,
    hint:
      hint ??
      'Quét lại hoặc chép lại tệp từ máy quét rồi thả vào thư mục hồ sơ; tệp này được để riêng trong .rejected/ / Scan or copy the file again and drop it into the dossier folder; this one is kept in .rejected/',
    retryable: false,
  });

/** What {@link countPages} found. */
export interface PageCount {
  pages: number;
  /**
   * False only for an encrypted PDF whose page tree is itself encrypted (inside an object stream):
   * it is sent all the same, as 1 page, and the server says how many it found (as the server does
   * for such a file, which it cannot read either).
   */
  exact: boolean;
}

/**
 * The number of pages in the file at `path`, read as `mediaType` (from its extension). JPEG and
 * PNG are one page once their signature is right. Throws {@link UnreadableFileError}
 * (`inbox.unreadable_file`) with a bilingual reason for a file that is not readable as its type.
 *
 * @example
 * const { pages } = await countPages('/srv/inbox/HS-01/scan.tif', 'image/tiff') // 12
 */
export async function countPages(path: string, mediaType: MediaType): Promise<PageCount> {
  switch (mediaType) {
    case 'image/jpeg':
    case 'image/png':
      return { pages: await countSinglePage(path, mediaType), exact: true };
    case 'image/tiff':
      return { pages: await countTiffPages(path), exact: true };
    case 'application/pdf':
      return countPdfPages(await readFile(path));
  }
}

async function countSinglePage(path: string, mediaType: 'image/jpeg' | 'image/png') {
  const fh = await open(path, 'r');
  try {
    const head = await readAt(fh, 0, 8);
    const ok =
      mediaType === 'image/jpeg'
        ? head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
        : head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (!ok) {
      const kind = mediaType === 'image/jpeg' ? 'JPEG' : 'PNG';
      const d = describeHead(head);
      throw unreadable(
        `Tệp không phải ảnh ${kind} như đuôi tên tệp cho biết (${d.vi})`,
        `The file is not the ${kind} image its name says (${d.en})`,
      );
    }
    return 1;
  } finally {
    await fh.close();
  }
}

/** Type sizes of the TIFF field types (1–18) that hold offsets and byte counts. */
const INT_SIZES: Record<number, number> = { 3: 2, 4: 4, 13: 4, 16: 8, 18: 8 };
const STRIP_OFFSETS = 273;
const STRIP_BYTE_COUNTS = 279;
const TILE_OFFSETS = 324;
const TILE_BYTE_COUNTS = 325;

/**
 * Walks the IFD chain of a classic or Big TIFF: each directory must lie inside the file, the chain
 * must not loop, and each page's strips or tiles must end inside the file (a copy cut off early).
 */
export async function countTiffPages(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = await readAt(fh, 0, 16);
    const order = head.toString('latin1', 0, 2);
    if (head.length < 8 || (order !== 'II' && order !== 'MM')) {
      const d = describeHead(head);
      throw unreadable(
        `Tệp không phải ảnh TIFF như đuôi tên tệp cho biết (${d.vi})`,
        `The file is not the TIFF image its name says (${d.en})`,
      );
    }
    const le = order === 'II';
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
    const version = u16(head, 2);
    const big = version === 43;
    if (version !== 42 && !(big && head.length >= 16)) {
      throw unreadable(
        `Tệp TIFF có số phiên bản lạ ${version}`,
        `The TIFF file has an unknown version number ${version}`,
      );
    }
    const countSize = big ? 8 : 2;
    const entrySize = big ? 20 : 12;
    const offSize = big ? 8 : 4;
    const readOff = (b: Buffer, o: number) => (big ? u64(b, o) : u32(b, o));
    const readInt = (b: Buffer, o: number, type: number) =>
      type === 3 ? u16(b, o) : type === 16 || type === 18 ? u64(b, o) : u32(b, o);

    let next = big ? u64(head, 8) : u32(head, 4);
    const seen = new Set<number>();
    let pages = 0;
    while (next !== 0) {
      const page = pages + 1;
      if (seen.has(next) || pages >= MAX_PAGES) {
        throw unreadable(
          `Chuỗi thư mục ảnh của tệp TIFF bị lặp ở trang ${page}`,
          `The TIFF file's chain of image directories loops at page ${page}`,
        );
      }
      seen.add(next);
      const cut = () =>
        unreadable(
          `Tệp TIFF bị cắt cụt: trang ${page} nằm ngoài ${size} byte của tệp (chép chưa xong hoặc hỏng)`,
          `The TIFF file is cut short: page ${page} lies beyond its ${size} bytes (copy unfinished or damaged)`,
        );
      if (next + countSize > size) throw cut();
      const n = big ? u64(await readAt(fh, next, 8), 0) : u16(await readAt(fh, next, 2), 0);
      const tableLen = n * entrySize + offSize;
      if (n === 0 || next + countSize + tableLen > size) throw cut();
      const table = await readAt(fh, next + countSize, tableLen);
      const values = new Map<number, number[]>();
      for (let i = 0; i < n; i++) {
        const e = i * entrySize;
        const tag = u16(table, e);
        if (![STRIP_OFFSETS, STRIP_BYTE_COUNTS, TILE_OFFSETS, TILE_BYTE_COUNTS].includes(tag)) {
          continue;
        }
        const type = u16(table, e + 2);
        const count = big ? u64(table, e + 4) : u32(table, e + 4);
        const width = INT_SIZES[type];
        if (width === undefined || count > 1_000_000) throw cut();
        const inline = count * width <= offSize;
        const at = e + 4 + offSize;
        const data = inline
          ? table.subarray(at, at + offSize)
          : await readArray(fh, readOff(table, at), count * width, size, cut);
        values.set(
          tag,
          Array.from({ length: count }, (_, k) => readInt(data, k * width, type)),
        );
      }
      const offsets = values.get(STRIP_OFFSETS) ?? values.get(TILE_OFFSETS) ?? [];
      const counts = values.get(STRIP_BYTE_COUNTS) ?? values.get(TILE_BYTE_COUNTS) ?? [];
      for (let k = 0; k < Math.min(offsets.length, counts.length); k++) {
        if ((offsets[k] ?? 0) + (counts[k] ?? 0) > size) throw cut();
      }
      pages = page;
      next = readOff(table, n * entrySize);
    }
    if (pages === 0) {
      throw unreadable('Tệp TIFF không có trang ảnh nào', 'The TIFF file holds no image');
    }
    return pages;
  } finally {
    await fh.close();
  }
}

/** The page count of a PDF's page tree; an encrypted PDF is counted too when its tree is plain. */
export async function countPdfPages(bytes: Uint8Array): Promise<PageCount> {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.toString('latin1', 0, 5) !== '%PDF-') {
    const d = describeHead(head);
    throw unreadable(
      `Tệp không phải PDF như đuôi tên tệp cho biết (${d.vi})`,
      `The file is not the PDF its name says (${d.en})`,
    );
  }
  let doc: PDFDocument;
  try {
    doc = await loadPdf(bytes);
  } catch (err) {
    throw structureError(err);
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch (err) {
    // The tree sits in an encrypted object stream: unreadable without the password, not damaged.
    if (doc.isEncrypted) return { pages: 1, exact: false };
    throw structureError(err);
  }
  if (pages < 1) {
    throw unreadable(
      'Tệp PDF không có trang nào (có thể bị cắt cụt)',
      'The PDF has no page (it may be cut short)',
    );
  }
  return { pages, exact: true };
}

function structureError(err: unknown): UnreadableFileError {
  const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 160);
  return unreadable(
    `Không đọc được cấu trúc tệp PDF (${why})`,
    `The PDF's structure cannot be read (${why})`,
  );
}

/**
 * Parses with pdf-lib: strictly first; a file with a damaged object that pdf-lib can step over
 * (the server's reader may well accept it) is then read leniently. In lenient mode pdf-lib writes
 * each damaged object to console.warn, which would scroll through the operator's screen: it is
 * muted for that one parse (the agent itself never writes to console.warn; it logs with pino).
 */
async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const options = { ignoreEncryption: true, updateMetadata: false };
  try {
    return await PDFDocument.load(bytes, { ...options, throwOnInvalidObject: true });
  } catch {
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      return await PDFDocument.load(bytes, { ...options, throwOnInvalidObject: false });
    } finally {
      console.warn = warn;
    }
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

async function readArray(
  fh: FileHandle,
  offset: number,
  length: number,
  size: number,
  cut: () => Error,
): Promise<Buffer> {
  if (offset + length > size) throw cut();
  return readAt(fh, offset, length);
}

/** The first bytes of a file, for a reason the operator can pass on ("starts with 25 50 44 46"). */
function describeHead(head: Buffer): { vi: string; en: string } {
  if (head.length === 0) return { vi: 'tệp rỗng', en: 'empty file' };
  const hex = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return { vi: `bắt đầu bằng ${hex}`, en: `starts with ${hex}` };
}
