/**
 * Pieces the admin screens share: a form's submission with the api's per-field messages, actions
 * on one row of a table, the active/inactive badge, and notices.
 */
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../api/client.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages.js';

/**
 * Shortest password the api accepts (`MIN_PASSWORD_LENGTH` in api/auth/passwords.ts, which the UI
 * may not import); the api has the last word and its message is shown if they ever differ.
 */
export const MIN_PASSWORD_LENGTH = 10;

export interface FormSubmit {
  busy: boolean;
  /** The api's message per field (`details` of a validation error), shown beside the field */
  errors: Record<string, string>;
  /** Any other failure, for an `ErrorPanel` below the form */
  error: unknown;
  /** The form's `onSubmit`: runs `action`, sorting a failure into `errors` or `error` */
  submit: (action: () => Promise<void>) => (e: FormEvent<HTMLFormElement>) => void;
}

/** The state of an admin form while it is sent: busy, and what the api said was wrong. */
export function useFormSubmit(): FormSubmit {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const submit = (action: () => Promise<void>) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    void (async () => {
      try {
        await action();
      } catch (err) {
        const fields = fieldErrors(err);
        if (Object.keys(fields).length > 0) setErrors(fields);
        else setError(err);
      } finally {
        setBusy(false);
      }
    })();
  };
  return { busy, errors, error, submit };
}

export interface RowActions {
  /** The id of the row whose action is running, whose buttons are disabled meanwhile */
  busyId: string | null;
  notice: string | null;
  setNotice: (text: string | null) => void;
  /** Why the last action failed, for an `ErrorPanel` above the table */
  error: unknown;
  /** Runs `action` for the row `id`, then `reload`s the table */
  run: (id: string, action: () => Promise<void>) => Promise<void>;
}

/** Actions on the rows of an admin table: one at a time, with a notice or an error after it. */
export function useRowActions(reload: () => void): RowActions {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (id: string, action: () => Promise<void>) => {
    setBusyId(id);
    setNotice(null);
    setError(null);
    try {
      await action();
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  };
  return { busyId, notice, setNotice, error, run };
}

/** Whether an account or a workstation is active, in words and colour. */
export function ActiveBadge({
  active,
  labels,
}: {
  active: boolean;
  labels: [MessageKey, MessageKey];
}) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--${active ? 'ok' : 'idle'}`}>
      {t(active ? labels[0] : labels[1])}
    </span>
  );
}

/**
 * A success message read out by screen readers. The live region stays in the page (empty and
 * invisible when `text` is null) so that a new message is announced.
 */
export function Notice({ text }: { text: string | null }) {
  return (
    <p className="notice" role="status" data-testid="notice">
      {text}
    </p>
  );
}
