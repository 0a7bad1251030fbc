/**
 * Just enough of the PDF object syntax (ISO 32000-1 §7.2–7.3) to read cross-reference tables, the
 * trailer, the catalogue and the page tree root: numbers, names, strings, arrays, dictionaries and
 * references. Stream data is never interpreted here. By hand because the only installed PDF
 * libraries (pdf-lib, pdfjs-dist) are image-work libraries the api must not load, and both parse the
 * whole document where we need three objects.
 */

export interface PdfName {
  readonly t: 'name';
  readonly v: string;
}
export interface PdfString {
  readonly t: 'str';
  readonly v: Buffer;
}
export interface PdfRef {
  readonly t: 'ref';
  readonly num: number;
  readonly gen: number;
}
export interface PdfDict {
  readonly t: 'dict';
  readonly v: ReadonlyMap<string, PdfValue>;
}
export type PdfValue =
  number | boolean | null | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** The parse reached the end of the buffer: read a larger window and try again. */
export class NeedMore extends Error {
  override name = 'NeedMore';
}

/** The bytes are not PDF syntax. */
export class PdfSyntaxError extends Error {
  override name = 'PdfSyntaxError';
}

const MAX_DEPTH = 64;

const isWhite = (c: number): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number): boolean =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;
const isRegular = (c: number): boolean => !isWhite(c) && !isDelim(c);

/** Position of the next token after white space and comments. */
export function skipSpace(buf: Buffer, pos: number): number {
  let p = pos;
  for (;;) {
    while (p < buf.length && isWhite(buf[p] ?? 0)) p++;
    if (p < buf.length && buf[p] === 0x25) {
      while (p < buf.length && buf[p] !== 0x0a && buf[p] !== 0x0d) p++;
      continue;
    }
    return p;
  }
}

/** A run of regular characters (a number or a keyword) starting at `pos`, and where it ends. */
export function regularToken(buf: Buffer, pos: number): { text: string; end: number } {
  const start = skipSpace(buf, pos);
  let p = start;
  while (p < buf.length && isRegular(buf[p] ?? 0)) p++;
  if (p >= buf.length) throw new NeedMore();
  return { text: buf.toString('latin1', start, p), end: p };
}

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A non-negative integer token at `pos`, or null (without consuming anything). */
export function intAt(buf: Buffer, pos: number): { value: number; end: number } | null {
  const tok = regularToken(buf, pos);
  return /^\d+$/.test(tok.text) && tok.text.length <= 15
    ? { value: Number(tok.text), end: tok.end }
    : null;
}

/** Parses one value at `pos`. Throws NeedMore at the end of the buffer, PdfSyntaxError on garbage. */
export function parseValue(buf: Buffer, pos: number, depth = 0): { value: PdfValue; end: number } {
  if (depth > MAX_DEPTH) throw new PdfSyntaxError('nested too deeply');
  const p = skipSpace(buf, pos);
  if (p >= buf.length) throw new NeedMore();
  const c = buf[p];
  if (c === 0x2f) return parseName(buf, p);
  if (c === 0x28) return parseLiteral(buf, p);
  if (c === 0x5b) {
    const items: PdfValue[] = [];
    let q = p + 1;
    for (;;) {
      q = skipSpace(buf, q);
      if (q >= buf.length) throw new NeedMore();
      if (buf[q] === 0x5d) return { value: items, end: q + 1 };
      const item = parseValue(buf, q, depth + 1);
      items.push(item.value);
      q = item.end;
    }
  }
  if (c === 0x3c) {
    if (p + 1 >= buf.length) throw new NeedMore();
    if (buf[p + 1] === 0x3c) return parseDict(buf, p, depth);
    const close = buf.indexOf(0x3e, p + 1);
    if (close === -1) throw new NeedMore();
    const digits = buf.toString('latin1', p + 1, close).replace(/\s+/g, '');
    if (!/^[0-9A-Fa-f]*$/.test(digits)) throw new PdfSyntaxError(`bad hex string at ${p}`);
    return {
      value: { t: 'str', v: Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex') },
      end: close + 1,
    };
  }
  if (c !== undefined && isRegular(c)) {
    const tok = regularToken(buf, p);
    if (tok.text === 'true' || tok.text === 'false')
      return { value: tok.text === 'true', end: tok.end };
    if (tok.text === 'null') return { value: null, end: tok.end };
    if (INT_RE.test(tok.text)) {
      const ref = refAfter(buf, Number(tok.text), tok.end);
      return ref ?? { value: Number(tok.text), end: tok.end };
    }
    if (NUM_RE.test(tok.text)) return { value: Number(tok.text), end: tok.end };
    throw new PdfSyntaxError(`unexpected ${JSON.stringify(tok.text.slice(0, 20))} at ${p}`);
  }
  throw new PdfSyntaxError(`unexpected byte 0x${(c ?? 0).toString(16)} at ${p}`);
}

/** `num gen R` when the integer just read is followed by a generation and R. */
function refAfter(buf: Buffer, num: number, end: number): { value: PdfRef; end: number } | null {
  const q = skipSpace(buf, end);
  if (q >= buf.length) throw new NeedMore();
  if (!/[0-9]/.test(String.fromCharCode(buf[q] ?? 0))) return null;
  const gen = regularToken(buf, q);
  if (!/^\d+$/.test(gen.text)) return null;
  const r = skipSpace(buf, gen.end);
  if (r >= buf.length) throw new NeedMore();
  if (buf[r] !== 0x52) return null;
  if (r + 1 >= buf.length) throw new NeedMore();
  if (isRegular(buf[r + 1] ?? 0)) return null;
  if (num < 0) throw new PdfSyntaxError(`negative object number at ${end}`);
  return { value: { t: 'ref', num, gen: Number(gen.text) }, end: r + 1 };
}

function parseName(buf: Buffer, p: number): { value: PdfName; end: number } {
  let q = p + 1;
  while (q < buf.length && isRegular(buf[q] ?? 0)) q++;
  if (q >= buf.length) throw new NeedMore();
  const raw = buf.toString('latin1', p + 1, q);
  const v = raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) =>
    String.fromCharCode(parseInt(h, 16)),
  );
  return { value: { t: 'name', v }, end: q };
}

