/**
 * PDF structure check and page count without decoding anything: the `%PDF-` header, a `%%EOF`
 * near the end, then the page count from the page tree root (`/Root` → `/Pages` → `/Count`, the
 * number pdf.js reports as numPages), found through the cross-reference tables or streams and
 * object streams. When the cross-reference data is damaged, the file is scanned for page tree nodes
 * and the largest `/Count` wins (the root counts every page). When the page tree cannot be read at
 * all because it sits in an encrypted object stream, 1 page is assumed and reported as such,
 * so the worker counts the pages itself. Encrypted files are otherwise accepted: the worker decides.
 */
import {
  dictGet,
  intAt,
  isDict,
  nameOf,
  parseIndirect,
  PdfSyntaxError,
  type PdfValue,
} from './pdf-syntax.js';
import { parseObjectStream, PdfFile, Unreadable } from './pdf-xref.js';
import { corrupt, truncated, type ByteSource } from './types.js';

/** How far from the start the header may be, and from the end the %%EOF marker (as readers allow). */
const HEADER_WINDOW = 1024;
const EOF_WINDOW = 2048;
/** More pages than this in one upload is garbage, not a dossier. */
export const MAX_PDF_PAGES = 100_000;
const PIECE = 1 << 20;

export interface PdfInfo {
  readonly pageCount: number;
  /**
   * Where the count came from: the page tree root reached through the cross-reference data, the
   * largest page tree node found by scanning the file, or nothing (1 assumed)
   */
  readonly countSource: 'xref' | 'scan' | 'assumed';
  readonly encrypted: boolean;
}

/** The page count through the cross-reference data, or Unreadable. */
async function countFromXref(pdf: PdfFile, tail: Buffer): Promise<number> {
  const at = tail.lastIndexOf('startxref');
  if (at === -1) throw new Unreadable('no startxref');
  const off = intAt(Buffer.concat([tail, Buffer.from('\n')]), at + 9);
  if (off === null) throw new Unreadable('no startxref offset');
  try {
    await pdf.loadXref(off.value, new Set());
  } catch (err) {
    if (pdf.trailer === null) throw err;
    // An older section is damaged; the newest one may still name everything we need.
  }
  const root = await pdf.resolve(dictGet(pdf.trailer ?? undefined, 'Root'));
  const pages = await pdf.resolve(dictGet(root, 'Pages'));
  if (!isDict(pages)) throw new Unreadable('no page tree');
  const count = await pdf.resolve(dictGet(pages, 'Count'));
  if (typeof count !== 'number' || !Number.isInteger(count)) throw new Unreadable('no /Count');
  return count;
}

const PAGES_RE = /\/Type\s*\/Pages(?![A-Za-z0-9#])/g;
const OBJSTM_RE = /\/Type\s*\/ObjStm(?![A-Za-z0-9#])/g;
const OBJ_RE = /(\d+)\s+(\d+)\s+obj(?![A-Za-z0-9])/g;

/**
 * The largest /Count of any page tree node found by scanning the whole file (plain objects and
 * readable object streams), or null when there is none.
 */
async function countByScan(
  src: ByteSource,
  pdf: PdfFile,
): Promise<{ count: number | null; encrypted: boolean }> {
  let best: number | null = null;
  let encrypted = false;
  const consider = (v: PdfValue | undefined): void => {
    const c = dictGet(v, 'Count');
    if (nameOf(dictGet(v, 'Type')) === 'Pages' && typeof c === 'number' && Number.isInteger(c)) {
      best = Math.max(best ?? c, c);
    }
  };
  const LOOKBACK = 16 << 10;
  const objectBefore = (text: string, at: number): number => {
    const from = Math.max(0, at - LOOKBACK);
    let last = -1;
    for (const m of text.slice(from, at).matchAll(OBJ_RE)) last = from + m.index;
    return last;
  };
  const seen = new Set<number>();
  const OVERLAP = LOOKBACK;
  for (let start = 0; start < src.size; start += PIECE) {
    const from = Math.max(0, start - OVERLAP);
    const text = (await src.read(from, PIECE + OVERLAP + 64)).toString('latin1');
    if (!encrypted && text.includes('/Encrypt')) encrypted = true;
    for (const re of [PAGES_RE, OBJSTM_RE]) {
      for (const m of text.matchAll(re)) {
        const objAt = objectBefore(text, m.index);
        if (objAt === -1 || seen.has(from + objAt)) continue;
        seen.add(from + objAt);
        try {
          if (re === PAGES_RE)
            consider((await pdf.parseAt(from + objAt, (b) => parseIndirect(b, 0))).value);
          else
            for (const v of parseObjectStream(await pdf.streamAt(from + objAt)).values())
              consider(v);
        } catch (err) {
          if (!(err instanceof Unreadable || err instanceof PdfSyntaxError)) throw err;
        }
      }
    }
  }
  return { count: best, encrypted };
}

/**
 * Checks a PDF's envelope and counts its pages.
 *
 * Throws `upload.truncated` when no `%%EOF` is in the last 2 KiB; `upload.corrupt` when there is no
 * `%PDF-` header, no page tree can be found in an unencrypted file, or the page count is 0 or
 * absurd (above 100000).
 */
export async function inspectPdf(src: ByteSource): Promise<PdfInfo> {
  const head = await src.read(0, HEADER_WINDOW);
  if (!head.includes('%PDF-')) throw corrupt('Không có tiêu đề %PDF-', 'No %PDF- header');
  const tailStart = Math.max(0, src.size - EOF_WINDOW);
  const tail = await src.read(tailStart, src.size - tailStart);
  if (!tail.includes('%%EOF')) {
    throw truncated(
      `Tệp PDF bị cắt cụt: không có dấu %%EOF trong ${EOF_WINDOW} byte cuối (tệp có ${src.size} byte)`,
      `Truncated PDF: no %%EOF marker in the last ${EOF_WINDOW} bytes (the file has ${src.size})`,
    );
  }
  const pdf = new PdfFile(src);
  let count: number | null;
  let encrypted: boolean;
  let source: 'xref' | 'scan';
  try {
    count = await countFromXref(pdf, tail);
    encrypted = dictGet(pdf.trailer ?? undefined, 'Encrypt') !== undefined;
    source = 'xref';
  } catch (err) {
    if (!(err instanceof Unreadable || err instanceof PdfSyntaxError)) throw err;
    const scan = await countByScan(src, pdf);
    count = scan.count;
    source = 'scan';
    encrypted = scan.encrypted || dictGet(pdf.trailer ?? undefined, 'Encrypt') !== undefined;
  }
  if (count === null) {
    if (encrypted) return { pageCount: 1, countSource: 'assumed', encrypted };
    throw corrupt(
      'PDF không có cây trang (/Type /Pages) đọc được',
      'The PDF has no readable page tree (/Type /Pages)',
    );
  }
  if (count < 1 || count > MAX_PDF_PAGES) {
    throw corrupt(`PDF khai báo ${count} trang`, `The PDF declares ${count} pages`);
  }
  return { pageCount: count, countSource: source, encrypted };
}
