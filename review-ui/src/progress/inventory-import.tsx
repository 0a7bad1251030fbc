/**
 * Nhập mục lục hồ sơ: choose the fonds and the file (CSV or XLSX), see what it would do (dossiers
 * to create, to update, left unchanged, fields kept as scanning or review made them) and every
 * bad cell by row and column, then import it. Nothing is written before "Nhập".
 */
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel } from '../components/feedback.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Notice } from '../screens/admin-forms.js';
import { uploadInventory, type InventoryResult, type Progress } from './api.js';
import { fieldLabel } from './field-labels.js';

type Fonds = Progress['fonds'][number];

const SHOWN_ROWS = 100;

function Preview({ r }: { r: InventoryResult }) {
  const { t, pick } = useI18n();
  const names = (keys: readonly string[]) => keys.map((k) => pick(fieldLabel(k))).join(', ');
  return (
    <div data-testid="inventory-preview">
      <p>
        {t('import.summary', {
          rows: r.rowsRead,
          create: r.summary.create,
          update: r.summary.update,
          unchanged: r.summary.unchanged,
          kept: r.summary.kept,
          errors: r.summary.errors,
        })}
      </p>
      <p className="muted">
        {t('import.columns')}{' '}
        {r.columns.map((c) => (
          <span
            key={c.column}
            className={`badge badge--${c.field === null ? 'idle' : 'ok'}`}
            title={c.field ?? t('import.ignored')}
          >
            {c.column}: {c.header}
            {c.field === null ? ` (${t('import.ignored')})` : ''}
          </span>
        ))}
      </p>
      {r.errors.length > 0 && (
        <DataTable
          caption={t('import.errors')}
          showCaption
          testId="inventory-errors"
          columns={[t('import.col.row'), t('import.col.column'), t('import.col.message')]}
        >
          {r.errors.map((e, i) => (
            <tr key={i} className="row--low">
              <th scope="row" className="num">
                {e.row}
              </th>
              <td>{e.column === null ? '—' : `${e.column} «${e.header ?? ''}»`}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {r.items.length > 0 && (
        <details open={r.items.length <= 20}>
          <summary>
            {t('import.rows', {
              count: Math.min(SHOWN_ROWS, r.items.length),
              total: r.items.length,
            })}
          </summary>
          <DataTable
            caption={t('import.rowsCaption')}
            columns={[
              t('import.col.row'),
              t('import.col.code'),
              t('import.col.action'),
              t('import.col.changed'),
              t('import.col.kept'),
            ]}
          >
            {r.items.slice(0, SHOWN_ROWS).map((i) => (
              <tr key={i.row}>
                <th scope="row" className="num">
                  {i.row}
                </th>
                <td className="nowrap">{i.code}</td>
                <td>{t(`import.action.${i.action}`)}</td>
                <td>{names(i.changed)}</td>
                <td>{names(i.kept)}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      )}
    </div>
  );
}

export function InventoryImport({
  fonds,
  selected,
  onImported,
}: {
  fonds: readonly Fonds[];
  selected: string | null;
  onImported: (fondsCode: string) => void;
}) {
  const { t } = useI18n();
  const [fondsCode, setFondsCode] = useState<string>(selected ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<InventoryResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const code = fondsCode === '' ? (selected ?? fonds[0]?.code ?? '') : fondsCode;

  const run = async (commit: boolean) => {
    if (file === null || code === '') return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await uploadInventory(code, file, commit);
      setPreview(r);
      if (commit) {
        setNotice(
          t('import.done', {
            create: r.summary.create,
            update: r.summary.update,
            unchanged: r.summary.unchanged,
          }),
        );
        onImported(code);
      }
    } catch (err) {
      const result =
        err instanceof ApiError ? (err.data?.['result'] as InventoryResult | undefined) : undefined;
      if (result !== undefined) setPreview(result);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="import-heading" data-testid="inventory-import">
      <h2 id="import-heading">{t('import.title')}</h2>
      <p className="muted">{t('import.intro')}</p>
      <form
        className="form form--inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        <div className="form__field">
          <label htmlFor="import-fonds">{t('import.fonds')}</label>
          <select
            id="import-fonds"
            value={code}
            onChange={(e) => {
              setFondsCode(e.target.value);
              setPreview(null);
            }}
          >
            {fonds.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} — {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form__field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setNotice(null);
            }}
          />
        </div>
        <div className="form__actions">
          <button
            type="submit"
            disabled={busy || file === null || code === ''}
            data-testid="import-preview"
          >
            {busy ? t('common.loading') : t('import.preview')}
          </button>
          <button
            type="button"
            className="button--primary"
            data-testid="import-commit"
            disabled={busy || preview === null || preview.committed || preview.errors.length > 0}
            onClick={() => void run(true)}
          >
            {t('import.commit')}
          </button>
        </div>
      </form>
      <Notice text={notice} />
      {error !== null && <ErrorPanel error={error} />}
      {preview !== null && <Preview r={preview} />}
    </section>
  );
}
