/**
 * Random access to a PDF's objects through its cross-reference tables and streams (PDF 1.5 object
 * streams included): enough to follow the trailer to the page tree root. Only FlateDecode with PNG
 * predictors is decoded, which is what cross-reference and object streams use in practice. Anything
 * else raises Unreadable, and the caller falls back to scanning the file.
 */
import { inflateSync } from 'node:zlib';
import {
  dictGet,
  intAt,
  isDict,
  isRef,
  nameOf,
  NeedMore,
  parseIndirect,
  parseValue,
  regularToken,
  type PdfDict,
  type PdfValue,
} from './pdf-syntax.js';
import type { ByteSource } from './types.js';

/** Largest window read to parse one object (a page tree root listing many kids can be long). */
const MAX_OBJECT_WINDOW = 16 << 20;
/** Largest decoded cross-reference or object stream. */
const MAX_DECODED = 64 << 20;

export type XrefEntry =
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'packed'; readonly stream: number; readonly index: number };

export interface PdfInfo {
  readonly pageCount: number;
  /** False when the count could not be read and 1 was assumed */
  readonly known: boolean;
  readonly encrypted: boolean;
}

/** The structure cannot be followed from here; the caller falls back to a scan. */
export class Unreadable extends Error {
  override name = 'Unreadable';
}

/** A PDF opened for random access to its objects. */
export class PdfFile {
  readonly entries = new Map<number, XrefEntry>();
  trailer: PdfDict | null = null;
  private readonly objStms = new Map<number, Map<number, PdfValue>>();
  private readonly src: ByteSource;

  constructor(src: ByteSource) {
    this.src = src;
  }

  /** Reads a window at `offset` and parses with `parse`, growing the window while it is too short. */
  async parseAt<T>(offset: number, parse: (buf: Buffer) => T): Promise<T> {
    if (offset < 0 || offset >= this.src.size)
      throw new Unreadable(`offset ${offset} outside the file`);
    for (let size = 4096; ; size *= 2) {
      const n = Math.min(size, this.src.size - offset);
      const atEnd = offset + n >= this.src.size;
      let buf = await this.src.read(offset, n);
      // Padding lets the last token of the file end without asking for more.
      if (atEnd) buf = Buffer.concat([buf, Buffer.from('\n\n\n\n\n\n\n\n')]);
      try {
        return parse(buf);
      } catch (err) {
        if (!(err instanceof NeedMore)) throw err;
        if (atEnd || size >= MAX_OBJECT_WINDOW)
          throw new Unreadable(`object at ${offset} does not end`);
      }
    }
  }

  async loadXref(offset: number, seen: Set<number>): Promise<void> {
    if (seen.has(offset) || seen.size > 64) throw new Unreadable('cross-reference chain loops');
    seen.add(offset);
    const head = await this.parseAt(offset, (b) => regularToken(b, 0).text);
    const trailer = head === 'xref' ? await this.loadTable(offset) : await this.loadStream(offset);
    this.trailer ??= trailer;
    // A hybrid file keeps its compressed objects in a stream named by the table's trailer.
    const stm = dictGet(trailer, 'XRefStm');
    if (typeof stm === 'number') await this.loadXref(stm, seen).catch(() => undefined);
    const prev = dictGet(trailer, 'Prev');
    if (typeof prev === 'number') await this.loadXref(prev, seen);
  }

