/**
 * Which quarter turn a scanned page has, and how sure we are.
 *
 * Two signals from tesseract:
 * 1. OSD (orientation and script detection, the legacy engine with the `osd` data) on the page at
 *    150 dpi. It classifies every character-sized blob in the four orientations and reports the
 *    best one with a score (the margin over the runner-up).
 * 2. The LSTM recogniser reads the page turned back by a candidate turn and, for comparison,
 *    turned back by the opposite one (the page upside down from the candidate's view). Upright
 *    text reads with a high word confidence; upside-down or sideways text does not.
 *    The copy it reads is deskewed first: it reads one block (psm 6), which assumes horizontal
 *    lines, and on a sheet skewed 6.9° (corpus `vn_s_sep02`) it found 6 characters at 34 %
 *    instead of the 56 at 92 % it reads once straight.
 *
 * When OSD is sure, a turn is reported with high confidence only when the reads agree, so a wrong
 * turn (which would put a page upside down in the archive) needs two independent mistakes. The
 * comparison read is the opposite turn, not the page as is: OSD's doubt is between a turn and
 * its opposite (90° against 270°, 0° against 180°), never between sideways and upright, and
 * reading sideways text is the slowest thing tesseract does (a sideways A4 page at 150 dpi took
 * 7–15 s to read as is, against 1–2 s upside down). When
 * OSD is unsure or finds no text (a sheet with little text, such as a separator sheet: right
 * answers there score 1.1 to 1.7), all four turns are read and the reads decide: the winner must
 * read as upright text and beat every other turn, the page as is included, by a clear margin; its
 * confidence is discounted by OSD's belief in another turn.
 *
 * Measured on the corpus (105 page images: the 83 `vn/` pages, tesseract's phototest turns,
 * VietOCR samples, OCRmyPDF's cardinal pages, real Vietnamese scans), OSD at 150 dpi picks the
 * right turn on all of them; at the scan's own resolution, without resampling, it turned two
 * low-resolution photographs (576×960 px) upside down, with scores 0.2 and 3.4. Correct turns of
 * rotated text pages score 6.3 to 24.6.
 */
import sharp from 'sharp';
import type { OcrResult, RasterImage, Resolution } from '../domain.js';
import { measureSkew, rotateImage } from './deskew.js';
import type { OrientationResult, QuarterTurn } from './ocr/engine.js';
import { rasterFromSharp, turnClockwise } from './raster.js';

/** Resolution the page is resampled to for detection: OSD is right on every corpus page at 150. */
export const ORIENTATION_DPI = 150;

/** What `detectOrientationWith` needs from the OCR engine. */
export interface OrientationDeps {
  /** Tesseract OSD on a PNG: the clockwise turn of the content and its score; null if no text */
  osd(png: Buffer): Promise<{ rotationDeg: QuarterTurn; score: number } | null>;
  /** Reads a PNG as one block of text (psm 6) */
  readText(png: Buffer): Promise<OcrResult>;
}

/**
 * OSD score at which a turn is as likely right as wrong, and how fast certainty grows with it.
 * The wrong turns seen (on images OSD was given at a poor resolution) scored 0.2 and 3.4; right
 * turns of rotated pages 6.3 and more, right "upright" answers on typewritten pages down to 4.6.
 */
const OSD_MIDPOINT = 4;
const OSD_SPREAD = 1;
/**
 * OSD saying "upright" with at least this probability is taken without reading. Below it (scores
 * under 4: blank backs, separator sheets, photographs) the page is read in all four turns.
 */
const OSD_SURE = 0.5;
/** Upright text reads at 85–96 % word confidence, text turned 180° or sideways at 60 % or less. */
const UPRIGHT_MIN_CONFIDENCE = 75;
/**
 * How far the winning turn must read above every other turn read. On the corpus the right turn
 * read at 89–96 %; the runner-up at 23–38 % (sideways pages), 49–60 % (upside-down pages) and
 * 55–60 % (separator sheets, upside down): the smallest gap seen was 35 points.
 */
const READ_MARGIN = 15;
/** Fewer characters than this are no evidence either way. */
const MIN_CHARS = 20;
/** Ceiling of the confidence of a turn the recogniser did not confirm. */
const UNCONFIRMED_MAX = 0.3;
/** Skew measured with less confidence than this is not corrected (as in preparePage). */
const MIN_SKEW_CONFIDENCE = 0.5;
/** Skews below this do not disturb a psm 6 read. */
const MIN_SKEW_DEG = 0.5;

const TURNS: readonly QuarterTurn[] = [0, 90, 180, 270];

/** What OSD reported, reduced to a turn and a probability. */
export interface OsdVote {
  readonly rotationDeg: QuarterTurn;
  /** 0–1, osdProbability of its score */
  readonly probability: number;
}

