/**
 * Hồ sơ bị trả lại: the operators' list of dossiers a reviewer rejected, with the reason in the
 * operators' words, the reviewer's note, who and when.
 */
import { DossierTitle } from '../access/restricted.js';
import { listDossiers } from '../api/endpoints.js';
import { mergePages } from '../api/paging.js';
import type { RejectReason } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import {
  ErrorPanel,
  LoadingOrError,
  NoValue,
  OrNone,
  useDocumentTitle,
} from '../components/feedback.js';
import { ListFooter, RefreshNote, useMorePages } from '../components/paged-list.js';
import { formatDateTime } from '../format/format.js';
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
  const more = useMorePages('rejected', (cursor) =>
    listDossiers({ limit: PAGE_SIZE, cursor, status: 'rejected' }),
  );

  if (first.data === undefined) {
    return (
      <>
        <h1>{t('returns.title')}</h1>
        <LoadingOrError res={first} />
      </>
    );
  }

  const list = mergePages(first.data, more.extra);
  // The api filters by status; a dossier rescanned meanwhile is left out until the next refresh.
  const items = list.items.filter((d) => d.status === 'rejected');

  return (
    <>
      <h1>{t('returns.title')}</h1>
      <p className="lead">{t('returns.intro')}</p>
      <RefreshNote seconds={POLL_MS / 1000} refreshedAt={first.refreshedAt} />
      {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
      {items.length === 0 ? (
        <p className="empty-state" data-testid="returns-empty">
          {t('returns.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('returns.caption')}
          testId="returns-table"
          columns={[
            t('returns.col.code'),
            t('returns.col.title'),
            t('returns.col.reason'),
            t('returns.col.note'),
            t('returns.col.by'),
            t('returns.col.at'),
          ]}
        >
          {items.map((d) => (
            <tr key={d.id} data-testid="returns-row" data-code={d.code}>
              <th scope="row" className="nowrap">
                <Link to={pathTo('dossier', { code: d.code })}>{d.code}</Link>
              </th>
              <td>
                <DossierTitle dossier={d} />
              </td>
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
        </DataTable>
      )}
      <ListFooter
        shown={t('dossiers.shown', { count: items.length })}
        nextCursor={list.nextCursor}
        more={more}
      />
    </>
  );
}
