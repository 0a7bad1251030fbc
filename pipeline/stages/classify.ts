/**
 * Blank pages and separator sheets. Both are flags on the page, never a reason to drop it, and a
 * normal text page must never carry either: every threshold below sits far on the safe side of
 * what the corpus measures (figures in the comments).
 *
 * - Blank: no marks on the sheet. Ink is judged against the paper around it, so the faint mirrored
 *   show-through of a back side (at most 9 % darker than its paper in the corpus, against 55 % or
 *   more for the faintest printed text) and dust specks (under 0.4 mm²) do not count.
 * - Separator: a Kodak Patch T sheet, found by its bars (narrow/wide/narrow/wide, parallel to the
 *   long edges; narrow bars and spaces 2.03 mm, wide bars 5.08 mm) or by the `PATCHT` barcode
 *   printed on many such sheets (Code 39, Code 128 or QR).
 */
import type { RasterImage } from '../domain.js';
import { readSeparatorCodes } from './image/barcodes.js';
import { workPage } from './image/ink.js';
import { histogram, histogramQuantile, paperLevel, type Plane, reducedGrey } from './raster.js';

/** What a page shows, read on a working copy. */
export interface SheetView {
  /** Grey plane of the sheet (deskewed and cropped where that was done) */
  readonly grey: Plane;
  /** 1 where the pixel is not sheet (scanner bed, corners uncovered by deskew); null: none */
  readonly outside: Uint8Array | null;
  /** Resolution of `grey` */
  readonly dpi: number;
}

/** What the blank test counted on a sheet. */
export interface BlankEvidence {
  /** Marks bigger than a dust speck */
  readonly marks: number;
  /** Share of the sheet those marks cover (0–1) */
  readonly inkShare: number;
}

/** Darker than this share of the local paper is a mark (show-through stays above 0.9). */
const MARK_RATIO = 0.8;
/** Smallest mark (mm²): a full stop at 10 pt is about 0.15 mm², a dust speck under 0.4 mm². */
const MIN_MARK_MM2 = 0.4;
/**
 * Margin (mm) left out at the sheet's edges, where a shadow or the bed's rim can remain; on a
 * small sheet (a slip, a strip cut from a page) at most this share of its shorter side, so a
 * strip holding a single line of text still has its text looked at.
 */
const EDGE_MARGIN_MM = 5;
const EDGE_MARGIN_MAX_SHARE = 0.05;
/** A page is blank with at most this many marks covering at most this share. */
const BLANK_MAX_MARKS = 2;
const BLANK_MAX_SHARE = 1e-4;

/**
 * Counts the marks on a sheet. Expects the working copy of a deskewed, cropped page (~100 dpi).
 * The corpus' blank backs have 0 marks; its sparsest text page has 156 covering 1.1 %.
 */
export function blankEvidence(v: SheetView): BlankEvidence {
  const { width: w, height: h, data } = v.grey;
  const paper = paperLevel(v.grey, (8 / 25.4) * v.dpi);
  const margin = Math.min(
    Math.round((EDGE_MARGIN_MM / 25.4) * v.dpi),
    Math.floor(Math.min(w, h) * EDGE_MARGIN_MAX_SHARE),
  );
  const near = Math.max(1, Math.round((0.5 / 25.4) * v.dpi));
  const excluded = v.outside === null ? null : dilate(v.outside, w, h, near);
  const mask = new Uint8Array(w * h);
  let area = 0;
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const i = y * w + x;
      if (excluded !== null && excluded[i] === 1) continue;
      area++;
      if (data[i]! < paper[i]! * MARK_RATIO) mask[i] = 1;
    }
  }
  const minPx = MIN_MARK_MM2 * (v.dpi / 25.4) ** 2;
  let marks = 0;
  let marked = 0;
  const stack: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    let n = 0;
    mask[i] = 2;
    stack.push(i);
    while (stack.length > 0) {
      const j = stack.pop()!;
      n++;
      const x = j % w;
      const visit = (k: number): void => {
        if (mask[k] !== 1) return;
        mask[k] = 2;
        stack.push(k);
      };
      if (x > 0) visit(j - 1);
      if (x < w - 1) visit(j + 1);
      if (j >= w) visit(j - w);
      if (j < w * (h - 1)) visit(j + w);
    }
    if (n >= minPx) {
      marks++;
      marked += n;
    }
  }
  return { marks, inkShare: area > 0 ? marked / area : 0 };
}

/** True when the evidence says the sheet carries nothing. */
export const looksBlank = (e: BlankEvidence): boolean =>
  e.marks <= BLANK_MAX_MARKS && e.inkShare <= BLANK_MAX_SHARE;

/** `mask` grown by `r` pixels (a square), in two passes. */
function dilate(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const across = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    let last = -Infinity;
    const row = y * w;
    for (let x = 0; x < w + r; x++) {
      if (x < w && mask[row + x] === 1) last = x;
      const at = x - r;
      if (at >= 0 && x - last <= 2 * r) across[row + at] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < w; x++) {
    let last = -Infinity;
    for (let y = 0; y < h + r; y++) {
      if (y < h && across[y * w + x] === 1) last = y;
      const at = y - r;
      if (at >= 0 && y - last <= 2 * r) out[at * w + x] = 1;
    }
  }
  return out;
}

