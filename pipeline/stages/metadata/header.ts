/**
 * The top band of a first page (NĐ 30/2020 Phụ lục I, and the older TT 01/2011 layout): the left
 * column holds the parent organ, the issuing organ, "Số: …" and, on a công văn, the "V/v …"
 * lines; the right column holds the national title, the motto and "<place>, ngày … tháng … năm …".
 *
 * The columns are told apart by the national title: wherever OCR found it, its first letter marks
 * the gutter, even when the organ name touches it and OCR read both as one word
 * ("DƯƠNGCỘNG HÒA…").
 */
import {
  centerX,
  makeRow,
  phrases,
  unionBox,
  type PageLayout,
  type Row,
  type Token,
} from './layout.js';
import { findNumberLine } from './number.js';
import { findDate } from './date.js';
import { approxFind, skeleton, type ApproxMatch } from './text.js';
import type { ToneStyle } from './lexicon/correct.js';

/** National titles (the current one and those of 1945–1976) and mottos, as skeletons. */
const NATIONAL_TITLES = [
  'CONG HOA XA HOI CHU NGHIA VIET NAM',
  'VIET NAM DAN CHU CONG HOA',
  'CONG HOA MIEN NAM VIET NAM',
];
const MOTTOS = ['DOC LAP TU DO HANH PHUC', 'DOC LAP DAN CHU HOA BINH TRUNG LAP'];

/** The header band is searched in this top share of the page. */
const TOP_SHARE = 0.42;

export interface TextSpan {
  readonly tokens: readonly Token[];
  readonly text: string;
}

export interface Header {
  readonly layout: PageLayout;
  /** x of the boundary between the left and the right column */
  readonly gutter: number;
  readonly nationalTitle: TextSpan | null;
  readonly motto: TextSpan | null;
  /** Left column rows, top to bottom, cut at the gutter */
  readonly left: readonly Row[];
  /** Index into `left` of the "Số: …" row, or -1 */
  readonly numberRow: number;
  /** Right column rows, top to bottom, cut at the gutter */
  readonly right: readonly Row[];
  /** Index into `right` of the place/date row, or -1 */
  readonly dateRow: number;
  /** Bottom of the band: the type name and trích yếu start below */
  readonly bottom: number;
  /** Tone placement the national title is printed with ("HÒA" new, "HOÀ" old) */
  readonly style: ToneStyle | null;
  /** 0–1: how much this looks like the header of a first page */
  readonly evidence: number;
}

interface SkeletonMap {
  readonly text: string;
  /** For each token, its [start, end) in `text`, or null when it has no letters or digits */
  readonly spans: readonly ([number, number] | null)[];
}

function skeletonMap(tokens: readonly Token[]): SkeletonMap {
  let text = '';
  const spans: ([number, number] | null)[] = [];
  for (const t of tokens) {
    const s = skeleton(t.text);
    if (s === '') {
      spans.push(null);
      continue;
    }
    if (text !== '') text += ' ';
    spans.push([text.length, text.length + s.length]);
    text += s;
  }
  return { text, spans };
}

interface Found {
  readonly row: Row;
  readonly match: ApproxMatch;
  readonly map: SkeletonMap;
  /** errors per character of the pattern */
  readonly rate: number;
}

function findPattern(
  rows: readonly Row[],
  patterns: readonly string[],
  maxRate: number,
): Found | null {
  let best: Found | null = null;
  for (const row of rows) {
    const map = skeletonMap(row.tokens);
    for (const p of patterns) {
      const m = approxFind(map.text, p, Math.floor(p.length * maxRate));
      if (m === null) continue;
      const rate = m.errors / p.length;
      if (best === null || rate < best.rate) best = { row, match: m, map, rate };
    }
  }
  return best;
}

/**
 * Splits a row's tokens at a character offset of its skeleton; a token cut in the middle is
 * divided in proportion to its letters (OCR joined two words of two columns).
 */
