/**
 * Deskew: measure how far the text lines of a page are turned, and turn them back.
 *
 * Measurement is a projection profile over the ink of a ~100 dpi copy: for each candidate angle
 * the ink is summed along lines at that angle, and the angle whose profile has the sharpest
 * line/gap transitions wins (Postl's criterion, as Leptonica uses). It is searched coarse, then
 * fine, then refined by a parabola through the best three scores.
 */
import type { RasterImage } from '../domain.js';
import { workPage, type WorkPage } from './image/ink.js';
import { rotateKeepingSize } from './raster.js';

/** How far measureSkew searches. */
export interface SkewOptions {
  /** Largest angle searched either way; default 20 */
  readonly maxAngleDeg?: number;
}

/** A measured skew and how much to trust it. */
export interface SkewEstimate {
  /** Positive: the content is turned counter-clockwise as seen on screen */
  readonly angleDeg: number;
  /** 0–1: how clearly text lines stand out at that angle; near 0 without text lines */
  readonly confidence: number;
}

/** Angles below this are not worth a resampling (rotateImage returns its input). */
export const NO_ROTATION_BELOW_DEG = 0.05;

/** Coarse search step; a text line's score stays high within about ±0.5° of its angle. */
const COARSE_STEP = 0.5;
/** The fine search: around the coarse best, then around that, then a parabola. */
const FINE_STEPS: readonly (readonly [number, number])[] = [
  [0.6, 0.1],
  [0.1, 0.02],
];
/** Fewer ink pixels than this (at 100 dpi, about two words) cannot show a line. */
const MIN_INK = 400;
/** Ink (pixels at 100 dpi) of about ten lines of text: below it confidence shrinks. */
const FULL_CONFIDENCE_INK = 5000;
/** Points used by the coarse and the fine searches: precision comes from lines, not pixels. */
const COARSE_POINTS = 12_000;
const FINE_POINTS = 40_000;

/**
 * Measures the skew of `image`, scanned at `dpi`, to about a tenth of a degree for pages within
 * the search range (±20° by default).
 *
 * Expects 8-bit grey or sRGB pixels, upright or skewed by less than the range (a page turned by a
 * quarter turn has vertical lines and reads as low confidence). Ignores a dark scanner bed around
 * the sheet. Guarantees `confidence` in 0–1, below 0.3 when the page has no text lines (blank,
 * photograph) and `angleDeg` 0 when there is no ink at all. Pure and synchronous; throws nothing.
 *
 * @example
 * const { angleDeg, confidence } = measureSkew(page.image, page.dpi.x);
 * if (confidence >= 0.5) straight = await rotateImage(page.image, angleDeg);
 */
export function measureSkew(image: RasterImage, dpi: number, opts: SkewOptions = {}): SkewEstimate {
  return measureSkewOf(workPage(image, dpi), opts);
}

/** measureSkew on a working copy already built (prepare shares it with border detection). */
export function measureSkewOf(work: WorkPage, opts: SkewOptions = {}): SkewEstimate {
  const range = opts.maxAngleDeg ?? 20;
  const all = inkPoints(work, textInk(work), FINE_POINTS);
  if (all.total < MIN_INK) return { angleDeg: 0, confidence: 0 };
  const coarsePoints = thin(all, COARSE_POINTS);
  const { width, height } = work.plane;
  const coarseScorer = new ProfileScorer(coarsePoints, width, height, range, 1);
  const fineScorer = new ProfileScorer(all, width, height, range, 2);

  const coarse: number[] = [];
  let best = 0;
  let bestScore = -1;
  for (let a = -range; a <= range + 1e-9; a += COARSE_STEP) {
    const sc = coarseScorer.score(a);
    coarse.push(sc);
    if (sc > bestScore) {
      bestScore = sc;
      best = a;
    }
  }
  let angle = best;
  let peak = 0;
  for (const [reach, step] of FINE_STEPS) {
    const scores: { angle: number; score: number }[] = [];
    for (let a = angle - reach; a <= angle + reach + 1e-9; a += step) {
      scores.push({ angle: a, score: fineScorer.score(a) });
    }
    let k = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i]!.score > scores[k]!.score) k = i;
    angle = scores[k]!.angle;
    peak = scores[k]!.score;
    if (step === FINE_STEPS[FINE_STEPS.length - 1]![1] && k > 0 && k < scores.length - 1) {
      const l = scores[k - 1]!.score;
      const r = scores[k + 1]!.score;
      const den = l - 2 * peak + r;
      if (den < 0) angle += (step * 0.5 * (l - r)) / den;
    }
  }
  void peak;

  const sorted = [...coarse].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  // Text lines make the best angle's score several times the typical one; noise, photographs and
  // show-through stay within a few tens of percent of it.
  const contrast = median > 0 ? bestScore / median - 1 : 0;
  let confidence = clamp01((contrast - 0.3) / 1.2);
  // One short line pins the angle only to a few tenths of a degree (a born-digital page with one
  // sentence measured 0.2°); about ten lines of text are needed for the tenth promised.
  confidence *= Math.min(1, all.total / FULL_CONFIDENCE_INK);
  // A best angle at the end of the range is the range clipping a larger angle, not a measurement.
  if (Math.abs(best) >= range - COARSE_STEP) confidence *= 0.25;
  return { angleDeg: round3(angle), confidence: round3(confidence) };
}

