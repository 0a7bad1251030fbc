/** Small shared pieces: loading, errors, missing values, status and confidence badges. */
import { useEffect } from 'react';
import { AccessDeniedPanel, isAccessDenied } from '../access/restricted.js';
import { ApiError } from '../api/client.js';
import { describeError } from '../api/describe-error.js';
import type { ApiState } from '../api/use-api.js';
import { confidenceLevel, formatConfidence, type ConfidenceScale } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { useSessionUser } from '../session/session-provider.js';
import { statusInfo, type StatusKind } from '../status/status.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Whether `error` is the api refusing the signed-in person's role (403 `auth.forbidden`). */
export const isForbidden = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 403 && error.code === 'auth.forbidden';

/**
 * "You may not do this", naming the account and its role, with the api's own reason when there
 * is one. `heading` 1 for a whole screen, 2 inside one.
 */
export function ForbiddenPanel({ error, heading = 2 }: { error?: unknown; heading?: 1 | 2 }) {
  const { t, lang } = useI18n();
  const user = useSessionUser();
  const H = heading === 1 ? 'h1' : 'h2';
  const d = error === undefined ? null : describeError(error, lang);
  return (
    <div className="error-panel" role="alert" data-testid="forbidden">
      <H className="error-panel__title">{t('forbidden.title')}</H>
      {user !== null && (
        <p className="error-panel__message">
          {t('forbidden.body', { name: user.displayName, role: t(`role.${user.role}`) })}
        </p>
      )}
      {d !== null && <p>{d.message}</p>}
      <p className="error-panel__hint">{t('forbidden.hint')}</p>
      {d !== null && (
        <p className="error-panel__code">
          {t('error.code')}: <code>{d.code}</code>
        </p>
      )}
      <p>
        <Link to="/">{t('forbidden.home')}</Link>
      </p>
    </div>
  );
}

/**
 * The api's `{ code, message, hint }` (or the client's own wording), with a retry button; a 403
 * for the person's role shows {@link ForbiddenPanel} instead, and one for a record's access mode
 * {@link AccessDeniedPanel}, since retrying cannot help.
 */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (isForbidden(error)) return <ForbiddenPanel error={error} />;
  if (isAccessDenied(error)) return <AccessDeniedPanel error={error} />;
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

/**
 * What stands in for an api resource that is not on screen yet: {@link ErrorPanel} with a retry
 * once its load has failed, {@link Loading} while it runs.
 */
export function LoadingOrError({
  res,
}: {
  res: Pick<ApiState<unknown>, 'error' | 'loading' | 'reload'>;
}) {
  return res.error !== null && !res.loading ? (
    <ErrorPanel error={res.error} onRetry={res.reload} />
  ) : (
    <Loading />
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
