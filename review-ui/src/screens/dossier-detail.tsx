/**
 * Hồ sơ chi tiết: scan batches with page progress and failures, and the documents found; a
 * document the person's role may not read (access/access.ts) is listed by number and status only.
 */
import { draftModes } from '../../../core/domain/access.js';
import { mayReadDraft } from '../access/access.js';
import { RestrictedLabel } from '../access/restricted.js';
import { codeLabel, useCodeLists } from '../api/code-lists.js';
import { documentPdfUrl, getDossier } from '../api/endpoints.js';
import type { BatchSummary, DocumentSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import {
  ErrorPanel,
  LoadingOrError,
  NoValue,
  OrNone,
  StatusBadge,
  useDocumentTitle,
} from '../components/feedback.js';
import { formatDate, formatDateTime, formatNumberSymbol, formatTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { pathTo } from '../router/routes.js';
import { useCurrentUser } from '../session/session-provider.js';
import { dossierPollMs } from '../status/status.js';
import { BatchFailures } from './batch-failures.js';

/** The batches of a dossier with their page counts and assembly error, if any. */
export function BatchTable({ batches }: { batches: BatchSummary[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={t('dossier.batchesCaption')}
      columns={[
        t('batch.col.opened'),
        t('batch.col.closed'),
        t('batch.col.status'),
        { label: t('batch.col.queued'), className: 'num' },
        { label: t('batch.col.processing'), className: 'num' },
        { label: t('batch.col.done'), className: 'num' },
        { label: t('batch.col.failed'), className: 'num' },
      ]}
    >
      {batches.map((b) => (
        <tr key={b.id}>
          <th scope="row" className="nowrap">
            {formatDateTime(b.openedAt)}
          </th>
          <td className="nowrap">
            {b.closedAt === null ? t('batch.notClosed') : formatDateTime(b.closedAt)}
          </td>
          <td>
            <StatusBadge kind="batch" status={b.status} />
            {b.errorMessage !== undefined && b.errorMessage !== null && (
              <BatchError code={b.errorCode ?? null} message={b.errorMessage} />
            )}
          </td>
          <td className="num">{b.pageCounts.queued}</td>
          <td className="num">{b.pageCounts.processing}</td>
          <td className="num">{b.pageCounts.done}</td>
          <td className={b.pageCounts.failed > 0 ? 'num num--bad' : 'num'}>
            {b.pageCounts.failed}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function BatchError({ code, message }: { code: string | null; message: string }) {
  const { t, pickText } = useI18n();
  return (
    <p className="batch-error">
      {t('batch.error', { message: pickText(message) })}
      {code !== null && (
        <>
          {' '}
          (<code>{code}</code>)
        </>
      )}
    </p>
  );
}

/** The documents found in a dossier, in order, each linking to its own screen. */
export function DocumentTable({ documents }: { documents: DocumentSummary[] }) {
  const { t, lang } = useI18n();
  const lists = useCodeLists();
  const { role } = useCurrentUser();
  // An api that sends no modes is older than the access decision: its rows are shown as sent.
  const hidden = (d: DocumentSummary): boolean =>
    d.dossierAccessModeCode !== undefined &&
    !mayReadDraft(role, d.dossierAccessModeCode, d.accessModeCode);
  return (
    <DataTable
      caption={t('dossier.documents')}
      columns={[
        { label: t('doc.col.seq'), className: 'num' },
        t('doc.col.type'),
        t('doc.col.numberSymbol'),
        t('doc.col.date'),
        t('doc.col.organ'),
        t('doc.col.subject'),
        { label: t('doc.col.pages'), className: 'num' },
        t('doc.col.status'),
        t('doc.col.pdf'),
      ]}
    >
      {[...documents]
        .sort((a, b) => a.seq - b.seq)
        .map((d) =>
          hidden(d) ? (
            <tr key={d.id} data-testid="restricted-document">
              <th scope="row" className="num">
                {d.seq}
              </th>
              <td colSpan={5}>
                <RestrictedLabel modes={draftModes(d.dossierAccessModeCode, d.accessModeCode)} />
              </td>
              <td className="num">{d.pageCount}</td>
              <td>
                <StatusBadge kind="document" status={d.status} />
              </td>
              <td>
                <NoValue />
              </td>
            </tr>
          ) : (
            <tr key={d.id}>
              <th scope="row" className="num">
                {d.seq}
              </th>
              <td>
                <OrNone value={codeLabel(lists?.docType, d.typeCode, lang)} />
              </td>
              <td className="nowrap">
                <OrNone value={formatNumberSymbol(d.codeNumber, d.codeNotation)} />
              </td>
              <td className="nowrap">
                <OrNone value={d.issuedDate === null ? null : formatDate(d.issuedDate)} />
              </td>
              <td>
                <OrNone value={d.organName} />
              </td>
              <td>
                <Link to={pathTo('document', { id: d.id })}>
                  {d.subject !== null && d.subject.trim() !== ''
                    ? d.subject
                    : t('doc.untitled', { seq: d.seq })}
                </Link>
              </td>
              <td className="num">{d.pageCount}</td>
              <td>
                <StatusBadge kind="document" status={d.status} />
              </td>
              <td className="nowrap">
                {d.pdfName === null ? (
                  <NoValue />
                ) : (
                  <a href={documentPdfUrl(d.id)} download={d.pdfName}>
                    {d.pdfName}
                  </a>
                )}
              </td>
            </tr>
          ),
        )}
    </DataTable>
  );
}

export function DossierDetailScreen({ code }: { code: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('dossier.pageTitle', { code }));
  const res = useApi(`dossier:${code}`, (signal) => getDossier(code, { signal }), {
    pollMs: dossierPollMs,
  });
  const d = res.data;

  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={pathTo('dossiers', {})}>{t('nav.dossiers')}</Link>
          </li>
          <li aria-current="page">{code}</li>
        </ol>
      </nav>
      <div className="title-row title-row--start">
        <h1>{t('dossier.pageTitle', { code })}</h1>
        {d !== undefined && (
          <p>
            <span className="visually-hidden">{t('dossier.status')}: </span>
            <StatusBadge kind="dossier" status={d.status} />
          </p>
        )}
        {d?.status === 'in_review' && (
          <p>
            <Link className="button" to={pathTo('review', { code })} data-testid="open-review">
              {t('dossier.openReview')}
            </Link>
          </p>
        )}
      </div>
      {d === undefined ? (
        <LoadingOrError res={res} />
      ) : (
        <>
          <p className="lead">{d.title}</p>
          {res.error !== null && <ErrorPanel error={res.error} onRetry={res.reload} />}
          {dossierPollMs(d) !== null && res.refreshedAt !== null && (
            <p className="refresh-note">
              {t('common.autoRefresh', { seconds: (dossierPollMs(d) ?? 0) / 1000 })} ·{' '}
              {t('common.updatedAt', { time: formatTime(res.refreshedAt) })}
            </p>
          )}

          <section aria-labelledby="batches-heading">
            <h2 id="batches-heading">{t('dossier.batches')}</h2>
            {d.batches.length === 0 ? (
              <p className="empty-state">{t('dossier.noBatches')}</p>
            ) : (
              <>
                <BatchTable batches={d.batches} />
                {d.batches
                  .filter((b) => b.pageCounts.failed > 0)
                  .map((b) => (
                    <BatchFailures key={b.id} batch={b} />
                  ))}
              </>
            )}
          </section>

          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t('dossier.documents')}</h2>
            {d.documents.length === 0 ? (
              <p className="empty-state">{t('dossier.noDocuments')}</p>
            ) : (
              <DocumentTable documents={d.documents} />
            )}
          </section>
        </>
      )}
    </>
  );
}
