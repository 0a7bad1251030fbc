/**
 * A TrueType font program with one empty glyph, for the invisible OCR text layer.
 *
 * PDF/A requires every font to be embedded, and the text layer needs a font whose glyphs can be
 * stretched onto any word box without drawing anything. Tesseract and OCRmyPDF embed such a
 * "glyphless" font; no npm package ships one, and the font libraries installed here (fontkit, the
 * one pdf-lib uses) read and subset fonts but do not create them, so the ten tables are written
 * here. The bytes are constant: built once per process.
 *
 * Glyph 0 is `.notdef` (a box, never referenced: PDF/A-2 forbids showing `.notdef`); glyph 1 is
 * empty and is the glyph every CID maps to. Both advance half an em.
 */

/** Design units per em of the font program. */
export const UNITS_PER_EM = 1000;
/** Advance of every glyph, in design units (= PDF glyph space units, since the em is 1000). */
export const GLYPH_ADVANCE = 500;
/** Ascent and descent (negative) in design units, also written into the PDF FontDescriptor. */
export const ASCENT = 800;
export const DESCENT = -200;
/** PostScript name of the font, also the PDF BaseFont. */
export const FONT_NAME = 'SohoaGlyphless';

let cached: Buffer | null = null;

/** The font program (a complete TrueType file). Always the same bytes. */
export function glyphlessFont(): Buffer {
  cached ??= buildFont();
  return cached;
}

function buildFont(): Buffer {
  const notdef = notdefGlyph();
  const tables: [string, Buffer][] = [
    ['OS/2', os2()],
    ['cmap', cmap()],
    ['glyf', notdef],
    ['head', head()],
    ['hhea', hhea()],
    ['hmtx', hmtx()],
    ['loca', loca(notdef.length)],
    ['maxp', maxp()],
    ['name', name()],
    ['post', post()],
  ];
  // Table records must be sorted by tag (byte order: 'OS/2' sorts before the lower-case tags).
  tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const n = tables.length;
  const pow2 = 2 ** Math.floor(Math.log2(n));
  const dir = new Writer();
  dir
    .u32(0x00010000)
    .u16(n)
    .u16(pow2 * 16)
    .u16(Math.log2(pow2))
    .u16(n * 16 - pow2 * 16);
  let offset = 12 + 16 * n;
  const bodies: Buffer[] = [];
  let headOffset = 0;
  for (const [tag, data] of tables) {
    if (tag === 'head') headOffset = offset;
    dir.tag(tag).u32(checksum(data)).u32(offset).u32(data.length);
    const padded = pad4(data);
    bodies.push(padded);
    offset += padded.length;
  }
  const font = Buffer.concat([dir.bytes(), ...bodies]);
  // head.checkSumAdjustment makes the whole file sum to the magic constant.
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}

function head(): Buffer {
  return new Writer()
    .u16(1)
    .u16(0)
    .u32(0x00010000) // fontRevision 1.0
    .u32(0) // checkSumAdjustment, set last
    .u32(0x5f0f3cf5)
    .u16(0b1011) // baseline at y=0, lsb at x=0, integer scaling
    .u16(UNITS_PER_EM)
    .i64(FIXED_DATE)
    .i64(FIXED_DATE)
    .i16(0)
    .i16(DESCENT)
    .i16(GLYPH_ADVANCE)
    .i16(ASCENT)
    .u16(0) // macStyle
    .u16(8) // lowestRecPPEM
    .i16(2) // fontDirectionHint
    .i16(0) // short loca
    .i16(0)
    .bytes();
}

/** 2024-01-01T00:00:00Z in seconds since 1904-01-01, so the font bytes never change. */
const FIXED_DATE = 3786825600;

function hhea(): Buffer {
  return new Writer()
    .u16(1)
    .u16(0)
    .i16(ASCENT)
    .i16(DESCENT)
    .i16(0) // lineGap
    .u16(GLYPH_ADVANCE)
    .i16(0) // minLeftSideBearing
    .i16(0) // minRightSideBearing
    .i16(GLYPH_ADVANCE) // xMaxExtent
    .i16(1) // caret vertical
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0) // metricDataFormat
    .u16(2) // numberOfHMetrics
    .bytes();
}

function maxp(): Buffer {
  const w = new Writer().u32(0x00010000).u16(2); // version 1.0, two glyphs
  w.u16(4).u16(1); // maxPoints, maxContours (the .notdef box)
  w.u16(0).u16(0).u16(2); // composite points, composite contours, maxZones
  for (let i = 0; i < 8; i++) w.u16(0); // twilight points … component depth
  return w.bytes();
}

