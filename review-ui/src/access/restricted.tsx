/**
 * What the review UI shows instead of a record the signed-in role may not read: a label in lists,
 * a notice where a document's pages or fields would be, and a panel for the api's 403
 * `access.forbidden`. Whether to show them is decided by access.ts (core/domain/access.ts).
 */
import { ApiError } from '../api/client.js';
import type { DossierSummary, Role } from '../api/types.js';
import { describeError } from '../api/describe-error.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { useCurrentUser } from '../session/session-provider.js';
import { accessModeName, mayReadDossier, rolesFor } from './access.js';
import './access.css';

/** Whether `error` is the api refusing a record for its access mode (403 `access.forbidden`). */
export const isAccessDenied = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 403 && error.code === 'access.forbidden';

/** "Hạn chế tiếp cận: Mật", in place of a title or summary the person may not read. */
export function RestrictedLabel({ modes }: { modes: readonly (string | null | undefined)[] }) {
  const { t, lang } = useI18n();
  return (
    <span className="badge badge--access" data-testid="restricted">
      {t('access.restricted', { mode: accessModeName(modes, lang) })}
    </span>
  );
}

/** A dossier's title in lists, or {@link RestrictedLabel} when the person may not read it. */
export function DossierTitle({
  dossier,
}: {
  dossier: Pick<DossierSummary, 'title' | 'accessModeCode'>;
}) {
  const { role } = useCurrentUser();
  const mode = dossier.accessModeCode;
  // An api that sends no mode is older than the access decision: its title is shown as sent.
  if (mode !== undefined && !mayReadDossier(role, mode)) return <RestrictedLabel modes={[mode]} />;
  return <>{dossier.title}</>;
}

/** In place of document `seq`'s pages or fields: its access mode, the person's role, who may. */
export function RestrictedNotice({
  seq,
  modes,
  testId,
}: {
  seq: number;
  modes: readonly (string | null | undefined)[];
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const { role } = useCurrentUser();
  // Role names inside a sentence: "vai trò nhân viên quét", "the operator role".
  const name = (r: Role): string => t(`role.${r}`).toLocaleLowerCase(lang);
  const roles = rolesFor(modes).map(name);
  return (
    <div className="access-notice" role="note" data-testid={testId ?? 'restricted-notice'}>
      <p className="access-notice__title">{t('access.deniedTitle')}</p>
      <p>
        {t('access.document', {
          seq,
          mode: accessModeName(modes, lang),
          role: name(role),
        })}
      </p>
      <p className="muted">{t('access.who', { roles: roles.join(', ') })}</p>
    </div>
  );
}

/** The api's 403 `access.forbidden`: its message names the record and its access mode. */
export function AccessDeniedPanel({ error, heading = 2 }: { error: unknown; heading?: 1 | 2 }) {
  const { t, lang } = useI18n();
  const d = describeError(error, lang);
  const H = heading === 1 ? 'h1' : 'h2';
  return (
    <div className="error-panel" role="alert" data-testid="access-denied">
      <H className="error-panel__title">{t('access.deniedTitle')}</H>
      <p className="error-panel__message">{d.message}</p>
      {d.hint !== null && <p className="error-panel__hint">{d.hint}</p>}
      <p className="error-panel__code">
        {t('error.code')}: <code>{d.code}</code>
      </p>
      <p>
        <Link to="/">{t('forbidden.home')}</Link>
      </p>
    </div>
  );
}
