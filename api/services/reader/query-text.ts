/**
 * What a reader typed into the search box: a number and symbol ("146/KH-UBND", "QĐ-UBND"), or
 * words to find in the text and metadata; whether diacritics count; and the words to highlight.
 * Pure: the SQL is built in search.ts from what this returns.
 */
import { stripDiacritics } from '../../../core/domain/vn-text.js';

/** How diacritics are matched: `match` as typed, `ignore` folded away, `auto` by the query. */
export type DiacriticsMode = 'auto' | 'match' | 'ignore';

export interface ParsedQuery {
  /** The words to search for (websearch syntax: "phrase", OR, -word), folded when `fold` */
  readonly text: string | null;
  /** A number and symbol key (folded, no spaces), when the query is one */
  readonly numberKey: string | null;
  /** Whether diacritics are ignored */
  readonly fold: boolean;
  /** Words to highlight in snippets (folded when `fold`, lower case otherwise) */
  readonly terms: readonly string[];
}

// 146/KH-UBND, 12/2021/QĐ-UBND, 05/2025/TT-BNV, 45/TTr-SNV, 146 / KH-UBND
const NUMBER_SYMBOL_RE = /^\s*\d{1,6}[a-z]?\s*\/\s*[\p{L}\d][\p{L}\d./-]*\s*$/iu;
// KH-UBND, QĐ-UBND, TTr-SNV (an upper-case ký hiệu with at least one hyphen)
const SYMBOL_RE = /^\s*\p{Lu}[\p{L}]{0,5}(-[\p{Lu}\d][\p{L}\d]*)+\s*$/u;

/** True when `s` has a Vietnamese diacritic (or đ/Đ). */
export const hasDiacritics = (s: string): boolean => stripDiacritics(s) !== s.normalize('NFC');

/** Folded, lower case: "Quyết Định" → "quyet dinh" (the same as SQL's sohoa_fold). */
export const foldText = (s: string): string => stripDiacritics(s.normalize('NFC')).toLowerCase();

/** A number and symbol as a key (the same as SQL's sohoa_number_key): "146 / KH-UBND" → "146/kh-ubnd". */
export const numberKey = (s: string): string => foldText(s).replace(/\s+/g, '');

/**
 * Reads the search box. `auto` ignores diacritics when the query has none ("quyet dinh ubnd") and
 * matches them when it has some ("Quyết định"); `ignore` and `match` force either way. A query
 * that is only a number and symbol ("146/KH-UBND") or a symbol ("QĐ-UBND") is looked up in the
 * number and symbol fields (diacritics and case never count there), not in the text.
 */
export function parseQuery(q: string | undefined, mode: DiacriticsMode): ParsedQuery {
  const raw = (q ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  const fold = mode === 'ignore' || (mode === 'auto' && !hasDiacritics(raw));
  if (raw === '') return { text: null, numberKey: null, fold, terms: [] };
  const isNumber = NUMBER_SYMBOL_RE.test(raw) || SYMBOL_RE.test(raw);
  const text = fold ? foldText(raw) : raw.toLowerCase();
  return {
    text: isNumber ? null : text,
    numberKey: isNumber ? numberKey(raw) : null,
    fold,
    terms: highlightTerms(text),
  };
}

/** The positive words of a websearch query: quotes, OR and -excluded words left out. */
export function highlightTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const m of text.matchAll(/(^|\s)(-?)("[^"]*"|\S+)/gu)) {
    if (m[2] === '-') continue;
    const token = (m[3] ?? '').replace(/"/g, '');
    if (token.toLowerCase() === 'or') continue;
    for (const w of token.split(/[^\p{L}\p{N}]+/u)) if (w !== '') terms.add(w);
  }
  return [...terms];
}
