/**
 * Dates as reviewers type them and as the archive stores them. TT 05/2025 writes DD/MM/YYYY and
 * allows MM/YYYY or YYYY for old records; the api stores partial ISO (YYYY-MM-DD, YYYY-MM, YYYY).
 */
import type { Bilingual } from '../i18n/i18n.js';

export type DateParse = { ok: true; iso: string | null } | { ok: false; error: Bilingual };

const INVALID_FORMAT: Bilingual = {
  vi: 'Ngày không đúng dạng: nhập dd/mm/yyyy, mm/yyyy hoặc yyyy',
  en: 'Wrong date format: type dd/mm/yyyy, mm/yyyy or yyyy',
};

const pad = (n: number): string => String(n).padStart(2, '0');

const daysIn = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Reads a typed date: `18/5/2021` → `2021-05-18`, `05/2021` → `2021-05`, `2021` → `2021`; blank →
 * null. Dots and dashes are accepted as separators (`18.05.2021`), and an ISO date is taken as is.
 * Impossible dates (`30/02/2021`, month 13) and years outside 1000–2999 are errors, worded in
 * Vietnamese and English.
 */
export function parseVnDate(input: string): DateParse {
  const s = input.trim();
  if (s === '') return { ok: true, iso: null };
  const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  const vn = /^(?:(?:(\d{1,2})[/.-])?(\d{1,2})[/.-])?(\d{4})$/.exec(s);
  let y: number;
  let m: number | undefined;
  let d: number | undefined;
  if (iso !== null) {
    y = Number(iso[1]);
    m = iso[2] === undefined ? undefined : Number(iso[2]);
    d = iso[3] === undefined ? undefined : Number(iso[3]);
  } else if (vn !== null) {
    y = Number(vn[3]);
    m = vn[2] === undefined ? undefined : Number(vn[2]);
    d = vn[1] === undefined ? undefined : Number(vn[1]);
  } else {
    return { ok: false, error: INVALID_FORMAT };
  }
  if (y < 1000 || y > 2999) {
    return {
      ok: false,
      error: { vi: `Năm ${y} không hợp lệ`, en: `Year ${y} is not valid` },
    };
  }
  if (m === undefined) return { ok: true, iso: String(y) };
  if (m < 1 || m > 12) {
    return { ok: false, error: { vi: `Tháng ${m} không tồn tại`, en: `There is no month ${m}` } };
  }
  if (d === undefined) return { ok: true, iso: `${y}-${pad(m)}` };
  if (d < 1 || d > daysIn(y, m)) {
    return {
      ok: false,
      error: {
        vi: `Ngày ${d}/${pad(m)}/${y} không có trong lịch`,
        en: `${d}/${pad(m)}/${y} is not a calendar date`,
      },
    };
  }
  return { ok: true, iso: `${y}-${pad(m)}-${pad(d)}` };
}

/**
 * A stored partial ISO date as a reviewer reads and edits it: `2021-05-18` → `18/05/2021`,
 * `2021-05` → `05/2021`, `2021` → `2021`, null → ``. Anything else is returned as stored, so a bad
 * value stays visible and the form reports it.
 */
export function formatVnDate(iso: string | null): string {
  if (iso === null) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso.trim());
  if (m === null) return iso;
  const [, y = '', mo, d] = m;
  if (mo === undefined) return y;
  if (d === undefined) return `${mo}/${y}`;
  return `${d}/${mo}/${y}`;
}
