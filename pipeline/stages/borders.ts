/**
 * Border crop: find the dark scanner bed (or lid) around the sheet and crop the prepared image to
 * the sheet. Only the prepared image is cropped; the uploaded file is the archival master and is
 * never changed.
 *
 * The bed is found on the ~100 dpi working copy (dark pixels reachable from the image edge), then
 * turned with the page by the deskew angle, so the crop is a straight rectangle in the deskewed
 * image. A side is cropped only where the bed is actually seen, never into ink.
 */
import type { Box } from '../domain.js';
import type { WorkPage } from './image/ink.js';
import { type Plane, rotateKeepingSize } from './raster.js';

/** The working copy as it looks after deskew. */
export interface TurnedWork {
  readonly grey: Plane;
  /** 1 where the pixel is bed or outside the original frame (corners uncovered by the turn) */
  readonly outside: Uint8Array;
  /** 1 where the pixel is certainly bed */
  readonly bed: Uint8Array;
  /** 1 where the pixel is ink */
  readonly ink: Uint8Array;
  /** Work pixels per output pixel, and the work resolution */
  readonly scale: number;
  readonly dpi: number;
}

const BED_CODE = 255;
const FILL_CODE = 128;

/**
 * Turns the working copy clockwise by `angleDeg` (the deskew), keeping its size, in one libvips
 * pass over the grey, bed and ink planes packed as three channels.
 */
export async function turnWork(work: WorkPage, angleDeg: number): Promise<TurnedWork> {
  const { width: w, height: h, data } = work.plane;
  const n = w * h;
  const packed = Buffer.alloc(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    packed[j] = work.bed[i] === 1 ? BED_CODE : 0;
    packed[j + 1] = work.ink[i] === 1 ? 255 : 0;
    packed[j + 2] = data[i]!;
  }
  const turned =
    angleDeg === 0
      ? { data: packed, width: w, height: h }
      : await rotateKeepingSize({ data: packed, width: w, height: h, channels: 3 }, angleDeg, [
          FILL_CODE,
          0,
          255,
        ]);
  const grey = new Uint8Array(n);
  const outside = new Uint8Array(n);
  const bed = new Uint8Array(n);
  const ink = new Uint8Array(n);
  const t = turned.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const code = t[j]!;
    outside[i] = code >= 64 ? 1 : 0;
    // Bed mixed with sheet by the turn's interpolation still counts where it is mostly bed.
    bed[i] = code >= 160 ? 1 : 0;
    ink[i] = t[j + 1]! >= 128 && code < 64 ? 1 : 0;
    grey[i] = t[j + 2]!;
  }
  return {
    grey: { data: grey, width: w, height: h },
    outside,
    bed,
    ink,
    scale: work.scale,
    dpi: work.dpi,
  };
}

/** Deepest crop on a side, as a share of the page: a border is a few centimetres at most. */
const MAX_CUT = 0.2;
/** How far past the bed's main edge a sliver of bed is still cut (mm). */
const SLIVER_MM = 2;
/** Cut beyond the bed's last trace, for its blurred rim (mm). */
const RIM_MM = 0.5;
/** Share of the middle of an edge the border must cover. */
const EDGE_COVER = 0.9;
/** Share of the removed strip that must be bed (not just the white corners of the turn). */
const MIN_BED_SHARE = 0.25;

/**
 * The sheet inside a dark scanner border, in working-copy pixels (x1, y1 exclusive), or null when
 * no side shows a border.
 *
 * Guarantees: a side is cut only when the bed covers most of its edge in the middle of the page,
 * by at most a fifth of the page, and never across ink; a page without bed gets null.
 */
export function findSheet(t: TurnedWork): Box | null {
  const { width: w, height: h } = t.grey;
  const sliver = Math.max(1, Math.round((SLIVER_MM / 25.4) * t.dpi));
  const rim = Math.max(1, Math.round((RIM_MM / 25.4) * t.dpi));
  const cols = profile(t, 'x');
  const rows = profile(t, 'y');
  const left = sideCut(cols.outside, cols.bed, Math.floor(w * MAX_CUT), sliver, rim);
  const right = sideCut(
    [...cols.outside].reverse(),
    [...cols.bed].reverse(),
    Math.floor(w * MAX_CUT),
    sliver,
    rim,
  );
  const top = sideCut(rows.outside, rows.bed, Math.floor(h * MAX_CUT), sliver, rim);
  const bottom = sideCut(
    [...rows.outside].reverse(),
    [...rows.bed].reverse(),
    Math.floor(h * MAX_CUT),
    sliver,
    rim,
  );
  const box = keepInk(t, { x0: left, y0: top, x1: w - right, y1: h - bottom });
  if (box.x0 === 0 && box.y0 === 0 && box.x1 === w && box.y1 === h) return null;
  return box;
}

