/** Small pieces of the managers' screens: the CSV link of a table and the period picker. */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import { exportUrl, type ExportTable, type PeriodParams } from './api.js';

/** "Tải CSV" for `table` with the screen's period. */
export function CsvLink({
  table,
  period = {},
  by,
}: {
  table: ExportTable;
  period?: PeriodParams;
  by?: 'day' | 'week';
}) {
  const { t } = useI18n();
  return (
    <a
      className="csv-link"
      href={exportUrl(table, { ...period, ...(by === undefined ? {} : { by }) })}
      download
      data-testid={`csv-${table}`}
    >
      {t('progress.csv')}
    </a>
  );
}

/** A heading with the table's CSV link beside it. */
export function TableHeading({
  id,
  title,
  table,
  period,
  by,
}: {
  id: string;
  title: string;
  table: ExportTable;
  period?: PeriodParams;
  by?: 'day' | 'week';
}) {
  return (
    <div className="title-row title-row--start">
      <h3 id={id}>{title}</h3>
      <CsvLink
        table={table}
        {...(period === undefined ? {} : { period })}
        {...(by === undefined ? {} : { by })}
      />
    </div>
  );
}

/** From and to days, applied together. */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: Required<PeriodParams>;
  onChange: (p: Required<PeriodParams>) => void;
}) {
  const { t } = useI18n();
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (from !== '' && to !== '' && from <= to) onChange({ from, to });
  };
  return (
    <form
      className="form form--inline period-picker"
      onSubmit={apply}
      aria-label={t('progress.period.label')}
    >
      <div className="form__field">
        <label htmlFor="period-from">{t('progress.period.from')}</label>
        <input
          id="period-from"
          type="date"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="form__field">
        <label htmlFor="period-to">{t('progress.period.to')}</label>
        <input
          id="period-to"
          type="date"
          value={to}
          min={from}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <div className="form__actions">
        <button type="submit">{t('progress.period.apply')}</button>
      </div>
    </form>
  );
}
