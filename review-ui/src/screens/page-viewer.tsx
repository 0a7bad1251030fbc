/** A document's pages: a strip of thumbnails, and the selected page's image beside its OCR text. */
import { getPage, pageImageUrl } from '../api/endpoints.js';
import type { DocumentPageInfo } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConfidenceBadge, LoadingOrError } from '../components/feedback.js';
import { formatDegrees } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';

export function PageThumbnails({
  pages,
  selected,
  onSelect,
}: {
  pages: readonly DocumentPageInfo[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  const { t } = useI18n();
  return (
    <ol className="thumbs">
      {pages.map((p, i) => (
        <li key={p.id}>
          <button
            type="button"
            className="thumb"
            aria-current={i === selected ? 'true' : undefined}
            onClick={() => onSelect(i)}
          >
            {/* The full clean image, scaled down by the browser; lazy so only visible ones load. */}
            <img
              src={pageImageUrl(p.id)}
              alt=""
              loading="lazy"
              decoding="async"
              width={p.width ?? undefined}
              height={p.height ?? undefined}
            />
            <span>{t('document.pageN', { n: i + 1 })}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function PageFacts({ page }: { page: DocumentPageInfo }) {
  const { t, lang } = useI18n();
  const facts: string[] = [];
  if (page.width !== null && page.height !== null) {
    facts.push(t('page.size', { width: page.width, height: page.height }));
  }
  if (page.rotationDeg !== null && page.rotationDeg !== 0) {
    facts.push(t('page.rotation', { deg: `${page.rotationDeg}°` }));
  }
  if (page.skewDeg !== null && Math.abs(page.skewDeg) >= 0.05) {
    facts.push(t('page.skew', { deg: formatDegrees(page.skewDeg, lang) }));
  }
  if (page.isBlank === true) facts.push(t('page.blank'));
  if (page.isSeparator === true) facts.push(t('page.separator'));
  return (
    <ul className="page-facts">
      {facts.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}

function OcrText({ pageId }: { pageId: string }) {
  const { t } = useI18n();
  const res = useApi(`page:${pageId}`, (signal) => getPage(pageId, { signal }));
  if (res.data === undefined) {
    return <LoadingOrError res={res} />;
  }
  const text = res.data.ocrText?.trim() ?? '';
  return (
    <>
      {res.data.ocrMeanConfidence !== null && (
        <p>
          {t('document.ocrConfidence')}:{' '}
          <ConfidenceBadge value={res.data.ocrMeanConfidence} scale={100} />
        </p>
      )}
      {text === '' ? (
        <p className="empty-state">{t('document.ocrEmpty')}</p>
      ) : (
        // OCR of these records is Vietnamese whatever the UI language; tabIndex lets keyboard
        // users scroll a long text.
        <pre className="ocr-text" lang="vi" tabIndex={0}>
          {text}
        </pre>
      )}
    </>
  );
}

export function PageViewer({
  pages,
  selected,
  onSelect,
}: {
  pages: readonly DocumentPageInfo[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  const { t } = useI18n();
  const page = pages[selected];
  if (page === undefined) return <p className="empty-state">{t('document.noPages')}</p>;
  const n = selected + 1;

  return (
    <div className="viewer">
      <div className="viewer__bar">
        <button type="button" disabled={selected === 0} onClick={() => onSelect(selected - 1)}>
          <span aria-hidden="true">‹ </span>
          {t('document.prevPage')}
        </button>
        <span className="viewer__position" aria-live="polite">
          {t('document.pageOf', { n, total: pages.length })}
        </span>
        <button
          type="button"
          disabled={selected >= pages.length - 1}
          onClick={() => onSelect(selected + 1)}
        >
          {t('document.nextPage')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <div className="viewer__body">
        <figure className="viewer__image">
          <img
            key={page.id}
            src={pageImageUrl(page.id)}
            alt={t('document.imageAlt', { n })}
            width={page.width ?? undefined}
            height={page.height ?? undefined}
          />
          <figcaption>
            <PageFacts page={page} />
          </figcaption>
        </figure>
        <section className="viewer__text" aria-labelledby="ocr-heading">
          <h3 id="ocr-heading">{t('document.ocrText')}</h3>
          <OcrText key={page.id} pageId={page.id} />
        </section>
      </div>
    </div>
  );
}
