/**
 * The burn-up (`GET /api/progress/burnup`): for every day from the first scan (or `from`) to the
 * as-of day, the totals at the end of that day of pages scanned, processed, approved and
 * catalogued and of dossiers catalogued, beside the target and the forecast. Over all fonds
 * counted in pages (as the overall target), or one fonds.
 *
 * Approved and catalogued are dated by the dossier's current approval: a dossier approved again
 * moves to the day of its new approval.
 */
import { Prisma } from '../../../core/db/client.js';
import { notFound } from '../../errors.js';
import type { AppDeps } from '../../context.js';
import type { Burnup } from '../../contracts/progress.js';
import { addDays, type Day } from './calendar.js';
import { cataloguedBy } from './fonds-figures.js';
import { overallOf, progressData } from './overview.js';
import { resolveAsOf, todayOf } from './period.js';

interface DayRow {
  day: string;
  scanned: number;
  processed: number;
  approved: number;
  catalogued: number;
  catalogued_dossiers: number;
}

/** The burn-up as of `q.date`, from `q.from`, for fonds `q.fonds` (all counted in pages by default). */
export async function getBurnup(
  deps: AppDeps,
  q: { date?: Day | undefined; from?: Day | undefined; fonds?: string | undefined },
): Promise<Burnup> {
  const asOf = resolveAsOf(todayOf(deps), q.date);
  const { progress, days } = await progressData(deps, asOf);
  const one = q.fonds === undefined ? null : progress.fonds.find((f) => f.code === q.fonds);
  if (one === undefined) throw notFound('fonds', q.fonds ?? '');
  // All fonds the overall target counts: those in pages, or every fonds when none has pages.
  const ids = (
    one !== null
      ? [one]
      : progress.overall.unit === 'pages'
        ? progress.fonds.filter((f) => f.unit === 'pages')
        : progress.fonds
  ).map((f) => f.fondsId);
  const unit = one?.unit ?? progress.overall.unit;
  const inFonds =
    ids.length === 0
      ? Prisma.sql`FALSE`
      : Prisma.sql`d.fonds_id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;
  const rows = await deps.db.$queryRaw<DayRow[]>`
    WITH pages AS (
      SELECT p.day, sum(p.scanned)::int AS scanned, sum(p.processed)::int AS processed
      FROM page_daily p JOIN scan_batch sb ON sb.id = p.batch_id JOIN dossier d ON d.id = sb.dossier_id
      WHERE ${inFonds} AND p.day <= ${asOf.day}::date
      GROUP BY p.day
    ), approved AS (
      SELECT vn_day(d.approved_at) AS day, sum(coalesce(d.page_count, 0))::int AS pages
      FROM dossier d
      WHERE ${inFonds} AND d.status = 'approved' AND d.approved_at < ${asOf.end}
      GROUP BY 1
    ), catalogued AS (
      SELECT vn_day(d.catalogued_at) AS day, sum(coalesce(d.page_count, 0))::int AS pages,
             count(*)::int AS dossiers
      FROM dossier d
      WHERE ${inFonds} AND ${cataloguedBy(asOf.end)}
      GROUP BY 1
    )
    SELECT day::text AS day, coalesce(pages.scanned, 0) AS scanned,
           coalesce(pages.processed, 0) AS processed, coalesce(approved.pages, 0) AS approved,
           coalesce(catalogued.pages, 0) AS catalogued,
           coalesce(catalogued.dossiers, 0) AS catalogued_dossiers
    FROM pages FULL JOIN approved USING (day) FULL JOIN catalogued USING (day)
    ORDER BY day`;
  const from = q.from ?? rows[0]?.day ?? asOf.day;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const totals = { s: 0, p: 0, a: 0, c: 0, cd: 0 };
  // Days before `from` count in the totals the series starts with.
  for (const r of rows) if (r.day < from) add(totals, r);
  const points: Burnup['points'] = [];
  for (let day = from; day <= asOf.day; day = addDays(day, 1)) {
    const r = byDay.get(day);
    if (r !== undefined) add(totals, r);
    points.push({
      day,
      scannedPages: totals.s,
      processedPages: totals.p,
      approvedPages: totals.a,
      cataloguedPages: totals.c,
      cataloguedDossiers: totals.cd,
    });
  }
  const own = one === null ? null : overallOf([one], days, progress.settings, asOf.day);
  return {
    asOf: asOf.day,
    fonds: one?.code ?? null,
    unit,
    holdings: own?.overall.holdings ?? progress.overall.holdings,
    target: own?.overall.target ?? progress.overall.target,
    deadline: progress.settings.deadline,
    forecast: own?.forecast ?? progress.forecast,
    points,
  };
}

function add(t: { s: number; p: number; a: number; c: number; cd: number }, r: DayRow): void {
  t.s += r.scanned;
  t.p += r.processed;
  t.a += r.approved;
  t.c += r.catalogued;
  t.cd += r.catalogued_dossiers;
}
