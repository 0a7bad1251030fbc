/**
 * Text helpers for reading OCR output of Vietnamese administrative pages: a diacritic-free
 * "skeleton" to compare spellings, edit distances, approximate substring search and the repair
 * of the character slips OCR makes in numbers.
 *
 * Why by hand: the installed packages have no fuzzy matcher, and the approximate substring search
 * (Sellers' variant of the edit distance) is twenty lines; a dependency for it is not worth it.
 */
import { normalizeText, stripDiacritics, toNewToneStyle } from '../../../core/domain/vn-text.js';

/**
 * Cleans one OCR string: NFC, the Icelandic eth (which OCR returns for "Đ") mapped to Đ, typographic
 * dashes and quotes made plain, single spaces.
 */
export function cleanOcrText(s: string): string {
  return normalizeText(
    s
      .normalize('NFC')
      .replace(/\u00d0/g, 'Đ')
      .replace(/\u00f0/g, 'đ')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\u2018\u2019\u201a\u201b`´]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f]/g, '"'),
  );
}

/**
 * Upper-case letters and digits without diacritics, every other run of characters folded to one
 * space: "Số: 58 /TTr-STC" → "SO 58 TTR STC". Equal skeletons mean "the same words, maybe with
 * diacritics lost", the most common OCR slip on Vietnamese.
 */
export function skeleton(s: string): string {
  return stripDiacritics(s.normalize('NFC'))
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** Levenshtein distance of two strings (code units; callers pass NFC or skeletons). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

export interface ApproxMatch {
  /** Offsets into the searched string: [start, end) */
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

/**
 * Best occurrence of `needle` anywhere inside `hay` allowing insertions, deletions and
 * substitutions, or null when every occurrence needs more than `maxErrors` edits. Ties go to the
 * leftmost, then the longest, occurrence.
 */
export function approxFind(hay: string, needle: string, maxErrors: number): ApproxMatch | null {
  const m = needle.length;
  if (m === 0) return null;
  // cost[i], from[i]: edits and start offset of the best alignment of needle[0..i) ending here
  let cost = new Int32Array(m + 1);
  let from = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1);
  let nextFrom = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) cost[i] = i;
  let best: ApproxMatch | null = null;
  for (let j = 1; j <= hay.length; j++) {
    const h = hay.charCodeAt(j - 1);
    nextCost[0] = 0;
    nextFrom[0] = j;
    for (let i = 1; i <= m; i++) {
      const diag = (cost[i - 1] as number) + (needle.charCodeAt(i - 1) === h ? 0 : 1);
      const up = (cost[i] as number) + 1;
      const left = (nextCost[i - 1] as number) + 1;
      if (diag <= up && diag <= left) {
        nextCost[i] = diag;
        nextFrom[i] = from[i - 1] as number;
      } else if (up <= left) {
        nextCost[i] = up;
        nextFrom[i] = from[i] as number;
      } else {
        nextCost[i] = left;
        nextFrom[i] = nextFrom[i - 1] as number;
      }
    }
    [cost, nextCost] = [nextCost, cost];
    [from, nextFrom] = [nextFrom, from];
    const errors = cost[m] as number;
    if (errors <= maxErrors && (best === null || errors < best.errors)) {
      best = { start: from[m] as number, end: j, errors };
    }
  }
  return best;
}

const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  i: '1',
  '|': '1',
  ']': '1',
  '[': '1',
  '!': '1',
  j: '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  G: '6',
  B: '8',
  g: '9',
};

/**
 * Reads a token that should be a number, repairing the letters OCR confuses with digits
 * ("0l" → "01", "2O19" → "2019"), or null when it is not a number at all. At least one real
 * digit is required so that words are never turned into numbers.
 */
export function repairDigits(token: string): string | null {
  const t = token.trim();
  if (t === '' || !/\d/.test(t)) return null;
  let out = '';
  for (const ch of t) {
    if (ch >= '0' && ch <= '9') out += ch;
    else {
      const d = DIGIT_LOOKALIKES[ch];
      if (d === undefined) return null;
      out += d;
    }
  }
  return out;
}

/** True when the letters of `s` are (almost) all capitals, as in headings and organ names. */
export function isUpperText(s: string, minShare = 0.8): boolean {
  const letters = [...s].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return false;
  const upper = letters.filter(
    (c) => c === c.toLocaleUpperCase('vi') && c !== c.toLocaleLowerCase('vi'),
  );
  return upper.length / letters.length >= minShare;
}

/** "CÀ MAU" → "Cà Mau": each word with a capital first letter. */
export function titleCaseVi(s: string): string {
  return s
    .toLocaleLowerCase('vi')
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toLocaleUpperCase('vi'));
}

/**
 * Moves the tone mark of open "oa", "oe", "uy" syllables to the second vowel ("hòa" → "hoà"),
 * the placement older documents print. The inverse of `toNewToneStyle` of core/domain/vn-text.ts.
 */
export function toOldToneStyle(s: string): string {
  return s.normalize('NFC').replace(/\p{L}+/gu, (word) => {
    const d = word.normalize('NFD');
    const m = /^(.*?)([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])$/u.exec(d);
    if (m === null) return word;
    const [, head = '', v1 = '', tone = '', v2 = ''] = m;
    if ((v1 === 'u' || v1 === 'U') && v2 !== 'y' && v2 !== 'Y') return word;
    if ((v1 === 'o' || v1 === 'O') && (v2 === 'y' || v2 === 'Y')) return word;
    if (/[qQ]$/.test(head)) return word;
    return (head + v1 + v2 + tone).normalize('NFC');
  });
}

/** `s` in the tone placement of the document, or unchanged when the placement is unknown. */
export function inToneStyle(s: string, style: 'old' | 'new' | null): string {
  if (style === 'old') return toOldToneStyle(s);
  if (style === 'new') return toNewToneStyle(s);
  return s;
}

/** Strips punctuation OCR attaches to the ends of a word ("„Số", "tỉnh;", "“Mai"). */
export function trimPunctuation(s: string): string {
  return s.replace(/^[^\p{Lu}\p{Ll}\p{N}]+/u, '').replace(/[^\p{Lu}\p{Ll}\p{N}.]+$/u, '');
}

/**
 * True when `s` has a letter. Modifier letters (ˆ, ʼ) are not letters here: OCR returns them for
 * specks and for the marks of a seal.
 */
export const hasLetter = (s: string): boolean => /[\p{Lu}\p{Ll}]/u.test(s);
