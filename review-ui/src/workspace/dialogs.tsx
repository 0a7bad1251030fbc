/**
 * The workspace's dialogs: reject with a reason code, return to another reviewer, and the list of
 * keyboard shortcuts. Native `<dialog>` elements: modal, Escape closes them, focus stays inside.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { LoadingOrError } from '../components/feedback.js';
import { useApi } from '../api/use-api.js';
import { getReviewers } from './api.js';
import { bilingual } from './forms.js';
import { SHORTCUTS } from './keymap.js';
import { REJECT_REASONS, type RejectReason } from './types.js';
import { useWsText } from './use-ws-text.js';

function Modal({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="ws-dialog"
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

/** The dialog's button row: "Huỷ" (cancel), then the dialog's own buttons. */
function Buttons({ onCancel, children }: { onCancel: () => void; children?: ReactNode }) {
  const { w } = useWsText();
  return (
    <div className="ws-dialog__buttons">
      <button type="button" onClick={onCancel}>
        {w('ws.cancel')}
      </button>
      {children}
    </div>
  );
}

export function RejectDialog({
  onSubmit,
  onClose,
  busy,
}: {
  onSubmit: (reason: RejectReason, note: string) => void;
  onClose: () => void;
  busy: boolean;
}) {
  const { w } = useWsText();
  const [reason, setReason] = useState<RejectReason>('rescan');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const noteMissing = reason === 'other' && note.trim() === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!noteMissing) onSubmit(reason, note.trim());
  };
  return (
    <Modal title={w('ws.reject.title')} testId="reject-dialog" onClose={onClose}>
      <form onSubmit={submit}>
        <fieldset className="ws-reasons">
          <legend>{w('ws.reject.reason')}</legend>
          {REJECT_REASONS.map((r) => (
            <label key={r}>
              <input
                type="radio"
                name="reason"
                value={r}
                checked={reason === r}
                onChange={() => setReason(r)}
                data-testid={`reason-${r}`}
              />{' '}
              {w(`ws.reason.${r}`)}
            </label>
          ))}
        </fieldset>
        <label className="ws-dialog__field">
          {w('ws.reject.note')}
          <textarea
            name="note"
            rows={3}
            value={note}
            aria-required={reason === 'other'}
            aria-invalid={(tried && noteMissing) || undefined}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {tried && noteMissing && (
          <p className="ws-field__error" role="alert">
            {bilingual({
              vi: 'Cần ghi chú khi chọn "Lý do khác"',
              en: 'A note is needed for "Other reason"',
            })}
          </p>
        )}
        <Buttons onCancel={onClose}>
          <button type="submit" className="ws-danger" disabled={busy} data-testid="reject-submit">
            {w('ws.reject.submit')}
          </button>
        </Buttons>
      </form>
    </Modal>
  );
}

export function ReturnDialog({
  selfId,
  onSubmit,
  onClose,
  busy,
}: {
  selfId: string;
  onSubmit: (toUserId: string, message: string) => void;
  onClose: () => void;
  busy: boolean;
}) {
  const { w } = useWsText();
  const users = useApi('reviewers', (signal) => getReviewers({ signal }));
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  const others = (users.data?.items ?? []).filter((u) => u.id !== selfId);
  const chosen = to !== '' ? to : (others[0]?.id ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen !== '' && message.trim() !== '') onSubmit(chosen, message.trim());
  };
  return (
    <Modal title={w('ws.return.title')} testId="return-dialog" onClose={onClose}>
      {users.data === undefined ? (
        <LoadingOrError res={users} />
      ) : others.length === 0 ? (
        <p>{w('ws.return.none')}</p>
      ) : (
        <form onSubmit={submit}>
          <label className="ws-dialog__field">
            {w('ws.return.to')}
            <select name="toUserId" value={chosen} onChange={(e) => setTo(e.target.value)}>
              {others.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({u.username})
                </option>
              ))}
            </select>
          </label>
          <label className="ws-dialog__field">
            {w('ws.return.message')}
            <textarea
              name="message"
              rows={3}
              required
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          </label>
          <Buttons onCancel={onClose}>
            <button
              type="submit"
              disabled={busy || message.trim() === ''}
              data-testid="return-submit"
            >
              {w('ws.return.submit')}
            </button>
          </Buttons>
        </form>
      )}
      {others.length === 0 && <Buttons onCancel={onClose} />}
    </Modal>
  );
}

/** The shortcut table, as the legend under the actions bar shows it in short. */
export function ShortcutList() {
  const { w } = useWsText();
  // One line per action: "N / Alt+N".
  const actions = [...new Set(SHORTCUTS.map((s) => s.action))];
  return (
    <dl className="ws-keys">
      {actions.map((action) => (
        <div key={action}>
          <dt>
            {SHORTCUTS.filter((s) => s.action === action).map((s, i) => (
              <span key={s.label}>
                {i > 0 && ' / '}
                <kbd>{s.label}</kbd>
              </span>
            ))}
          </dt>
          <dd>{w(`ws.key.${action}`)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { w } = useWsText();
  return (
    <Modal title={w('ws.help.title')} testId="help-dialog" onClose={onClose}>
      <ShortcutList />
      <p className="muted">{w('ws.help.typing')}</p>
      <div className="ws-dialog__buttons">
        <button type="button" onClick={onClose} autoFocus>
          {w('ws.help.close')}
        </button>
      </div>
    </Modal>
  );
}
