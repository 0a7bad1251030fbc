/** A labelled input of the app's forms, with a help line and the api's message for it. */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';

/**
 * An input with its label, an optional help line, and the api's message for the field
 * ("Tiếng Việt / English", shown in the UI's language) tied to it with aria-describedby.
 */
export function Field({
  label,
  error,
  help,
  optional = false,
  ...input
}: {
  label: string;
  error?: string | undefined;
  help?: ReactNode;
  optional?: boolean;
} & InputHTMLAttributes<HTMLInputElement>) {
  const { t, pickText } = useI18n();
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help === undefined ? '' : helpId, error === undefined ? '' : errorId]
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div className="form__field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted"> {t('common.optional')}</span>}
      </label>
      <input
        id={id}
        {...input}
        aria-invalid={error === undefined ? input['aria-invalid'] : true}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {help !== undefined && (
        <p id={helpId} className="form__help">
          {help}
        </p>
      )}
      {error !== undefined && (
        <p id={errorId} className="form__error">
          {pickText(error)}
        </p>
      )}
    </div>
  );
}