/** How one turned-back copy of the page read. */
export interface ReadVote {
  /** The turn undone before reading (the content's clockwise turn this read tests) */
  readonly rotationDeg: QuarterTurn;
  /** Mean word confidence 0–100 (textEvidence) */
  readonly confidence: number;
  readonly chars: number;
}

/**
 * Detects the clockwise quarter turn of `image`'s content.
 *
 * Expects the page as decoded (any skew up to ±15°, scanner borders allowed) and its resolution.
 * Guarantees a confidence in [0, 1]: 0 when the page has too little text to tell; a turn other
 * than 0 has a confidence above 0.3 only when the recogniser read the page, turned back and
 * deskewed, as upright text clearly better than in every other turn it tried, including as is.
 * Throws whatever `deps` throw (`ocr.*` codes).
 */
export async function detectOrientationWith(
  image: RasterImage,
  dpi: Resolution,
  deps: OrientationDeps,
): Promise<OrientationResult> {
  const work = await workImage(image, dpi);
  if (work === null) return { rotationDeg: 0, confidence: 0 };
  const found = await deps.osd(await toPng(work, 0));
  const osd: OsdVote | null =
    found === null
      ? null
      : { rotationDeg: found.rotationDeg, probability: osdProbability(found.score) };
  const turns = turnsToRead(osd);
  if (turns.length === 0) return { rotationDeg: 0, confidence: round(osd?.probability ?? 0) };

  const straight = await deskewed(work);
  // Two reads check a turn OSD is sure of on a page that has text to spare: a band of it is
  // evidence enough. All four are read when OSD is unsure, mostly on sheets with little text.
  const band = turns.length === 2 ? BAND_SHARE : 1;
  const reads: ReadVote[] = [];
  for (const t of turns) {
    // sharp turns clockwise for positive angles: undo the content's clockwise turn.
    const turned = await turnClockwise(straight, ((360 - t) % 360) as QuarterTurn);
    const read = await deps.readText(await toPng(inkiestBand(turned, band), 0));
    reads.push({ rotationDeg: t, ...textEvidence(read) });
  }
  return decideOrientation(osd, reads);
}

/**
 * Share of the page height a confirming read covers. A dense A4 page at 150 dpi takes 2–5 s to
 * read whole; a third of it holds 10–15 lines, several hundred characters, and the upright and
 * upside-down reads stay as far apart as on the whole page (corpus: 89–95 % against 49–60 %).
 */
const BAND_SHARE = 1 / 3;
/** Darker than this (0–255) counts as ink when choosing the band. */
const INK_LEVEL = 128;

/**
 * The horizontal band of `share` of the height of `img` (grey) holding the most ink, its edges
 * moved to the emptiest row nearby so that it does not cut through a line of text.
 */
export function inkiestBand(img: RasterImage, share: number): RasterImage {
  const { width: w, height: h, data } = img;
  const bandH = Math.round(h * share);
  if (share >= 1 || bandH < 32) return img;
  const rows = new Uint32Array(h);
  for (let y = 0; y < h; y++) {
    let n = 0;
    for (let x = 0, i = y * w; x < w; x++, i++) if (data[i]! < INK_LEVEL) n++;
    rows[y] = n;
  }
  let sum = 0;
  for (let y = 0; y < bandH; y++) sum += rows[y]!;
  let best = sum;
  let top = 0;
  for (let y = bandH; y < h; y++) {
    sum += rows[y]! - rows[y - bandH]!;
    if (sum > best) {
      best = sum;
      top = y - bandH + 1;
    }
  }
  // Nudge each edge outwards to the emptiest row within a line's height (about 5 mm).
  const reach = Math.max(1, Math.round(h / 60));
  const emptiest = (from: number, to: number): number => {
    let at = from;
    for (let y = from; y <= to; y++) if (rows[y]! < rows[at]!) at = y;
    return at;
  };
  const y0 = emptiest(Math.max(0, top - reach), top);
  const y1 = emptiest(Math.min(h - 1, top + bandH - 1), Math.min(h - 1, top + bandH - 1 + reach));
  const out = Buffer.from(data.subarray(y0 * w, (y1 + 1) * w));
  return { data: out, width: w, height: y1 - y0 + 1, channels: 1 };
}

/**
 * Which turns the recogniser must read: none when OSD is sure the page is upright, OSD's turn and
 * its opposite when OSD is sure of a turn, all four when OSD is unsure or found no text.
 */
export function turnsToRead(osd: OsdVote | null): QuarterTurn[] {
  if (osd === null || osd.probability < OSD_SURE) return [...TURNS];
  if (osd.rotationDeg === 0) return [];
  const opposite = ((osd.rotationDeg + 180) % 360) as QuarterTurn;
  return [
    Math.min(osd.rotationDeg, opposite),
    Math.max(osd.rotationDeg, opposite),
  ] as QuarterTurn[];
}

