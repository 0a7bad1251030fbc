/**
 * A second OCR look at the signature zone of a page. The signer's name sits under the signature
 * and, on most documents, under the red seal's ring: read with the whole page, the ring and the
 * strokes join the name's letters and OCR loses the surname or the whole line. Read again on its
 * own, cut out of the page (so the layout analysis sees only that zone) and, on colour pages, with
 * the coloured ink of seal and signature turned to paper (colour dropout, as production scanners
 * do it in hardware), the name comes back. The words the zone's second reading finds replace those
 * the page reading had there.
 */
import sharp from 'sharp';
import type { Box, OcrLine, OcrResult, OcrWord, PreparedPage } from '../../domain.js';
import { pageLayout } from '../metadata/layout.js';
import { nameLikeness, signerZone } from '../metadata/signer.js';
import type { OcrEngine } from './engine.js';

/**
 * Spread between a pixel's strongest and weakest channel (0–255) from which it is coloured ink:
 * the red of seals and the blue of signatures reach 80–200, black and grey print and aged paper
 * stay under 40.
 */
const INK_CHROMA = 60;

/** Pixels of coloured ink as a share of the zone from which the colour is dropped before reading. */
const MIN_INK_SHARE = 0.002;

/**
 * The zone cut out of the page, grey, with coloured ink turned to white on colour pages. Returns
 * the grey pixels and whether any colour was dropped.
 */