function cutAtOffset(row: Row, map: SkeletonMap, offset: number): [Token[], Token[]] {
  const before: Token[] = [];
  const after: Token[] = [];
  row.tokens.forEach((t, i) => {
    const span = map.spans[i];
    if (span === null || span === undefined) {
      (t.box.x1 <= xAtOffset(row, map, offset) ? before : after).push(t);
      return;
    }
    const [s, e] = span;
    if (e <= offset) before.push(t);
    else if (s >= offset) after.push(t);
    else {
      const share = (offset - s) / (e - s);
      const chars = [...t.text];
      const cut = Math.round(chars.length * share);
      const x = Math.round(t.box.x0 + (t.box.x1 - t.box.x0) * share);
      before.push({ text: chars.slice(0, cut).join(''), box: { ...t.box, x1: x }, conf: t.conf });
      after.push({ text: chars.slice(cut).join(''), box: { ...t.box, x0: x }, conf: t.conf });
    }
  });
  return [before.filter((t) => t.text !== ''), after.filter((t) => t.text !== '')];
}

function xAtOffset(row: Row, map: SkeletonMap, offset: number): number {
  for (let i = 0; i < row.tokens.length; i++) {
    const span = map.spans[i];
    const t = row.tokens[i];
    if (span === null || span === undefined || t === undefined) continue;
    const [s, e] = span;
    if (offset <= s) return t.box.x0;
    if (offset < e) return t.box.x0 + ((t.box.x1 - t.box.x0) * (offset - s)) / (e - s);
  }
  return row.box.x1;
}

function tokensOfMatch(row: Row, map: SkeletonMap, m: ApproxMatch): Token[] {
  const [, rest] = cutAtOffset(row, map, m.start);
  const restRow = makeRow(rest);
  const restMap = skeletonMap(restRow.tokens);
  const [inside] = cutAtOffset(restRow, restMap, m.end - m.start);
  return inside;
}

const span = (tokens: readonly Token[]): TextSpan => ({
  tokens,
  text: tokens.map((t) => t.text).join(' '),
});

const hasLetters = (tokens: readonly Token[]): boolean =>
  tokens.some((t) => /[\p{L}\p{N}]/u.test(t.text));

/**
 * Splits a row into its left- and right-column words. Words go by phrase (runs of words with
 * ordinary spaces): a phrase centred right of the gutter is right-column text even when it starts
 * left of it ("Hà Nam Ninh, ngày …" is wider than the national title above it). Only a phrase
 * that runs well across the gutter from the left is cut word by word.
 */
function cutAtX(row: Row, x: number, lh: number): [Token[], Token[]] {
  const before: Token[] = [];
  const after: Token[] = [];
  for (const p of phrases(row.tokens, 2 * lh)) {
    const box = unionBox(p.map((t) => t.box));
    if (centerX(box) >= x) after.push(...p);
    else if (box.x1 <= x + 2 * lh) before.push(...p);
    else for (const t of p) (centerX(t.box) < x ? before : after).push(t);
  }
  return [before, after];
}

function toneStyleOf(text: string): ToneStyle | null {
  const s = text.normalize('NFC').toLocaleUpperCase('vi');
  if (s.includes('HÒA')) return 'new';
  if (s.includes('HOÀ')) return 'old';
  return null;
}

const isVv = (tokens: readonly Token[]): boolean => {
  const first = tokens[0]?.text ?? '';
  return /^V\s*[/|l1I]\s*[vVy]\b/u.test(first + ' ') || /^V\/$/u.test(first);
};

/**
 * Reads the header band of a page, or null when the page shows no sign of one (no national title,
 * motto, number line or date line near the top).
 */
