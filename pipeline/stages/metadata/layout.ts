/**
 * Physical rows of a page from its OCR words. OCR engines disagree on what a "line" is on a page
 * with two columns side by side: Tesseract's automatic layout joins the organ name and the national
 * title into one line, other settings return them as two. Rows here are built the same way in both
 * cases (words at the same height, left to right) so that the readers of the layout split columns
 * by position, never by the engine's grouping.
 */
import type { Box, OcrResult } from '../../domain.js';
import { cleanOcrText } from './text.js';

export interface Token {
  readonly text: string;
  readonly box: Box;
  /** OCR confidence, 0–1 */
  readonly conf: number;
}

export interface Row {
  /** Left to right */
  readonly tokens: readonly Token[];
  readonly box: Box;
  /** Tokens joined by one space */
  readonly text: string;
}

export interface PageLayout {
  /** Index of the page within the document */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  /** Top to bottom */
  readonly rows: readonly Row[];
  /** Median row height in pixels (about the font size) */
  readonly lineHeight: number;
  /** Left and right edges of the text block (robust: body lines, not specks) */
  readonly left: number;
  readonly right: number;
}

/** A row made of `tokens` (any order). */
export function makeRow(tokens: readonly Token[]): Row {
  const sorted = [...tokens].sort((a, b) => a.box.x0 - b.box.x0);
  return {
    tokens: sorted,
    box: unionBox(sorted.map((t) => t.box)),
    text: sorted.map((t) => t.text).join(' '),
  };
}

/** Smallest box holding every box of `boxes` (a zero box when there are none). */
export function unionBox(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { x0: 0, y0: 0, x1: 0, y1: 0 };
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

const height = (b: Box): number => Math.max(1, b.y1 - b.y0);

function sameRow(a: Box, b: Box): boolean {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  const small = Math.min(height(a), height(b));
  const ratio = Math.max(height(a), height(b)) / small;
  const apart = a.x1 <= b.x0 || b.x1 <= a.x0;
  // Tall boxes are seals and signatures read as text: they never join a row of print.
  return apart && ratio <= 1.7 && overlap >= 0.6 * small;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))] ?? 0;
}

/**
 * The rows of one OCR result. Empty words are dropped; lines of the engine that sit side by side
 * at the same height are joined into one row.
 */
export function pageLayout(ocr: OcrResult, page: number): PageLayout {
  const groups: Token[][] = [];
  for (const line of ocr.lines) {
    const tokens: Token[] = [];
    for (let i = line.wordStart; i < line.wordEnd; i++) {
      const w = ocr.words[i];
      if (w === undefined) continue;
      const text = cleanOcrText(w.text);
      if (text === '') continue;
      tokens.push({ text, box: w.bbox, conf: Math.max(0, Math.min(1, w.confidence / 100)) });
    }
    if (tokens.length > 0) groups.push(tokens);
  }
  let rows = groups.map(makeRow).sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const a = rows[i];
        const b = rows[j];
        if (a === undefined || b === undefined) continue;
        if (b.box.y0 > a.box.y1) break;
        if (sameRow(a.box, b.box)) {
          rows = [
            ...rows.slice(0, i),
            makeRow([...a.tokens, ...b.tokens]),
            ...rows.slice(i + 1, j),
            ...rows.slice(j + 1),
          ];
          merged = true;
          break outer;
        }
      }
    }
  }
  const wide = rows.filter((r) => r.tokens.length >= 3);
  const basis = wide.length > 0 ? wide : rows;
  return {
    page,
    width: ocr.width,
    height: ocr.height,
    rows,
    lineHeight: Math.max(
      1,
      percentile(
        rows.map((r) => height(r.box)),
        0.5,
      ),
    ),
    left: percentile(
      basis.map((r) => r.box.x0),
      0.1,
    ),
    right: percentile(
      basis.map((r) => r.box.x1),
      0.9,
    ),
  };
}

/**
 * Cuts a row's tokens (left to right) into phrases wherever the space between two words is wider
 * than `gap` pixels: the columns of the header band and of the signer block.
 */
export function phrases(tokens: readonly Token[], gap: number): Token[][] {
  const out: Token[][] = [];
  for (const t of tokens) {
    const cur = out[out.length - 1];
    const prev = cur?.[cur.length - 1];
    if (cur === undefined || prev === undefined || t.box.x0 - prev.box.x1 > gap) out.push([t]);
    else cur.push(t);
  }
  return out;
}

/** Centre of a box on the x axis. */
export const centerX = (b: Box): number => (b.x0 + b.x1) / 2;
