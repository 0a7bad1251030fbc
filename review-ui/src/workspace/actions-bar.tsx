/** The actions bar: approve, reject, return, save, shortcuts — each with its key shown. */
import { useWsText } from './use-ws-text.js';

export interface ActionsBarProps {
  canEdit: boolean;
  busy: boolean;
  dirty: boolean;
  /** The user may review (reviewer, admin) */
  reviewer: boolean;
  inReview: boolean;
  twoPersonRule: boolean;
  /** The user made the last edit, so the two-person rule keeps them from approving */
  selfEdited: boolean;
  onApprove: () => void;
  onReject: () => void;
  onReturn: () => void;
  onSave: () => void;
  onHelp: () => void;
}

export function ActionsBar(p: ActionsBarProps) {
  const { w } = useWsText();
  return (
    <div className="ws-actions" role="toolbar" aria-label={w('ws.actions')}>
      <button
        type="button"
        className="ws-primary"
        disabled={!p.canEdit || p.busy}
        onClick={p.onApprove}
        aria-keyshortcuts="A"
        data-testid="action-approve"
      >
        {w('ws.approve')} <kbd aria-hidden="true">A</kbd>
      </button>
      <button
        type="button"
        className="ws-danger"
        disabled={!p.canEdit || p.busy}
        onClick={p.onReject}
        aria-keyshortcuts="R"
        data-testid="action-reject"
      >
        {w('ws.reject')} <kbd aria-hidden="true">R</kbd>
      </button>
      <button
        type="button"
        disabled={!p.canEdit || p.busy}
        onClick={p.onReturn}
        data-testid="action-return"
      >
        {w('ws.return')}
      </button>
      <button
        type="button"
        disabled={!p.canEdit || p.busy || !p.dirty}
        onClick={p.onSave}
        aria-keyshortcuts="Control+S"
        data-testid="action-save"
      >
        {w('ws.saveAll')} <kbd aria-hidden="true">Ctrl+S</kbd>
      </button>
      <button type="button" onClick={p.onHelp} aria-keyshortcuts="?" data-testid="action-help">
        {w('ws.shortcuts')} <kbd aria-hidden="true">?</kbd>
      </button>
      {p.busy && (
        <span className="muted" role="status">
          {w('ws.busy')}
        </span>
      )}
      {p.dirty && !p.busy && <span className="ws-unsaved">{w('ws.unsaved')}</span>}
      {p.twoPersonRule && (
        <span className={p.selfEdited ? 'ws-unsaved' : 'muted'}>
          {w(p.selfEdited ? 'ws.twoPersonSelf' : 'ws.twoPerson')}
        </span>
      )}
      {!p.reviewer && <span className="muted">{w('ws.readOnly')}</span>}
      {p.reviewer && !p.inReview && <span className="muted">{w('ws.notInReview')}</span>}
    </div>
  );
}
