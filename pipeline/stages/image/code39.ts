/**
 * A Code 39 reader for scan lines of a page. Separator sheets carry `*PATCHT*` in Code 39 (the
 * Kodak sheet, the corpus' variant A, paperless-ngx's test sheets), and it identifies a sheet
 * whose patch bars are cut off or smudged. No barcode library is installed (zbar is a command-line
 * tool, which a pure stage must not spawn), and Code 39 is simple enough to read here: each
 * character is 9 elements, 5 bars and 4 spaces, of which exactly 3 are wide.
 */
import type { Plane } from '../raster.js';

/** Wide-element patterns (bar, space, bar … 1 = wide) of the characters, from the standard. */
const PATTERNS: Readonly<Record<string, number>> = {
  '0': 0x034,
  '1': 0x121,
  '2': 0x061,
  '3': 0x160,
  '4': 0x031,
  '5': 0x130,
  '6': 0x070,
  '7': 0x025,
  '8': 0x124,
  '9': 0x064,
  A: 0x109,
  B: 0x049,
  C: 0x148,
  D: 0x019,
  E: 0x118,
  F: 0x058,
  G: 0x00d,
  H: 0x10c,
  I: 0x04c,
  J: 0x01c,
  K: 0x103,
  L: 0x043,
  M: 0x142,
  N: 0x013,
  O: 0x112,
  P: 0x052,
  Q: 0x007,
  R: 0x106,
  S: 0x046,
  T: 0x016,
  U: 0x181,
  V: 0x0c1,
  W: 0x1c0,
  X: 0x091,
  Y: 0x190,
  Z: 0x0d0,
  '-': 0x085,
  '.': 0x184,
  ' ': 0x0c4,
  $: 0x0a8,
  '/': 0x0a2,
  '+': 0x08a,
  '%': 0x02a,
  '*': 0x094,
};
const BY_PATTERN = new Map<number, string>(Object.entries(PATTERNS).map(([c, p]) => [p, c]));
const START = PATTERNS['*']!;

/** Wide elements must be clearly wider than narrow ones of their kind (the standard: 2:1 to 3:1). */
const MIN_WIDE_RATIO = 1.3;

/** How readCode39 scans a page. */
export interface Code39ScanOptions {
  /** Grey level below which a pixel is a bar */
  readonly threshold: number;
  /** Distance between scan lines, in pixels */
  readonly step: number;
  /** Lines averaged into one scan line (along the bars), to smooth speckle; odd */
  readonly window: number;
  /** Scan columns too (a sheet fed sideways) */
  readonly vertical: boolean;
}

/** Every Code 39 text (between the start and stop `*`) read on the scan lines of `plane`. */
export function readCode39(plane: Plane, o: Code39ScanOptions): Set<string> {
  const found = new Set<string>();
  const { width: w, height: h, data } = plane;
  const step = Math.max(1, Math.round(o.step));
  const half = Math.max(0, Math.floor(o.window / 2));
  const k = 2 * half + 1;
  const line = new Uint32Array(Math.max(w, h));
  // Averaging neighbouring lines along the bars removes speckle inside them before thresholding.
  for (let y = half; y + half < h; y += step) {
    line.fill(0, 0, w);
    for (let yy = y - half; yy <= y + half; yy++) {
      const row = yy * w;
      for (let x = 0; x < w; x++) line[x]! += data[row + x]!;
    }
    for (const text of decodeLine(line, w, o.threshold * k)) found.add(text);
  }
  if (o.vertical) {
    for (let x = half; x + half < w; x += step) {
      for (let y = 0; y < h; y++) {
        const row = y * w;
        let s = 0;
        for (let xx = x - half; xx <= x + half; xx++) s += data[row + xx]!;
        line[y] = s;
      }
      for (const text of decodeLine(line, h, o.threshold * k)) found.add(text);
    }
  }
  return found;
}