export async function zonePixels(
  encoded: Buffer,
  zone: Box,
): Promise<{ data: Buffer; width: number; height: number; dropped: boolean }> {
  const width = zone.x1 - zone.x0;
  const height = zone.y1 - zone.y0;
  const { data, info } = await sharp(encoded)
    .extract({ left: zone.x0, top: zone.y0, width, height })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ch = info.channels;
  const out = Buffer.alloc(width * height);
  if (ch < 3) {
    for (let i = 0; i < out.length; i++) out[i] = data[i * ch] ?? 255;
    return { data: out, width, height, dropped: false };
  }
  let ink = 0;
  for (let i = 0; i < out.length; i++) {
    const r = data[i * ch] ?? 255;
    const g = data[i * ch + 1] ?? 255;
    const b = data[i * ch + 2] ?? 255;
    const chroma = Math.max(r, g, b) - Math.min(r, g, b);
    const grey = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    if (chroma >= INK_CHROMA) {
      ink++;
      out[i] = 255;
    } else {
      out[i] = grey;
    }
  }
  if (ink < MIN_INK_SHARE * out.length) {
    // no seal or signature in colour: the plain grey reading
    for (let i = 0; i < out.length; i++) {
      const r = data[i * ch] ?? 255;
      const g = data[i * ch + 1] ?? 255;
      const b = data[i * ch + 2] ?? 255;
      out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    return { data: out, width, height, dropped: false };
  }
  return { data: out, width, height, dropped: true };
}

const centre = (b: Box): { x: number; y: number } => ({
  x: (b.x0 + b.x1) / 2,
  y: (b.y0 + b.y1) / 2,
});
const inside = (b: Box, z: Box): boolean => {
  const c = centre(b);
  return c.x >= z.x0 && c.x <= z.x1 && c.y >= z.y0 && c.y <= z.y1;
};

/**
 * `page` with the words whose centre lies in `zone` replaced by `zoneRead` (coordinates of the
 * zone's cut-out), the zone's lines placed in reading order where the first replaced line was
 * (after the lines above the zone when none was). Text and mean confidence are rebuilt.
 */
export function mergeZone(page: OcrResult, zone: Box, zoneRead: OcrResult): OcrResult {
  const shift = (b: Box): Box => ({
    x0: b.x0 + zone.x0,
    y0: b.y0 + zone.y0,
    x1: b.x1 + zone.x0,
    y1: b.y1 + zone.y0,
  });
  type Group = { bbox: Box; block: number; words: Omit<OcrWord, 'line'>[] };
  const kept: Group[] = [];
  let insertAt = -1;
  for (const line of page.lines) {
    const words = page.words.slice(line.wordStart, line.wordEnd);
    const stay = words.filter((w) => !inside(w.bbox, zone));
    if (stay.length < words.length && insertAt < 0)
      insertAt = kept.length + (stay.length > 0 ? 1 : 0);
    if (stay.length > 0)
      kept.push({
        bbox: stay.length === words.length ? line.bbox : boxOf(stay),
        block: line.block,
        words: stay,
      });
  }
  if (insertAt < 0) {
    insertAt = kept.findIndex((g) => g.bbox.y0 > zone.y0);
    if (insertAt < 0) insertAt = kept.length;
  }
  const block = Math.max(-1, ...page.lines.map((l) => l.block)) + 1;
  const added: Group[] = zoneRead.lines
    .map((l) => ({
      bbox: shift(l.bbox),
      block,
      words: zoneRead.words
        .slice(l.wordStart, l.wordEnd)
        .map((w) => ({ text: w.text, bbox: shift(w.bbox), confidence: w.confidence })),
    }))
    .filter((g) => g.words.length > 0);
  const groups = [...kept.slice(0, insertAt), ...added, ...kept.slice(insertAt)];

  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const textLines: string[] = [];
  let prevBlock: number | null = null;
  for (const g of groups) {
    const wordStart = words.length;
    for (const w of g.words) words.push({ ...w, line: lines.length });
    lines.push({ bbox: g.bbox, block: g.block, wordStart, wordEnd: words.length });
    if (prevBlock !== null && g.block !== prevBlock) textLines.push('');
    textLines.push(g.words.map((w) => w.text).join(' '));
    prevBlock = g.block;
  }
  const meanConfidence =
    words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { ...page, words, lines, text: textLines.join('\n'), meanConfidence };
}

function boxOf(words: readonly { bbox: Box }[]): Box {
  return {
    x0: Math.min(...words.map((w) => w.bbox.x0)),
    y0: Math.min(...words.map((w) => w.bbox.y0)),
    x1: Math.max(...words.map((w) => w.bbox.x1)),
    y1: Math.max(...words.map((w) => w.bbox.y1)),
  };
}

/** A word that could be part of a person's name: a capital, then small letters. */
const NAME_WORD = /^\p{Lu}\p{Ll}+[,.]?$/u;

const nameWords = (words: readonly OcrWord[]): number =>
  words.filter((w) => NAME_WORD.test(w.text)).length;

/** Grey levels above which a grey pixel is taken for paper when the seal is printed in grey. */
const GREY_CUTS = [96, 128] as const;

/** `px` with every pixel lighter than `cut` turned to paper white. */
function clipLight(px: Buffer, cut: number): Buffer {
  const out = Buffer.from(px);
  for (let i = 0; i < out.length; i++) if ((out[i] ?? 255) > cut) out[i] = 255;
  return out;
}

/** Share of a row's pixels that must be ink for the row to be part of a line of type. */
const TEXT_ROW_SHARE = 0.04;
/** Share a band's densest row must reach: type is dense, a seal's ring or a stroke is not. */
const TEXT_PEAK_SHARE = 0.1;
/** Bands read again, lowest first: the name is the block's last line. */
const MAX_BANDS = 3;

/**
 * Bands of rows that look like a line of type in the zone (grey pixels, 0 = black): rows where
 * ink covers enough of the width, runs of them about a line high, lowest first.
 */
export function textBands(
  px: { data: Buffer; width: number; height: number },
  lineHeight: number,
): { y0: number; y1: number }[] {
  const counts: number[] = [];
  for (let y = 0; y < px.height; y++) {
    let n = 0;
    const row = y * px.width;
    for (let x = 0; x < px.width; x++) if ((px.data[row + x] ?? 255) < 128) n++;
    counts.push(n);
  }
  const bands: { y0: number; y1: number }[] = [];
  let start = -1;
  let peak = 0;
  let gap = 0;
  const close = (end: number): void => {
    const h = end - start;
    if (h >= 0.5 * lineHeight && h <= 2.5 * lineHeight && peak >= TEXT_PEAK_SHARE * px.width)
      bands.push({ y0: start, y1: end });
  };
  for (let y = 0; y <= px.height; y++) {
    const on = y < px.height && (counts[y] ?? 0) >= TEXT_ROW_SHARE * px.width;
    if (on) {
      if (start < 0) {
        start = y;
        peak = 0;
      }
      peak = Math.max(peak, counts[y] ?? 0);
      gap = 0;
    } else if (start >= 0 && ++gap > 2) {
      close(y - gap + 1);
      start = -1;
    }
  }
  return bands.reverse().slice(0, MAX_BANDS);
}

/**
 * The name line read once more, as a single line in a band cut tight around it: the seal's ring
 * then crosses the band as a few short arcs instead of a circle that the layout analysis takes for
 * part of the text. The bands are found from the ink itself (the lowest lines of type in the
 * zone), not from the zone's reading, which the seal may have broken. On a page without colour each
 * band is also read with its light grey ink (a seal printed in grey is lighter than the type)
 * turned to paper. Of all readings, the zone's own lines included, the one that reads most like a
 * name (syllables of the names lexicon), then has more name-shaped words, then more confidence,
 * replaces what the zone's reading had at its place.
 */
async function rereadNameLine(
  zoneRead: OcrResult,
  px: { data: Buffer; width: number; height: number; dropped: boolean },
  dpi: number,
  lineHeight: number,
  engine: OcrEngine,
): Promise<OcrResult> {
  const score = (ws: readonly OcrWord[]): [number, number, number] => [
    nameLikeness(ws.map((w) => w.text)),
    nameWords(ws),
    mean(ws),
  ];
  const beats = (a: [number, number, number], b: [number, number, number]): boolean =>
    a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
  let bestScore: [number, number, number] = [0, 0, 0];
  for (const l of zoneRead.lines) {
    const s = score(zoneRead.words.slice(l.wordStart, l.wordEnd));
    if (beats(s, bestScore)) bestScore = s;
  }
  let best: { read: OcrResult; y0: number; y1: number } | null = null;
  for (const b of textBands(px, lineHeight)) {
    const pad = Math.round(0.3 * (b.y1 - b.y0));
    const y0 = Math.max(0, b.y0 - pad);
    const y1 = Math.min(px.height, b.y1 + pad);
    const band = Buffer.from(px.data.subarray(y0 * px.width, y1 * px.width));
    const variants = [band, ...(px.dropped ? [] : GREY_CUTS.map((c) => clipLight(band, c)))];
    for (const data of variants) {
      const read = await engine.recognize(
        { data, width: px.width, height: y1 - y0, channels: 1 },
        { dpi, layout: 'line' },
      );
      const s = score(read.words);
      if (read.words.length > 0 && beats(s, bestScore)) {
        best = { read, y0, y1 };
        bestScore = s;
      }
    }
  }
  if (best === null) return zoneRead;
  return mergeZone(zoneRead, { x0: 0, y0: best.y0, x1: px.width, y1: best.y1 }, best.read);
}

/** Name syllables a line must have for the zone's reading to count as having found the name. */
const FULL_NAME = 2;

/** The name-likeness of the zone reading's most name-like line. */
function bestLine(read: OcrResult): number {
  let best = 0;
  for (const l of read.lines) {
    const words = read.words.slice(l.wordStart, l.wordEnd).map((w) => w.text);
    best = Math.max(best, nameLikeness(words));
  }
  return best;
}

const mean = (ws: readonly OcrWord[]): number =>
  ws.length === 0 ? 0 : ws.reduce((s, w) => s + w.confidence, 0) / ws.length;

/**
 * The page's OCR with its signature zone read again (see the module comment). Expects `ocr` to be
 * the reading of `prepared.encoded`. Returns `ocr` itself when the page has no signer block, or
 * when the second reading finds no word. Throws what `engine.recognize` throws.
 */
export async function rereadSignatureZone(
  prepared: PreparedPage,
  ocr: OcrResult,
  engine: OcrEngine,
): Promise<OcrResult> {
  const layout = pageLayout(ocr, 0);
  const zone = signerZone(layout);
  if (zone === null || zone.x1 - zone.x0 < 8 || zone.y1 - zone.y0 < 8) return ocr;
  const px = await zonePixels(prepared.encoded, zone);
  const dpi = prepared.dpi.x;
  const zoneImage = { data: px.data, width: px.width, height: px.height, channels: 1 as const };
  let read = await engine.recognize(zoneImage, { dpi });
  if (bestLine(read) < FULL_NAME) {
    // the layout analysis took the zone, or part of it, for a picture (seal and strokes): look
    // for scattered words, and keep the reading with the more name-like line
    const sparse = await engine.recognize(zoneImage, { dpi, layout: 'sparse' });
    if (bestLine(sparse) > bestLine(read)) read = sparse;
  }
  read = await rereadNameLine(read, px, dpi, layout.lineHeight, engine);
  if (read.words.length === 0) return ocr;
  return mergeZone(ocr, zone, read);
}
