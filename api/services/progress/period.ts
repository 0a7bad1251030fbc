/**
 * The days a figure covers, from the request's `date`, `from` and `to` and the injectable clock:
 * "as of" a day (up to its end), or a period of days (both included).
 */
import { InputError } from '../../../core/errors.js';
import type { AppDeps } from '../../context.js';
import { addDays, dayEnd, dayStart, daysBetween, formatDay, vnDay, type Day } from './calendar.js';

/** Up to the end of `day`: instants before `end` count. */
export interface AsOf {
  readonly day: Day;
  readonly end: Date;
}

/** `from` … `to`, both included: instants in [start, end). */
export interface Period {
  readonly from: Day;
  readonly to: Day;
  readonly start: Date;
  readonly end: Date;
}

/** The longest period a request may ask for (ten years of days). */
const MAX_DAYS = 3660;

export const nowOf = (deps: Pick<AppDeps, 'now'>): Date => deps.now?.() ?? new Date();

/** Today in Vietnam by the deps' clock. */
export const todayOf = (deps: Pick<AppDeps, 'now'>): Day => vnDay(nowOf(deps));

/** As of `date` (today when absent). Throws 400 `progress.future_date` for a day after today. */
export function resolveAsOf(today: Day, date?: Day): AsOf {
  const day = date ?? today;
  if (day > today) {
    throw new InputError('progress.future_date', {
      message: `Ngày ${formatDay(day)} chưa đến (hôm nay là ${formatDay(today)}) / ${day} is after today (${today})`,
      hint: 'Chọn hôm nay hoặc một ngày đã qua / Choose today or a past day',
    });
  }
  return { day, end: dayEnd(day) };
}

/**
 * `from` … `to`; by default the `windowDays` days ending `to` (today when absent). Throws 400
 * `progress.bad_period` when `from` is after `to` or the period is longer than ten years.
 */
export function resolvePeriod(
  today: Day,
  windowDays: number,
  q: { from?: Day | undefined; to?: Day | undefined },
): Period {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(windowDays - 1));
  if (from > to) {
    throw new InputError('progress.bad_period', {
      message: `Từ ngày ${formatDay(from)} sau đến ngày ${formatDay(to)} / The period starts (${from}) after it ends (${to})`,
      hint: 'Đổi chỗ hai ngày / Swap the two days',
    });
  }
  if (daysBetween(from, to) >= MAX_DAYS) {
    throw new InputError('progress.bad_period', {
      message: `Khoảng ${formatDay(from)} – ${formatDay(to)} dài quá 10 năm / The period ${from} – ${to} is longer than ten years`,
      hint: 'Chọn khoảng ngắn hơn / Choose a shorter period',
    });
  }
  return { from, to, start: dayStart(from), end: dayEnd(to) };
}