  private async loadTable(offset: number): Promise<PdfDict> {
    return this.parseAt(offset, (buf) => {
      let p = regularToken(buf, 0).end;
      for (;;) {
        const tok = regularToken(buf, p);
        if (tok.text === 'trailer') {
          const t = parseValue(buf, tok.end).value;
          if (!isDict(t)) throw new Unreadable('trailer is not a dictionary');
          return t;
        }
        const start = intAt(buf, p);
        const count = start === null ? null : intAt(buf, start.end);
        if (start === null || count === null)
          throw new Unreadable(`bad xref subsection at ${offset + p}`);
        p = count.end;
        for (let i = 0; i < count.value; i++) {
          const off = intAt(buf, p);
          const gen = off === null ? null : intAt(buf, off.end);
          const kind = gen === null ? null : regularToken(buf, gen.end);
          if (off === null || gen === null || kind === null)
            throw new Unreadable(`bad xref entry at ${offset + p}`);
          p = kind.end;
          const num = start.value + i;
          if (kind.text === 'n' && !this.entries.has(num))
            this.entries.set(num, { kind: 'offset', offset: off.value });
          else if (kind.text === 'f' && !this.entries.has(num))
            this.entries.set(num, { kind: 'offset', offset: -1 });
          else if (kind.text !== 'n' && kind.text !== 'f')
            throw new Unreadable(`bad xref entry type at ${offset + p}`);
        }
      }
    });
  }

  private async loadStream(offset: number): Promise<PdfDict> {
    const { dict, data } = await this.streamAt(offset);
    if (nameOf(dictGet(dict, 'Type')) !== 'XRef') throw new Unreadable(`no xref at ${offset}`);
    const w = dictGet(dict, 'W');
    const size = dictGet(dict, 'Size');
    if (!Array.isArray(w) || w.length < 3 || typeof size !== 'number')
      throw new Unreadable('bad xref stream');
    const widths = w.slice(0, 3).map((x) => (typeof x === 'number' && x >= 0 && x <= 8 ? x : -1));
    if (widths.includes(-1)) throw new Unreadable('bad /W');
    const [w0, w1, w2] = widths as [number, number, number];
    const index = dictGet(dict, 'Index');
    const ranges = Array.isArray(index) ? index : [0, size];
    const row = w0 + w1 + w2;
    const field = (at: number, width: number, dflt: number): number => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + (data[at + i] ?? 0);
      return v;
    };
    let at = 0;
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r];
      const count = ranges[r + 1];
      if (typeof first !== 'number' || typeof count !== 'number')
        throw new Unreadable('bad /Index');
      for (let i = 0; i < count; i++, at += row) {
        if (at + row > data.length) throw new Unreadable('xref stream too short');
        const num = first + i;
        if (this.entries.has(num)) continue;
        const type = field(at, w0, 1);
        const f1 = field(at + w0, w1, 0);
        const f2 = field(at + w0 + w1, w2, 0);
        if (type === 1) this.entries.set(num, { kind: 'offset', offset: f1 });
        else if (type === 2) this.entries.set(num, { kind: 'packed', stream: f1, index: f2 });
        else this.entries.set(num, { kind: 'offset', offset: -1 });
      }
    }
    return dict;
  }

  /** The dictionary and decoded data of the stream object at `offset`. */
  async streamAt(offset: number): Promise<{ dict: PdfDict; data: Buffer }> {
    const obj = await this.parseAt(offset, (b) => parseIndirect(b, 0));
    if (!isDict(obj.value) || obj.streamStart === undefined)
      throw new Unreadable(`no stream at ${offset}`);
    const dict = obj.value;
    const length = await this.resolve(dictGet(dict, 'Length'));
    if (typeof length !== 'number' || length < 0 || length > MAX_DECODED)
      throw new Unreadable('bad /Length');
    const at = offset + obj.streamStart;
    if (at + length > this.src.size) throw new Unreadable(`stream at ${offset} runs past the end`);
    const raw = await this.src.read(at, length);
    return { dict, data: decode(dict, raw) };
  }

  /** Follows a reference to its value; other values are returned as they are. */
  async resolve(v: PdfValue | undefined, depth = 0): Promise<PdfValue | undefined> {
    if (!isRef(v)) return v;
    if (depth > 16) throw new Unreadable('reference chain too long');
    const e = this.entries.get(v.num);
    if (e === undefined) throw new Unreadable(`object ${v.num} is not in the xref`);
    if (e.kind === 'offset') {
      if (e.offset < 0) return null;
      const obj = await this.parseAt(e.offset, (b) => parseIndirect(b, 0));
      if (obj.num !== v.num)
        throw new Unreadable(`xref points object ${v.num} at object ${obj.num}`);
      return this.resolve(obj.value, depth + 1);
    }
    const stm = await this.objectStream(e.stream);
    return this.resolve(stm.get(v.num), depth + 1);
  }

  private async objectStream(num: number): Promise<Map<number, PdfValue>> {
    const cached = this.objStms.get(num);
    if (cached !== undefined) return cached;
    const e = this.entries.get(num);
    if (e?.kind !== 'offset' || e.offset < 0)
      throw new Unreadable(`object stream ${num} not found`);
    const objects = parseObjectStream(await this.streamAt(e.offset));
    this.objStms.set(num, objects);
    return objects;
  }
}

