/**
 * Reads the directory chain of a TIFF without decoding pixels. libvips only says "unsupported image
 * format" or "read error" for a cut-short TIFF; an operator needs to know which page and which strip
 * end beyond the file, and the page count must survive a broken last page so the pages before it
 * are still processed. No installed library exposes TIFF directories (sharp gives one page's
 * metadata at a time and no byte offsets), hence this reader.
 */

/** What one TIFF directory (one page) declares. */
export interface TiffDirectory {
  /** Byte offset of the directory in the file */
  readonly offset: number;
  /** Byte offset of the directory's link to the next one */
  readonly linkOffset: number;
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly samplesPerPixel: number;
  /** TIFF Compression tag (1 none, 4 CCITT G4, 5 LZW, 7 JPEG, 8 Deflate …) */
  readonly compression: number;
  /** TIFF PhotometricInterpretation, null when absent */
  readonly photometric: number | null;
  readonly xResolution: number | null;
  readonly yResolution: number | null;
  /** 1 none, 2 inch (the default), 3 centimetre */
  readonly resolutionUnit: number;
  /** Strips or tiles of pixel data */
  readonly segments: readonly { readonly offset: number; readonly length: number }[];
  readonly segmentKind: 'strip' | 'tile';
}

/** Where the chain breaks, if it does. */
export type TiffProblem =
  | { readonly kind: 'truncated'; readonly directory: number; readonly detail: TruncationDetail }
  | { readonly kind: 'corrupt'; readonly directory: number; readonly reason: string };

/** Where a cut-short TIFF ends: inside a directory, or inside a strip or tile. */
export type TruncationDetail =
  | { readonly what: 'directory'; readonly offset: number }
  | { readonly what: 'strip' | 'tile'; readonly index: number; readonly end: number };

/** The directory chain of a TIFF as far as it could be read. */
export interface TiffLayout {
  /** Directories read in full, in file order */
  readonly directories: readonly TiffDirectory[];
  /**
   * Frames the file declares: the directories read, plus one when the chain points at a
   * directory that cannot be read (that frame then fails alone)
   */
  readonly frameCount: number;
  readonly problem: TiffProblem | null;
  readonly fileLength: number;
}

const TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

/** A file with more pages than this is refused as corrupt rather than walked for minutes. */
const MAX_DIRECTORIES = 100_000;

/**
 * Walks the directory chain of the TIFF in `bytes`. Returns null when the bytes are not a TIFF.
 * Never throws on bad data: problems are reported in `problem`, and the directories before the
 * problem are returned.
 */
