/**
 * Turns tesseract's block → paragraph → line → word tree into an `OcrResult`: NFC text, boxes in
 * the caller's pixels, and a reading order that keeps the two-column parts of an administrative
 * page (organ | national motto, recipients | signer) apart.
 *
 * Tesseract's line finder joins the left and right header columns into one line when they share a
 * baseline ("UBND TỈNH QUẢNG NINH CỘNG HOÀ XÃ HỘI…"), because no vertical rule separates them. No
 * library option fixes that, so the lines are split here where the gap between two words is many
 * times the line height, and rows that split at the same place are read column by column.
 */
import type { Box, OcrLine, OcrResult, OcrWord } from '../../domain.js';

/** The part of tesseract.js's `Page.blocks` this module reads. */
export interface TessBlockLike {
  readonly paragraphs: readonly {
    readonly lines: readonly {
      readonly words: readonly {
        readonly text: string;
        readonly confidence: number;
        readonly bbox: Box;
      }[];
    }[];
  }[];
}

export interface BuildOptions {
  /** Width and height of the image the caller gave, in its pixels */
  readonly width: number;
  readonly height: number;
  /** Multiply tesseract's coordinates by this to get the caller's (the OCR image was resized) */
  readonly scale: number;
  readonly engine: string;
}

/**
 * A gap wider than this many line heights separates columns. Word gaps of justified lines stay
 * under 1 (measured on the corpus: at most 0.5); the header and footer gutters are 4.5 and more.
 */
const GUTTER_LINE_HEIGHTS = 2.5;

interface Word {
  readonly text: string;
  readonly bbox: Box;
  readonly confidence: number;
}

interface Row {
  /** Paragraph index within the whole page, for block numbering outside column runs */
  readonly paragraph: number;
  readonly words: readonly Word[];
  /** Index of the first word of each segment after splitting at gutters, and words.length */
  readonly cuts: readonly number[];
}

/** A set of x-intervals free of ink on every row of a run. */
type Gutters = readonly (readonly [number, number])[];

/**
 * Builds the `OcrResult` of one page from tesseract's blocks.
 *
 * Guarantees: words in reading order, each line's words contiguous (`wordStart`/`wordEnd`), boxes
 * clamped to the image, text NFC with one line per `OcrLine` and a blank line between blocks, no
 * empty words. Never throws.
 */
export function buildOcrResult(
  blocks: readonly TessBlockLike[] | null,
  o: BuildOptions,
): OcrResult {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const textBlocks: string[][] = [];
  let paragraph = 0;

  // Rows of the whole page in tesseract's order: a column run may span several tesseract blocks
  // (it often puts the organ lines and the national motto lines in blocks of their own).
  const rows: Row[] = [];
  for (const block of blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const ws = line.words
          .map((w) => ({
            text: w.text.normalize('NFC').trim(),
            bbox: scaleBox(w.bbox, o),
            confidence: w.confidence,
          }))
          .filter((w) => w.text !== '')
          .sort((a, b) => a.bbox.x0 - b.bbox.x0);
        if (ws.length > 0) rows.push({ paragraph, words: ws, cuts: gutterCuts(ws) });
      }
      paragraph += 1;
    }
  }
  for (const group of readingGroups(rows)) {
    const textLines: string[] = [];
    const blockIndex = textBlocks.length;
    for (const seg of group.lines) {
      const wordStart = words.length;
      for (const w of seg) words.push({ ...w, line: lines.length });
      lines.push({
        bbox: unionBox(seg.map((w) => w.bbox)),
        block: blockIndex,
        wordStart,
        wordEnd: words.length,
      });
      textLines.push(seg.map((w) => w.text).join(' '));
    }
    if (textLines.length > 0) textBlocks.push(textLines);
  }

  const meanConfidence =
    words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return {
    width: o.width,
    height: o.height,
    words,
    lines,
    text: textBlocks.map((b) => b.join('\n')).join('\n\n'),
    meanConfidence,
    engine: o.engine,
  };
}

interface Group {
  /** Lines from a column of a run are never merged with the lines around them */
  readonly column: boolean;
  readonly paragraph: number;
  readonly lines: Word[][];
}