/** The objects of an object stream, by number. */
export function parseObjectStream({
  dict,
  data,
}: {
  dict: PdfDict;
  data: Buffer;
}): Map<number, PdfValue> {
  const n = dictGet(dict, 'N');
  const first = dictGet(dict, 'First');
  if (typeof n !== 'number' || typeof first !== 'number') throw new Unreadable('bad object stream');
  const padded = Buffer.concat([data, Buffer.from('\n\n\n\n')]);
  const out = new Map<number, PdfValue>();
  let p = 0;
  for (let i = 0; i < n; i++) {
    const num = intAt(padded, p);
    const off = num === null ? null : intAt(padded, num.end);
    if (num === null || off === null) throw new Unreadable('bad object stream header');
    p = off.end;
    out.set(num.value, parseValue(padded, first + off.value).value);
  }
  return out;
}

/** FlateDecode with optional PNG predictors: what cross-reference and object streams use. */
function decode(dict: PdfDict, raw: Buffer): Buffer {
  const filter = dictGet(dict, 'Filter');
  const filters = Array.isArray(filter)
    ? filter.map(nameOf)
    : filter === undefined
      ? []
      : [nameOf(filter)];
  if (filters.length === 0) return raw;
  if (filters.length !== 1 || filters[0] !== 'FlateDecode')
    throw new Unreadable('unsupported filter');
  let out: Buffer;
  try {
    out = inflateSync(raw, { maxOutputLength: MAX_DECODED });
  } catch (err) {
    // Encrypted streams do not inflate; neither do damaged ones.
    throw new Unreadable(`stream does not inflate: ${(err as Error).message}`);
  }
  const parms = dictGet(dict, 'DecodeParms');
  const predictor = dictGet(Array.isArray(parms) ? parms[0] : parms, 'Predictor');
  if (typeof predictor !== 'number' || predictor < 10) {
    if (typeof predictor === 'number' && predictor > 1) throw new Unreadable('TIFF predictor');
    return out;
  }
  const columns = dictGet(Array.isArray(parms) ? parms[0] : parms, 'Columns');
  return unpredictPng(out, typeof columns === 'number' && columns > 0 ? columns : 1);
}

/** Reverses PNG row filters for 1-byte samples (bpp 1), the only form used by xref streams. */
function unpredictPng(data: Buffer, columns: number): Buffer {
  const rowIn = columns + 1;
  const rows = Math.floor(data.length / rowIn);
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowIn] ?? 0;
    for (let c = 0; c < columns; c++) {
      const x = data[r * rowIn + 1 + c] ?? 0;
      const a = c > 0 ? (out[r * columns + c - 1] ?? 0) : 0;
      const b = r > 0 ? (out[(r - 1) * columns + c] ?? 0) : 0;
      const ab = c > 0 && r > 0 ? (out[(r - 1) * columns + c - 1] ?? 0) : 0;
      let v = x;
      if (type === 1) v = x + a;
      else if (type === 2) v = x + b;
      else if (type === 3) v = x + ((a + b) >> 1);
      else if (type === 4) {
        const pa = Math.abs(b - ab);
        const pb = Math.abs(a - ab);
        const pc = Math.abs(a + b - 2 * ab);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : ab);
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}
