/**
 * The values of an inventory's cells as the archive writes them: dates (dd/mm/yyyy, mm/yyyy,
 * yyyy, ISO, Excel dates) and periods ("1997-2001"), whole counts with thousands separators,
 * yes/no words for high use, and retention periods by name or TT 05 code.
 */
import { stripDiacritics } from '../../../core/domain/vn-text.js';
import type { Cell } from './read-file.js';

/** Largest page or sheet count of one dossier. */
export const MAX_COUNT = 100_000;

/** A cell as trimmed text (an Excel date as its ISO day). */
export const text = (c: Cell): string =>
  c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'string' ? c.trim() : String(c);

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date cell as a partial ISO date, or null when it is not one. */
export function parseDate(c: Cell): string | null {
  if (c instanceof Date) {
    return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}`;
  }
  if (typeof c === 'number')
    return Number.isInteger(c) && c >= 1000 && c <= 2999 ? String(c) : null;
  const s = text(c);
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (m !== null) {
    const [, y = '', mo, d] = m;
    return mo === undefined
      ? y
      : d === undefined
        ? `${y}-${pad(Number(mo))}`
        : `${y}-${pad(Number(mo))}-${pad(Number(d))}`;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m !== null) return `${m[3] ?? ''}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m !== null) return `${m[2] ?? ''}-${pad(Number(m[1]))}`;
  return null;
}

/** "1997-2001", "03/1997 – 12/1998", "1997": [start, end], or null. */
export function parseRange(c: Cell): [string, string] | null {
  const single = parseDate(c);
  if (single !== null) return [single, single];
  const parts = text(c).split(/\s*[–—]\s*|\s+-\s+|(?<=\d)-(?=\d{1,2}[/.]|\d{4}$)/);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => parseDate(p));
  return a === null || a === undefined || b === null || b === undefined ? null : [a, b];
}

/** A count cell: whole number 0 … 100 000; thousands written "1.234", "1,234" or "1 234". */
export function parseCount(c: Cell): number | 'not_number' | 'not_whole' | 'out_of_range' {
  let n: number;
  if (typeof c === 'number') n = c;
  else {
    const s = text(c);
    if (/^\d{1,3}([.,\s]\d{3})+$/.test(s)) n = Number(s.replace(/[.,\s]/g, ''));
    else if (/^\d+$/.test(s)) n = Number(s);
    else if (/^\d+[.,]\d+$/.test(s)) return 'not_whole';
    else return 'not_number';
  }
  if (!Number.isInteger(n)) return 'not_whole';
  return n < 0 || n > MAX_COUNT ? 'out_of_range' : n;
}

const TRUE_WORDS = new Set([
  'x',
  'co',
  '1',
  'true',
  'yes',
  'y',
  'cao',
  'nhieu',
  'su dung nhieu',
  'thuong xuyen',
]);
const FALSE_WORDS = new Set(['khong', '0', 'false', 'no', 'n', 'thap', 'it', 'binh thuong', '-']);

export function parseFlag(c: Cell): boolean | null {
  if (typeof c === 'boolean') return c;
  const k = stripDiacritics(text(c)).toLowerCase().replace(/\s+/g, ' ');
  return TRUE_WORDS.has(k) ? true : FALSE_WORDS.has(k) ? false : null;
}

/** Thời hạn bảo quản as a TT 05 code: "01".."07", "Vĩnh viễn", "70 năm" … "Khác". */
export function parseMaintenance(c: Cell): string | null {
  const s = stripDiacritics(text(c)).toLowerCase().replace(/\s+/g, ' ');
  if (/^0?[1-7]$/.test(s)) return pad(Number(s));
  if (s === 'vinh vien') return '01';
  if (s === 'khac') return '07';
  const years: Record<string, string> = {
    '70': '02',
    '50': '03',
    '30': '04',
    '20': '05',
    '10': '06',
  };
  const m = /^(\d+) nam$/.exec(s);
  return m === null ? null : (years[m[1] ?? ''] ?? null);
}
