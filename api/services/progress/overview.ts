/**
 * Progress against the target, per fonds and overall, with the forecast (`GET /api/progress`).
 *
 * What counts toward the target: the catalogued pages (pages of the documents of catalogued
 * dossiers) against the holdings in pages. A fonds's holdings in pages are, first found: the page
 * total a manager entered, the sheet total a manager entered (a sheet counts as one page), or the
 * sum over its dossiers of the inventory's Số trang (Số tờ where the inventory gives only
 * sheets). A fonds with none of these is counted in dossiers (catalogued dossiers against the
 * dossier total entered, or the number of its dossiers) and kept out of the overall page figures.
 */
import type { AppDeps } from '../../context.js';
import type { FondsProgress, Progress, ProgressSettings } from '../../contracts/progress.js';
import { addDays, type Day } from './calendar.js';
import {
  cataloguedPerDay,
  fondsCounts,
  type CataloguedDay,
  type FondsCounts,
} from './fonds-figures.js';
import { forecast } from './forecast.js';
import { resolveAsOf, todayOf, type AsOf } from './period.js';
import { getSettings } from './settings.js';

/** ceil(holdings × percent / 100), immune to the float error of e.g. 33.3 %. */
export const targetOf = (holdings: number, percent: number): number =>
  Math.ceil((holdings * percent) / 100 - 1e-9);

const percent = (part: number, whole: number | null): number | null =>
  whole === null || whole <= 0 ? null : (part * 100) / whole;

/** One fonds's figures in its unit. */
export function fondsProgress(c: FondsCounts, targetPercent: number): FondsProgress {
  const { manual, inventory } = c;
  const [pages, pagesSource] =
    manual.pages !== null
      ? [manual.pages, 'manual_pages' as const]
      : manual.sheets !== null
        ? [manual.sheets, 'manual_sheets' as const]
        : inventory.sized > 0
          ? [inventory.pages, 'inventory' as const]
          : [null, null];
  const dossiers = manual.dossiers ?? inventory.dossiers;
  const unit = pages !== null && pages > 0 ? 'pages' : 'dossiers';
  const holdings = unit === 'pages' ? pages : dossiers;
  const done = unit === 'pages' ? c.pages.catalogued : c.dossiers.catalogued;
  const target = holdings === null || holdings === 0 ? null : targetOf(holdings, targetPercent);
  return {
    fondsId: c.id,
    code: c.code,
    name: c.name,
    unit,
    holdings: {
      pages,
      pagesSource,
      dossiers,
      dossiersSource: manual.dossiers !== null ? 'manual' : 'inventory',
      shelfMetres: manual.shelfMetres,
      inventoryDossiers: inventory.dossiers,
      inventorySized: inventory.sized,
    },
    pages: c.pages,
    dossiers: c.dossiers,
    target,
    done,
    percentOfHoldings: percent(done, holdings),
    percentOfTarget: percent(done, target),
    highUse: c.highUse,
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const stagesSum = (xs: readonly FondsProgress[], k: 'pages' | 'dossiers') => ({
  scanned: sum(xs.map((f) => f[k].scanned)),
  processed: sum(xs.map((f) => f[k].processed)),
  approved: sum(xs.map((f) => f[k].approved)),
  catalogued: sum(xs.map((f) => f[k].catalogued)),
});

/** The overall figures and forecast over `fonds`, with the catalogued days behind them. */
export function overallOf(
  fonds: readonly FondsProgress[],
  days: readonly CataloguedDay[],
  settings: Pick<ProgressSettings, 'targetPercent' | 'deadline' | 'windowDays'>,
  asOf: Day,
): Pick<Progress, 'overall' | 'highUse' | 'forecast'> {
  const byPages = fonds.filter((f) => f.unit === 'pages');
  const unit = byPages.length > 0 ? 'pages' : 'dossiers';
  const counted = new Set((unit === 'pages' ? byPages : fonds).map((f) => f.fondsId));
  const holdings =
    unit === 'pages'
      ? sum(byPages.map((f) => f.holdings.pages ?? 0))
      : sum(fonds.map((f) => f.holdings.dossiers));
  const pages = stagesSum(byPages, 'pages');
  const dossiers = stagesSum(fonds, 'dossiers');
  const done = unit === 'pages' ? pages.catalogued : dossiers.catalogued;
  const target = targetOf(holdings, settings.targetPercent);
  const perDay = new Map<Day, number>();
  for (const d of days) {
    if (!counted.has(d.fondsId)) continue;
    perDay.set(d.day, (perDay.get(d.day) ?? 0) + (unit === 'pages' ? d.pages : d.dossiers));
  }
  const windowFrom = addDays(asOf, -(settings.windowDays - 1));
  let windowDone = 0;
  let running = 0;
  let reachedOn: Day | null = null;
  for (const [day, v] of [...perDay].sort(([a], [b]) => a.localeCompare(b))) {
    if (day >= windowFrom && day <= asOf) windowDone += v;
    running += v;
    if (reachedOn === null && target > 0 && running >= target) reachedOn = day;
  }
  const f = forecast({
    target,
    done,
    windowDone,
    windowDays: settings.windowDays,
    asOf,
    deadline: settings.deadline,
  });
  const hu = {
    dossiers: sum(fonds.map((x) => x.highUse.dossiers)),
    pages: sum(fonds.map((x) => x.highUse.pages)),
    cataloguedDossiers: sum(fonds.map((x) => x.highUse.cataloguedDossiers)),
    cataloguedPages: sum(fonds.map((x) => x.highUse.cataloguedPages)),
  };
  return {
    overall: {
      unit,
      holdings,
      target,
      done,
      percentOfHoldings: percent(done, holdings),
      percentOfTarget: percent(done, target),
      pages,
      dossiers,
      holdingsDossiers: sum(fonds.map((x) => x.holdings.dossiers)),
      fondsWithoutPages: fonds.filter((x) => x.unit === 'dossiers').map((x) => x.code),
    },
    highUse: {
      ...hu,
      percent:
        hu.pages > 0
          ? (hu.cataloguedPages * 100) / hu.pages
          : percent(hu.cataloguedDossiers, hu.dossiers),
    },
    forecast: { ...f, reachedOn: f.reached ? reachedOn : null },
  };
}

/** The progress as of `asOf`, with the catalogued days behind its forecast. */
export async function progressData(
  deps: Pick<AppDeps, 'db' | 'config'>,
  asOf: AsOf,
): Promise<{ progress: Progress; days: CataloguedDay[] }> {
  const [settings, counts, days] = await Promise.all([
    getSettings(deps),
    fondsCounts(deps.db, asOf),
    cataloguedPerDay(deps.db, asOf),
  ]);
  const fonds = counts.map((c) => fondsProgress(c, settings.targetPercent));
  return {
    progress: { asOf: asOf.day, settings, ...overallOf(fonds, days, settings, asOf.day), fonds },
    days,
  };
}

/** Everything the dashboard's head shows, as of `asOf`. */
export async function progressAt(
  deps: Pick<AppDeps, 'db' | 'config'>,
  asOf: AsOf,
): Promise<Progress> {
  return (await progressData(deps, asOf)).progress;
}

/** `GET /api/progress?date=`: as of the end of `date` (today by default). */
export async function getProgress(deps: AppDeps, date?: Day): Promise<Progress> {
  return progressAt(deps, resolveAsOf(todayOf(deps), date));
}
