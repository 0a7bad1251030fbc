/** The workspace's header, its status banner after approve / reject / return, and its alerts. */
import { useEffect, useRef, type ReactNode } from 'react';
import { describeError } from '../api/describe-error.js';
import { StatusBadge } from '../components/feedback.js';
import { formatDateTime } from '../format/format.js';
import { Link } from '../router/router.js';
import type { UserRef, Workspace } from './types.js';
import { useWsText } from './use-ws-text.js';

export function WorkspaceHeader({
  ws,
  others,
  dirty,
}: {
  ws: Workspace;
  others: UserRef[];
  dirty: boolean;
}) {
  const { w } = useWsText();
  const d = ws.dossier;
  return (
    <header className="ws-header">
      <div className="ws-header__title">
        <Link
          to="/"
          className="ws-header__back"
          onClick={(e) => {
            if (dirty && !window.confirm(w('ws.leaveUnsaved'))) e.preventDefault();
          }}
        >
          ← {w('ws.backToQueue')}
        </Link>
        <h1>
          <span className="ws-header__code">{d.code}</span> {d.title}
        </h1>
        <StatusBadge kind="dossier" status={d.status} />
        {d.highUse && <span className="badge badge--attention">{w('ws.highUse')}</span>}
        {d.fondsCode !== null && (
          <span className="muted">
            {w('ws.fonds', { code: d.fondsCode })}
            {d.fondsName !== null && ` · ${d.fondsName}`}
          </span>
        )}
      </div>
      <div className="ws-header__people">
        {others.length > 0 && (
          <span className="ws-presence" role="status" data-testid="presence">
            {w('ws.openBy', { names: others.map((o) => o.displayName).join(', ') })}
          </span>
        )}
        {d.assignedTo !== null && (
          <span className="muted">{w('ws.assigned', { name: d.assignedTo.displayName })}</span>
        )}
        {d.reviewMessage !== null && d.reviewMessage !== '' && (
          <span className="ws-message">{w('ws.reviewMessage', { message: d.reviewMessage })}</span>
        )}
      </div>
    </header>
  );
}

/** What happened to the dossier once it left review, with the way back to the queue. */
export function DoneBanner({ ws, returnedTo }: { ws: Workspace; returnedTo: string | null }) {
  const { w } = useWsText();
  const d = ws.dossier;
  const box = useRef<HTMLElement>(null);
  const done = d.status !== 'in_review' || returnedTo !== null;
  // Once the dossier leaves review, Enter takes the reviewer on to the next one.
  useEffect(() => {
    if (done) box.current?.querySelector<HTMLAnchorElement>('a')?.focus();
  }, [done]);
  let body: ReactNode = null;
  if (d.status === 'approved') {
    body = (
      <>
        <h2>{w('ws.done.approved')}</h2>
        {d.approvedAt !== null && (
          <p>
            {w('ws.done.approvedBy', {
              name: d.approvedBy?.displayName ?? '—',
              time: formatDateTime(d.approvedAt),
            })}
          </p>
        )}
        <p data-testid="catalogue-status" data-catalogued={d.cataloguedAt !== null}>
          {d.cataloguedAt === null
            ? w('ws.done.waiting')
            : w('ws.done.catalogued', { time: formatDateTime(d.cataloguedAt) })}
        </p>
      </>
    );
  } else if (d.status === 'rejected') {
    const reason = d.rejectReason === null ? '—' : w(`ws.reason.${d.rejectReason}`);
    body = (
      <>
        <h2>{w('ws.done.rejected', { reason })}</h2>
        {d.rejectNote !== null && d.rejectNote !== '' && <p>{d.rejectNote}</p>}
      </>
    );
  } else if (returnedTo !== null) {
    body = <h2>{w('ws.return.done', { name: returnedTo })}</h2>;
  }
  if (body === null) return null;
  return (
    <section
      ref={box}
      className="ws-done"
      role="status"
      data-testid="done-banner"
      data-status={d.status}
    >
      {body}
      <Link to="/" className="button ws-primary" data-testid="back-to-queue">
        {w('ws.done.next')}
      </Link>
    </section>
  );
}

/** A failed write: the version conflict with its reload button, or any other error. */
export function ActionAlert({
  error,
  conflict,
  onReload,
  onDismiss,
}: {
  error: unknown;
  conflict: boolean;
  onReload: () => void;
  onDismiss: () => void;
}) {
  const { w, lang } = useWsText();
  const d = describeError(error, lang);
  return (
    <div
      className={`ws-alert${conflict ? ' ws-alert--conflict' : ''}`}
      role="alert"
      data-testid={conflict ? 'version-conflict' : 'action-error'}
    >
      <strong>{conflict ? w('ws.conflict.title') : w('ws.actionFailed')}</strong>
      <span>{d.message}</span>
      {d.hint !== null && <span className="muted">{d.hint}</span>}
      <code>{d.code}</code>
      {conflict && <span className="muted">{w('ws.conflict.keep')}</span>}
      <span className="ws-alert__buttons">
        {conflict && (
          <button type="button" className="ws-primary" onClick={onReload} data-testid="reload">
            {w('ws.conflict.reload')}
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          {w('ws.dismiss')}
        </button>
      </span>
    </div>
  );
}
