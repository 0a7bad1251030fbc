/**
 * The inventory of one fonds, dossier by dossier, with its planning figures editable: expected
 * pages and sheets, and whether the records are used often (digitized first).
 */
import { useState } from 'react';
import { mergePages } from '../api/paging.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel, LoadingOrError, OrNone, StatusBadge } from '../components/feedback.js';
import { ListFooter, useMorePages } from '../components/paged-list.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { getInventory, patchInventoryDossier, type InventoryDossier } from './api.js';

const PAGE_SIZE = 50;

function Row({ d, onSaved }: { d: InventoryDossier; onSaved: (d: InventoryDossier) => void }) {
  const { t } = useI18n();
  const [pages, setPages] = useState(d.expectedPages?.toString() ?? '');
  const [sheets, setSheets] = useState(d.expectedSheets?.toString() ?? '');
  const [highUse, setHighUse] = useState(d.highUse);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  const dirty =
    num(pages) !== d.expectedPages || num(sheets) !== d.expectedSheets || highUse !== d.highUse;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await patchInventoryDossier(d.code, {
          expectedPages: num(pages),
          expectedSheets: num(sheets),
          highUse,
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-testid="inventory-row" data-code={d.code}>
      <th scope="row" className="nowrap">
        {d.code}
      </th>
      <td>
        <OrNone value={d.title} />
        {error !== null && <ErrorPanel error={error} />}
      </td>
      <td>
        <StatusBadge kind="dossier" status={d.status} />
      </td>
      <td className="num">
        <input
          className="num-input"
          inputMode="numeric"
          aria-label={t('inventory.expectedPagesOf', { code: d.code })}
          value={pages}
          onChange={(e) => setPages(e.target.value)}
        />
      </td>
      <td className="num">
        <input
          className="num-input"
          inputMode="numeric"
          aria-label={t('inventory.expectedSheetsOf', { code: d.code })}
          value={sheets}
          onChange={(e) => setSheets(e.target.value)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('inventory.highUseOf', { code: d.code })}
          checked={highUse}
          onChange={(e) => setHighUse(e.target.checked)}
        />
      </td>
      <td className="num">
        <OrNone value={d.pageCount} />
      </td>
      <td>
        <button type="button" disabled={!dirty || busy} onClick={() => void save()}>
          {t('holdings.save')}
        </button>
      </td>
    </tr>
  );
}

export function InventoryList({ fondsCode }: { fondsCode: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const key = `inventory:${fondsCode}:${search}`;
  const first = useApi(key, (signal) =>
    getInventory(fondsCode, { limit: PAGE_SIZE, q: search }, { signal }),
  );
  const more = useMorePages(key, (cursor) =>
    getInventory(fondsCode, { limit: PAGE_SIZE, cursor, q: search }),
  );
  const [saved, setSaved] = useState<Record<string, InventoryDossier>>({});
  return (
    <section aria-labelledby="inventory-heading" data-testid="inventory-list">
      <h2 id="inventory-heading">{t('inventory.title', { fonds: fondsCode })}</h2>
      <form
        className="form form--inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <div className="form__field">
          <label htmlFor="inventory-search">{t('inventory.search')}</label>
          <input
            id="inventory-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <div className="form__actions">
          <button type="submit">{t('inventory.find')}</button>
        </div>
      </form>
      {first.data === undefined ? (
        <LoadingOrError res={first} />
      ) : (
        (() => {
          const list = mergePages(first.data, more.extra);
          return list.items.length === 0 ? (
            <p className="empty-state">{t('inventory.empty')}</p>
          ) : (
            <>
              <DataTable
                caption={t('inventory.title', { fonds: fondsCode })}
                columns={[
                  t('inventory.col.code'),
                  t('inventory.col.title'),
                  t('inventory.col.status'),
                  { label: t('inventory.col.expectedPages'), className: 'num' },
                  { label: t('inventory.col.expectedSheets'), className: 'num' },
                  t('inventory.col.highUse'),
                  { label: t('inventory.col.pages'), className: 'num' },
                  t('common.actions'),
                ]}
              >
                {list.items.map((d) => {
                  const row = saved[d.id] ?? d;
                  return (
                    <Row
                      key={`${row.id}:${row.expectedPages}:${row.expectedSheets}:${row.highUse}`}
                      d={row}
                      onSaved={(x) => setSaved((s) => ({ ...s, [x.id]: x }))}
                    />
                  );
                })}
              </DataTable>
              <ListFooter
                shown={t('inventory.shown', { count: list.items.length })}
                nextCursor={list.nextCursor}
                more={more}
              />
            </>
          );
        })()
      )}
    </section>
  );
}