/** Patch T geometry (mm) and how far a printed, scanned bar may stray from it. */
const NARROW_MM: readonly [number, number] = [1.2, 3.3];
const WIDE_MM: readonly [number, number] = [3.8, 7];
const SPACE_MM: readonly [number, number] = [1, 3.6];
/** The bars sit 10–13 mm from the sheet's edge; the search reaches past a loose crop. */
const SEARCH_MM = 50;

/**
 * The long edges of the sheet that carry Patch T bars (0, 1 or 2). Expects the working copy of a
 * deskewed page: the bars must run straight along it. A bar is a line of columns (rows on a
 * landscape sheet) dark over at least 85 % of the middle 70 % of the sheet.
 */
export function patchBarEdges(v: SheetView): number {
  const { width: w, height: h, data } = v.grey;
  const portrait = h >= w;
  const along = portrait ? w : h;
  const across = portrait ? h : w;
  const paper = histogramQuantile(histogram(v.grey, 4), 0.9);
  const dark = Math.min(128, paper * 0.5);
  const from = Math.floor(across * 0.15);
  const to = Math.ceil(across * 0.85);
  const frac = new Float32Array(along);
  for (let a = 0; a < along; a++) {
    let n = 0;
    for (let c = from; c < to; c++) {
      const i = portrait ? c * w + a : a * w + c;
      if (data[i]! < dark) n++;
    }
    frac[a] = n / (to - from);
  }
  const reach = Math.min(Math.floor(along / 2), Math.round((SEARCH_MM / 25.4) * v.dpi));
  const mm = (px: number): number => (px / v.dpi) * 25.4;
  let edges = 0;
  for (const side of [0, 1]) {
    const cols = Array.from({ length: reach }, (_, k) => frac[side === 0 ? k : along - 1 - k]!);
    if (hasPatchGroup(cols, mm)) edges++;
  }
  return edges;
}

/** Four bars alternating narrow and wide, with narrow spaces, in a profile read from an edge. */
function hasPatchGroup(profile: readonly number[], mm: (px: number) => number): boolean {
  const bars: { start: number; end: number }[] = [];
  let start = -1;
  let peak = 0;
  for (let i = 0; i <= profile.length; i++) {
    const v = i < profile.length ? profile[i]! : 0;
    if (v >= 0.5) {
      if (start < 0) {
        start = i;
        peak = 0;
      }
      peak = Math.max(peak, v);
    } else if (start >= 0) {
      if (peak >= 0.85) bars.push({ start, end: i });
      else bars.push({ start: -1, end: -1 });
      start = -1;
    }
  }
  const within = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi;
  for (let k = 0; k + 4 <= bars.length; k++) {
    const group = bars.slice(k, k + 4);
    if (group.some((b) => b.start < 0)) continue;
    const widths = group.map((b) => mm(b.end - b.start));
    const spaces = [1, 2, 3].map((j) => mm(group[j]!.start - group[j - 1]!.end));
    if (!spaces.every((s) => within(s, SPACE_MM))) continue;
    const nwnw =
      [0, 2].every((j) => within(widths[j]!, NARROW_MM)) &&
      [1, 3].every((j) => within(widths[j]!, WIDE_MM));
    const wnwn =
      [1, 3].every((j) => within(widths[j]!, NARROW_MM)) &&
      [0, 2].every((j) => within(widths[j]!, WIDE_MM));
    if (nwnw || wnwn) return true;
  }
  return false;
}

/**
 * True when a `PATCHT` barcode (Code 39, Code 128 or QR) can be read on `image` (scanned at
 * `dpi`), in any direction. Rejects only if the barcode reader cannot be loaded.
 */
export async function hasPatchCode(image: RasterImage, dpi: number): Promise<boolean> {
  // 200 dpi keeps a 0.6 mm narrow bar 4–5 pixels wide; ZXing reads a page of it in ~50 ms.
  const { plane } = await reducedGrey(image, dpi, 200);
  const codes = await readSeparatorCodes(plane);
  return codes.some((c) => c.text === 'PATCHT');
}

/**
 * Whether `image` (scanned at `dpi`) is a blank page. Expects an upright page, deskewed or not;
 * a dark scanner border is ignored. Use this on its own; the pipeline (prepare.ts) reads the
 * same evidence on its deskewed, cropped working copy. Synchronous; throws nothing.
 */
export function isBlank(image: RasterImage, dpi: number): boolean {
  const work = workPage(image, dpi);
  return looksBlank(blankEvidence({ grey: work.plane, outside: work.bed, dpi: work.dpi }));
}

/**
 * Whether `image` (scanned at `dpi`, deskewed) is a Patch T separator sheet: its bars along a
 * long edge, or a readable `PATCHT` barcode.
 */
export async function isSeparator(image: RasterImage, dpi: number): Promise<boolean> {
  const work = workPage(image, dpi);
  if (patchBarEdges({ grey: work.plane, outside: null, dpi: work.dpi }) > 0) return true;
  return hasPatchCode(image, dpi);
}
