/**
 * The work of a period on the progress screen: output per day or week by stage, operators and
 * workstations (pages, rescans, rejections), reviewers (decisions, fields corrected), and quality
 * (OCR confidence, draft fields corrected, rejection reasons). Every table has its CSV link.
 */
import { useState } from 'react';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { LoadingOrError } from '../components/feedback.js';
import { useI18n } from '../i18n/i18n-provider.js';
import {
  getOperators,
  getQuality,
  getReviewers,
  getThroughput,
  type Operators,
  type PeriodParams,
} from './api.js';
import { BarChart } from './bar-chart.js';
import { PeriodPicker, TableHeading } from './controls.js';
import { QualityFigures } from './quality-section.js';
import { addDays, formatDay, formatNumber, formatShare, vnToday } from './numbers.js';

const WINDOW_DAYS = 28;

function Throughput({ period }: { period: Required<PeriodParams> }) {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<'day' | 'week'>('day');
  const res = useApi(`throughput:${period.from}:${period.to}:${by}`, (signal) =>
    getThroughput({ ...period, by }, { signal }),
  );
  const n = (v: number) => formatNumber(v, lang);
  return (
    <section aria-labelledby="throughput-heading">
      <TableHeading
        id="throughput-heading"
        title={t('progress.throughput.title')}
        table="throughput"
        period={period}
        by={by}
      />
      <div role="group" aria-label={t('progress.throughput.by')} className="toggle">
        {(['day', 'week'] as const).map((b) => (
          <button key={b} type="button" aria-pressed={by === b} onClick={() => setBy(b)}>
            {t(b === 'day' ? 'progress.throughput.byDay' : 'progress.throughput.byWeek')}
          </button>
        ))}
      </div>
      {res.data === undefined ? (
        <LoadingOrError res={res} />
      ) : (
        <>
          <BarChart
            title={t('progress.throughput.title')}
            series={[
              { label: t('progress.stage.scanned'), tone: 'scanned' },
              { label: t('progress.stage.approved'), tone: 'approved' },
              { label: t('progress.stage.catalogued'), tone: 'done' },
            ]}
            groups={res.data.rows.map((r) => ({
              label: formatDay(r.period).slice(0, 5),
              values: [r.scannedPages, r.approvedPages, r.cataloguedPages],
            }))}
          />
          <details>
            <summary>{t('progress.asTable')}</summary>
            <DataTable
              caption={t('progress.throughput.title')}
              columns={[
                t(by === 'day' ? 'progress.col.day' : 'progress.col.week'),
                ...(
                  [
                    'scannedPages',
                    'rescannedPages',
                    'processedPages',
                    'approvedDossiers',
                    'approvedPages',
                    'rejectedDossiers',
                    'cataloguedDossiers',
                    'cataloguedPages',
                  ] as const
                ).map((k) => ({
                  label: t(`progress.col.${k}`),
                  className: 'num',
                })),
              ]}
            >
              {res.data.rows.map((r) => (
                <tr key={r.period}>
                  <th scope="row">{formatDay(r.period)}</th>
                  {[
                    r.scannedPages,
                    r.rescannedPages,
                    r.processedPages,
                    r.approvedDossiers,
                    r.approvedPages,
                    r.rejectedDossiers,
                    r.cataloguedDossiers,
                    r.cataloguedPages,
                  ].map((v, i) => (
                    <td key={i} className="num">
                      {n(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
          </details>
        </>
      )}
    </section>
  );
}

interface ScanRow {
  readonly key: string;
  readonly name: string | null;
  readonly batches: number;
  readonly pages: number;
  readonly rescannedPages: number;
  readonly rescanShare: number | null;
  readonly rejections: number;
}

function ScanTable({
  caption,
  nameLabel,
  rows,
}: {
  caption: string;
  nameLabel: string;
  rows: readonly ScanRow[];
}) {
  const { t, lang } = useI18n();
  return (
    <DataTable
      caption={caption}
      columns={[
        nameLabel,
        { label: t('progress.col.batches'), className: 'num' },
        { label: t('progress.col.scannedPages'), className: 'num' },
        { label: t('progress.col.rescannedPages'), className: 'num' },
        { label: t('progress.col.rescanShare'), className: 'num' },
        { label: t('progress.col.rejections'), className: 'num' },
      ]}
    >
      {rows.map((r) => (
        <tr key={r.key}>
          <th scope="row">{r.name ?? t('progress.unknown')}</th>
          <td className="num">{formatNumber(r.batches, lang)}</td>
          <td className="num">{formatNumber(r.pages, lang)}</td>
          <td className="num">{formatNumber(r.rescannedPages, lang)}</td>
          <td className="num">{formatShare(r.rescanShare, lang)}</td>
          <td className="num">{formatNumber(r.rejections, lang)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

const operatorRows = (o: Operators): ScanRow[] =>
  o.operators.map((r) => ({ ...r, key: r.operator ?? '', name: r.operator }));
const workstationRows = (o: Operators): ScanRow[] =>
  o.workstations.map((r) => ({ ...r, key: r.workstationId ?? '', name: r.workstation }));

function People({ period }: { period: Required<PeriodParams> }) {
  const { t, lang } = useI18n();
  const key = `${period.from}:${period.to}`;
  const ops = useApi(`operators:${key}`, (signal) => getOperators(period, { signal }));
  const revs = useApi(`reviewers:${key}`, (signal) => getReviewers(period, { signal }));
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t('progress.people.title')}</h2>
      <TableHeading
        id="operators-heading"
        title={t('progress.people.operators')}
        table="operators"
        period={period}
      />
      {ops.data === undefined ? (
        <LoadingOrError res={ops} />
      ) : (
        <>
          <ScanTable
            caption={t('progress.people.operators')}
            nameLabel={t('progress.col.operator')}
            rows={operatorRows(ops.data)}
          />
          <TableHeading
            id="workstations-heading"
            title={t('progress.people.workstations')}
            table="workstations"
            period={period}
          />
          <ScanTable
            caption={t('progress.people.workstations')}
            nameLabel={t('progress.col.workstation')}
            rows={workstationRows(ops.data)}
          />
        </>
      )}
      <TableHeading
        id="reviewers-heading"
        title={t('progress.people.reviewers')}
        table="reviewers"
        period={period}
      />
      {revs.data === undefined ? (
        <LoadingOrError res={revs} />
      ) : (
        <DataTable
          caption={t('progress.people.reviewers')}
          columns={[
            t('progress.col.reviewer'),
            { label: t('progress.col.reviewed'), className: 'num' },
            { label: t('progress.col.approved'), className: 'num' },
            { label: t('progress.col.rejected'), className: 'num' },
            { label: t('progress.col.fieldsCorrected'), className: 'num' },
          ]}
        >
          {revs.data.reviewers.map((r) => (
            <tr key={r.userId}>
              <th scope="row">{r.displayName ?? r.username ?? r.userId}</th>
              <td className="num">{formatNumber(r.reviewed, lang)}</td>
              <td className="num">{formatNumber(r.approved, lang)}</td>
              <td className="num">{formatNumber(r.rejected, lang)}</td>
              <td className="num">{formatNumber(r.fieldsCorrected, lang)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export function ActivitySection() {
  const { t } = useI18n();
  const today = vnToday();
  const [period, setPeriod] = useState({ from: addDays(today, -(WINDOW_DAYS - 1)), to: today });
  const quality = useApi(`quality:${period.from}:${period.to}`, (signal) =>
    getQuality(period, { signal }),
  );
  return (
    <section aria-labelledby="activity-heading" className="activity">
      <h2 id="activity-heading">
        {t('progress.activity.title', { from: formatDay(period.from), to: formatDay(period.to) })}
      </h2>
      <PeriodPicker value={period} onChange={setPeriod} />
      <Throughput period={period} />
      <People period={period} />
      <section aria-labelledby="quality-heading">
        <h2 id="quality-heading">{t('progress.quality.title')}</h2>
        {quality.data === undefined ? (
          <LoadingOrError res={quality} />
        ) : (
          <QualityFigures q={quality.data} period={period} />
        )}
      </section>
    </section>
  );
}