/**
 * Combines OSD's vote with the reads of the turns in `reads` (pure; the rules are in the module
 * comment). Expects `reads` to hold the turns `turnsToRead(osd)` names. Guarantees a confidence in
 * [0, 1] and, for a turn other than 0, one above 0.3 only when a read confirmed it.
 */
export function decideOrientation(
  osd: OsdVote | null,
  reads: readonly ReadVote[],
): OrientationResult {
  const p = osd?.probability ?? 0;
  const winner = clearWinner(reads);
  if (winner !== null) {
    const q = Math.min(0.98, (winner.confidence - 50) / 50);
    if (osd !== null && winner.rotationDeg === osd.rotationDeg) {
      return { rotationDeg: winner.rotationDeg, confidence: round(1 - (1 - p) * (1 - q)) };
    }
    // OSD found no text, or believed another turn: its belief counts against the read.
    const against = osd === null ? 0 : p;
    return { rotationDeg: winner.rotationDeg, confidence: round(q * (1 - against)) };
  }
  if (osd === null) return { rotationDeg: 0, confidence: 0 };
  if (osd.rotationDeg === 0) return { rotationDeg: 0, confidence: round(p) };
  return { rotationDeg: osd.rotationDeg, confidence: round(Math.min(p, UNCONFIRMED_MAX)) };
}

/** The read that looks upright and beats every other read by READ_MARGIN, or null. */
function clearWinner(reads: readonly ReadVote[]): ReadVote | null {
  const score = (r: ReadVote): number => (r.chars < MIN_CHARS ? 0 : r.confidence);
  let best: ReadVote | null = null;
  for (const r of reads) if (best === null || score(r) > score(best)) best = r;
  if (best === null || score(best) < UPRIGHT_MIN_CONFIDENCE) return null;
  for (const r of reads) {
    if (r !== best && score(best) - score(r) < READ_MARGIN) return null;
  }
  return best;
}

/** The OSD score mapped to 0–1 by a logistic curve. */
export function osdProbability(score: number): number {
  return 1 / (1 + Math.exp(-(score - OSD_MIDPOINT) / OSD_SPREAD));
}

/**
 * Mean confidence of the words of two or more characters, weighted by length, and their character
 * count. Single characters are left out: noise and specks read as one-letter "words".
 */
export function textEvidence(r: OcrResult): { confidence: number; chars: number } {
  let chars = 0;
  let sum = 0;
  for (const w of r.words) {
    const n = [...w.text].length;
    if (n < 2) continue;
    chars += n;
    sum += n * w.confidence;
  }
  return { confidence: chars === 0 ? 0 : sum / chars, chars };
}

/**
 * `work` straightened. A skew survives a quarter turn unchanged (rotations commute), so it is
 * measured once, as is and turned by 90° (text lines run one way or the other), and the clearer
 * measurement is undone; without clear text lines the copy is returned as it is.
 */
async function deskewed(work: RasterImage): Promise<RasterImage> {
  const asIs = measureSkew(work, ORIENTATION_DPI);
  const sideways = measureSkew(await turnClockwise(work, 90), ORIENTATION_DPI);
  const best = sideways.confidence > asIs.confidence ? sideways : asIs;
  if (best.confidence < MIN_SKEW_CONFIDENCE || Math.abs(best.angleDeg) < MIN_SKEW_DEG) return work;
  return rotateImage(work, best.angleDeg);
}

/** The page in grey at ORIENTATION_DPI, or null when it is too small to hold text. */
async function workImage(image: RasterImage, dpi: Resolution): Promise<RasterImage | null> {
  const fx = ORIENTATION_DPI / (dpi.x > 0 ? dpi.x : ORIENTATION_DPI);
  const fy = ORIENTATION_DPI / (dpi.y > 0 ? dpi.y : ORIENTATION_DPI);
  const w = Math.round(image.width * fx);
  const h = Math.round(image.height * fy);
  if (w < 32 || h < 32) return null;
  return rasterFromSharp(
    sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: image.channels },
    })
      .greyscale()
      .resize(w, h, { fit: 'fill', kernel: 'lanczos3' }),
    1,
  );
}

/** `work` turned clockwise by `deg`, as PNG. */
async function toPng(work: RasterImage, deg: QuarterTurn): Promise<Buffer> {
  let s = sharp(work.data, { raw: { width: work.width, height: work.height, channels: 1 } });
  if (deg !== 0) s = s.rotate(deg);
  return s.png({ compressionLevel: 1 }).toBuffer();
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
