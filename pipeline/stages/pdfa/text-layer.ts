/**
 * The invisible text of one page: every OCR word drawn in text render mode 3 (neither fill nor
 * stroke) with the glyphless font, stretched with `Tz` so its advance spans the word's box, and a
 * space stretched over the gap to the next word of the line. Viewers then select and highlight the
 * word where it is printed on the scan, and `pdftotext -bbox` reports tesseract's words and boxes.
 */
import type { OcrResult } from '../../domain.js';
import { ASCENT, DESCENT, GLYPH_ADVANCE } from './glyphless-font.js';
import type { CidAllocator } from './to-unicode.js';

/** Pixels → points: the page's scale factors and its height in points (PDF's y axis points up). */
export interface PageGeometry {
  readonly ptPerPxX: number;
  readonly ptPerPxY: number;
  readonly heightPt: number;
}

/**
 * Content-stream operators that draw `ocr`'s words with font resource `fontName`, or '' when the
 * page has no words. Each word's glyph box is its OCR box (font size from its height, baseline
 * from its bottom); marks much shorter than their line's words are drawn at the line's median word
 * height, centred on the mark.
 */
export function textLayerOperators(
  ocr: OcrResult | null,
  geo: PageGeometry,
  cids: CidAllocator,
  fontName: string,
): string {
  if (ocr === null || ocr.words.length === 0) return '';
  const ops: string[] = ['BT', '3 Tr'];
  const emHeight = (ASCENT - DESCENT) / 1000;
  const descent = -DESCENT / 1000;
  let lastSize = -1;
  const space = cids.encode(' ');
  const typicalHeight = medianHeights(ocr);
  for (const [i, word] of ocr.words.entries()) {
    // Each word spans its own box, so extraction reports the OCR's box. Marks much shorter than
    // the words of their line (dashes, dots) are drawn at the line's usual word height, centred on
    // the mark: at a font size of a sixth of their neighbours', poppler would read them as lines
    // of their own ("Độc lập / - / Tự do").
    const typical = typicalHeight.get(word.line) ?? word.bbox.y1 - word.bbox.y0;
    const h = word.bbox.y1 - word.bbox.y0;
    const mid = (word.bbox.y0 + word.bbox.y1) / 2;
    const box =
      h < MIN_WORD_HEIGHT_SHARE * typical
        ? { y0: mid - typical / 2, y1: mid + typical / 2 }
        : { y0: word.bbox.y0, y1: word.bbox.y1 };
    const glyphs = [...word.text].length;
    const widthPt = (word.bbox.x1 - word.bbox.x0) * geo.ptPerPxX;
    const size = round(((box.y1 - box.y0) * geo.ptPerPxY) / emHeight);
    if (glyphs === 0 || widthPt <= 0 || size <= 0) continue;
    // The box bottom includes descenders; the font's descent puts the baseline above it.
    const baseline = geo.heightPt - box.y1 * geo.ptPerPxY + descent * size;
    const naturalWidth = (glyphs * GLYPH_ADVANCE * size) / 1000;
    if (size !== lastSize) {
      ops.push(`/${fontName} ${num(size)} Tf`);
      lastSize = size;
    }
    ops.push(
      `${num((100 * widthPt) / naturalWidth)} Tz`,
      `1 0 0 1 ${num(word.bbox.x0 * geo.ptPerPxX)} ${num(baseline)} Tm`,
      `<${cids.encode(word.text)}> Tj`,
    );
    // A real space to the next word of the line, stretched over the gap: text extraction then
    // splits words where the OCR did, however close they sit (without it poppler joined words
    // closer than about a fifth of the font size: "Đàotạo").
    const next = ocr.words[i + 1];
    if (next !== undefined && next.line === word.line) {
      const gapPt = Math.max((next.bbox.x0 - word.bbox.x1) * geo.ptPerPxX, size * 0.05);
      ops.push(
        `${num((100 * gapPt) / ((GLYPH_ADVANCE * size) / 1000))} Tz`,
        `1 0 0 1 ${num(word.bbox.x1 * geo.ptPerPxX)} ${num(baseline)} Tm`,
        `<${space}> Tj`,
      );
    }
  }
  ops.push('ET');
  return ops.join('\n');
}

/** The median word height of each line (by line index). */
function medianHeights(ocr: OcrResult): Map<number, number> {
  const byLine = new Map<number, number[]>();
  for (const w of ocr.words) {
    const hs = byLine.get(w.line) ?? [];
    hs.push(w.bbox.y1 - w.bbox.y0);
    byLine.set(w.line, hs);
  }
  const out = new Map<number, number>();
  for (const [line, hs] of byLine) {
    hs.sort((a, b) => a - b);
    out.set(line, hs[Math.floor(hs.length / 2)] ?? 0);
  }
  return out;
}

/** Below this share of its line's median word height a mark is drawn at that height (see above). */
const MIN_WORD_HEIGHT_SHARE = 0.5;

const round = (v: number): number => Math.round(v * 100) / 100;

/** A PDF number: at most 3 decimals, no exponent, no trailing zeros. */
export function num(v: number): string {
  const s = (Math.round(v * 1000) / 1000).toFixed(3);
  return s.replace(/\.?0+$/, '') || '0';
}
