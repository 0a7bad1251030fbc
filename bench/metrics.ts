/**
 * The figures of `npm run bench`: character and word error of OCR text, angle error statistics and
 * detection precision / recall. Pure functions over strings and numbers, so they are unit-tested
 * on small known inputs (metrics.test.ts).
 */

/**
 * The form both ground truth and OCR output are compared in: NFC, every run of white space (line
 * ends, blank lines between blocks, form feeds of pdftotext) turned into one space, no space at
 * either end. Joining GT lines with a space is the same thing, since every GT line ends with `\n`.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Levenshtein distance over Unicode code points (a precomposed Vietnamese letter such as `ễ` is
 * one character, as a reader counts it). Written here because it is twenty lines, and the npm
 * packages either count UTF-16 units or are unmaintained; O(n·m) time, one row of O(min(n, m))
 * integers in a typed array, so a 5,000-character page costs 20 kB, not 100 MB.
 */
export function levenshtein(a: string, b: string): number {
  let long = toCodePoints(a);
  let short = toCodePoints(b);
  if (short.length > long.length) [long, short] = [short, long];
  const m = short.length;
  if (m === 0) return long.length;
  const row = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) row[j] = j;
  for (let i = 1; i <= long.length; i++) {
    const ci = long[i - 1];
    let diagonal = row[0]!; // row[i-1][j-1]
    row[0] = i;
    for (let j = 1; j <= m; j++) {
      const above = row[j]!; // row[i-1][j]
      const substitution = diagonal + (short[j - 1] === ci ? 0 : 1);
      const deletion = above + 1;
      const insertion = row[j - 1]! + 1;
      row[j] = Math.min(substitution, deletion, insertion);
      diagonal = above;
    }
  }
  return row[m]!;
}

function toCodePoints(s: string): Uint32Array {
  const out = new Uint32Array(s.length);
  let n = 0;
  for (const ch of s) out[n++] = ch.codePointAt(0)!;
  return out.subarray(0, n);
}

/** Errors against one ground truth: a numerator and its denominator, summed over pages later. */
export interface ErrorCount {
  readonly errors: number;
  readonly total: number;
}

/**
 * Character errors of `output` against `truth`, both normalised (`normalizeText`): the edit
 * distance and the number of GT code points. A page with an empty GT has total 0.
 */
export function characterErrors(truth: string, output: string): ErrorCount {
  const t = normalizeText(truth);
  const o = normalizeText(output);
  return { errors: levenshtein(t, o), total: [...t].length };
}

/**
 * GT words missing from `output`, counted as a multiset: a word printed three times and read twice
 * counts one miss, and word order plays no part (so a two-column footer read in another order is
 * not penalised). Words are the normalised text split at spaces, punctuation kept, case kept.
 */
export function wordErrors(truth: string, output: string): ErrorCount {
  const wanted = words(truth);
  const found = new Map<string, number>();
  for (const w of words(output)) found.set(w, (found.get(w) ?? 0) + 1);
  let missing = 0;
  for (const w of wanted) {
    const left = found.get(w) ?? 0;
    if (left > 0) found.set(w, left - 1);
    else missing++;
  }
  return { errors: missing, total: wanted.length };
}

function words(text: string): string[] {
  const t = normalizeText(text);
  return t === '' ? [] : t.split(' ');
}

/** Sums page counts into one rate (micro-average: long pages weigh more); null with no GT text. */
export function errorRate(counts: readonly ErrorCount[]): number | null {
  let errors = 0;
  let total = 0;
  for (const c of counts) {
    errors += c.errors;
    total += c.total;
  }
  return total === 0 ? null : errors / total;
}

/** Arithmetic mean; null for no samples. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** One error figure over a group of pages, pooled and page by page. */
export interface RateSummary {
  /** Pages with a non-empty ground truth */
  readonly pages: number;
  /** Σ errors ÷ Σ total (long pages weigh more), as `errorRate` */
  readonly pooled: number | null;
  /** Mean of the per-page rates (every page weighs the same) */
  readonly pageMean: number | null;
  /** Nearest-rank 90th percentile of the per-page rates: how bad the worst tenth of pages are */
  readonly pageP90: number | null;
}

/**
 * The pooled rate, and the mean and nearest-rank p90 of per-page rates. Pages with total 0 (empty
 * ground truth) have no rate and are left out of the per-page figures.
 */
export function rateSummary(counts: readonly ErrorCount[]): RateSummary {
  const rates = counts.filter((c) => c.total > 0).map((c) => c.errors / c.total);
  return {
    pages: rates.length,
    pooled: errorRate(counts),
    pageMean: mean(rates),
    pageP90: percentile(rates, 90),
  };
}

/**
 * Nearest-rank percentile: the smallest sample such that at least `p` % of the samples are at or
 * below it; always one of the samples, never interpolated. Null for no samples.
 * @throws RangeError when `p` is outside 0–100
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0–100`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Median: the middle sample, or the mean of the two middle ones; null for no samples. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface AngleStats {
  readonly n: number;
  readonly median: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

/** Statistics of absolute angle errors |measured − true| in degrees. */
export function angleErrorStats(pairs: readonly { measured: number; truth: number }[]): AngleStats {
  const errors = pairs.map((p) => Math.abs(p.measured - p.truth));
  return {
    n: errors.length,
    median: median(errors),
    p95: percentile(errors, 95),
    max: errors.length === 0 ? null : Math.max(...errors),
  };
}

export interface Detection {
  readonly n: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Null when nothing was flagged (0/0) */
  readonly precision: number | null;
  /** Null when nothing should have been flagged (0/0) */
  readonly recall: number | null;
}

/**
 * Precision and recall of a yes/no detector. A ratio whose denominator is zero is null, not 0 or 1:
 * a detector that flags nothing on a set without positives is neither right nor wrong there.
 */
export function detection(pairs: readonly { truth: boolean; predicted: boolean }[]): Detection {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { truth, predicted } of pairs) {
    if (truth && predicted) tp++;
    else if (predicted) fp++;
    else if (truth) fn++;
  }
  return {
    n: pairs.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

export interface OrientationStats {
  readonly n: number;
  /** Share of pages whose quarter turn was found; null for no pages */
  readonly accuracy: number | null;
  /** Upright pages that were turned anyway */
  readonly straightTurned: number;
  /** Pages read as 90° when they were 270° or the reverse: a sign-convention slip shows here */
  readonly mirrored: number;
}

/**
 * Orientation accuracy. Both values are the clockwise quarter turn of the content (0/90/180/270);
 * a page the system could not read (`measured` null) counts as wrong.
 */
export function orientationStats(
  pairs: readonly { measured: number | null; truth: number }[],
): OrientationStats {
  let correct = 0;
  let straightTurned = 0;
  let mirrored = 0;
  for (const { measured, truth } of pairs) {
    const t = quarter(truth);
    const m = measured === null ? null : quarter(measured);
    if (m === t) correct++;
    if (t === 0 && m !== null && m !== 0) straightTurned++;
    if ((t === 90 && m === 270) || (t === 270 && m === 90)) mirrored++;
  }
  return {
    n: pairs.length,
    accuracy: pairs.length === 0 ? null : correct / pairs.length,
    straightTurned,
    mirrored,
  };
}

/** An angle as 0, 90, 180 or 270. */
export function quarter(deg: number): number {
  return (((Math.round(deg / 90) * 90) % 360) + 360) % 360;
}