export function readTiffLayout(bytes: Buffer): TiffLayout | null {
  if (bytes.length < 8) return null;
  const order = bytes.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (o: number): number => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number): number => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const u64 = (o: number): number =>
    Number(le ? bytes.readBigUInt64LE(o) : bytes.readBigUInt64BE(o));
  const magic = u16(2);
  if (magic !== 42 && magic !== 43) return null;
  const big = magic === 43;
  if (big && bytes.length < 16) return null;
  const fileLength = bytes.length;
  const directories: TiffDirectory[] = [];
  const seen = new Set<number>();
  let next = big ? u64(8) : u32(4);
  const done = (problem: TiffProblem | null, extraFrame: boolean): TiffLayout => ({
    directories,
    frameCount: directories.length + (extraFrame ? 1 : 0),
    problem,
    fileLength,
  });

  while (next !== 0) {
    const index = directories.length;
    if (seen.has(next)) return done(null, false);
    if (index >= MAX_DIRECTORIES) {
      return done({ kind: 'corrupt', directory: index, reason: 'too many directories' }, false);
    }
    seen.add(next);
    const countSize = big ? 8 : 2;
    const entrySize = big ? 20 : 12;
    if (next + countSize > fileLength) {
      return done(
        { kind: 'truncated', directory: index, detail: { what: 'directory', offset: next } },
        true,
      );
    }
    const count = big ? u64(next) : u16(next);
    const entriesEnd = next + countSize + count * entrySize + (big ? 8 : 4);
    if (entriesEnd > fileLength) {
      return done(
        { kind: 'truncated', directory: index, detail: { what: 'directory', offset: next } },
        true,
      );
    }
    const tags = new Map<number, number[]>();
    let outside: number | null = null;
    for (let i = 0; i < count; i++) {
      const e = next + countSize + i * entrySize;
      const tag = u16(e);
      const type = u16(e + 2);
      const n = big ? u64(e + 4) : u32(e + 4);
      const size = TYPE_SIZE[type];
      if (size === undefined || !WANTED.has(tag)) continue;
      const inline = n * size <= (big ? 8 : 4);
      const at = inline ? e + (big ? 12 : 8) : big ? u64(e + 12) : u32(e + 8);
      if (at + n * size > fileLength) {
        outside = at;
        break;
      }
      tags.set(tag, readValues(type, n, at, { u16, u32, u64, bytes, le }));
    }
    if (outside !== null) {
      return done(
        { kind: 'truncated', directory: index, detail: { what: 'directory', offset: outside } },
        true,
      );
    }
    const one = (tag: number, dflt: number): number => tags.get(tag)?.[0] ?? dflt;
    const width = one(256, 0);
    const height = one(257, 0);
    if (width <= 0 || height <= 0) {
      return done({ kind: 'corrupt', directory: index, reason: 'no image size' }, true);
    }
    const tiled = tags.has(324);
    const offsets = tags.get(tiled ? 324 : 273) ?? [];
    const counts = tags.get(tiled ? 325 : 279) ?? [];
    const segments = offsets.map((offset, i) => ({ offset, length: counts[i] ?? 0 }));
    const linkAt = next + countSize + count * entrySize;
    directories.push({
      offset: next,
      linkOffset: linkAt,
      width,
      height,
      bitsPerSample: one(258, 1),
      samplesPerPixel: one(277, 1),
      compression: one(259, 1),
      photometric: tags.get(262)?.[0] ?? null,
      xResolution: tags.get(282)?.[0] ?? null,
      yResolution: tags.get(283)?.[0] ?? null,
      resolutionUnit: one(296, 2),
      segments,
      segmentKind: tiled ? 'tile' : 'strip',
    });
    next = big ? u64(linkAt) : u32(linkAt);
  }
  return done(null, false);
}

/**
 * A copy of the TIFF whose directory chain ends at the last directory read: libtiff refuses to
 * open a file whose chain points past its end, even to read the pages before the break.
 */
export function withChainCut(bytes: Buffer, layout: TiffLayout): Buffer {
  const last = layout.directories[layout.directories.length - 1];
  if (last === undefined) return bytes;
  const copy = Buffer.from(bytes);
  const big = copy.readUInt16LE(2) === 43 || copy.readUInt16BE(2) === 43;
  copy.fill(0, last.linkOffset, last.linkOffset + (big ? 8 : 4));
  return copy;
}

/** The first strip or tile of directory `d` that ends beyond the file, if any. */
export function findTruncatedSegment(
  d: TiffDirectory,
  fileLength: number,
): { index: number; end: number } | null {
  for (let i = 0; i < d.segments.length; i++) {
    const s = d.segments[i]!;
    const end = s.offset + s.length;
    if (end > fileLength) return { index: i, end };
  }
  return null;
}

const WANTED = new Set([256, 257, 258, 259, 262, 273, 277, 279, 282, 283, 296, 322, 323, 324, 325]);

interface Readers {
  u16(o: number): number;
  u32(o: number): number;
  u64(o: number): number;
  readonly bytes: Buffer;
  readonly le: boolean;
}

function readValues(type: number, n: number, at: number, r: Readers): number[] {
  // Only numeric tags are wanted; very long arrays (strip offsets of huge files) are still read
  // in full because each is one number per strip.
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (type) {
      case 1:
      case 7:
        out.push(r.bytes[at + i]!);
        break;
      case 3:
        out.push(r.u16(at + 2 * i));
        break;
      case 4:
      case 13:
        out.push(r.u32(at + 4 * i));
        break;
      case 5: {
        const den = r.u32(at + 8 * i + 4);
        out.push(den === 0 ? 0 : r.u32(at + 8 * i) / den);
        break;
      }
      case 11:
        out.push(r.le ? r.bytes.readFloatLE(at + 4 * i) : r.bytes.readFloatBE(at + 4 * i));
        break;
      case 12:
        out.push(r.le ? r.bytes.readDoubleLE(at + 8 * i) : r.bytes.readDoubleBE(at + 8 * i));
        break;
      case 16:
      case 18:
        out.push(r.u64(at + 8 * i));
        break;
      default:
        out.push(0);
    }
  }
  return out;
}
