/**
 * Quality in a period on the progress screen: OCR confidence (mean and distribution), the share
 * of draft fields reviewers corrected and which, rescans and rejection reasons.
 */
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { PeriodParams, Quality } from './api.js';
import { BarChart } from './bar-chart.js';
import { TableHeading } from './controls.js';
import { fieldLabel } from './field-labels.js';
import { formatNumber, formatShare } from './numbers.js';

export function QualityFigures({ q, period }: { q: Quality; period: Required<PeriodParams> }) {
  const { t, lang, pick } = useI18n();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <>
      <TableHeading
        id="ocr-heading"
        title={t('progress.quality.ocr')}
        table="ocr"
        period={period}
      />
      <p>
        {t('progress.quality.ocrMean', {
          mean: q.ocr.mean === null ? '—' : formatNumber(q.ocr.mean, lang, 1),
          pages: n(q.ocr.pages),
        })}
      </p>
      <BarChart
        title={t('progress.quality.ocr')}
        series={[{ label: t('progress.col.pages'), tone: 'done' }]}
        groups={q.ocr.buckets.map((b) => ({ label: `${b.from}–${b.to}`, values: [b.pages] }))}
      />
      <TableHeading
        id="corrections-heading"
        title={t('progress.quality.corrections')}
        table="corrections"
        period={period}
      />
      <p data-testid="corrections-share">
        {t('progress.quality.correctionsShare', {
          share: formatShare(q.corrections.share, lang),
          corrected: n(q.corrections.corrected),
          drafted: n(q.corrections.draftedFields),
          documents: n(q.corrections.documents),
        })}
      </p>
      {q.corrections.byField.length > 0 && (
        <DataTable
          caption={t('progress.quality.corrections')}
          columns={[
            t('progress.col.field'),
            { label: t('progress.col.corrected'), className: 'num' },
          ]}
        >
          {q.corrections.byField.map((f) => (
            <tr key={f.field}>
              <th scope="row">{pick(fieldLabel(f.field))}</th>
              <td className="num">{n(f.corrected)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <TableHeading
        id="rejections-heading"
        title={t('progress.quality.rejections')}
        table="rejections"
        period={period}
      />
      <p>
        {t('progress.quality.rescans', {
          pages: n(q.rescans.pages),
          share: formatShare(q.rescans.share, lang),
        })}
      </p>
      {q.rejections.byReason.length === 0 ? (
        <p className="muted">{t('progress.quality.noRejections')}</p>
      ) : (
        <DataTable
          caption={t('progress.quality.rejections')}
          columns={[
            t('progress.col.reason'),
            { label: t('progress.col.dossiers'), className: 'num' },
          ]}
        >
          {q.rejections.byReason.map((r) => (
            <tr key={r.reason}>
              <th scope="row">{t(`rejectReason.${r.reason}`)}</th>
              <td className="num">{n(r.count)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