/**
 * A crop box found on the working copy, in the pixels of the full image (`width` × `height`),
 * rounded inwards so no bed remains; sides not cut stay at the image edge.
 */
export function toImageBox(
  box: Box,
  scale: number,
  workW: number,
  workH: number,
  width: number,
  height: number,
): Box {
  const f = 1 / scale;
  return {
    x0: box.x0 === 0 ? 0 : Math.min(width, Math.ceil(box.x0 * f)),
    y0: box.y0 === 0 ? 0 : Math.min(height, Math.ceil(box.y0 * f)),
    x1: box.x1 >= workW ? width : Math.max(0, Math.floor(box.x1 * f)),
    y1: box.y1 >= workH ? height : Math.max(0, Math.floor(box.y1 * f)),
  };
}

/**
 * Share of outside and bed pixels in each column (axis 'x') over the middle rows, or each row
 * over the middle columns: the middle of an edge is where a turned sheet's border is widest and
 * the uncovered corners are not.
 */
function profile(t: TurnedWork, axis: 'x' | 'y'): { outside: number[]; bed: number[] } {
  const { width: w, height: h } = t.grey;
  const along = axis === 'x' ? w : h;
  const across = axis === 'x' ? h : w;
  const from = Math.floor(across * 0.2);
  const to = Math.ceil(across * 0.8);
  const outside: number[] = new Array<number>(along).fill(0);
  const bed: number[] = new Array<number>(along).fill(0);
  for (let a = 0; a < along; a++) {
    let o = 0;
    let b = 0;
    for (let c = from; c < to; c++) {
      const i = axis === 'x' ? c * w + a : a * w + c;
      o += t.outside[i]!;
      b += t.bed[i]!;
    }
    outside[a] = o / (to - from);
    bed[a] = b / (to - from);
  }
  return { outside, bed };
}

/** Pixels to cut on one side, given its profiles read from the edge inwards. */
function sideCut(
  outside: number[],
  bed: number[],
  maxCut: number,
  sliver: number,
  rim: number,
): number {
  // A scanner border runs along the whole edge. Something dark that touches the edge over part
  // of it (a photograph printed to the edge of the sheet) is content, and is not cut.
  if ((outside[0] ?? 0) < EDGE_COVER) return 0;
  let edge = 0;
  while (edge < maxCut && outside[edge]! >= 0.5) edge++;
  if (edge === 0 || edge >= maxCut) return 0;
  let bedSum = 0;
  for (let i = 0; i < edge; i++) bedSum += bed[i]!;
  if (bedSum / edge < MIN_BED_SHARE) return 0;
  let cut = edge;
  // Slivers of bed left by a sheet edge that is not quite straight; the white corners the turn
  // uncovered are not followed, they may reach into the sheet where the scan cut its corner off.
  while (cut < edge + sliver && cut < maxCut && bed[cut]! > 0.01) cut++;
  // A little more: the bed's rim is blurred over a pixel or two of the working copy.
  return Math.min(maxCut, cut + rim);
}

/** Moves any side of `box` that would cut ink back to the image edge. */
function keepInk(t: TurnedWork, box: Box): Box {
  const { width: w, height: h } = t.grey;
  const inkIn = (x0: number, y0: number, x1: number, y1: number): number => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += t.ink[y * w + x]!;
    return n;
  };
  // A few ink pixels at the sheet's very edge are the bed's blurred rim, not content.
  const allowed = (area: number): number => Math.max(3, area * 0.002);
  let { x0, y0, x1, y1 } = box;
  if (x0 > 0 && inkIn(0, 0, x0, h) > allowed(x0 * h)) x0 = 0;
  if (x1 < w && inkIn(x1, 0, w, h) > allowed((w - x1) * h)) x1 = w;
  if (y0 > 0 && inkIn(0, 0, w, y0) > allowed(y0 * w)) y0 = 0;
  if (y1 < h && inkIn(0, y1, w, h) > allowed((h - y1) * w)) y1 = h;
  return { x0, y0, x1, y1 };
}
