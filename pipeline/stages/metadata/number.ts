/**
 * The "Số: 146/KH-UBND" line (NĐ 30/2020 ô 3) and its older forms: "Số: 55/2019/QĐ-UBND" (legal
 * normative documents carry the year), "Số: 58 /TTr-STC" (a space left for the hand-written
 * number), "Số: 123/QĐ-UB" (before 2004), "Số 14514-CV/VPTW" (Party documents), "Số: /KH-UBND"
 * (no number). The parts follow the corpus manifest: `number` "55", `year` "2019", `symbol`
 * "QĐ-UBND".
 */
import { DOC_TYPES } from '../../../core/domain/code-lists.js';
import { repairDigits, skeleton } from './text.js';

export interface NumberLine {
  /** Digits as printed ("01" keeps its zero), or null when the space was left blank */
  readonly number: string | null;
  /** Year of a legal normative document ("2019" of 55/2019/QĐ-UBND), or null */
  readonly year: string | null;
  /** Ký hiệu without the year, e.g. "QĐ-UBND", or null when it cannot be read */
  readonly symbol: string | null;
  /** 1 when read as printed, lower when digits or letters had to be repaired */
  readonly certainty: number;
}

/** Type abbreviations with their printed case ("TTr", "QyĐ"), keyed by their capitals. */
const ABBREVIATIONS = new Map<string, string>(
  DOC_TYPES.flatMap((d) => [...(d.abbr === null ? [] : [d.abbr]), ...d.oldAbbr]).map((a) => [
    a.toLocaleUpperCase('vi'),
    a,
  ]),
);

/** "QD" → "QĐ" when only the Đ form is a type abbreviation (OCR drops the bar of Đ). */
function repairGroup(group: string): string {
  const upper = group.toLocaleUpperCase('vi');
  const known = ABBREVIATIONS.get(upper);
  if (known !== undefined) return known;
  for (const [key, abbr] of ABBREVIATIONS) {
    if (key.replace(/Đ/g, 'D') === upper && !ABBREVIATIONS.has(upper)) return abbr;
  }
  return /[a-zđ]/.test(group) && /^[A-ZĐ]/.test(group) && group.length <= 4 ? group : upper;
}

const SYMBOL = /^[\p{Lu}\p{Ll}0-9.]+(?:[-/][\p{Lu}\p{Ll}0-9.]+)*$/u;

/** Normalises a symbol: no spaces, plain hyphens, known type abbreviations in their case. */
export function cleanSymbol(raw: string): string | null {
  const s = raw
    .replace(/\s+/g, '')
    .replace(/[\u2010-\u2015_~]/g, '-')
    .replace(/^[-/.,:;]+|[-/.,:;]+$/g, '');
  if (s === '' || !SYMBOL.test(s)) return null;
  if ((s.match(/\p{L}/gu) ?? []).length < 2) return null;
  const groups = s.split(/([-/])/);
  return groups.map((g) => (g === '-' || g === '/' ? g : repairGroup(g))).join('');
}

/**
 * Parses a number line. Returns null when `text` does not start with "Số" (OCR variants
 * included: "So:", "Sô:", "S6:").
 */
export function findNumberLine(text: string): NumberLine | null {
  const t = text.trim().replace(/^[^\p{L}\p{N}]+/u, '');
  const m = /^(\S\S)\s*[:;.,]*\s*(.*)$/u.exec(t);
  if (m === null || !/^S[OE06]$/.test(skeleton(m[1] ?? ''))) return null;
  const rest = (m[2] ?? '').trim();
  if (rest === '' || !/[/-]/.test(rest)) return null;
  return parseNumberSymbol(rest);
}

/** Parses "58 /TTr-STC", "55/2019/QĐ-UBND", "/KH-UBND", "14514-CV/VPTW". */
export function parseNumberSymbol(raw: string): NumberLine | null {
  // spaces around the separators are a printing habit; after the symbol a space ends it
  const text =
    raw
      .replace(/\s*([/-])\s*/g, '$1')
      .trim()
      .split(/\s+/)[0] ?? '';
  let certainty = 1;
  const parts = text.split('/');
  const first = (parts[0] ?? '').trim();
  let number: string | null;
  let rest = parts.slice(1);
  const party = /^(\S+?)-(\D.*)$/u.exec(first);
  if (first === '') number = null;
  else if (party !== null && repairDigits(party[1] ?? '') !== null) {
    // Party style "14514-CV/VPTW": the type follows the number after a hyphen
    number = repairDigits(party[1] ?? '');
    rest = [party[2] ?? '', ...rest];
  } else {
    number = repairDigits(first.replace(/[.,:;]+$/, ''));
    if (number === null) return null;
  }
  if (number !== null && number !== first && !first.startsWith(number)) certainty = 0.8;
  if (number !== null && !/^\d{1,7}$/.test(number)) return null;
  let year: string | null = null;
  const maybeYear = rest.length >= 2 ? repairDigits(rest[0] ?? '') : null;
  if (maybeYear !== null && /^(19[4-9]\d|20\d\d)$/.test(maybeYear)) {
    year = maybeYear;
    rest = rest.slice(1);
  }
  const symbol = rest.length === 0 ? null : cleanSymbol(rest.join('/'));
  if (symbol === null && number === null) return null;
  return { number, year, symbol, certainty: symbol === null ? certainty * 0.5 : certainty };
}

/** Issuer abbreviation from an organ name: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "SGDĐT". */
function initials(organ: string): string {
  return organ
    .split(/[\s,-]+/)
    .filter((w) => w !== '' && skeleton(w) !== 'VA')
    .map((w) => [...w][0] ?? '')
    .join('')
    .toLocaleUpperCase('vi');
}

/** Puts back the Đ that OCR read as D in the issuer part of a symbol, using the organ name. */
export function repairSymbol(symbol: string, organ: string | null): string {
  if (organ === null) return symbol;
  const abbr = initials(organ);
  if (!abbr.includes('Đ')) return symbol;
  return symbol
    .split('-')
    .map((g) => (g !== abbr && skeleton(g) === skeleton(abbr) ? abbr : g))
    .join('-');
}
