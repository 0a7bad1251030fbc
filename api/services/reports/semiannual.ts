/**
 * The figures of the semi-annual progress report (30 June and 31 December): the progress as of
 * the end of the period (or today, for a period still running: the report then says its figures
 * are provisional), and the period's output, people and quality, from the same services as the
 * dashboard so that both always agree.
 */
import { InputError } from '../../../core/errors.js';
import type { AppDeps } from '../../context.js';
import type {
  Operators,
  Progress,
  Quality,
  Reviewers,
  ThroughputRow,
} from '../../contracts/progress.js';
import { formatDay, type Day } from '../progress/calendar.js';
import { progressAt } from '../progress/overview.js';
import { getOperators, getReviewers } from '../progress/people.js';
import { nowOf, resolveAsOf, resolvePeriod, todayOf } from '../progress/period.js';
import { getQuality } from '../progress/quality.js';
import { dailyOutput, toRows } from '../progress/throughput.js';

export interface ReportData {
  readonly year: number;
  readonly half: 1 | 2;
  readonly from: Day;
  /** The period's last day */
  readonly to: Day;
  /** The day the figures run to: `to`, or today while the period runs */
  readonly asOf: Day;
  readonly provisional: boolean;
  readonly generatedAt: Date;
  readonly progress: Progress;
  /** One row per month of the period (period = YYYY-MM-01) */
  readonly months: readonly ThroughputRow[];
  readonly totals: ThroughputRow;
  readonly operators: Operators;
  readonly reviewers: Reviewers;
  readonly quality: Quality;
}

/**
 * The report of half `half` (1: January–June, 2: July–December) of `year`. Throws 400
 * `report.future_period` for a period that has not started.
 */
export async function semiannualData(
  deps: AppDeps,
  year: number,
  half: 1 | 2,
): Promise<ReportData> {
  const from = half === 1 ? `${year}-01-01` : `${year}-07-01`;
  const to = half === 1 ? `${year}-06-30` : `${year}-12-31`;
  const today = todayOf(deps);
  if (from > today) {
    throw new InputError('report.future_period', {
      message: `Kỳ báo cáo ${formatDay(from)} – ${formatDay(to)} chưa bắt đầu / The period ${from} – ${to} has not started`,
      hint: 'Chọn kỳ đã qua hoặc kỳ hiện tại / Choose a past or the current period',
    });
  }
  const asOf = to < today ? to : today;
  const period = resolvePeriod(today, deps.config.progress.windowDays, { from, to: asOf });
  const q = { from, to: asOf };
  const [progress, daily, operators, reviewers, quality] = await Promise.all([
    progressAt(deps, resolveAsOf(today, asOf)),
    dailyOutput(deps.db, period),
    getOperators(deps, q),
    getReviewers(deps, q),
    getQuality(deps, q),
  ]);
  const days = toRows(daily, period, 'day');
  const months = new Map<string, ThroughputRow>();
  const totals = { ...blank(from) };
  for (const d of days) {
    const key = `${d.period.slice(0, 7)}-01`;
    const m = months.get(key) ?? blank(key);
    for (const k of FIGURES) {
      m[k] += d[k];
      totals[k] += d[k];
    }
    months.set(key, m);
  }
  return {
    year,
    half,
    from,
    to,
    asOf,
    provisional: asOf < to,
    generatedAt: nowOf(deps),
    progress,
    months: [...months.values()],
    totals,
    operators,
    reviewers,
    quality,
  };
}

const FIGURES = [
  'scannedPages',
  'rescannedPages',
  'processedPages',
  'approvedDossiers',
  'rejectedDossiers',
  'approvedPages',
  'cataloguedDossiers',
  'cataloguedPages',
] as const;

const blank = (period: Day): ThroughputRow => ({
  period,
  scannedPages: 0,
  rescannedPages: 0,
  processedPages: 0,
  approvedDossiers: 0,
  rejectedDossiers: 0,
  approvedPages: 0,
  cataloguedDossiers: 0,
  cataloguedPages: 0,
});