export function readHeader(layout: PageLayout): Header | null {
  const limit = layout.height * TOP_SHARE;
  const top = layout.rows.filter((r) => r.box.y0 < limit);
  if (top.length === 0) return null;
  const lh = layout.lineHeight;

  const title = findPattern(top, NATIONAL_TITLES, 0.25);
  const motto = findPattern(
    title === null ? top : top.filter((r) => r.box.y0 >= title.row.box.y0 - lh),
    MOTTOS,
    0.25,
  );
  let gutter: number;
  if (title !== null) gutter = xAtOffset(title.row, title.map, title.match.start);
  else if (motto !== null) {
    const m = tokensOfMatch(motto.row, motto.map, motto.match);
    const x0 = m[0]?.box.x0 ?? motto.row.box.x0;
    const x1 = m[m.length - 1]?.box.x1 ?? motto.row.box.x1;
    // the national title is about 1.5 times as wide as the motto and centred over it
    gutter = x0 - 0.25 * (x1 - x0) - lh;
  } else gutter = (layout.left + layout.right) / 2;

  const startY = (title ?? motto)?.row.box.y0 ?? top[0]?.box.y0 ?? 0;
  const band = top.filter((r) => r.box.y1 >= startY - 1.5 * lh);
  const left: Row[] = [];
  const right: Row[] = [];
  let numberRow = -1;
  let dateRow = -1;
  let bottom = startY;
  let inVv = false;
  for (const row of band) {
    let l: Token[];
    let r: Token[];
    if (title !== null && row === title.row)
      [l, r] = cutAtOffset(row, title.map, title.match.start);
    else [l, r] = cutAtX(row, gutter, lh);
    if (numberRow >= 0 || dateRow >= 0) {
      // below the number and date rows the band goes on only with a partner row set a little
      // lower (date under number, or the reverse) and with the "V/v" lines of a công văn
      const leftOnly = r.length === 0 || !hasLetters(r);
      const lateDate =
        !leftOnly && !hasLetters(l) && dateRow < 0 && findDate(span(r).text) !== null;
      const lateNumber = leftOnly && numberRow < 0 && findNumberLine(span(l).text) !== null;
      const vv: boolean =
        leftOnly &&
        hasLetters(l) &&
        !skeleton(span(l).text).startsWith('KINH GUI') &&
        (isVv(l) || (inVv && row.box.y0 - bottom <= 1.2 * lh));
      if (!lateDate && !lateNumber && !vv) break;
      inVv ||= vv;
    } else if (row.box.y0 > startY + 12 * lh) break;
    if (hasLetters(l)) {
      left.push(makeRow(l));
      if (numberRow < 0 && findNumberLine(span(l).text) !== null) numberRow = left.length - 1;
    }
    if (hasLetters(r)) {
      right.push(makeRow(r));
      if (dateRow < 0 && findDate(span(r).text) !== null) dateRow = right.length - 1;
    }
    bottom = Math.max(bottom, row.box.y1);
  }

  const evidence = Math.min(
    1,
    (title !== null ? 0.45 : 0) +
      (motto !== null ? 0.2 : 0) +
      (numberRow >= 0 ? 0.25 : 0) +
      (dateRow >= 0 ? 0.2 : 0),
  );
  if (evidence < 0.4) return null;
  const titleSpan = title === null ? null : span(tokensOfMatch(title.row, title.map, title.match));
  return {
    layout,
    gutter,
    nationalTitle: titleSpan,
    motto: motto === null ? null : span(tokensOfMatch(motto.row, motto.map, motto.match)),
    left,
    numberRow,
    right,
    dateRow,
    bottom,
    style: titleSpan === null ? null : toneStyleOf(titleSpan.text),
    evidence,
  };
}

/** The "V/v …" rows of a công văn's left column, after the number row. */
export function vvRows(header: Header): Row[] {
  const from = header.numberRow >= 0 ? header.numberRow + 1 : 0;
  const rows = header.left.slice(from);
  const start = rows.findIndex((r) => isVv(r.tokens));
  return start < 0 ? [] : rows.slice(start);
}
