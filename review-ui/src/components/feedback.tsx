/** Small shared pieces: loading, errors, missing values, status and confidence badges. */
import { useEffect } from 'react';
import { describeError } from '../api/describe-error.js';
import { confidenceLevel, formatConfidence, type ConfidenceScale } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { statusInfo, type StatusKind } from '../status/status.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The api's `{ code, message, hint }` (or the client's own wording), with a retry button. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const d = describeError(error, lang);
  return (
    <div className="error-panel" role="alert">
      <h2 className="error-panel__title">{t('error.title')}</h2>
      <p className="error-panel__message">{d.message}</p>
      {d.hint !== null && (
        <p className="error-panel__hint">
          <strong>{t('error.hint')}:</strong> {d.hint}
        </p>
      )}
      <p className="error-panel__code">
        {t('error.code')}: <code>{d.code}</code>
      </p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A dash that screen readers announce as "no value". */
export function NoValue() {
  const { t } = useI18n();
  return (
    <span className="no-value">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('common.noValue')}</span>
    </span>
  );
}

/** `value`, or {@link NoValue} when it is null, undefined or blank. */
export function OrNone({ value }: { value: string | number | null | undefined }) {
  if (value === null || value === undefined || String(value).trim() === '') return <NoValue />;
  return <>{value}</>;
}

export function StatusBadge({ kind, status }: { kind: StatusKind; status: string }) {
  const { t } = useI18n();
  const info = statusInfo(kind, status);
  return (
    <span className={`badge badge--${info?.tone ?? 'idle'}`} data-status={status}>
      {info === undefined ? status : t(info.label)}
    </span>
  );
}

/** A confidence as a percentage and a band in words, so the colour is never the only signal. */
export function ConfidenceBadge({ value, scale = 1 }: { value: number; scale?: ConfidenceScale }) {
  const { t } = useI18n();
  const level = confidenceLevel(value, scale);
  return (
    <span className={`confidence confidence--${level}`}>
      {formatConfidence(value, scale)} · {t(`confidence.${level}`)}
    </span>
  );
}

/** Sets the browser tab's title to `title` · app name; null leaves it to another component. */
export function useDocumentTitle(title: string | null) {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    if (title !== null) document.title = `${title} · ${app}`;
  }, [title, app]);
}
