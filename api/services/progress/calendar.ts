/**
 * Days as the archive counts them: Vietnam days (UTC+7, no daylight saving since 1975), written
 * `YYYY-MM-DD`, and working days Monday to Friday. Plain arithmetic on UTC dates, so no time zone
 * of the machine can move a day.
 */

/** A Vietnam calendar day, `YYYY-MM-DD`. */
export type Day = string;

const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const toUtcMs = (d: Day): number => {
  const m = DAY_RE.exec(d);
  if (m === null) throw new Error(`not a day: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};
const fromUtcMs = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

/** Whether `s` is a real `YYYY-MM-DD` day. */
export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (m === null) return false;
  return fromUtcMs(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) === s;
}

/** The Vietnam day of an instant. */
export const vnDay = (t: Date): Day => fromUtcMs(t.getTime() + VN_OFFSET_MS);

/** The instant a Vietnam day starts (00:00 +07:00). */
export const dayStart = (d: Day): Date => new Date(toUtcMs(d) - VN_OFFSET_MS);

/** The instant the day after `d` starts: the exclusive end of `d`. */
export const dayEnd = (d: Day): Date => new Date(toUtcMs(d) + DAY_MS - VN_OFFSET_MS);

export const addDays = (d: Day, n: number): Day => fromUtcMs(toUtcMs(d) + n * DAY_MS);

/** Days from `a` to `b` (positive when `b` is later). */
export const daysBetween = (a: Day, b: Day): number =>
  Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: Day): number => new Date(toUtcMs(d)).getUTCDay();

/** Monday to Friday. Public holidays are not known here (see README, current limits). */
export const isWorkingDay = (d: Day): boolean => {
  const w = weekday(d);
  return w >= 1 && w <= 5;
};

/** The Monday of `d`'s week (ISO weeks start on Monday). */
export const mondayOf = (d: Day): Day => addDays(d, -((weekday(d) + 6) % 7));

/** Working days in `from` … `to`, both included; 0 when `to` is before `from`. */
export function workingDaysIn(from: Day, to: Day): number {
  const n = daysBetween(from, to) + 1;
  if (n <= 0) return 0;
  const weeks = Math.floor(n / 7);
  let count = weeks * 5;
  for (let i = weeks * 7; i < n; i++) if (isWorkingDay(addDays(from, i))) count++;
  return count;
}

/** The `n`-th working day after `d` (`d` itself not counted); `n` ≥ 1. */
export function nthWorkingDayAfter(d: Day, n: number): Day {
  // Whole weeks first: five working days each, so long forecasts cost no loop of years of days.
  const weeks = Math.floor((n - 1) / 5);
  let day = addDays(d, weeks * 7);
  let left = n - weeks * 5;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, as Vietnamese documents write dates. */
export function formatDay(d: Day): string {
  const [y, m, dd] = d.split('-');
  return `${dd ?? ''}/${m ?? ''}/${y ?? ''}`;
}
