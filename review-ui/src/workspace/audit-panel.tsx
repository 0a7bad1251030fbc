/** The dossier's audit history: who, when, what, each changed field before → after. */
import { useApi } from '../api/use-api.js';
import { LoadingOrError } from '../components/feedback.js';
import { formatDateTime } from '../format/format.js';
import { getAudit } from './api.js';
import { actionLabel, auditChanges } from './audit-format.js';
import { useWsText } from './use-ws-text.js';

export function AuditPanel({ code, version }: { code: string; version: number }) {
  const { w, pick, t } = useWsText();
  // Keyed by version: every change bumps it, so the history follows the dossier.
  const res = useApi(`audit:${code}:${version}`, (signal) => getAudit(code, { signal }));
  return (
    <details className="ws-audit" data-testid="audit-panel">
      <summary>
        <h2>{w('ws.audit.title')}</h2>
      </summary>
      {res.data === undefined ? (
        <LoadingOrError res={res} />
      ) : res.data.items.length === 0 ? (
        <p className="empty-state">{w('ws.audit.empty')}</p>
      ) : (
        <ol className="ws-audit__list" aria-label={w('ws.audit.caption')}>
          {res.data.items.map((e) => {
            const changes = auditChanges(e.entityType, e.before, e.after);
            const who = e.actor?.name ?? (e.actor === null ? w('ws.audit.system') : e.actor.type);
            return (
              <li key={e.id} className="ws-audit__item">
                <div className="ws-audit__who">
                  <strong>{who}</strong> · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </div>
                <div className="ws-audit__what">
                  {pick(actionLabel(e.action))}
                  {e.entityType === 'document' && (
                    <span className="muted"> ({w('ws.audit.document')})</span>
                  )}
                  {e.entityType === 'page' && (
                    <span className="muted"> ({w('ws.audit.page')})</span>
                  )}
                </div>
                {e.restricted === true && (
                  <p className="muted" data-testid="audit-restricted">
                    {t('access.auditHidden')}
                  </p>
                )}
                {changes.length > 0 && (
                  <ul className="ws-audit__changes">
                    {changes.map((c) => (
                      <li key={c.key}>
                        <span className="ws-audit__field">{pick(c.label)}:</span>{' '}
                        <del>{c.before ?? w('ws.audit.empty_value')}</del>{' '}
                        <span aria-hidden="true">→</span>{' '}
                        <ins>{c.after ?? w('ws.audit.empty_value')}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </details>
  );
}
