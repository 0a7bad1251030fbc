/**
 * The burn-up: what has been scanned, approved and catalogued day by day, against the target line,
 * with the projection at the recent pace and the pace the deadline needs.
 *
 * Plain SVG rather than a chart library: three lines, two dashed guides and an axis are about a
 * hundred lines here, a library would add far more to the bundle, and SVG text stays crisp,
 * printable and readable by screen readers (the figures are also given as a table below it).
 */
import { useId } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import type { Burnup } from './api.js';
import { dayIndex, linear, ticks } from './chart-scale.js';
import { formatDay, formatNumber } from './numbers.js';

const W = 820;
const H = 320;
const PAD = { left: 64, right: 16, top: 16, bottom: 36 };

/** Points of a polyline, `x,y x,y …`. */
const path = (pts: readonly [number, number][]) =>
  pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

export function BurnupChart({ data }: { data: Burnup }) {
  const { t, lang } = useI18n();
  const id = useId();
  const first = data.points[0]?.day ?? data.asOf;
  const f = data.forecast;
  const ends = [data.asOf];
  // The future is drawn up to the deadline or the projected finish, whichever is later (within
  // three years, so that a very slow pace does not squeeze the past into a corner).
  if (data.deadline !== null && data.deadline > data.asOf) ends.push(data.deadline);
  if (f.finish.working !== null && dayIndex(data.asOf, f.finish.working) < 3 * 366)
    ends.push(f.finish.working);
  const last = ends.sort().at(-1) ?? data.asOf;
  const span = Math.max(1, dayIndex(first, last));
  const pages = data.unit === 'pages';
  const done = (p: Burnup['points'][number]) => (pages ? p.cataloguedPages : p.cataloguedDossiers);
  const top = Math.max(
    data.target,
    ...data.points.map((p) => (pages ? Math.max(p.scannedPages, p.approvedPages) : done(p))),
    1,
  );
  const yTicks = ticks(top);
  const yMax = yTicks.at(-1) ?? top;
  const x = linear(0, span, PAD.left, W - PAD.right);
  const y = linear(0, yMax, H - PAD.bottom, PAD.top);
  const xOf = (day: string) => x(dayIndex(first, day));
  const series = (get: (p: Burnup['points'][number]) => number) =>
    path(data.points.map((p) => [xOf(p.day), y(get(p))]));
  const now = data.points.at(-1);
  const doneNow = now === undefined ? 0 : done(now);
  const months: string[] = [];
  for (let m = `${first.slice(0, 7)}-01`; m <= last;) {
    if (m >= first) months.push(m);
    const [yy = 0, mm = 0] = m.split('-').map(Number);
    m = mm === 12 ? `${yy + 1}-01-01` : `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
  }
  const everyMonths = Math.max(1, Math.ceil(months.length / 12));
  const unit = t(pages ? 'progress.unit.pages' : 'progress.unit.dossiers');
  return (
    <figure className="chart" data-testid="burnup-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{t('progress.burnup.title')}</title>
        <desc id={`${id}-d`}>
          {t('progress.burnup.desc', {
            done: formatNumber(doneNow, lang),
            target: formatNumber(data.target, lang),
            unit,
          })}
        </desc>
        {yTicks.map((v) => (
          <g key={v} className="chart__grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {formatNumber(v, lang)}
            </text>
          </g>
        ))}
        {months.map((m, i) =>
          i % everyMonths === 0 ? (
            <text
              key={m}
              className="chart__axis"
              x={xOf(m)}
              y={H - PAD.bottom + 16}
              textAnchor="middle"
            >
              {`${m.slice(5, 7)}/${m.slice(2, 4)}`}
            </text>
          ) : null,
        )}
        <line
          className="chart__target"
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(data.target)}
          y2={y(data.target)}
        />
        <text
          className="chart__label"
          x={W - PAD.right - 4}
          y={y(data.target) - 6}
          textAnchor="end"
        >
          {t('progress.burnup.target', { n: formatNumber(data.target, lang) })}
        </text>
        {data.deadline !== null && data.deadline >= first && data.deadline <= last && (
          <>
            <line
              className="chart__deadline"
              x1={xOf(data.deadline)}
              x2={xOf(data.deadline)}
              y1={PAD.top}
              y2={H - PAD.bottom}
            />
            <text
              className="chart__label"
              x={xOf(data.deadline) - 4}
              y={PAD.top + 12}
              textAnchor="end"
            >
              {t('progress.burnup.deadline', { day: formatDay(data.deadline) })}
            </text>
          </>
        )}
        {pages && (
          <polyline
            className="chart__line chart__line--scanned"
            points={series((p) => p.scannedPages)}
          />
        )}
        {pages && (
          <polyline
            className="chart__line chart__line--approved"
            points={series((p) => p.approvedPages)}
          />
        )}
        <polyline className="chart__line chart__line--done" points={series(done)} />
        {f.finish.working !== null && f.finish.working <= last && (
          <polyline
            className="chart__line chart__line--projection"
            points={path([
              [xOf(data.asOf), y(doneNow)],
              [xOf(f.finish.working), y(data.target)],
            ])}
          />
        )}
        {data.deadline !== null && !f.reached && data.deadline > data.asOf && (
          <polyline
            className="chart__line chart__line--required"
            points={path([
              [xOf(data.asOf), y(doneNow)],
              [xOf(data.deadline), y(data.target)],
            ])}
          />
        )}
      </svg>
      <figcaption className="chart__legend">
        <span className="legend legend--done">{t('progress.burnup.catalogued')}</span>
        {pages && <span className="legend legend--approved">{t('progress.burnup.approved')}</span>}
        {pages && <span className="legend legend--scanned">{t('progress.burnup.scanned')}</span>}
        <span className="legend legend--target">{t('progress.burnup.targetLine')}</span>
        <span className="legend legend--projection">{t('progress.burnup.projection')}</span>
        {data.deadline !== null && (
          <span className="legend legend--required">{t('progress.burnup.required')}</span>
        )}
      </figcaption>
    </figure>
  );
}
