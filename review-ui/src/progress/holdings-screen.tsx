/**
 * Khối lượng và chỉ tiêu (managers and admins): the target and its deadline, what each fonds holds
 * (entered by hand beside what its inventory sums to), a new fonds, the import of a mục lục hồ sơ,
 * and the inventory of a fonds dossier by dossier.
 */
import { useState } from 'react';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { getHoldings, getSettings } from './api.js';
import { CsvLink } from './controls.js';
import { HoldingsEdit, NewFonds, SettingsForm } from './holdings-forms.js';
import { InventoryImport } from './inventory-import.js';
import { InventoryList } from './inventory-list.js';
import { formatNumber } from './numbers.js';

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
