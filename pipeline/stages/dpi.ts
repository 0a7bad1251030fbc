/**
 * The resolution a page is treated at. Scanner software often writes a placeholder (72 or 96 dpi)
 * or nothing at all; a wrong value makes the PDF page 34 × 48 inches and misleads OCR, so the value
 * in the file is checked against the sheet sizes archives hold.
 */
import type { Resolution } from '../domain.js';

/** Sheet sizes (short × long edge, mm) found in Vietnamese archives. */
const SHEETS_MM: readonly (readonly [string, number, number])[] = [
  ['A3', 297, 420],
  ['A4', 210, 297],
  ['A5', 148, 210],
  ['B4', 250, 353],
  ['B4 (JIS)', 257, 364],
  ['B5', 176, 250],
  ['B5 (JIS)', 182, 257],
  ['Letter', 215.9, 279.4],
  ['Legal', 215.9, 355.6],
  ['F4', 210, 330],
  ['F4 (215)', 215, 330],
];

/** Resolutions flatbed and sheet-fed scanners offer. */
const SCANNER_DPI: readonly number[] = [300, 200, 400, 600, 150, 240, 100, 1200];

/**
 * How far the image may differ from the sheet: scanners crop a little inside the sheet (auto-crop)
 * or capture a scan area a little larger than it (the corpus' dark-border pages are up to 5 %
 * larger on one edge).
 */
const FIT_MIN = 0.97;
const FIT_MAX = 1.08;

/** Below this a tag is a placeholder unless the image fits a sheet at it. */
const LOW_TAG_DPI = 150;

/** Long edge, in inches, of anything an archive scans: a stamp to an A0 map. */
const PLAUSIBLE_LONG_IN: readonly [number, number] = [1, 50];

const DEFAULT_DPI = 300;

/**
 * The resolution to use for a page of `width` × `height` pixels whose file says `tagX` × `tagY`
 * pixels per inch (null when it says nothing).
 *
 * Expects pixel sizes ≥ 1. Guarantees: a tag that fits a standard sheet, or gives a plausible size
 * and is not a low placeholder, is kept (`source: 'tag'`); a tag that cannot be true (a size beyond
 * 1–50 inches, or below 150 dpi while the pixels fit a standard sheet at a scanner resolution) is
 * replaced and marked `suspect`; without a tag the value is inferred from the standard sheets, or
 * 300 (`default`) when none fits. Throws nothing.
 *
 * @example
 * resolveDpi({ width: 2480, height: 3508, tagX: 72, tagY: 72 });
 * // → { x: 300, y: 300, source: 'inferred', tag: 72, suspect: true }
 */
export function resolveDpi(o: {
  width: number;
  height: number;
  tagX: number | null;
  tagY: number | null;
}): Resolution {
  const tagX = validTag(o.tagX) ?? validTag(o.tagY);
  const tagY = validTag(o.tagY) ?? tagX;
  const inferred = inferFromSheets(o.width, o.height);
  if (tagX === null || tagY === null) {
    return inferred === null
      ? { x: DEFAULT_DPI, y: DEFAULT_DPI, source: 'default', tag: null, suspect: false }
      : { x: inferred, y: inferred, source: 'inferred', tag: null, suspect: false };
  }
  const keep: Resolution = { x: tagX, y: tagY, source: 'tag', tag: tagX, suspect: false };
  const wIn = o.width / tagX;
  const hIn = o.height / tagY;
  if (sheetFit(wIn, hIn) !== null) return keep;
  const longIn = Math.max(wIn, hIn);
  const implausible = longIn < PLAUSIBLE_LONG_IN[0] || longIn > PLAUSIBLE_LONG_IN[1];
  const placeholder = Math.min(tagX, tagY) < LOW_TAG_DPI && inferred !== null;
  if (!implausible && !placeholder) return keep;
  return inferred === null
    ? { x: DEFAULT_DPI, y: DEFAULT_DPI, source: 'default', tag: tagX, suspect: true }
    : { x: inferred, y: inferred, source: 'inferred', tag: tagX, suspect: true };
}

function validTag(v: number | null): number | null {
  return v !== null && Number.isFinite(v) && v >= 1 && v <= 100_000 ? v : null;
}

/** The scanner resolution at which the pixels best match a standard sheet, or null. */
function inferFromSheets(width: number, height: number): number | null {
  let best: number | null = null;
  let bestErr = Infinity;
  for (const dpi of SCANNER_DPI) {
    const err = sheetFit(width / dpi, height / dpi);
    // SCANNER_DPI lists the usual resolutions first, so ties keep the more common one.
    if (err !== null && err < bestErr - 1e-9) {
      best = dpi;
      bestErr = err;
    }
  }
  return best;
}

/** How far (log ratio) a size in inches is from the nearest sheet it fits, or null if none. */
function sheetFit(wIn: number, hIn: number): number | null {
  const s = Math.min(wIn, hIn) * 25.4;
  const l = Math.max(wIn, hIn) * 25.4;
  let best: number | null = null;
  for (const [, ss, ll] of SHEETS_MM) {
    const rs = s / ss;
    const rl = l / ll;
    if (rs < FIT_MIN || rs > FIT_MAX || rl < FIT_MIN || rl > FIT_MAX) continue;
    const err = Math.max(Math.abs(Math.log(rs)), Math.abs(Math.log(rl)));
    if (best === null || err < best) best = err;
  }
  return best;
}
