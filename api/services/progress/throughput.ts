/**
 * Output per day or week by stage (`GET /api/progress/throughput`):
 * - scanned pages: pages received that day; rescanned pages: those of them that belong to a
 *   rescan (a batch opened for a dossier after its first rejection, see {@link REJECTED});
 * - processed pages: pages the pipeline finished that day;
 * - approved dossiers and pages: dossiers whose current approval is dated that day;
 * - rejected dossiers: reviewers' rejections that day (every one, from the audit log);
 * - catalogued dossiers and pages: catalogued that day (current approval).
 */
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import type { AppDeps } from '../../context.js';
import type { Throughput, ThroughputRow } from '../../contracts/progress.js';
import { addDays, mondayOf, type Day } from './calendar.js';
import { resolvePeriod, todayOf, type Period } from './period.js';

/**
 * `rejected(dossier_id, first_at)`: every dossier a reviewer ever rejected, with the first time.
 * A batch opened after that time is a rescan.
 */
export const REJECTED = Prisma.sql`
  SELECT entity_id::uuid AS dossier_id, min(at) AS first_at
  FROM audit_event
  WHERE action = 'dossier.reject' AND entity_type = 'dossier'
  GROUP BY 1`;

interface Row {
  day: string;
  scanned: number;
  rescanned: number;
  processed: number;
  approved: number;
  approved_pages: number;
  rejected: number;
  catalogued: number;
  catalogued_pages: number;
}

/** One row per day of `period` that had any output. */
export async function dailyOutput(db: PrismaClient, period: Period): Promise<Row[]> {
  const { from, to, start, end } = period;
  return db.$queryRaw<Row[]>`
    WITH rejected AS (${REJECTED}),
    pages AS (
      SELECT p.day, sum(p.scanned)::int AS scanned,
             coalesce(sum(p.scanned) FILTER (WHERE r.first_at < sb.opened_at), 0)::int AS rescanned,
             sum(p.processed)::int AS processed
      FROM page_daily p
      JOIN scan_batch sb ON sb.id = p.batch_id
      LEFT JOIN rejected r ON r.dossier_id = sb.dossier_id
      WHERE p.day BETWEEN ${from}::date AND ${to}::date
      GROUP BY p.day
    ), approved AS (
      SELECT vn_day(d.approved_at) AS day, count(*)::int AS approved,
             sum(coalesce(d.page_count, 0))::int AS approved_pages
      FROM dossier d
      WHERE d.status = 'approved' AND d.approved_at >= ${start} AND d.approved_at < ${end}
      GROUP BY 1
    ), catalogued AS (
      SELECT vn_day(d.catalogued_at) AS day, count(*)::int AS catalogued,
             sum(coalesce(d.page_count, 0))::int AS catalogued_pages
      FROM dossier d
      WHERE d.status = 'approved' AND d.catalogued_at >= d.approved_at
        AND d.catalogued_at >= ${start} AND d.catalogued_at < ${end}
      GROUP BY 1
    ), rejections AS (
      SELECT vn_day(at) AS day, count(*)::int AS rejected
      FROM audit_event
      WHERE action = 'dossier.reject' AND entity_type = 'dossier' AND at >= ${start} AND at < ${end}
      GROUP BY 1
    )
    SELECT day::text AS day,
           coalesce(pages.scanned, 0) AS scanned, coalesce(pages.rescanned, 0) AS rescanned,
           coalesce(pages.processed, 0) AS processed,
           coalesce(approved.approved, 0) AS approved,
           coalesce(approved.approved_pages, 0) AS approved_pages,
           coalesce(rejections.rejected, 0) AS rejected,
           coalesce(catalogued.catalogued, 0) AS catalogued,
           coalesce(catalogued.catalogued_pages, 0) AS catalogued_pages
    FROM pages FULL JOIN approved USING (day) FULL JOIN catalogued USING (day)
      FULL JOIN rejections USING (day)
    ORDER BY day`;
}

const empty = (period: Day): ThroughputRow => ({
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

/** Rows for every day (or week) of the period, empty ones included, so charts need no gaps. */
export function toRows(rows: readonly Row[], period: Period, by: 'day' | 'week'): ThroughputRow[] {
  const key = (d: Day): Day => (by === 'day' ? d : mondayOf(d));
  const out = new Map<Day, ThroughputRow>();
  for (let d = period.from; d <= period.to; d = addDays(d, by === 'day' ? 1 : 7)) {
    out.set(key(d), empty(key(d)));
  }
  if (by === 'week') out.set(key(period.to), empty(key(period.to)));
  for (const r of rows) {
    const row = out.get(key(r.day));
    if (row === undefined) continue;
    row.scannedPages += r.scanned;
    row.rescannedPages += r.rescanned;
    row.processedPages += r.processed;
    row.approvedDossiers += r.approved;
    row.rejectedDossiers += r.rejected;
    row.approvedPages += r.approved_pages;
    row.cataloguedDossiers += r.catalogued;
    row.cataloguedPages += r.catalogued_pages;
  }
  return [...out.values()].sort((a, b) => a.period.localeCompare(b.period));
}

/** `GET /api/progress/throughput`. */
export async function getThroughput(
  deps: AppDeps,
  q: { from?: Day | undefined; to?: Day | undefined; by: 'day' | 'week' },
): Promise<Throughput> {
  const period = resolvePeriod(todayOf(deps), deps.config.progress.windowDays, q);
  const rows = await dailyOutput(deps.db, period);
  return {
    period: { from: period.from, to: period.to },
    by: q.by,
    rows: toRows(rows, period, q.by),
  };
}
