/**
 * Highlighted snippets for search results: the stretch of a record's text with the most query
 * words, cut at word boundaries, as segments marked hit or not (the UI renders them as text with
 * <mark>, so nothing from a record is ever interpreted as HTML).
 *
 * Why by hand: PostgreSQL's ts_headline compares the document's own lexemes with the query, so a
 * folded query ("quyet dinh") highlights nothing in the text with its diacritics ("Quyết định"),
 * and it re-parses the whole document per row. Here each word is folded the same way the search
 * vectors are, and the original spelling is shown.
 */
import { foldText } from './query-text.js';

export interface SnippetSegment {
  readonly text: string;
  readonly hit: boolean;
}

export interface SnippetOptions {
  /** Compare folded words (diacritics ignored) instead of lower-case words */
  readonly fold: boolean;
  /** Words in the snippet; default 32 */
  readonly words?: number;
  /** Characters of the text looked at; default 200,000 (the search indexes 300,000) */
  readonly maxChars?: number;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

/**
 * The best snippet of `text` for `terms` (already folded or lower-cased like the query), or null
 * when no word of the text is a term.
 *
 * @example snippet('Quyết định số 146', ['quyet'], { fold: true })
 * // [{ text: 'Quyết', hit: true }, { text: ' định số 146', hit: false }]
 */
export function snippet(
  text: string,
  terms: readonly string[],
  o: SnippetOptions,
): SnippetSegment[] | null {
  if (terms.length === 0 || text === '') return null;
  const wanted = new Set(terms);
  const body = text.length > (o.maxChars ?? 200_000) ? text.slice(0, o.maxChars ?? 200_000) : text;
  const words: { start: number; end: number; term: string | null }[] = [];
  for (const m of body.matchAll(WORD_RE)) {
    const key = o.fold ? foldText(m[0]) : m[0].toLowerCase();
    words.push({ start: m.index, end: m.index + m[0].length, term: wanted.has(key) ? key : null });
  }
  const span = Math.max(4, o.words ?? 32);
  // Slide a window of `span` words; keep the one with the most distinct terms, then most hits.
  let best = -1;
  let bestScore = 0;
  const counts = new Map<string, number>();
  let hits = 0;
  for (let i = 0; i < words.length; i++) {
    const add = words[i]?.term;
    if (add != null) {
      counts.set(add, (counts.get(add) ?? 0) + 1);
      hits++;
    }
    const drop = i - span >= 0 ? words[i - span]?.term : null;
    if (drop != null) {
      const n = (counts.get(drop) ?? 1) - 1;
      if (n === 0) counts.delete(drop);
      else counts.set(drop, n);
      hits--;
    }
    const score = counts.size * 1000 + hits;
    if (score > bestScore) {
      bestScore = score;
      best = Math.max(0, i - span + 1);
    }
  }
  if (best < 0) return null;
  // Centre the hits of the best window, so the words after them are shown too.
  const inWindow = words.slice(best, best + span).flatMap((w, k) => (w.term !== null ? [k] : []));
  const firstHit = best + (inWindow[0] ?? 0);
  const lastHit = best + (inWindow[inWindow.length - 1] ?? 0);
  const centred = Math.floor((firstHit + lastHit) / 2) - Math.floor(span / 2);
  const keepsHits = Math.min(firstHit, Math.max(lastHit - span + 1, centred));
  const start = Math.max(0, Math.min(keepsHits, words.length - span));
  const window = words.slice(start, start + span);
  const first = window[0];
  const last = window[window.length - 1];
  if (first === undefined || last === undefined) return null;
  const segments: SnippetSegment[] = [];
  const push = (s: string, hit: boolean) => {
    if (s === '') return;
    const prev = segments[segments.length - 1];
    if (prev !== undefined && prev.hit === hit)
      segments[segments.length - 1] = { text: prev.text + s, hit };
    else segments.push({ text: s, hit });
  };
  if (first.start > 0) push('… ', false);
  let at = first.start;
  for (const w of window) {
    push(oneLine(body.slice(at, w.start)), false);
    push(body.slice(w.start, w.end), w.term !== null);
    at = w.end;
  }
  if (last.end < body.length) push(' …', false);
  return segments;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ');