/** The page's blocks in reading order, each a list of lines. */
function readingGroups(rows: readonly Row[]): Group[] {
  const out: Group[] = [];
  let i = 0;
  while (i < rows.length) {
    const row = rows[i] as Row;
    const run = columnRun(rows, i);
    if (run === null) {
      // Outside a run a row stays one line even if it has a wide gap (a tab stop, a stray mark).
      const last = out.at(-1);
      if (last !== undefined && !last.column && last.paragraph === row.paragraph) {
        last.lines.push([...row.words]);
      } else {
        out.push({ column: false, paragraph: row.paragraph, lines: [[...row.words]] });
      }
      i += 1;
      continue;
    }
    const columns: Word[][][] = Array.from({ length: run.gutters.length + 1 }, () => []);
    for (let r = i; r < run.end; r++) {
      const perColumn = new Map<number, Word[]>();
      for (const seg of segments(rows[r] as Row)) {
        const col = columnOf(seg, run.gutters);
        perColumn.set(col, [...(perColumn.get(col) ?? []), ...seg]);
      }
      for (const [col, ws] of perColumn) (columns[col] as Word[][]).push(ws);
    }
    for (const lines of columns) {
      if (lines.length > 0) out.push({ column: true, paragraph: -1, lines });
    }
    i = run.end;
  }
  return out;
}

/**
 * The column run that starts at row `start`, or null. A run is two or more consecutive rows that
 * leave the same x-intervals free, at least one of them split at a gutter.
 */
function columnRun(rows: readonly Row[], start: number): { end: number; gutters: Gutters } | null {
  const first = rows[start] as Row;
  if (first.cuts.length <= 2) return null;
  let gutters: Gutters = gapsAt(first);
  let end = start + 1;
  while (end < rows.length) {
    const next = narrow(gutters, rows[end] as Row);
    if (next.length === 0) break;
    gutters = next;
    end += 1;
  }
  return end - start >= 2 ? { end, gutters } : null;
}

/** The x-intervals between the segments of a split row. */
function gapsAt(row: Row): Gutters {
  const out: [number, number][] = [];
  for (let k = 1; k < row.cuts.length - 1; k++) {
    const c = row.cuts[k] as number;
    out.push([(row.words[c - 1] as Word).bbox.x1, (row.words[c] as Word).bbox.x0]);
  }
  return out;
}

/** Keeps the parts of each gutter that `row` leaves free of ink; drops gutters it crosses. */
function narrow(gutters: Gutters, row: Row): Gutters {
  const out: [number, number][] = [];
  for (const [g0, g1] of gutters) {
    let lo = g0;
    let hi = g1;
    for (const w of row.words) {
      if (w.bbox.x1 <= lo || w.bbox.x0 >= hi) continue;
      // A word inside the gutter: keep the larger free part only if it stays wide.
      if (w.bbox.x0 - lo >= hi - w.bbox.x1) hi = w.bbox.x0;
      else lo = w.bbox.x1;
    }
    if (hi - lo >= minGutter(row)) out.push([lo, hi]);
  }
  return out.length === gutters.length ? out : [];
}

function minGutter(row: Row): number {
  return Math.max(1, lineHeight(row.words) * 0.5);
}

function columnOf(seg: readonly Word[], gutters: Gutters): number {
  const x = ((seg[0] as Word).bbox.x0 + (seg.at(-1) as Word).bbox.x1) / 2;
  let col = 0;
  for (const [g0, g1] of gutters) if (x >= (g0 + g1) / 2) col += 1;
  return col;
}

function segments(row: Row): Word[][] {
  const out: Word[][] = [];
  for (let k = 0; k < row.cuts.length - 1; k++)
    out.push(row.words.slice(row.cuts[k], row.cuts[k + 1]));
  return out;
}

/** Where a line splits: [0, …cuts, words.length]. */
function gutterCuts(ws: readonly Word[]): number[] {
  const h = lineHeight(ws);
  const cuts = [0];
  for (let k = 1; k < ws.length; k++) {
    const gap = (ws[k] as Word).bbox.x0 - (ws[k - 1] as Word).bbox.x1;
    if (gap > GUTTER_LINE_HEIGHTS * h) cuts.push(k);
  }
  cuts.push(ws.length);
  return cuts;
}

/** Median word height: robust to a tall stamp fragment or a lone punctuation mark on the line. */
function lineHeight(ws: readonly Word[]): number {
  const hs = ws.map((w) => w.bbox.y1 - w.bbox.y0).sort((a, b) => a - b);
  return hs[hs.length >> 1] ?? 0;
}

function scaleBox(b: Box, o: BuildOptions): Box {
  const clampX = (v: number): number => Math.min(o.width, Math.max(0, Math.round(v * o.scale)));
  const clampY = (v: number): number => Math.min(o.height, Math.max(0, Math.round(v * o.scale)));
  return { x0: clampX(b.x0), y0: clampY(b.y0), x1: clampX(b.x1), y1: clampY(b.y1) };
}

function unionBox(boxes: readonly Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}
