/**
 * How the reports write figures and names: Vietnamese number style (1.234; 45,6 %), dates
 * dd/mm/yyyy, and the archive's words for reasons and stages.
 */
import type { RejectReason } from '../../contracts.js';
import { formatDay, type Day } from '../progress/calendar.js';

/** 1234567 → "1.234.567"; 12.5 with 1 decimal → "12,5". */
export function num(n: number, decimals = 0): string {
  const fixed = Math.abs(n).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}

/** A percentage with one decimal ("45,6%"), or "—" when unknown. */
export const pct = (p: number | null): string => (p === null ? '—' : `${num(p, 1)}%`);

/** A 0–1 share as a percentage. */
export const share = (s: number | null): string => (s === null ? '—' : pct(s * 100));

export const day = (d: Day | null): string => (d === null ? '—' : formatDay(d));

/** "ngày 30 tháng 6 năm 2026", as a Vietnamese document dates itself. */
export function longDate(d: Day): string {
  const [y, m, dd] = d.split('-');
  return `ngày ${dd ?? ''} tháng ${Number(m)} năm ${y ?? ''}`;
}

export const REASON_NAMES: Record<RejectReason, string> = {
  rescan: 'Quét lại',
  missing_page: 'Thiếu trang',
  wrong_order: 'Sai thứ tự',
  illegible: 'Không đọc được',
  other: 'Lý do khác',
};

/** The operator the agent did not name. */
export const UNKNOWN = 'Không rõ';

export const halfName = (half: 1 | 2): string =>
  half === 1 ? '6 tháng đầu năm' : '6 tháng cuối năm';
