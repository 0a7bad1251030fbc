/**
 * Figures as people read them: "1.234" and "14,7 %" in Vietnamese, "1,234" and "14.7%" in
 * English, dates dd/mm/yyyy in both.
 */
import type { Lang } from '../i18n/lang.js';

const formats = new Map<string, Intl.NumberFormat>();

function nf(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, f);
  }
  return f;
}

/** A count or rate; `digits` decimals (none by default). */
export const formatNumber = (n: number, lang: Lang, digits = 0): string =>
  nf(lang, digits).format(n);

/** A percentage given as 0–100, with one decimal; a dash when unknown. */
export const formatPercent = (p: number | null, lang: Lang): string =>
  p === null ? '—' : `${nf(lang, 1).format(p)}${lang === 'vi' ? ' %' : '%'}`;

/** A share given as 0–1, as a percentage. */
export const formatShare = (s: number | null, lang: Lang): string =>
  formatPercent(s === null ? null : s * 100, lang);

/** `YYYY-MM-DD` → `dd/mm/yyyy`; a dash for null. */
export function formatDay(d: string | null): string {
  if (d === null) return '—';
  const [y, m, day] = d.split('-');
  return `${day ?? ''}/${m ?? ''}/${y ?? ''}`;
}

/** Today's Vietnam day, `YYYY-MM-DD`, whatever the browser's time zone. */
export const vnToday = (now = new Date()): string =>
  new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);

/** `d` plus `n` days. */
export function addDays(d: string, n: number): string {
  const t = Date.parse(`${d}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
