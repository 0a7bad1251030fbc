/**
 * A second reading of a phrase from elsewhere in the document. The trích yếu is set in bold, where
 * OCR confuses marks ("chính" for "chỉnh", "dong" for "đọng"); the body usually repeats its words
 * in regular type ("… phê duyệt Kế hoạch chỉnh lý …"). For each word, the spellings with the same
 * letters are counted where the body has them between the same neighbours; a spelling the body
 * uses more often than the phrase's own replaces it. A single body reading never outvotes the
 * phrase ("thiên tai" stays although the body once reads "thiên tại"). Words are never added or
 * removed, only re-accented.
 */
import type { Row, Token } from './layout.js';
import { skeleton } from './text.js';

function parts(s: string): { lead: string; core: string; tail: string } {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(s);
  return { lead: m?.[1] ?? '', core: m?.[2] ?? s, tail: m?.[3] ?? '' };
}

const lower = (x: string): string => x.toLocaleLowerCase('vi');

/**
 * The words of `phrase` (tokens in reading order) re-accented from the document's other words
 * `rows` (which must not contain the phrase itself). Returns the texts, one per token, and how
 * many were changed.
 */
export function reinforce(
  phrase: readonly Token[],
  rows: readonly Row[],
): { texts: string[]; changed: number } {
  const texts = phrase.map((t) => t.text);
  const seq = rows.flatMap((r) => r.tokens);
  const keys = seq.map((t) => skeleton(t.text));
  const at = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k !== '') at.set(k, [...(at.get(k) ?? []), i]);
  });
  const own = phrase.map((t) => skeleton(t.text));
  let changed = 0;
  phrase.forEach((token, i) => {
    const k = own[i] ?? '';
    if (k === '') return;
    const mine = parts(token.text);
    const counts = new Map<string, { n: number; core: string }>([
      [lower(mine.core), { n: 1, core: mine.core }],
    ]);
    for (const pos of at.get(k) ?? []) {
      const before = i > 0 && keys[pos - 1] === own[i - 1];
      const after = i < phrase.length - 1 && keys[pos + 1] === own[i + 1];
      if (!before && !after) continue;
      const core = parts(seq[pos]?.text ?? '').core;
      const c = counts.get(lower(core)) ?? { n: 0, core };
      counts.set(lower(core), { n: c.n + 1, core: c.core });
    }
    const mineCount = counts.get(lower(mine.core))?.n ?? 1;
    let best: { n: number; core: string } | null = null;
    for (const [key, c] of counts) {
      if (key !== lower(mine.core) && c.n > mineCount && (best === null || c.n > best.n)) best = c;
    }
    if (best === null) return;
    // the phrase keeps its own punctuation and capitals; only the marks come from the body
    const mineChars = [...mine.core];
    const core = [...lower(best.core)]
      .map((ch, n) => {
        const m = mineChars[n];
        return m !== undefined && m !== lower(m) ? ch.toLocaleUpperCase('vi') : ch;
      })
      .join('');
    texts[i] = mine.lead + core + mine.tail;
    changed++;
  });
  return { texts, changed };
}
