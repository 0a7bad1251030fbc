/**
 * Hàng đợi duyệt: dossiers waiting for review, high-use first, with the pipeline's confidence so
 * that doubtful records stand out (in words as well as colour). Keyboard: j/↓ and k/↑ move, Enter
 * opens the dossier in the workspace.
 */
import { useEffect, useRef, useState } from 'react';
import { getReviewQueue } from '../api/endpoints.js';
import { mergePages } from '../api/paging.js';
import type { QueueItem, UserRef } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import {
  ConfidenceBadge,
  ErrorPanel,
  LoadingOrError,
  NoValue,
  OrNone,
  useDocumentTitle,
} from '../components/feedback.js';
import { ListFooter, RefreshNote, useMorePages } from '../components/paged-list.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { pathTo } from '../router/routes.js';
import { useCurrentUser } from '../session/session-provider.js';
import { QUEUE_KEYS, queueFlags, queueKeyAction } from './queue-logic.js';

const PAGE_SIZE = 50;
/** Presence and assignments change while the reviewer looks at the list. */
const POLL_MS = 15_000;
const MINE_PARAM = 'mine';

/** Whether keys typed into `target` belong to it rather than to the queue's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio'].includes(target.type);
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.closest('[role="dialog"], dialog') !== null
  );
}

function People({ people, me }: { people: readonly UserRef[]; me: string }) {
  const { t } = useI18n();
  if (people.length === 0) return <NoValue />;
  return (
    <>
      {people
        .map((p) => (p.id === me ? t('queue.you', { name: p.displayName }) : p.displayName))
        .join(', ')}
    </>
  );
}

function QueueRow({
  item,
  selected,
  me,
  linkRef,
  onFocus,
}: {
  item: QueueItem;
  selected: boolean;
  me: string;
  linkRef: (el: HTMLAnchorElement | null) => void;
  onFocus: () => void;
}) {
  const { t } = useI18n();
  const flags = queueFlags(item);
  const className = [flags.needsCheck ? 'row--low' : '', selected ? 'row--selected' : '']
    .filter((c) => c !== '')
    .join(' ');
  return (
    <tr
      className={className === '' ? undefined : className}
      data-testid="queue-row"
      data-code={item.code}
      data-needs-check={flags.needsCheck}
    >
      <th scope="row" className="nowrap">
        <Link
          to={pathTo('review', { code: item.code })}
          ref={linkRef}
          onFocus={onFocus}
          aria-current={selected ? 'true' : undefined}
        >
          {item.code}
        </Link>
        {item.highUse && (
          <>
            {' '}
            <span className="badge badge--attention" data-testid="high-use">
              <span aria-hidden="true">★ </span>
              {t('queue.highUse')}
            </span>
          </>
        )}
        {flags.needsCheck && (
          <span className="queue__check" data-testid="needs-check">
            {t('queue.needsCheck')}
          </span>
        )}
      </th>
      <td>{item.title}</td>
      <td>
        <OrNone value={item.fondsCode} />
      </td>
      <td className="num nowrap">
        {item.documentCount} / {item.pageCount}
      </td>
      <td className="nowrap">
        {item.ocrConfidence === null ? (
          <NoValue />
        ) : (
          <ConfidenceBadge value={item.ocrConfidence} scale={100} />
        )}
      </td>
      <td className="nowrap">
        {item.draftConfidence === null ? (
          <NoValue />
        ) : (
          <ConfidenceBadge value={item.draftConfidence} scale={1} />
        )}
      </td>
      <td className={flags.lowFields > 0 ? 'num num--bad' : 'num'}>
        {flags.lowFields > 0 ? (
          <>
            <span aria-hidden="true">⚠ </span>
            {t('queue.lowFields', { count: flags.lowFields })}
          </>
        ) : (
          t('queue.noLowFields')
        )}
      </td>
      <td>
        {item.assignedTo === null ? (
          <NoValue />
        ) : (
          <>
            <People people={[item.assignedTo]} me={me} />
            {item.reviewMessage !== null && item.reviewMessage.trim() !== '' && (
              <span className="queue__message">
                {t('queue.message', { message: item.reviewMessage })}
              </span>
            )}
          </>
        )}
      </td>
      <td>
        <People people={item.openBy} me={me} />
      </td>
      <td className="nowrap">
        {item.inReviewAt === null ? <NoValue /> : formatDateTime(item.inReviewAt)}
      </td>
    </tr>
  );
}

function KeyHelp() {
  const { t } = useI18n();
  const keys = (ks: readonly string[]) =>
    ks.map((k) => (
      <kbd key={k}>{k === 'ArrowDown' ? '↓' : k === 'ArrowUp' ? '↑' : k.toUpperCase()}</kbd>
    ));
  return (
    <section className="key-help" aria-label={t('queue.keys')} data-testid="queue-keys">
      <span className="key-help__title">{t('queue.keys')}:</span>
      <span>
        {keys(QUEUE_KEYS.next)} {t('queue.keyNext')}
      </span>
      <span>
        {keys(QUEUE_KEYS.prev)} {t('queue.keyPrev')}
      </span>
      <span>
        {keys(QUEUE_KEYS.open)} {t('queue.keyOpen')}
      </span>
    </section>
  );
}

export function ReviewQueueScreen() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { pathname, search } = useLocation();
  const mine = search.get(MINE_PARAM) === '1';
  useDocumentTitle(t('queue.title'));

  const first = useApi(
    `queue:${mine ? 'mine' : 'all'}`,
    (signal) => getReviewQueue({ limit: PAGE_SIZE, mine }, { signal }),
    { pollMs: () => POLL_MS },
  );
  const more = useMorePages(mine ? 'mine' : 'all', (cursor) =>
    getReviewQueue({ limit: PAGE_SIZE, cursor, mine }),
  );
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const links = useRef(new Map<string, HTMLAnchorElement>());

  const list = first.data === undefined ? null : mergePages(first.data, more.extra);
  const items = list?.items ?? [];
  const selected = selectedCode === null ? -1 : items.findIndex((i) => i.code === selectedCode);

  // Kept in a ref so that the listener, added once, always sees the rows on screen.
  const keyState = useRef({ items, selected });
  useEffect(() => {
    keyState.current = { items, selected };
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (isTyping(e.target)) return;
      const { items: rows, selected: at } = keyState.current;
      // Enter on a focused link or button already does what it says.
      const control =
        e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement;
      if (e.key === 'Enter' && control) return;
      const action = queueKeyAction(e.key, at, rows.length);
      if (action === null) return;
      const row = rows[action.index];
      if (row === undefined) return;
      e.preventDefault();
      if (action.kind === 'open') {
        navigate(pathTo('review', { code: row.code }));
      } else {
        setSelectedCode(row.code);
        const link = links.current.get(row.code);
        link?.focus();
        link?.closest('tr')?.scrollIntoView({ block: 'nearest' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const setMine = (on: boolean) => {
    const q = new URLSearchParams(search);
    if (on) q.set(MINE_PARAM, '1');
    else q.delete(MINE_PARAM);
    const qs = q.toString();
    navigate(qs === '' ? pathname : `${pathname}?${qs}`, { replace: true });
    setSelectedCode(null);
  };

  return (
    <>
      <h1>{t('queue.title')}</h1>
      <div className="toolbar">
        <fieldset className="toolbar__group">
          <legend className="visually-hidden">{t('queue.filter')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={mine}
              data-testid="queue-mine"
              onChange={(e) => setMine(e.target.checked)}
            />
            {t('queue.mine')}
          </label>
        </fieldset>
        <KeyHelp />
      </div>
      {list === null ? (
        <LoadingOrError res={first} />
      ) : (
        <>
          <RefreshNote seconds={POLL_MS / 1000} refreshedAt={first.refreshedAt} />
          {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
          {items.length === 0 ? (
            <p className="empty-state" data-testid="queue-empty">
              {t(mine ? 'queue.emptyMine' : 'queue.empty')}
            </p>
          ) : (
            <DataTable
              caption={t('queue.caption')}
              className="queue-table"
              testId="queue-table"
              columns={[
                t('queue.col.code'),
                t('queue.col.title'),
                t('queue.col.fonds'),
                { label: t('queue.col.size'), className: 'num' },
                t('queue.col.ocr'),
                t('queue.col.draft'),
                { label: t('queue.col.lowFields'), className: 'num' },
                t('queue.col.assigned'),
                t('queue.col.openBy'),
                t('queue.col.waiting'),
              ]}
            >
              {items.map((item, i) => (
                <QueueRow
                  key={item.id}
                  item={item}
                  me={me.id}
                  selected={i === selected}
                  onFocus={() => setSelectedCode(item.code)}
                  linkRef={(el) => {
                    if (el === null) links.current.delete(item.code);
                    else links.current.set(item.code, el);
                  }}
                />
              ))}
            </DataTable>
          )}
          <ListFooter
            shown={t('queue.shown', { count: items.length })}
            nextCursor={list.nextCursor}
            more={more}
          />
        </>
      )}
    </>
  );
}
