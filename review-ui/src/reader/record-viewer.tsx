/**
 * The read-only page viewer of a catalogue record: OpenSeadragon over the record's IIIF Image API
 * services, one page at a time, with page, zoom and fit buttons. OpenSeadragon is loaded with the
 * reader's screens only, never with the search list.
 */
import OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';

export function RecordViewer({ services }: { services: readonly string[] }) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);
  const [page, setPage] = useState(0);

  useEffect(() => {
    if (host.current === null || services.length === 0) return;
    const v = OpenSeadragon({
      element: host.current,
      prefixUrl: '',
      tileSources: services.map((s) => `${s}/info.json`),
      sequenceMode: true,
      showSequenceControl: false,
      showNavigationControl: false,
      showNavigator: false,
      visibilityRatio: 0.5,
      maxZoomPixelRatio: 2.5,
      crossOriginPolicy: false,
    });
    v.addHandler('page', (e) => setPage(e.page));
    viewer.current = v;
    return () => {
      viewer.current = null;
      v.destroy();
    };
  }, [services]);

  if (services.length === 0) return <p className="muted">{t('reader.record.noPages')}</p>;
  const go = (n: number) => viewer.current?.goToPage(n);
  const zoom = (f: number) => viewer.current?.viewport.zoomBy(f);
  return (
    <figure className="reader-viewer" data-testid="record-viewer">
      <div className="reader-viewer__bar" role="toolbar" aria-label={t('reader.record.viewer')}>
        <button type="button" disabled={page === 0} onClick={() => go(page - 1)}>
          {t('reader.record.prev')}
        </button>
        <span data-testid="viewer-page">
          {t('reader.record.page', { n: page + 1, total: services.length })}
        </span>
        <button type="button" disabled={page >= services.length - 1} onClick={() => go(page + 1)}>
          {t('reader.record.next')}
        </button>
        <button type="button" onClick={() => zoom(1.5)}>
          {t('reader.record.zoomIn')}
        </button>
        <button type="button" onClick={() => zoom(1 / 1.5)}>
          {t('reader.record.zoomOut')}
        </button>
        <button type="button" onClick={() => viewer.current?.viewport.goHome()}>
          {t('reader.record.fit')}
        </button>
      </div>
      <div ref={host} className="reader-viewer__canvas" />
    </figure>
  );
}
