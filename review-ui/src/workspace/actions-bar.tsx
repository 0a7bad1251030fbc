/** The actions bar: approve, reject, return, save, shortcuts — each with its key shown. */
import { KeyButton } from './key-button.js';
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
      <KeyButton
        shortcut="A"
        className="ws-primary"
        disabled={!p.canEdit || p.busy}
        onClick={p.onApprove}
        data-testid="action-approve"
      >
        {w('ws.approve')}
      </KeyButton>
      <KeyButton
        shortcut="R"
        className="ws-danger"
        disabled={!p.canEdit || p.busy}
        onClick={p.onReject}
        data-testid="action-reject"
      >
        {w('ws.reject')}
      </KeyButton>
      <button
        type="button"
        disabled={!p.canEdit || p.busy}
        onClick={p.onReturn}
        data-testid="action-return"
      >
        {w('ws.return')}
      </button>
      <KeyButton
        shortcut="Control+S"
        keyLabel="Ctrl+S"
        disabled={!p.canEdit || p.busy || !p.dirty}
        onClick={p.onSave}
        data-testid="action-save"
      >
        {w('ws.saveAll')}
      </KeyButton>
      <KeyButton shortcut="?" onClick={p.onHelp} data-testid="action-help">
        {w('ws.shortcuts')}
      </KeyButton>
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
