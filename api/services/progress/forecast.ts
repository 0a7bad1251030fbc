/**
 * When the target will be met at the recent pace, and the pace needed to meet it by the deadline.
 * Pure arithmetic over counts, so that the integration tests and this file's unit test can check
 * it against figures worked out by hand.
 *
 * - The pace is rolling: what was catalogued in the `windowDays` days that end with the as-of day
 *   (that day included), divided by the working days (Monday–Friday) of the window, and, as a
 *   second figure, by its calendar days.
 * - The finish date counts from the day after the as-of day: at the working-day pace, the n-th
 *   working day after it; at the calendar pace, the n-th day after it.
 * - The required output spreads what remains over the days after the as-of day up to and
 *   including the deadline: working days, and calendar days as a second figure. Both round up.
 */
import { addDays, daysBetween, nthWorkingDayAfter, workingDaysIn, type Day } from './calendar.js';

export interface ForecastInput {
  /** What the target asks for (pages, or dossiers where no page counts are known) */
  readonly target: number;
  /** Done so far, as of `asOf` */
  readonly done: number;
  /** Done within the window */
  readonly windowDone: number;
  readonly windowDays: number;
  readonly asOf: Day;
  readonly deadline: Day | null;
}

export interface Forecast {
  readonly remaining: number;
  readonly window: {
    readonly from: Day;
    readonly to: Day;
    readonly days: number;
    readonly workingDays: number;
    readonly done: number;
  };
  /** Output per working day and per calendar day over the window */
  readonly rate: { readonly perWorkingDay: number; readonly perCalendarDay: number };
  /** Null when nothing was done in the window (no finish at this pace) or the target is met */
  readonly finish: { readonly working: Day | null; readonly calendar: Day | null };
  /** Days left after the as-of day up to the deadline (null without a deadline) */
  readonly daysLeft: { readonly working: number; readonly calendar: number } | null;
  /** Output needed per day to meet the deadline; null without a deadline or when none is left */
  readonly required: {
    readonly perWorkingDay: number | null;
    readonly perCalendarDay: number | null;
  };
  readonly reached: boolean;
  /** The deadline has passed (or is the as-of day) with work remaining */
  readonly overdue: boolean;
  /** The finish date at the working-day pace is on or before the deadline; null when unknown */
  readonly onTrack: boolean | null;
}

/**
 * The forecast for `input`.
 *
 * @example
 * // 600 of 1000 pages done; 400 in the 28 days to Friday 2026-06-26 (20 working days: 20/day).
 * forecast({ target: 1000, done: 600, windowDone: 400, windowDays: 28, asOf: '2026-06-26', deadline: null })
 * // → finish.working '2026-07-24' (20 working days after), finish.calendar '2026-07-24' (28 days)
 */
export function forecast(input: ForecastInput): Forecast {
  const { target, done, windowDone, windowDays, asOf, deadline } = input;
  const remaining = Math.max(0, target - done);
  const from = addDays(asOf, -(windowDays - 1));
  const workingDays = workingDaysIn(from, asOf);
  const perWorkingDay = workingDays === 0 ? 0 : windowDone / workingDays;
  const perCalendarDay = windowDone / windowDays;
  const reached = remaining === 0;
  // Days needed = remaining / (windowDone / days), computed as remaining × days / windowDone so
  // that exact multiples stay exact in floating point.
  const finish = {
    working:
      reached || perWorkingDay === 0
        ? null
        : nthWorkingDayAfter(asOf, Math.ceil((remaining * workingDays) / windowDone)),
    calendar:
      reached || windowDone === 0
        ? null
        : addDays(asOf, Math.ceil((remaining * windowDays) / windowDone)),
  };
  const daysLeft =
    deadline === null
      ? null
      : {
          working: workingDaysIn(addDays(asOf, 1), deadline),
          calendar: Math.max(0, daysBetween(asOf, deadline)),
        };
  const perDay = (left: number): number | null =>
    reached ? 0 : left === 0 ? null : Math.ceil(remaining / left);
  return {
    remaining,
    window: { from, to: asOf, days: windowDays, workingDays, done: windowDone },
    rate: { perWorkingDay, perCalendarDay },
    finish,
    daysLeft,
    required: {
      perWorkingDay: daysLeft === null ? null : perDay(daysLeft.working),
      perCalendarDay: daysLeft === null ? null : perDay(daysLeft.calendar),
    },
    reached,
    overdue: !reached && daysLeft !== null && daysLeft.calendar === 0,
    onTrack: reached
      ? true
      : deadline === null || finish.working === null
        ? null
        : finish.working <= deadline,
  };
}
