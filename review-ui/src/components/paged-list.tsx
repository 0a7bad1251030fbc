/**
 * The parts every keyset-paged list screen shares: the pages fetched with "load more", the line
 * saying how often the list refreshes itself, and the footer with the count and the button.
 */
import { useState } from 'react';
import { appendPage, type Paged } from '../api/paging.js';
import { formatTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { ErrorPanel } from './feedback.js';

export interface MorePages<T extends { id: string }> {
  /** The pages loaded after the first one for the current key, or null before any */
  extra: Paged<T> | null;
  busy: boolean;
  /** Why the last "load more" failed, cleared by the next try */
  error: unknown;
  loadMore: (cursor: string) => Promise<void>;
}

/**
 * The pages "load more" adds after the first one. `key` names the list (its filter): pages
 * loaded for another key are not shown, so switching a filter starts again from the first page.
 */
export function useMorePages<T extends { id: string }>(
  key: string,
  fetchPage: (cursor: string) => Promise<Paged<T>>,
): MorePages<T> {
  const [extra, setExtra] = useState<{ key: string; page: Paged<T> } | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({
    busy: false,
    error: null,
  });

  const loadMore = async (cursor: string) => {
    setState({ busy: true, error: null });
    try {
      const page = await fetchPage(cursor);
      setExtra((prev) => ({
        key,
        page: appendPage(prev !== null && prev.key === key ? prev.page : null, page),
      }));
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return {
    extra: extra !== null && extra.key === key ? extra.page : null,
    busy: state.busy,
    error: state.error,
    loadMore,
  };
}

/** "Refreshes every N s · updated at HH:MM:SS" above a list that reloads itself. */
export function RefreshNote({
  seconds,
  refreshedAt,
}: {
  seconds: number;
  refreshedAt: Date | null;
}) {
  const { t } = useI18n();
  return (
    <p className="refresh-note">
      {t('common.autoRefresh', { seconds })}
      {refreshedAt !== null && <> · {t('common.updatedAt', { time: formatTime(refreshedAt) })}</>}
    </p>
  );
}

/** Below a list: how many rows are shown, why "load more" failed, and the button itself. */
export function ListFooter<T extends { id: string }>({
  shown,
  nextCursor,
  more,
}: {
  shown: string;
  nextCursor: string | null;
  more: MorePages<T>;
}) {
  const { t } = useI18n();
  return (
    <>
      <p className="list-footer">{shown}</p>
      {more.error !== null && <ErrorPanel error={more.error} />}
      {nextCursor !== null && (
        <button type="button" disabled={more.busy} onClick={() => void more.loadMore(nextCursor)}>
          {more.busy ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </>
  );
}