function os2(): Buffer {
  const w = new Writer().u16(4).i16(GLYPH_ADVANCE).u16(400).u16(5).u16(0); // fsType 0: installable
  for (const v of [650, 600, 0, 75, 650, 600, 0, 350, 50, 250]) w.i16(v); // sub/superscript, strikeout
  w.i16(0); // sFamilyClass
  w.raw(Buffer.alloc(10)); // PANOSE: any
  w.u32(0).u32(0).u32(0).u32(0); // Unicode ranges: none claimed
  w.tag('NONE');
  w.u16(0x0040); // fsSelection REGULAR
  w.u16(0x20).u16(0xffff); // first and last char index
  w.i16(ASCENT).i16(DESCENT).i16(0); // typo metrics
  w.u16(ASCENT).u16(-DESCENT); // win metrics
  w.u32(1).u32(0); // code page Latin 1
  w.i16(500).i16(700).u16(0).u16(0x20).u16(1); // xHeight, capHeight, default, break, context
  return w.bytes();
}

/** A format 4 cmap with only the required end segment: PDF reaches glyphs through CIDToGIDMap. */
function cmap(): Buffer {
  return new Writer()
    .u16(0)
    .u16(1)
    .u16(3)
    .u16(1)
    .u32(12)
    .u16(4) // format
    .u16(24) // length
    .u16(0) // language
    .u16(2) // segCountX2
    .u16(2)
    .u16(0)
    .u16(0)
    .u16(0xffff) // endCode
    .u16(0) // reservedPad
    .u16(0xffff) // startCode
    .i16(1) // idDelta
    .u16(0) // idRangeOffset
    .bytes();
}

function hmtx(): Buffer {
  return new Writer().u16(GLYPH_ADVANCE).i16(0).u16(GLYPH_ADVANCE).i16(0).bytes();
}

/** Short offsets (half the byte offset): glyph 0 takes `notdefLength` bytes, glyph 1 none. */
function loca(notdefLength: number): Buffer {
  return new Writer()
    .u16(0)
    .u16(notdefLength / 2)
    .u16(notdefLength / 2)
    .bytes();
}

/** A rectangle, clockwise as TrueType outer contours are. */
function notdefGlyph(): Buffer {
  const w = new Writer().i16(1).i16(50).i16(0).i16(450).i16(700); // one contour and its bbox
  w.u16(3).u16(0); // last point index, no instructions
  for (let i = 0; i < 4; i++) w.u8(0x01); // on-curve, long x and y deltas
  for (const dx of [50, 0, 400, 0]) w.i16(dx);
  for (const dy of [0, 700, 0, -700]) w.i16(dy);
  return w.bytes();
}

function name(): Buffer {
  const records: [number, string][] = [
    [1, FONT_NAME],
    [2, 'Regular'],
    [3, `${FONT_NAME} 1.0`],
    [4, FONT_NAME],
    [5, 'Version 1.0'],
    [6, FONT_NAME],
  ];
  const strings = records.map(([, s]) => Buffer.from(s, 'utf16le').swap16());
  const w = new Writer()
    .u16(0)
    .u16(records.length)
    .u16(6 + 12 * records.length);
  let off = 0;
  records.forEach(([id], i) => {
    const len = (strings[i] as Buffer).length;
    w.u16(3).u16(1).u16(0x409).u16(id).u16(len).u16(off);
    off += len;
  });
  for (const s of strings) w.raw(s);
  return w.bytes();
}

/** Version 3: no glyph names, which TrueType fonts in PDF do not need. */
function post(): Buffer {
  const w = new Writer().u32(0x00030000).u32(0).i16(-100).i16(50).u32(1);
  for (let i = 0; i < 4; i++) w.u32(0);
  return w.bytes();
}

function checksum(data: Buffer): number {
  const p = pad4(data);
  let sum = 0;
  for (let i = 0; i < p.length; i += 4) sum = (sum + p.readUInt32BE(i)) >>> 0;
  return sum;
}

function pad4(data: Buffer): Buffer {
  const rem = data.length % 4;
  return rem === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - rem)]);
}

/** Big-endian writer for the font tables. */
class Writer {
  private readonly parts: Buffer[] = [];

  u8(v: number): this {
    this.parts.push(Buffer.from([v & 0xff]));
    return this;
  }
  u16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v & 0xffff);
    this.parts.push(b);
    return this;
  }
  i16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  i64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(v));
    this.parts.push(b);
    return this;
  }
  tag(t: string): this {
    this.parts.push(Buffer.from(t, 'latin1'));
    return this;
  }
  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}
