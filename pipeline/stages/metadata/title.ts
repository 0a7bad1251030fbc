/**
 * Tên loại and trích yếu (NĐ 30/2020 ô 5a/5b): the type name centred in capitals under the header
 * band ("QUYẾT ĐỊNH") with the trích yếu in centred lines under it; a công văn prints no type name
 * and carries its trích yếu as "V/v …" under the number instead.
 */
import { DOC_TYPES, type DocTypeEntry } from '../../../core/domain/code-lists.js';
import { compareKey } from '../../../core/domain/vn-text.js';
import { vvRows, type Header } from './header.js';
import { centerX, unionBox, type PageLayout, type Row, type Token } from './layout.js';
import { reinforce } from './consensus.js';
import type { Reading } from './organ.js';
import { approxFind, isUpperText, skeleton, toOldToneStyle } from './text.js';

export interface TitleReading {
  /** The printed type name in capitals, e.g. "QUYẾT ĐỊNH"; "CÔNG VĂN" for a công văn */
  readonly docType: Reading | null;
  readonly entry: DocTypeEntry | null;
  readonly summary: Reading | null;
  /** True when the trích yếu came from "V/v" lines */
  readonly fromVv: boolean;
}

/** Types that are printed as a centred title (not công văn, maps, drawings or "other"). */
const TITLED = DOC_TYPES.filter((d) => !['22', '29', '30', '31', '32'].includes(d.code));
const CONG_VAN = DOC_TYPES.find((d) => d.code === '22') ?? null;

const STOP_WORDS = ['KINH GUI', 'CAN CU', 'THUC HIEN', 'NOI NHAN'];

const meanConf = (tokens: readonly Token[]): number =>
  tokens.reduce((s, t) => s + t.conf, 0) / Math.max(1, tokens.length);

/** Drops tokens without a letter or digit at both ends of a line (rules, specks, "|"). */
function trimJunk(tokens: readonly Token[]): Token[] {
  const ok = (t: Token): boolean => /[\p{L}\p{N}]/u.test(t.text);
  let a = 0;
  let b = tokens.length;
  while (a < b && !ok(tokens[a] as Token)) a++;
  while (b > a && !ok(tokens[b - 1] as Token)) b--;
  return tokens.slice(a, b);
}

function joinLines(lines: readonly (readonly Token[])[]): string {
  return lines
    .map((ts) => ts.map((t) => t.text).join(' '))
    .join(' ')
    .replace(/\s+([,;:.)])/g, '$1')
    .replace(/([,;:])[.,;:]+/g, '$1')
    .replace(/[\s.;:,]+$/u, '')
    .trim();
}

interface TypeMatch {
  readonly row: number;
  readonly entry: DocTypeEntry;
  readonly tokens: Token[];
  readonly rate: number;
}

function matchType(layout: PageLayout, rows: readonly Row[]): TypeMatch | null {
  const mid = (layout.left + layout.right) / 2;
  const width = Math.max(1, layout.right - layout.left);
  let best: TypeMatch | null = null;
  rows.forEach((row, i) => {
    const tokens = trimJunk(row.tokens);
    const text = skeleton(tokens.map((t) => t.text).join(' '));
    if (text === '') return;
    for (const entry of TITLED) {
      const name = skeleton(entry.vi);
      const m = approxFind(text, name, Math.max(1, Math.floor(name.length * 0.2)));
      if (m === null) continue;
      // the whole line is the type name: nothing else but a stray mark around it
      if (text.length - (m.end - m.start) > 3) continue;
      const box = unionBox(tokens.map((t) => t.box));
      if (Math.abs(centerX(box) - mid) > 0.2 * width) continue;
      if (!isUpperText(tokens.map((t) => t.text).join(''), 0.6)) continue;
      const rate = m.errors / name.length;
      if (
        best === null ||
        rate < best.rate ||
        (rate === best.rate && name.length > skeleton(best.entry.vi).length)
      ) {
        best = { row: i, entry, tokens, rate };
      }
    }
  });
  return best;
}

