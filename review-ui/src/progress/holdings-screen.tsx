/**
 * Khối lượng và chỉ tiêu (managers and admins): the target and its deadline, what each fonds holds
 * (entered by hand beside what its inventory sums to), a new fonds, the import of a mục lục hồ sơ,
 * and the inventory of a fonds dossier by dossier.
 */
import { useState } from 'react';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel, LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Notice, useFormSubmit } from '../screens/admin-forms.js';
import {
  getHoldings,
  getSettings,
  putHoldings,
  putSettings,
  type FondsHoldings,
  type ProgressSettings,
} from './api.js';
import { CsvLink } from './controls.js';
import { InventoryImport } from './inventory-import.js';
import { InventoryList } from './inventory-list.js';
import { formatNumber } from './numbers.js';

/** '' → null, else the number (the api refuses what is not one, with its own message). */
const numberOrNull = (s: string): number | null =>
  s.trim() === '' ? null : Number(s.replace(',', '.'));

function SettingsForm({ settings, onSaved }: { settings: ProgressSettings; onSaved: () => void }) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [v, setV] = useState({
    targetPercent: String(settings.targetPercent),
    deadline: settings.deadline ?? '',
    organization: settings.organization ?? '',
    parentOrganization: settings.parentOrganization ?? '',
    place: settings.place ?? '',
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <section className="panel" aria-labelledby="target-heading">
      <h2 id="target-heading">{t('holdings.target.title')}</h2>
      <form
        className="form form--inline"
        data-testid="settings-form"
        onSubmit={form.submit(async () => {
          setNotice(null);
          await putSettings({
            targetPercent: Number(v.targetPercent.replace(',', '.')),
            deadline: v.deadline === '' ? null : v.deadline,
            organization: v.organization === '' ? null : v.organization,
            parentOrganization: v.parentOrganization === '' ? null : v.parentOrganization,
            place: v.place === '' ? null : v.place,
          });
          setNotice(t('holdings.saved'));
          onSaved();
        })}
      >
        <Field
          label={t('holdings.target.percent')}
          inputMode="decimal"
          value={v.targetPercent}
          onChange={set('targetPercent')}
          error={form.errors['targetPercent']}
          required
        />
        <Field
          label={t('holdings.target.deadline')}
          type="date"
          value={v.deadline}
          onChange={set('deadline')}
          optional
        />
        <Field
          label={t('holdings.target.organization')}
          value={v.organization}
          onChange={set('organization')}
          optional
          help={t('holdings.target.organizationHelp')}
        />
        <Field
          label={t('holdings.target.parent')}
          value={v.parentOrganization}
          onChange={set('parentOrganization')}
          optional
        />
        <Field
          label={t('holdings.target.place')}
          value={v.place}
          onChange={set('place')}
          optional
        />
        <div className="form__actions">
          <button type="submit" className="button--primary" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('holdings.save')}
          </button>
        </div>
      </form>
      <Notice text={notice} />
      {form.error !== null && <ErrorPanel error={form.error} />}
    </section>
  );
}

