/** Hồ sơ: every dossier, newest activity first, refreshing itself while pages are processed. */
import { useState } from 'react';
import { listDossiers } from '../api/endpoints.js';
import { mergeDossierPages } from '../api/paging.js';
import type { DossierPage } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import {
  ErrorPanel,
  Loading,
  OrNone,
  StatusBadge,
  useDocumentTitle,
} from '../components/feedback.js';
import { formatDateTime, formatTime } from '../format/format.js';
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
  const [extra, setExtra] = useState<DossierPage | null>(null);
  const [moreState, setMoreState] = useState<{ busy: boolean; error: unknown }>({
    busy: false,
    error: null,
  });

  if (first.data === undefined) {
    return (
      <>
        <h1>{t('dossiers.title')}</h1>
        {first.error !== null && !first.loading ? (
          <ErrorPanel error={first.error} onRetry={first.reload} />
        ) : (
          <Loading />
        )}
      </>
    );
  }

  const list = mergeDossierPages(first.data, extra);
  const loadMore = async (cursor: string) => {
    setMoreState({ busy: true, error: null });
    try {
      const page = await listDossiers({ limit: PAGE_SIZE, cursor });
      setExtra((prev) =>
        prev === null
          ? page
          : { items: [...prev.items, ...page.items], nextCursor: page.nextCursor },
      );
      setMoreState({ busy: false, error: null });
    } catch (error) {
      setMoreState({ busy: false, error });
    }
  };
  const pollSeconds = dossierListPollMs(list.items) / 1000;

  return (
    <>
      <h1>{t('dossiers.title')}</h1>
      <p className="refresh-note">
        {t('common.autoRefresh', { seconds: pollSeconds })}
        {first.refreshedAt !== null && (
          <> · {t('common.updatedAt', { time: formatTime(first.refreshedAt) })}</>
        )}
      </p>
      {/* A failed refresh keeps the last list on screen and says why above it. */}
      {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
      {list.items.length === 0 ? (
        <p className="empty-state">{t('dossiers.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">{t('dossiers.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dossiers.col.code')}</th>
                <th scope="col">{t('dossiers.col.title')}</th>
                <th scope="col">{t('dossiers.col.fonds')}</th>
                <th scope="col">{t('dossiers.col.status')}</th>
                <th scope="col" className="num">
                  {t('dossiers.col.pages')}
                </th>
                <th scope="col" className="num">
                  {t('dossiers.col.documents')}
                </th>
                <th scope="col">{t('dossiers.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="nowrap">
                    <Link to={pathTo('dossier', { code: d.code })}>{d.code}</Link>
                  </th>
                  <td>{d.title}</td>
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
            </tbody>
          </table>
        </div>
      )}
      <p className="list-footer">{t('dossiers.shown', { count: list.items.length })}</p>
      {moreState.error !== null && <ErrorPanel error={moreState.error} />}
      {list.nextCursor !== null && (
        <button
          type="button"
          disabled={moreState.busy}
          onClick={() => {
            if (list.nextCursor !== null) void loadMore(list.nextCursor);
          }}
        >
          {moreState.busy ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </>
  );
}