/** Decodes the symbols on one line of `n` samples, either way round. */
export function decodeLine(samples: ArrayLike<number>, n: number, threshold: number): string[] {
  // Runs alternate dark and light; runs[0] is dark when the line starts dark.
  const runs: number[] = [];
  let firstDark = false;
  let prev: boolean | null = null;
  for (let i = 0; i < n; i++) {
    const dark = samples[i]! < threshold;
    if (dark === prev) {
      runs[runs.length - 1]!++;
    } else {
      if (prev === null) firstDark = dark;
      runs.push(1);
      prev = dark;
    }
  }
  const out: string[] = [];
  // Read the runs backwards too: a symbol printed upside down (a sheet fed the wrong way round)
  // then reads forwards.
  for (const backwards of [false, true]) {
    const seq = backwards ? [...runs].reverse() : runs;
    const startDark = backwards ? firstDark === (runs.length % 2 === 1) : firstDark;
    for (let i = startDark ? 0 : 1; i + 9 <= seq.length; i += 2) {
      const text = decodeFrom(seq, i);
      if (text !== null) out.push(text);
    }
  }
  return out;
}

/** A symbol starting with a dark run at `i`, or null. */
function decodeFrom(runs: readonly number[], i: number): string | null {
  const start = classify(runs, i, null);
  if (start === null || start.pattern !== START) return null;
  const narrow = start.narrow;
  // A quiet zone of at least five narrow elements before the start character.
  if (i > 0 && runs[i - 1]! < 5 * narrow) return null;
  let text = '';
  let k = i + 9;
  for (;;) {
    const gap = runs[k];
    if (gap === undefined || gap > 3.5 * narrow) return null;
    k += 1;
    const ch = classify(runs, k, narrow);
    if (ch === null) return null;
    const c = BY_PATTERN.get(ch.pattern);
    if (c === undefined) return null;
    k += 9;
    if (c === '*') return text.length > 0 ? text : null;
    text += c;
    if (text.length > 40) return null;
  }
}

/**
 * The wide/narrow pattern of the 9 runs at `i`. Bars and spaces are judged apart, as ink spread
 * thickens bars and thins spaces by the same few pixels: a character has either 2 wide bars and
 * 1 wide space, or 3 wide spaces and no wide bar.
 */
function classify(
  runs: readonly number[],
  i: number,
  expectNarrow: number | null,
): { pattern: number; narrow: number } | null {
  if (i + 9 > runs.length) return null;
  const w = runs.slice(i, i + 9);
  const bars = [w[0]!, w[2]!, w[4]!, w[6]!, w[8]!];
  const spaces = [w[1]!, w[3]!, w[5]!, w[7]!];
  const barCut = splitWide(bars, 2);
  const spaceCut = barCut === null ? splitWide(spaces, 3) : splitWide(spaces, 1);
  if (spaceCut === null) return null;
  const barLimit = barCut ?? Infinity;
  if (barCut === null && !uniform(bars)) return null;
  let pattern = 0;
  let narrowSum = 0;
  let narrowCount = 0;
  for (let k = 0; k < 9; k++) {
    const v = w[k]!;
    const wide = k % 2 === 0 ? v > barLimit : v > spaceCut;
    pattern = (pattern << 1) | (wide ? 1 : 0);
    if (!wide) {
      narrowSum += v;
      narrowCount++;
    }
  }
  const narrow = narrowSum / narrowCount;
  if (expectNarrow !== null && (narrow < expectNarrow * 0.5 || narrow > expectNarrow * 2)) {
    return null;
  }
  return { pattern, narrow };
}

/**
 * The cut between the `wide` largest values and the rest, when they stand clearly apart
 * (the standard's 2:1 ratio shrinks to about 1.3 on a warped or smudged print), else null.
 */
function splitWide(values: readonly number[], wide: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const maxNarrow = sorted[sorted.length - wide - 1]!;
  const minWide = sorted[sorted.length - wide]!;
  if (minWide < MIN_WIDE_RATIO * maxNarrow) return null;
  // Wide elements are at most about three narrow ones; a longer run is a gap or a rule.
  if (sorted[sorted.length - 1]! > 4.5 * sorted[0]! + 2) return null;
  return (maxNarrow + minWide) / 2;
}

function uniform(values: readonly number[]): boolean {
  return Math.max(...values) < MIN_WIDE_RATIO * Math.min(...values);
}
