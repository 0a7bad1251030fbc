/**
 * Hồ sơ bị trả lại: the operators' list of dossiers a reviewer rejected, with the reason in the
 * operators' words, the reviewer's note, who and when.
 */
import { useState } from 'react';
import { listDossiers } from '../api/endpoints.js';
import { appendPage, mergePages, type Paged } from '../api/paging.js';
import type { DossierSummary, RejectReason } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorPanel, Loading, NoValue, OrNone, useDocumentTitle } from '../components/feedback.js';
import { formatDateTime, formatTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages.js';
import { Link } from '../router/router.js';
import { pathTo } from '../router/routes.js';

const PAGE_SIZE = 50;
const POLL_MS = 30_000;

const REASONS: Readonly<Record<RejectReason, MessageKey>> = {
  rescan: 'rejectReason.rescan',
  missing_page: 'rejectReason.missing_page',
  wrong_order: 'rejectReason.wrong_order',
  illegible: 'rejectReason.illegible',
  other: 'rejectReason.other',
};

/** The label key of a reject reason, or undefined for one this UI does not know (newer api). */
export const rejectReasonLabel = (reason: string): MessageKey | undefined =>
  Object.hasOwn(REASONS, reason) ? REASONS[reason as RejectReason] : undefined;

function Reason({ reason }: { reason: string | null | undefined }) {
  const { t } = useI18n();
  if (reason === null || reason === undefined) return <NoValue />;
  const key = rejectReasonLabel(reason);
  return (
    <span className="badge badge--bad" data-reason={reason}>
      {key === undefined ? reason : t(key)}
    </span>
  );
}

export function ReturnsScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('returns.title'));
  const first = useApi(
    'dossiers:rejected',
    (signal) => listDossiers({ limit: PAGE_SIZE, status: 'rejected' }, { signal }),
    { pollMs: () => POLL_MS },
  );
  const [extra, setExtra] = useState<Paged<DossierSummary> | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  const loadMore = async (cursor: string) => {
    setMore({ busy: true, error: null });
    try {
      const page = await listDossiers({ limit: PAGE_SIZE, cursor, status: 'rejected' });
      setExtra((prev) => appendPage(prev, page));
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  if (first.data === undefined) {
    return (
      <>
        <h1>{t('returns.title')}</h1>
        {first.error !== null && !first.loading ? (
          <ErrorPanel error={first.error} onRetry={first.reload} />
        ) : (
          <Loading />
        )}
      </>
    );
  }

  const list = mergePages(first.data, extra);
  // The api filters by status; a dossier rescanned meanwhile is left out until the next refresh.
  const items = list.items.filter((d) => d.status === 'rejected');

  return (
    <>
      <h1>{t('returns.title')}</h1>
      <p className="lead">{t('returns.intro')}</p>
      <p className="refresh-note">
        {t('common.autoRefresh', { seconds: POLL_MS / 1000 })}
        {first.refreshedAt !== null && (
          <> · {t('common.updatedAt', { time: formatTime(first.refreshedAt) })}</>
        )}
      </p>
      {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
      {items.length === 0 ? (
        <p className="empty-state" data-testid="returns-empty">
          {t('returns.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="returns-table">
            <caption className="visually-hidden">{t('returns.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('returns.col.code')}</th>
                <th scope="col">{t('returns.col.title')}</th>
                <th scope="col">{t('returns.col.reason')}</th>
                <th scope="col">{t('returns.col.note')}</th>
                <th scope="col">{t('returns.col.by')}</th>
                <th scope="col">{t('returns.col.at')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="returns-row" data-code={d.code}>
                  <th scope="row" className="nowrap">
                    <Link to={pathTo('dossier', { code: d.code })}>{d.code}</Link>
                  </th>
                  <td>{d.title}</td>
                  <td>
                    <Reason reason={d.rejectReason} />
                  </td>
                  <td className="break">
                    <OrNone value={d.rejectNote} />
                  </td>
                  <td>
                    <OrNone value={d.rejectedBy?.displayName} />
                  </td>
                  <td className="nowrap">
                    {d.rejectedAt === null || d.rejectedAt === undefined ? (
                      <NoValue />
                    ) : (
                      formatDateTime(d.rejectedAt)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="list-footer">{t('dossiers.shown', { count: items.length })}</p>
      {more.error !== null && <ErrorPanel error={more.error} />}
      {list.nextCursor !== null && (
        <button
          type="button"
          disabled={more.busy}
          onClick={() => {
            if (list.nextCursor !== null) void loadMore(list.nextCursor);
          }}
        >
          {more.busy ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </>
  );
}
