/**
 * The readable title of a catalogued document: "Kế hoạch 146/KH-UBND: <trích yếu>". One rule for
 * the final PDF/A's dc:title, the reader's lists, the harvest (OAI-PMH dc:title) and the exports.
 */
import { findCode } from './code-lists.js';

export interface TitleParts {
  readonly typeCode: string | null;
  readonly codeNumber: string | null;
  readonly codeNotation: string | null;
  readonly subject: string | null;
}

/** "146/KH-UBND", the number or symbol alone when only one is known, or null. */
export function numberSymbol(p: Pick<TitleParts, 'codeNumber' | 'codeNotation'>): string | null {
  const n = p.codeNumber === '' ? null : p.codeNumber;
  const s = p.codeNotation === '' ? null : p.codeNotation;
  return n !== null && s !== null ? `${n}/${s}` : (s ?? n);
}

/**
 * "Kế hoạch 146/KH-UBND: <trích yếu>" (type name in Vietnamese from the TT 05 code list), or
 * `fallback` when the document has neither type, number nor summary.
 */
export function documentTitle(p: TitleParts, fallback: string): string {
  const type = p.typeCode === null ? null : (findCode('docType', p.typeCode)?.vi ?? null);
  const head = [type, numberSymbol(p)].filter((x): x is string => x !== null && x !== '').join(' ');
  const summary = p.subject === null || p.subject === '' ? null : p.subject;
  if (head === '' && summary === null) return fallback;
  if (summary === null) return head;
  return head === '' ? summary : `${head}: ${summary}`;
}