function parseLiteral(buf: Buffer, p: number): { value: PdfString; end: number } {
  // Only the extent matters here (strings may be encrypted): balance parentheses, skip escapes.
  let level = 0;
  for (let q = p; q < buf.length; q++) {
    const c = buf[q];
    if (c === 0x5c) q++;
    else if (c === 0x28) level++;
    else if (c === 0x29 && --level === 0)
      return { value: { t: 'str', v: buf.subarray(p + 1, q) }, end: q + 1 };
  }
  throw new NeedMore();
}

function parseDict(buf: Buffer, p: number, depth: number): { value: PdfDict; end: number } {
  const v = new Map<string, PdfValue>();
  let q = p + 2;
  for (;;) {
    q = skipSpace(buf, q);
    if (q + 1 >= buf.length) throw new NeedMore();
    if (buf[q] === 0x3e && buf[q + 1] === 0x3e) return { value: { t: 'dict', v }, end: q + 2 };
    if (buf[q] !== 0x2f) throw new PdfSyntaxError(`dictionary key expected at ${q}`);
    const key = parseName(buf, q);
    const val = parseValue(buf, key.end, depth + 1);
    v.set(key.value.v, val.value);
    q = val.end;
  }
}

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** Where the stream data starts, relative to the buffer, when the object is a stream */
  readonly streamStart?: number;
}

/** Parses `num gen obj value [stream]` at `pos`. */
export function parseIndirect(buf: Buffer, pos: number): IndirectObject {
  const num = intAt(buf, pos);
  if (num === null) throw new PdfSyntaxError(`object number expected at ${pos}`);
  const gen = intAt(buf, num.end);
  if (gen === null) throw new PdfSyntaxError(`generation expected at ${num.end}`);
  const kw = regularToken(buf, gen.end);
  if (kw.text !== 'obj') throw new PdfSyntaxError(`"obj" expected at ${gen.end}`);
  const { value, end } = parseValue(buf, kw.end);
  const after = skipSpace(buf, end);
  if (after + 6 > buf.length) throw new NeedMore();
  if (buf.toString('latin1', after, after + 6) !== 'stream')
    return { num: num.value, gen: gen.value, value };
  // The keyword is followed by CRLF or LF (a lone CR is tolerated, as readers do).
  let s = after + 6;
  if (s + 1 >= buf.length) throw new NeedMore();
  if (buf[s] === 0x0d) s++;
  if (buf[s] === 0x0a) s++;
  return { num: num.value, gen: gen.value, value, streamStart: s };
}

/** The entry `key` of a dictionary value, or undefined. */
export const dictGet = (d: PdfValue | undefined, key: string): PdfValue | undefined =>
  d !== null && typeof d === 'object' && !Array.isArray(d) && d.t === 'dict'
    ? d.v.get(key)
    : undefined;

export const isDict = (v: PdfValue | undefined): v is PdfDict =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && v.t === 'dict';

export const isRef = (v: PdfValue | undefined): v is PdfRef =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && v.t === 'ref';

export const nameOf = (v: PdfValue | undefined): string | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && v.t === 'name' ? v.v : undefined;