/**
 * Rotates `image` by -`angleDeg` (clockwise for a positive skew) so skewed content becomes
 * straight, about the centre, keeping the image size; the corners uncovered are filled white.
 * Returns `image` itself (same object) when |angleDeg| < 0.05.
 */
export async function rotateImage(image: RasterImage, angleDeg: number): Promise<RasterImage> {
  if (!(Math.abs(angleDeg) >= NO_ROTATION_BELOW_DEG)) return image;
  // sharp's positive angles turn clockwise, which straightens a counter-clockwise skew. The
  // size is kept, as scanners and Leptonica's deskew do: a sheet's corners may leave the frame.
  return rotateKeepingSize(image, angleDeg, [255, 255, 255]);
}

interface InkPoints {
  readonly xs: Float32Array;
  readonly ys: Float32Array;
  /** Ink pixels on the page (the arrays may hold a sample of them) */
  readonly total: number;
}

/** Longest vertical run of ink kept: taller than any letter, shorter than a bar or a photo. */
const MAX_TEXT_RUN_MM = 6;

/**
 * The ink of letters and rules only: vertical runs taller than a letter (separator bars, photos,
 * solid blocks) add no line structure, and with many pixels they drown the text's.
 */
function textInk(work: WorkPage): Uint8Array {
  const { width: w, height: h } = work.plane;
  const maxRun = Math.max(3, Math.round((MAX_TEXT_RUN_MM / 25.4) * work.dpi));
  const out = new Uint8Array(work.ink);
  for (let x = 0; x < w; x++) {
    let start = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && out[y * w + x] === 1;
      if (on && start < 0) start = y;
      if (!on && start >= 0) {
        if (y - start > maxRun) for (let k = start; k < y; k++) out[k * w + x] = 0;
        start = -1;
      }
    }
  }
  return out;
}

/**
 * Ink pixel centres (a random sample of at most `max`), centred on the page and spread at random
 * within their pixel; a fixed seed keeps it deterministic. Without the spread every point of a
 * straight page falls exactly on a bin at 0°, and the score spikes there whatever the true angle.
 */
function inkPoints(work: WorkPage, ink: Uint8Array, max: number): InkPoints {
  const { plane } = work;
  let total = 0;
  for (let i = 0; i < ink.length; i++) total += ink[i]!;
  const rng = lcg(0x2545f491);
  const keep = Math.min(1, max / Math.max(1, total));
  const xs = new Float32Array(Math.min(total, Math.ceil(max * 1.1) + 16));
  const ys = new Float32Array(xs.length);
  let k = 0;
  const cx = plane.width / 2;
  const cy = plane.height / 2;
  for (let i = 0; i < ink.length && k < xs.length; i++) {
    if (ink[i] === 0) continue;
    // Random, not every n-th, selection: a regular stride beats against bars and rules and
    // invents line structure at some angles.
    if (keep < 1 && rng() >= keep) continue;
    xs[k] = (i % plane.width) - cx + rng() - 0.5;
    ys[k] = Math.floor(i / plane.width) - cy + rng() - 0.5;
    k++;
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k), total };
}

function thin(p: InkPoints, max: number): InkPoints {
  if (p.xs.length <= max) return p;
  const rng = lcg(0x5bd1e995);
  const keep = max / p.xs.length;
  const xs = new Float32Array(Math.ceil(max * 1.1) + 16);
  const ys = new Float32Array(xs.length);
  let k = 0;
  for (let i = 0; i < p.xs.length && k < xs.length; i++) {
    if (rng() >= keep) continue;
    xs[k] = p.xs[i]!;
    ys[k] = p.ys[i]!;
    k++;
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k), total: p.total };
}

/** A small deterministic generator of numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/**
 * Projection profile along lines turned by an angle, in bins of 1/`sub` pixel, scored by the
 * squared change from bin to bin.
 */
class ProfileScorer {
  private readonly bins: Float64Array;
  private readonly offset: number;

  constructor(
    private readonly points: InkPoints,
    width: number,
    height: number,
    rangeDeg: number,
    private readonly sub: number,
  ) {
    const reach = height / 2 + (width / 2) * Math.sin((Math.min(rangeDeg + 2, 90) * Math.PI) / 180);
    this.offset = Math.ceil(reach * sub) + 2;
    this.bins = new Float64Array(2 * this.offset + 2);
  }

  score(angleDeg: number): number {
    const t = (angleDeg * Math.PI) / 180;
    const cos = Math.cos(t) * this.sub;
    const sin = Math.sin(t) * this.sub;
    const bins = this.bins;
    bins.fill(0);
    const { xs, ys } = this.points;
    const off = this.offset;
    // Each point is split between its two nearest bins, so the score varies smoothly with the
    // angle and the parabola refinement has something to fit below a bin.
    for (let i = 0; i < xs.length; i++) {
      const p = ys[i]! * cos + xs[i]! * sin + off;
      const b = Math.floor(p);
      const f = p - b;
      bins[b]! += 1 - f;
      bins[b + 1]! += f;
    }
    let s = 0;
    for (let i = 1; i < bins.length; i++) {
      const d = bins[i]! - bins[i - 1]!;
      s += d * d;
    }
    return s;
  }
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const round3 = (v: number): number => Math.round(v * 1000) / 1000;