function summaryAfter(layout: PageLayout, rows: readonly Row[]): Token[][] {
  const lh = layout.lineHeight;
  const mid = (layout.left + layout.right) / 2;
  const width = Math.max(1, layout.right - layout.left);
  const lines: Token[][] = [];
  let prevBottom: number | null = null;
  for (const row of rows) {
    const tokens = trimJunk(row.tokens);
    if (tokens.length === 0) continue;
    const box = unionBox(tokens.map((t) => t.box));
    const text = tokens.map((t) => t.text).join(' ');
    if (prevBottom !== null && box.y0 - prevBottom > 0.9 * lh) break;
    if (Math.abs(centerX(box) - mid) > 0.12 * width) break;
    if (isUpperText(text) && lines.length > 0) break;
    if (isUpperText(text) && text.length > 40) break;
    const sk = skeleton(text);
    if (STOP_WORDS.some((w) => sk.startsWith(w))) break;
    lines.push(tokens);
    prevBottom = box.y1;
    if (lines.length >= 6) break;
  }
  return lines;
}

function vvSummary(header: Header): Token[][] {
  const rows = vvRows(header);
  const lines: Token[][] = [];
  rows.forEach((row, i) => {
    let tokens = trimJunk(row.tokens);
    if (i === 0) {
      const first = tokens[0];
      if (first !== undefined) {
        const rest = first.text.replace(/^V\s*[/|l1I]\s*[vVy]/u, '').trim();
        tokens = rest === '' ? tokens.slice(1) : [{ ...first, text: rest }, ...tokens.slice(1)];
      }
    }
    if (STOP_WORDS.some((w) => skeleton(tokens.map((t) => t.text).join(' ')).startsWith(w))) return;
    if (tokens.length > 0) lines.push(tokens);
  });
  return lines;
}

/**
 * Reads the type name and the trích yếu of a first page whose header band is known. `elsewhere`
 * are the document's other rows (any page): where the body repeats the trích yếu, its reading
 * restores marks OCR lost in the bold title (see ./consensus.ts).
 */
export function readTitle(
  layout: PageLayout,
  header: Header,
  elsewhere: readonly Row[] = [],
): TitleReading {
  const below = layout.rows.filter((r) => r.box.y0 >= header.bottom - 0.3 * layout.lineHeight);
  const candidates = below.slice(0, 5);
  const type = matchType(layout, candidates);
  let docType: Reading | null = null;
  let summaryLines: Token[][] = [];
  let entry: DocTypeEntry | null = null;
  if (type !== null) {
    entry = type.entry;
    const printed = type.tokens
      .map((t) => t.text)
      .join(' ')
      .toLocaleUpperCase('vi');
    const canonical = entry.vi.toLocaleUpperCase('vi');
    const text =
      compareKey(printed) === compareKey(canonical)
        ? printed
        : header.style === 'old'
          ? toOldToneStyle(canonical)
          : canonical;
    docType = {
      text,
      tokens: type.tokens,
      confidence: meanConf(type.tokens) * (1 - type.rate),
    };
    summaryLines = summaryAfter(layout, below.slice(type.row + 1));
  }
  const vv = vvSummary(header);
  let fromVv = false;
  if (summaryLines.length === 0 && vv.length > 0) {
    summaryLines = vv;
    fromVv = true;
    if (type === null && CONG_VAN !== null) {
      entry = CONG_VAN;
      const tokens = vv.flat();
      docType = {
        text: 'CÔNG VĂN',
        tokens: tokens.slice(0, 1),
        confidence: 0.9 * meanConf(tokens),
      };
    }
  }
  const tokens = summaryLines.flat();
  const own = new Set(tokens);
  const { texts, changed } = reinforce(
    tokens,
    elsewhere.filter((r) => !r.tokens.some((t) => own.has(t))),
  );
  let k = 0;
  const text = joinLines(
    summaryLines.map((line) => line.map((t) => ({ ...t, text: texts[k++] ?? t.text }))),
  );
  return {
    docType,
    entry,
    summary:
      text === '' ? null : { text, tokens, confidence: meanConf(tokens) * Math.pow(0.97, changed) },
    fromVv,
  };
}
