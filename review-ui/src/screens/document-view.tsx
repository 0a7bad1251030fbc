/** Tài liệu: a document's metadata, its pages beside their OCR text, and its PDF/A. */
import { codeLabel, useCodeLists } from '../api/code-lists.js';
import { documentPdfUrl, getDocument } from '../api/endpoints.js';
import type { DocumentDetail } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { formatNumberSymbol } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { pathTo } from '../router/routes.js';
import { MetadataTable } from './metadata-table.js';
import { PAGE_PARAM, selectedPageIndex } from './page-param.js';
import { PageThumbnails, PageViewer } from './page-viewer.js';

function DocumentBody({ doc }: { doc: DocumentDetail }) {
  const { t, lang } = useI18n();
  const lists = useCodeLists();
  const { pathname, search } = useLocation();
  const pages = [...doc.pages].sort((a, b) => a.position - b.position);
  const selected = selectedPageIndex(search.get(PAGE_PARAM), pages.length);
  const select = (i: number) => {
    const q = new URLSearchParams(search);
    q.set(PAGE_PARAM, String(i + 1));
    // Paging through a document should not fill the back button's history.
    navigate(`${pathname}?${q.toString()}`, { replace: true });
  };

  const type = codeLabel(lists?.docType, doc.typeCode, lang);
  const numberSymbol = formatNumberSymbol(doc.codeNumber, doc.codeNotation);
  const heading =
    [type, numberSymbol].filter((s) => s !== null).join(' ') || t('doc.untitled', { seq: doc.seq });
  useDocumentTitle(heading);

  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={pathTo('dossiers', {})}>{t('nav.dossiers')}</Link>
          </li>
          <li>
            <Link to={pathTo('dossier', { code: doc.dossierCode })}>{doc.dossierCode}</Link>
          </li>
          <li aria-current="page">{t('doc.untitled', { seq: doc.seq })}</li>
        </ol>
      </nav>
      <div className="title-row">
        <h1>{heading}</h1>
        {doc.pdfName === null ? (
          <span className="muted">{t('document.noPdf')}</span>
        ) : (
          <a className="button" href={documentPdfUrl(doc.id)} download={doc.pdfName}>
            {t('document.download')} <span className="muted">({doc.pdfName})</span>
          </a>
        )}
      </div>
      {doc.subject !== null && <p className="lead">{doc.subject}</p>}

      <div className="document-layout">
        <section aria-labelledby="metadata-heading" className="document-layout__meta">
          <h2 id="metadata-heading">{t('document.metadata')}</h2>
          <MetadataTable doc={doc} />
        </section>
        <section aria-labelledby="pages-heading" className="document-layout__pages">
          <h2 id="pages-heading">{t('document.pages')}</h2>
          {pages.length === 0 ? (
            <p className="empty-state">{t('document.noPages')}</p>
          ) : (
            <>
              <PageThumbnails pages={pages} selected={selected} onSelect={select} />
              <PageViewer pages={pages} selected={selected} onSelect={select} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

export function DocumentScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const res = useApi(`document:${id}`, (signal) => getDocument(id, { signal }));
  useDocumentTitle(res.data === undefined ? t('document.title') : null);
  if (res.data !== undefined) return <DocumentBody doc={res.data} />;
  return (
    <>
      <h1>{t('document.title')}</h1>
      <LoadingOrError res={res} />
    </>
  );
}
