/**
 * The burn-up (`GET /api/progress/burnup`): for every day from the first scan (or `from`) to the
 * as-of day, the totals at the end of that day of pages scanned, processed, approved and
 * catalogued and of dossiers catalogued, beside the target and the forecast. Over all fonds
 * counted in pages (as the overall target), or one fonds.
 *
 * Approved and catalogued are dated by the dossier's current approval: a dossier approved again
 * moves to the day of its new approval. The series are read per fonds and day alongside the
 * progress (not after it), then summed over the fonds the target counts.
 */
import type { PrismaClient } from '../../../core/db/client.js';
import { notFound } from '../../errors.js';
import type { AppDeps } from '../../context.js';
import type { Burnup } from '../../contracts/progress.js';
import { addDays, type Day } from './calendar.js';
import type { CataloguedDay } from './fonds-figures.js';
import { overallOf, progressData } from './overview.js';
import { resolveAsOf, todayOf, type AsOf } from './period.js';

interface FondsDay {
  fonds_id: string;
  day: string;
  scanned: number;
  processed: number;
  approved: number;
}

/** Pages received, finished and approved per fonds and day, up to the end of `asOf`. */
function perFondsDay(db: PrismaClient, asOf: AsOf): Promise<FondsDay[]> {
  return db.$queryRaw<FondsDay[]>`
    WITH pages AS (
      SELECT fonds_id, day, sum(scanned)::int AS scanned, sum(processed)::int AS processed
      FROM page_daily WHERE day <= ${asOf.day}::date
      GROUP BY 1, 2
    ), approved AS (
      SELECT fonds_id, vn_day(approved_at) AS day, sum(coalesce(page_count, 0))::int AS approved
      FROM dossier WHERE status = 'approved' AND approved_at < ${asOf.end}
      GROUP BY 1, 2
    )
    SELECT fonds_id::text AS fonds_id, day::text AS day, coalesce(pages.scanned, 0) AS scanned,
           coalesce(pages.processed, 0) AS processed, coalesce(approved.approved, 0) AS approved
    FROM pages FULL JOIN approved USING (fonds_id, day)`;
}

interface Totals {
  s: number;
  p: number;
  a: number;
  c: number;
  cd: number;
}

/** The burn-up as of `q.date`, from `q.from`, for fonds `q.fonds` (all counted in pages by default). */
export async function getBurnup(
  deps: AppDeps,
  q: { date?: Day | undefined; from?: Day | undefined; fonds?: string | undefined },
): Promise<Burnup> {
  const asOf = resolveAsOf(todayOf(deps), q.date);
  const [{ progress, days }, rows] = await Promise.all([
    progressData(deps, asOf),
    perFondsDay(deps.db, asOf),
  ]);
  const one = q.fonds === undefined ? null : progress.fonds.find((f) => f.code === q.fonds);
  if (one === undefined) throw notFound('fonds', q.fonds ?? '');
  // All fonds the overall target counts: those in pages, or every fonds when none has pages.
  const ids = new Set(
    (one !== null
      ? [one]
      : progress.overall.unit === 'pages'
        ? progress.fonds.filter((f) => f.unit === 'pages')
        : progress.fonds
    ).map((f) => f.fondsId),
  );
  const byDay = new Map<Day, Totals>();
  const at = (day: Day): Totals => {
    let t = byDay.get(day);
    if (t === undefined) {
      t = { s: 0, p: 0, a: 0, c: 0, cd: 0 };
      byDay.set(day, t);
    }
    return t;
  };
  for (const r of rows) {
    if (!ids.has(r.fonds_id)) continue;
    const t = at(r.day);
    t.s += r.scanned;
    t.p += r.processed;
    t.a += r.approved;
  }
  for (const d of days as readonly CataloguedDay[]) {
    if (!ids.has(d.fondsId)) continue;
    const t = at(d.day);
    t.c += d.pages;
    t.cd += d.dossiers;
  }
  const ordered = [...byDay].sort(([a], [b]) => a.localeCompare(b));
  const from = q.from ?? ordered[0]?.[0] ?? asOf.day;
  const totals: Totals = { s: 0, p: 0, a: 0, c: 0, cd: 0 };
  const add = (t: Totals) => {
    totals.s += t.s;
    totals.p += t.p;
    totals.a += t.a;
    totals.c += t.c;
    totals.cd += t.cd;
  };
  // Days before `from` count in the totals the series starts with.
  for (const [day, t] of ordered) if (day < from) add(t);
  const points: Burnup['points'] = [];
  for (let day = from; day <= asOf.day; day = addDays(day, 1)) {
    const t = byDay.get(day);
    if (t !== undefined) add(t);
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
    unit: one?.unit ?? progress.overall.unit,
    holdings: own?.overall.holdings ?? progress.overall.holdings,
    target: own?.overall.target ?? progress.overall.target,
    deadline: progress.settings.deadline,
    forecast: own?.forecast ?? progress.forecast,
    points,
  };
}