/** The figures a manager enters for one fonds, in a row of its own under the fonds. */
function HoldingsEdit({
  item,
  onSaved,
  onCancel,
}: {
  item: FondsHoldings;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const m = item.manual;
  const [v, setV] = useState({
    name: item.fonds.name,
    dossiers: m.dossiers?.toString() ?? '',
    pages: m.pages?.toString() ?? '',
    sheets: m.sheets?.toString() ?? '',
    shelfMetres: m.shelfMetres?.toString() ?? '',
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <form
      className="form form--inline"
      data-testid={`holdings-edit-${item.fonds.code}`}
      onSubmit={form.submit(async () => {
        await putHoldings(item.fonds.code, {
          name: v.name,
          dossiers: numberOrNull(v.dossiers),
          pages: numberOrNull(v.pages),
          sheets: numberOrNull(v.sheets),
          shelfMetres: numberOrNull(v.shelfMetres),
        });
        onSaved();
      })}
    >
      <Field label={t('holdings.fonds.name')} value={v.name} onChange={set('name')} required />
      <Field
        label={t('holdings.fonds.pages')}
        inputMode="numeric"
        value={v.pages}
        onChange={set('pages')}
        error={form.errors['pages']}
        optional
      />
      <Field
        label={t('holdings.fonds.sheets')}
        inputMode="numeric"
        value={v.sheets}
        onChange={set('sheets')}
        error={form.errors['sheets']}
        optional
      />
      <Field
        label={t('holdings.fonds.dossiers')}
        inputMode="numeric"
        value={v.dossiers}
        onChange={set('dossiers')}
        error={form.errors['dossiers']}
        optional
      />
      <Field
        label={t('holdings.fonds.shelf')}
        inputMode="decimal"
        value={v.shelfMetres}
        onChange={set('shelfMetres')}
        optional
      />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={form.busy}>
          {t('holdings.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {form.error !== null && <ErrorPanel error={form.error} />}
    </form>
  );
}

function NewFonds({ onSaved }: { onSaved: (code: string) => void }) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  return (
    <form
      className="form form--inline"
      data-testid="new-fonds"
      onSubmit={form.submit(async () => {
        await putHoldings(code.trim(), { name });
        setCode('');
        setName('');
        onSaved(code.trim());
      })}
    >
      <h3>{t('holdings.newFonds')}</h3>
      <Field
        label={t('holdings.fonds.code')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
        maxLength={13}
        help={t('holdings.fonds.codeHelp')}
      />
      <Field
        label={t('holdings.fonds.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
      />
      <div className="form__actions">
        <button type="submit" disabled={form.busy}>
          {t('holdings.create')}
        </button>
      </div>
      {form.error !== null && <ErrorPanel error={form.error} />}
    </form>
  );
}

export function HoldingsScreen() {
  const { t, lang } = useI18n();
  useDocumentTitle(t('holdings.title'));
  const settings = useApi('settings', (signal) => getSettings({ signal }));
  const list = useApi('holdings', (signal) => getHoldings({ signal }));
  const [editing, setEditing] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  // Bumped by an import, so that the inventory below is read again.
  const [imports, setImports] = useState(0);
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));
  const items = list.data?.items ?? [];
  const current = shown ?? items[0]?.fonds.code ?? null;
  return (
    <>
      <h1>{t('holdings.title')}</h1>
      <p className="lead">{t('holdings.intro')}</p>
      {settings.data === undefined ? (
        <LoadingOrError res={settings} />
      ) : (
        <SettingsForm
          key={settings.data.updatedAt}
          settings={settings.data}
          onSaved={settings.reload}
        />
      )}
      <section aria-labelledby="holdings-heading">
        <div className="title-row title-row--start">
          <h2 id="holdings-heading">{t('holdings.fonds.title')}</h2>
          <CsvLink table="holdings" />
        </div>
        {list.data === undefined ? (
          <LoadingOrError res={list} />
        ) : items.length === 0 ? (
          <p className="empty-state">{t('holdings.empty')}</p>
        ) : (
          <DataTable
            caption={t('holdings.fonds.title')}
            testId="holdings-table"
            columns={[
              t('holdings.fonds.code'),
              t('holdings.fonds.name'),
              { label: t('holdings.fonds.counted'), className: 'num' },
              { label: t('holdings.fonds.entered'), className: 'num' },
              { label: t('holdings.fonds.inventory'), className: 'num' },
              { label: t('holdings.fonds.highUse'), className: 'num' },
              t('common.actions'),
            ]}
          >
            {items.map((i) => {
              const f = i.fonds;
              const pages = f.unit === 'pages';
              return [
                <tr key={f.fondsId} data-testid="holdings-row" data-code={f.code}>
                  <th scope="row">{f.code}</th>
                  <td>{f.name}</td>
                  <td className="num">
                    {n(pages ? f.holdings.pages : f.holdings.dossiers)}{' '}
                    {t(pages ? 'progress.unit.pages' : 'progress.unit.dossiers')}
                    <br />
                    <span className="muted">
                      {t(`holdings.source.${f.holdings.pagesSource ?? 'dossiers'}`)}
                    </span>
                  </td>
                  <td className="num">
                    {[
                      i.manual.pages !== null
                        ? `${n(i.manual.pages)} ${t('progress.unit.pages')}`
                        : null,
                      i.manual.sheets !== null
                        ? `${n(i.manual.sheets)} ${t('holdings.unit.sheets')}`
                        : null,
                      i.manual.dossiers !== null
                        ? `${n(i.manual.dossiers)} ${t('progress.unit.dossiers')}`
                        : null,
                      i.manual.shelfMetres !== null
                        ? `${formatNumber(i.manual.shelfMetres, lang, 1)} m`
                        : null,
                    ]
                      .filter((x) => x !== null)
                      .join(' · ') || '—'}
                  </td>
                  <td className="num">
                    {t('holdings.inventorySummary', {
                      dossiers: n(f.holdings.inventoryDossiers),
                      sized: n(f.holdings.inventorySized),
                    })}
                  </td>
                  <td className="num">{`${n(f.highUse.dossiers)} / ${n(f.highUse.pages)}`}</td>
                  <td className="nowrap">
                    <button
                      type="button"
                      onClick={() => setEditing(editing === f.code ? null : f.code)}
                      aria-expanded={editing === f.code}
                    >
                      {t('holdings.edit')}
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => setShown(f.code)}
                      aria-pressed={current === f.code}
                    >
                      {t('holdings.showInventory')}
                    </button>
                  </td>
                </tr>,
                editing === f.code ? (
                  <tr key={`${f.fondsId}-edit`} className="row--form">
                    <td colSpan={7}>
                      <HoldingsEdit
                        item={i}
                        onCancel={() => setEditing(null)}
                        onSaved={() => {
                          setEditing(null);
                          list.reload();
                        }}
                      />
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </DataTable>
        )}
        <NewFonds
          onSaved={(code) => {
            list.reload();
            setShown(code);
          }}
        />
      </section>
      <InventoryImport
        fonds={items.map((i) => i.fonds)}
        selected={current}
        onImported={(code) => {
          list.reload();
          setShown(code);
          setImports((x) => x + 1);
        }}
      />
      {current !== null && <InventoryList key={`${current}:${imports}`} fondsCode={current} />}
    </>
  );
}
