/** The semi-annual report on the progress screen: choose the half-year, download PDF or XLSX. */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import { reportUrl } from './api.js';
import { vnToday } from './numbers.js';

export function ReportPicker() {
  const { t } = useI18n();
  const today = vnToday();
  const year = Number(today.slice(0, 4));
  const [choice, setChoice] = useState(`${year}-${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`);
  const [y = year, h = 1] = choice.split('-').map(Number);
  const half = h === 2 ? 2 : 1;
  const options = [year, year - 1, year - 2].flatMap((yy) =>
    [2, 1].map((hh) => ({
      value: `${yy}-${hh}`,
      label: t(hh === 1 ? 'progress.report.h1' : 'progress.report.h2', { year: yy }),
    })),
  );
  return (
    <section className="panel" aria-labelledby="report-heading">
      <h2 id="report-heading">{t('progress.report.title')}</h2>
      <p className="muted">{t('progress.report.intro')}</p>
      <div className="form form--inline">
        <div className="form__field">
          <label htmlFor="report-period">{t('progress.report.period')}</label>
          <select id="report-period" value={choice} onChange={(e) => setChoice(e.target.value)}>
            {options
              .filter((o) => o.value <= `${year}-${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`)
              .map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
          </select>
        </div>
        <div className="form__actions">
          <a
            className="button-link button--primary"
            href={reportUrl(y, half, 'pdf')}
            download
            data-testid="report-pdf"
          >
            {t('progress.report.pdf')}
          </a>
          <a
            className="button-link"
            href={reportUrl(y, half, 'xlsx')}
            download
            data-testid="report-xlsx"
          >
            {t('progress.report.xlsx')}
          </a>
        </div>
      </div>
    </section>
  );
}
