/** Hồ sơ: every dossier, newest activity first, refreshing itself while pages are processed. */
import { DossierTitle } from '../access/restricted.js';
import { listDossiers } from '../api/endpoints.js';
import { mergePages } from '../api/paging.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import {
  ErrorPanel,
  LoadingOrError,
  OrNone,
  StatusBadge,
  useDocumentTitle,
} from '../components/feedback.js';
import { ListFooter, RefreshNote, useMorePages } from '../components/paged-list.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { pathTo } from '../router/routes.js';
import { dossierListPollMs } from '../status/status.js';

const PAGE_SIZE = 50;

export function DossierListScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('dossiers.title'));
  const first = useApi('dossiers', (signal) => listDossiers({ limit: PAGE_SIZE }, { signal }), {
    pollMs: (p) => dossierListPollMs(p.items),
  });
  const more = useMorePages('dossiers', (cursor) => listDossiers({ limit: PAGE_SIZE, cursor }));

  if (first.data === undefined) {
    return (
      <>
        <h1>{t('dossiers.title')}</h1>
        <LoadingOrError res={first} />
      </>
    );
  }

  const list = mergePages(first.data, more.extra);
  const pollSeconds = dossierListPollMs(list.items) / 1000;

  return (
    <>
      <h1>{t('dossiers.title')}</h1>
      <RefreshNote seconds={pollSeconds} refreshedAt={first.refreshedAt} />
      {/* A failed refresh keeps the last list on screen and says why above it. */}
      {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
      {list.items.length === 0 ? (
        <p className="empty-state">{t('dossiers.empty')}</p>
      ) : (
        <DataTable
          caption={t('dossiers.caption')}
          columns={[
            t('dossiers.col.code'),
            t('dossiers.col.title'),
            t('dossiers.col.fonds'),
            t('dossiers.col.status'),
            { label: t('dossiers.col.pages'), className: 'num' },
            { label: t('dossiers.col.documents'), className: 'num' },
            t('dossiers.col.updated'),
          ]}
        >
          {list.items.map((d) => (
            <tr key={d.id}>
              <th scope="row" className="nowrap">
                <Link to={pathTo('dossier', { code: d.code })}>{d.code}</Link>
              </th>
              <td>
                <DossierTitle dossier={d} />
              </td>
              <td>
                <OrNone value={d.fondsCode} />
              </td>
              <td>
                <StatusBadge kind="dossier" status={d.status} />
              </td>
              <td className="num">
                <OrNone value={d.pageCount} />
              </td>
              <td className="num">
                <OrNone value={d.documentCount} />
              </td>
              <td className="nowrap">{formatDateTime(d.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <ListFooter
        shown={t('dossiers.shown', { count: list.items.length })}
        nextCursor={list.nextCursor}
        more={more}
      />
    </>
  );
}
