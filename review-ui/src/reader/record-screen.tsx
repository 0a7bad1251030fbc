/**
 * Tài liệu (/tai-lieu/<id>): one catalogued record for readers, open without an account: its
 * description, the page viewer, the signed PDF/A, the OCR text and its versions (?phien-ban=n).
 * A record the reader may not see answers like one that does not exist.
 */
import { ApiError } from '../api/client.js';
import { codeLabel, useCodeLists } from '../api/code-lists.js';
import { useApi } from '../api/use-api.js';
import { LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { formatDateTime } from '../format/format.js';
import { formatVnDate } from '../workspace/dates.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, useLocation } from '../router/router.js';
import { useSessionUser } from '../session/session-provider.js';
import { getRecord, recordPdfUrl } from './api.js';
import { RecordViewer } from './record-viewer.js';
import { AccessBadge } from './search-screen.js';
import type { RecordDetail } from './types.js';
import './reader.css';

function Facts({ r }: { r: RecordDetail }) {
  const { t, lang } = useI18n();
  const lists = useCodeLists();
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const rows: [string, string | null][] = [
    [t('reader.field.type'), r.typeName],
    [t('reader.field.number'), [r.codeNumber, r.codeNotation].filter(Boolean).join('/') || null],
    [t('reader.field.date'), r.issuedDate === null ? null : formatVnDate(r.issuedDate)],
    [t('reader.field.organ'), r.organName],
    [t('reader.field.subject'), r.subject],
    [t('reader.field.signer'), str(r.other['signerName'])],
    [t('reader.field.docCode'), r.docCode],
    [t('reader.field.dossier'), [r.fileCode, r.dossierTitle].filter(Boolean).join(' — ') || null],
    [t('reader.field.fonds'), r.fondsName ?? r.fondsCode],
    [t('reader.field.pages'), r.pageCount === null ? null : String(r.pageCount)],
    [t('reader.field.access'), codeLabel(lists?.['accessMode'], r.accessMode, lang)],
    [t('reader.field.sha256'), r.pdf.sha256],
  ];
  return (
    <dl className="reader-facts" data-testid="record-facts">
      {rows
        .filter((x): x is [string, string] => x[1] !== null && x[1] !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="break">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function RecordScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const user = useSessionUser();
  const asked = /^\d+$/.test(search.get('phien-ban') ?? '')
    ? Number(search.get('phien-ban'))
    : null;
  const res = useApi(`record:${id}:${asked ?? 'latest'}:${user?.id ?? 'anonymous'}`, (signal) =>
    getRecord(id, asked, { signal }),
  );
  useDocumentTitle(res.data?.title ?? null);
  const back = (
    <p>
      <Link to="/tra-cuu">{t('reader.record.back')}</Link>
    </p>
  );
  if (res.data === undefined) {
    if (res.error instanceof ApiError && res.error.status === 404) {
      return (
        <>
          <p className="empty-state" role="alert" data-testid="record-not-found">
            {t('reader.record.notFound')}
          </p>
          {back}
        </>
      );
    }
    return <LoadingOrError res={res} />;
  }
  const r = res.data;
  const latest = r.versions[r.versions.length - 1];
  return (
    <article className="reader-record">
      {back}
      <h1 data-testid="record-title">
        {r.title} <AccessBadge mode={r.accessMode} />
      </h1>
      {!r.latest && latest !== undefined && (
        <p className="notice">{t('reader.record.oldVersion', { version: latest.version })}</p>
      )}
      <div className="reader-record__layout">
        <section>
          <Facts r={r} />
          <p className="reader-links">
            <a href={recordPdfUrl(r.documentId, r.version)} data-testid="record-pdf-link">
              {t('reader.record.pdf')}
            </a>
            {' · '}
            <a href={r.manifest}>{t('reader.record.manifest')}</a>
          </p>
          {r.versions.length > 1 && (
            <>
              <h2>{t('reader.record.versions')}</h2>
              <ol className="reader-versions">
                {r.versions.map((v) => (
                  <li key={v.recordId}>
                    <Link
                      to={`/tai-lieu/${encodeURIComponent(r.documentId)}?phien-ban=${v.version}`}
                    >
                      {t('reader.record.version', {
                        version: v.version,
                        date: formatDateTime(v.catalogedAt),
                      })}
                    </Link>
                    {v.version === r.version ? ` ${t('reader.record.current')}` : ''}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
        <section aria-label={t('reader.record.viewer')}>
          <RecordViewer services={r.pages.map((p) => p.service)} />
          <details className="reader-text">
            <summary>{t('reader.record.text')}</summary>
            <pre lang="vi">{r.fullText.replace(/\f/g, '\n\n')}</pre>
          </details>
        </section>
      </div>
    </article>
  );
}
