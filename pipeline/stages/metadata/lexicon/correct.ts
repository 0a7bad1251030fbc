/**
 * Repairs words of a closed vocabulary (organ names, positions, personal names) that OCR misread.
 * A word is left alone when it is already a word of the vocabulary in either tone placement; it is
 * replaced only when its diacritic-free skeleton, or a skeleton one letter away, leads to a single
 * best entry. Anything else is kept as read: a wrong repair is worse than a visible slip.
 */
import { compareKey, stripDiacritics } from '../../../../core/domain/vn-text.js';
import { editDistance, skeleton, toOldToneStyle } from '../text.js';

export interface Vocabulary {
  readonly keys: ReadonlySet<string>;
  readonly bySkeleton: ReadonlyMap<string, readonly string[]>;
}

/** Indexes `words` (first occurrence wins ties, so list frequent words first). */
export function vocabulary(words: readonly string[]): Vocabulary {
  const keys = new Set<string>();
  const bySkeleton = new Map<string, string[]>();
  for (const w of words) {
    const k = compareKey(w);
    if (keys.has(k)) continue;
    keys.add(k);
    const s = skeleton(w);
    const list = bySkeleton.get(s);
    if (list === undefined) bySkeleton.set(s, [w]);
    else list.push(w);
  }
  return { keys, bySkeleton };
}

export type ToneStyle = 'old' | 'new';

export interface Correction {
  readonly text: string;
  /** 'known': already a word of the vocabulary; 'repaired': replaced; 'unknown': kept as read */
  readonly status: 'known' | 'repaired' | 'unknown';
}

const COMBINING = /[\u0300-\u036f]/;

/**
 * Edit distance between two spellings where a diacritic costs half a letter (OCR loses marks far
 * more often than letters), and a different first letter a quarter more (OCR rarely misreads the
 * capital that starts a name or an organ word).
 */
export function spellingDistance(a: string, b: string): number {
  const x = [...a.normalize('NFD').toLocaleLowerCase('vi')];
  const y = [...b.normalize('NFD').toLocaleLowerCase('vi')];
  const cost = (c: string | undefined): number => (c !== undefined && COMBINING.test(c) ? 0.5 : 1);
  let prev = [0];
  for (let j = 1; j <= y.length; j++) prev.push((prev[j - 1] ?? 0) + cost(y[j - 1]));
  for (let i = 1; i <= x.length; i++) {
    const cur = [(prev[0] ?? 0) + cost(x[i - 1])];
    for (let j = 1; j <= y.length; j++) {
      const xi = x[i - 1];
      const yj = y[j - 1];
      // Đ and D differ by a bar OCR often loses: a mark's worth
      const bar = (xi === 'đ' && yj === 'd') || (xi === 'd' && yj === 'đ');
      const sub = xi === yj ? 0 : bar ? 0.5 : Math.max(cost(xi), cost(yj));
      cur.push(
        Math.min((prev[j - 1] ?? 0) + sub, (prev[j] ?? 0) + cost(xi), (cur[j - 1] ?? 0) + cost(yj)),
      );
    }
    prev = cur;
  }
  const first = (s: string): string => stripDiacritics(s).slice(0, 1).toLocaleLowerCase('vi');
  return (prev[y.length] ?? 0) + (first(a) === first(b) ? 0 : 0.25);
}

/**
 * The vocabulary word `word` most likely stands for. `style` picks the tone placement of a
 * repaired word so that it matches the rest of the document.
 */
export function correctWord(
  word: string,
  vocab: Vocabulary,
  o: {
    readonly fuzzy?: boolean;
    /** Shortest skeleton a one-letter repair is tried on (default 4: short words are too close) */
    readonly fuzzyFrom?: number;
    readonly style?: ToneStyle;
  } = {},
): Correction {
  if (word === '') return { text: word, status: 'unknown' };
  if (vocab.keys.has(compareKey(word))) return { text: word, status: 'known' };
  const sk = skeleton(word);
  if (sk === '' || /\d/.test(sk)) return { text: word, status: 'unknown' };
  let candidates = vocab.bySkeleton.get(sk) ?? [];
  if (candidates.length === 0 && o.fuzzy === true && sk.length >= (o.fuzzyFrom ?? 4)) {
    const near: string[] = [];
    for (const [s, ws] of vocab.bySkeleton) {
      if (Math.abs(s.length - sk.length) <= 1 && editDistance(s, sk) === 1) near.push(...ws);
    }
    candidates = near;
  }
  if (candidates.length === 0) return { text: word, status: 'unknown' };
  let pick = word;
  let pickD = Infinity;
  for (const c of candidates) {
    const d = spellingDistance(word, c);
    if (d < pickD) {
      pick = c;
      pickD = d;
    }
  }
  const styled = o.style === 'old' ? toOldToneStyle(pick) : pick;
  return { text: styled, status: 'repaired' };
}
