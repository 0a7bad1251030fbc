/**
 * Tiến độ (managers and admins): where the archive stands against its target: the catalogued
 * share of the holdings, high-use records apart, the finish date at the recent pace and the
 * output the deadline needs, the burn-up, every fonds, then the work of a period (activity.tsx)
 * and the semi-annual report.
 */
import { useState, type ReactNode } from 'react';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { RefreshNote } from '../components/paged-list.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { ActivitySection } from './activity.js';
import { getBurnup, getProgress, type Progress } from './api.js';
import { BurnupChart } from './burnup-chart.js';
import { TableHeading } from './controls.js';
import { ReportPicker } from './report-picker.js';
import { formatDay, formatNumber, formatPercent } from './numbers.js';

const REFRESH_MS = 60_000;

function Card({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="figure-card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A bar that fills to `percent` (capped at 100), with the figure in words beside it. */
function Meter({ percent, label }: { percent: number | null; label: string }) {
  return (
    <div
      className="meter"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.min(100, percent ?? 0)}
      aria-label={label}
    >
      <div
        className="meter__fill"
        style={{ width: `${Math.min(100, Math.max(0, percent ?? 0))}%` }}
      />
    </div>
  );
}

function Head({ p }: { p: Progress }) {
  const { t, lang } = useI18n();
  const o = p.overall;
  const f = p.forecast;
  const unit = t(o.unit === 'pages' ? 'progress.unit.pages' : 'progress.unit.dossiers');
  const n = (v: number, d = 0) => formatNumber(v, lang, d);
  return (
    <div className="figure-cards">
      <Card title={t('progress.card.done')} testId="card-done">
        <p className="figure-card__big" data-testid="done-figure">
          {n(o.done)} / {n(o.target)} {unit}
        </p>
        <Meter
          percent={o.percentOfTarget}
          label={t('progress.card.ofTarget', { p: formatPercent(o.percentOfTarget, lang) })}
        />
        <p>
          {t('progress.card.ofTarget', { p: formatPercent(o.percentOfTarget, lang) })} ·{' '}
          {t('progress.card.ofHoldings', {
            p: formatPercent(o.percentOfHoldings, lang),
            holdings: n(o.holdings),
            unit,
          })}
        </p>
        <p className="muted">
          {t('progress.card.target', {
            p: n(p.settings.targetPercent, p.settings.targetPercent % 1 === 0 ? 0 : 1),
          })}
        </p>
        {o.fondsWithoutPages.length > 0 && o.unit === 'pages' && (
          <p className="muted">
            {t('progress.card.withoutPages', { fonds: o.fondsWithoutPages.join(', ') })}
          </p>
        )}
      </Card>
      <Card title={t('progress.card.highUse')} testId="card-high-use">
        <p className="figure-card__big">
          {p.highUse.pages > 0
            ? `${n(p.highUse.cataloguedPages)} / ${n(p.highUse.pages)} ${t('progress.unit.pages')}`
            : `${n(p.highUse.cataloguedDossiers)} / ${n(p.highUse.dossiers)} ${t('progress.unit.dossiers')}`}
        </p>
        <Meter percent={p.highUse.percent} label={formatPercent(p.highUse.percent, lang)} />
        <p>{formatPercent(p.highUse.percent, lang)}</p>
      </Card>
      <Card title={t('progress.card.finish')} testId="card-finish">
        <p className="figure-card__big">
          {f.reached
            ? t('progress.card.reached', { day: formatDay(f.reachedOn) })
            : f.finish.working === null
              ? t('progress.card.noPace')
              : formatDay(f.finish.working)}
        </p>
        <p>
          {t('progress.card.pace', {
            days: f.window.days,
            working: n(f.rate.perWorkingDay, 1),
            calendar: n(f.rate.perCalendarDay, 1),
            unit,
          })}
        </p>
        {f.finish.calendar !== null && !f.reached && (
          <p className="muted">
            {t('progress.card.finishCalendar', { day: formatDay(f.finish.calendar) })}
          </p>
        )}
      </Card>
      <Card title={t('progress.card.required')} testId="card-required">
        {p.settings.deadline === null ? (
          <p>
            {t('progress.card.noDeadline')}{' '}
            <Link to="/holdings">{t('progress.card.setDeadline')}</Link>
          </p>
        ) : f.required.perWorkingDay === null ? (
          <p className="figure-card__big num--bad">
            {t('progress.card.overdue', { day: formatDay(p.settings.deadline) })}
          </p>
        ) : (
          <>
            <p className="figure-card__big">
              {t('progress.card.perWorkingDay', { n: n(f.required.perWorkingDay), unit })}
            </p>
            <p>
              {t('progress.card.requiredDetail', {
                day: formatDay(p.settings.deadline),
                calendar: n(f.required.perCalendarDay ?? 0),
                days: n(f.daysLeft?.working ?? 0),
                unit,
              })}
            </p>
            <p className={f.onTrack === false ? 'num--bad' : 'muted'}>
              {f.onTrack === false ? t('progress.card.behind') : t('progress.card.onTrack')}
            </p>
          </>
        )}
      </Card>
    </div>
  );
}

function FondsTable({ p }: { p: Progress }) {
  const { t, lang } = useI18n();
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));
  return (
    <section aria-labelledby="fonds-heading">
      <TableHeading id="fonds-heading" title={t('progress.fonds.title')} table="fonds" />
      <DataTable
        caption={t('progress.fonds.title')}
        testId="fonds-table"
        columns={[
          t('progress.fonds.code'),
          t('progress.fonds.name'),
          { label: t('progress.fonds.holdings'), className: 'num' },
          { label: t('progress.fonds.target'), className: 'num' },
          { label: t('progress.fonds.scanned'), className: 'num' },
          { label: t('progress.fonds.approved'), className: 'num' },
          { label: t('progress.fonds.catalogued'), className: 'num' },
          { label: t('progress.fonds.ofHoldings'), className: 'num' },
          { label: t('progress.fonds.ofTarget'), className: 'num' },
        ]}
      >
        {p.fonds.map((f) => {
          const pages = f.unit === 'pages';
          const unit = t(pages ? 'progress.unit.pages' : 'progress.unit.dossiers');
          return (
            <tr key={f.fondsId} data-testid="fonds-row" data-code={f.code}>
              <th scope="row">{f.code}</th>
              <td>{f.name}</td>
              <td className="num">
                {n(pages ? f.holdings.pages : f.holdings.dossiers)} {unit}
              </td>
              <td className="num">{n(f.target)}</td>
              <td className="num">{n(pages ? f.pages.scanned : f.dossiers.scanned)}</td>
              <td className="num">{n(pages ? f.pages.approved : f.dossiers.approved)}</td>
              <td className="num" data-testid="fonds-done">
                {n(f.done)}
              </td>
              <td className="num">{formatPercent(f.percentOfHoldings, lang)}</td>
              <td className="num">{formatPercent(f.percentOfTarget, lang)}</td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}

export function ProgressScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('progress.title'));
  const progress = useApi('progress', (signal) => getProgress({ signal }), {
    pollMs: () => REFRESH_MS,
  });
  const [fonds, setFonds] = useState<string>('');
  const burnup = useApi(
    `burnup:${fonds}`,
    (signal) => getBurnup(fonds === '' ? null : fonds, { signal }),
    { pollMs: () => REFRESH_MS },
  );
  const p = progress.data;
  return (
    <>
      <h1>{t('progress.title')}</h1>
      {p === undefined ? (
        <LoadingOrError res={progress} />
      ) : (
        <>
          <p className="lead">{t('progress.asOf', { day: formatDay(p.asOf) })}</p>
          <RefreshNote seconds={REFRESH_MS / 1000} refreshedAt={progress.refreshedAt} />
          {p.overall.holdings === 0 ? (
            <p className="empty-state">
              {t('progress.noHoldings')} <Link to="/holdings">{t('progress.toHoldings')}</Link>
            </p>
          ) : (
            <Head p={p} />
          )}
          <section aria-labelledby="burnup-heading">
            <div className="title-row title-row--start">
              <h2 id="burnup-heading">{t('progress.burnup.title')}</h2>
              <label className="inline-select">
                {t('progress.burnup.fonds')}{' '}
                <select value={fonds} onChange={(e) => setFonds(e.target.value)}>
                  <option value="">{t('progress.burnup.allFonds')}</option>
                  {p.fonds.map((f) => (
                    <option key={f.code} value={f.code}>
                      {f.code} — {f.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {burnup.data === undefined ? (
              <LoadingOrError res={burnup} />
            ) : (
              <BurnupChart data={burnup.data} />
            )}
          </section>
          <FondsTable p={p} />
        </>
      )}
      <ActivitySection />
      <ReportPicker />
    </>
  );
}
