/**
 * The page viewer: OpenSeadragon over the page's IIIF Image API service (tiles at full
 * resolution, smooth zoom and pan), with the page's OCR words drawn on top in one SVG overlay
 * (low-confidence words highlighted) and the focused field's source words outlined. Boxes come in
 * clean-image pixels and are turned by the page's `reviewRotation`, as the IIIF image is.
 */
import OpenSeadragon from 'openseadragon';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { createPortal } from 'react-dom';
import { getPageOcr, iiifInfoUrl } from './api.js';
import { focusRegion, LOW_WORD_CONFIDENCE, rotateBox, rotatedSize, unionBox } from './boxes.js';
import { KeyButton } from './key-button.js';
import type { Box, PageOcr, WorkspacePage } from './types.js';
import { useWsText } from './use-ws-text.js';

/** What the workspace's keys and buttons do to the viewer. */
export interface ViewerHandle {
  zoomBy: (factor: number) => void;
  fit: () => void;
}

export const ZOOM_STEP = 1.5;

type OcrState = { pageId: string; ocr: PageOcr | null; failed: boolean };

/** The OCR words of `pageId`, or null while they load or when the page has none. */
function usePageOcr(pageId: string | null): OcrState | null {
  const [state, setState] = useState<OcrState | null>(null);
  useEffect(() => {
    if (pageId === null) return;
    const abort = new AbortController();
    getPageOcr(pageId, { signal: abort.signal }).then(
      (ocr) => setState({ pageId, ocr, failed: false }),
      (err: unknown) => {
        if (!abort.signal.aborted) setState({ pageId, ocr: null, failed: err !== null });
      },
    );
    return () => abort.abort();
  }, [pageId]);
  return state !== null && state.pageId === pageId ? state : null;
}

interface DrawnBoxes {
  width: number;
  height: number;
  words: { box: Box; low: boolean; text: string; confidence: number }[];
  sources: Box[];
}

export function PageViewer({
  page,
  sources,
  handle,
  caption,
}: {
  page: WorkspacePage | null;
  /** Boxes (clean-image pixels) of the focused field on this page, or null */
  sources: readonly Box[] | null;
  handle: Ref<ViewerHandle>;
  caption: string;
}) {
  const { w } = useWsText();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);
  // The overlay's element lives as long as the component; OpenSeadragon moves and sizes it.
  const overlay = useMemo(() => {
    const el = document.createElement('div');
    el.className = 'ws-viewer__overlay';
    return el;
  }, []);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [showWords, setShowWords] = useState(true);
  const ocrState = usePageOcr(page?.id ?? null);
  const rotation = page?.reviewRotation ?? 0;

  const drawn = useMemo((): DrawnBoxes | null => {
    const ocr = ocrState?.ocr;
    if (ocr === null || ocr === undefined) return null;
    const size = rotatedSize(ocr.width, ocr.height, rotation);
    return {
      ...size,
      words: ocr.words.map((wd) => ({
        box: rotateBox(wd.bbox, ocr.width, ocr.height, rotation),
        low: wd.confidence < LOW_WORD_CONFIDENCE,
        text: wd.text,
        confidence: wd.confidence,
      })),
      sources: (sources ?? []).map((b) => rotateBox(b, ocr.width, ocr.height, rotation)),
    };
  }, [ocrState, sources, rotation]);

  // Latest boxes for the 'open' handler, which runs outside React's render.
  const drawnRef = useRef(drawn);
  useEffect(() => {
    drawnRef.current = drawn;
  });

  useEffect(() => {
    if (host.current === null) return;
    const v = OpenSeadragon({
      element: host.current,
      prefixUrl: '',
      showNavigationControl: false,
      showNavigator: false,
      animationTime: 0.5,
      springStiffness: 9,
      visibilityRatio: 0.5,
      maxZoomPixelRatio: 2.5,
      minZoomImageRatio: 0.6,
      zoomPerScroll: 1.25,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true, scrollToZoom: true },
      crossOriginPolicy: false,
    });
    // OpenSeadragon's own keys (r rotates, a/d/w/s pan) would fight the workspace's.
    v.addHandler('canvas-key', (e) => {
      e.preventDefaultAction = true;
    });
    viewer.current = v;
    return () => {
      viewer.current = null;
      v.destroy();
    };
  }, []);

  const pageId = page?.id ?? null;
  useEffect(() => {
    const v = viewer.current;
    if (v === null || pageId === null) return;
    setFailed(null);
    setOpenedId(null);
    const onOpen = () => {
      const item = v.world.getItemAt(0);
      v.addOverlay({ element: overlay, location: item.getBounds() });
      setOpenedId(pageId);
    };
    const onFail = () => setFailed(pageId);
    v.addOnceHandler('open', onOpen);
    v.addOnceHandler('open-failed', onFail);
    v.open({ tileSource: iiifInfoUrl(pageId) });
    return () => {
      v.removeHandler('open', onOpen);
      v.removeHandler('open-failed', onFail);
    };
  }, [pageId, overlay, rotation]);

  // Pan to the focused field's words once both the image and the boxes are there.
  const sourceKey = drawn === null ? '' : JSON.stringify(drawn.sources);
  useEffect(() => {
    const v = viewer.current;
    const d = drawnRef.current;
    if (v === null || openedId === null || d === null || d.sources.length === 0) return;
    const u = unionBox(d.sources);
    if (u === null) return;
    const item = v.world.getItemAt(0);
    const size = item.getContentSize();
    // The IIIF image and the OCR image are the same pixels; scale anyway should they differ.
    const sx = size.x / d.width;
    const sy = size.y / d.height;
    const r = focusRegion(u, d.width, d.height);
    v.viewport.fitBounds(
      item.imageToViewportRectangle(r.x0 * sx, r.y0 * sy, (r.x1 - r.x0) * sx, (r.y1 - r.y0) * sy),
    );
  }, [openedId, sourceKey]);

  useImperativeHandle(handle, () => ({
    zoomBy: (factor) => {
      const v = viewer.current;
      if (v === null) return;
      v.viewport.zoomBy(factor);
      v.viewport.applyConstraints();
    },
    fit: () => viewer.current?.viewport.goHome(),
  }));

  const lowCount = drawn?.words.filter((x) => x.low).length ?? 0;

  return (
    <section className="ws-viewer" aria-label={w('ws.viewer')}>
      <div className="ws-viewer__bar">
        <span className="ws-viewer__caption" aria-live="polite">
          {caption}
        </span>
        <span className="ws-viewer__tools">
          <button
            type="button"
            onClick={() => {
              viewer.current?.viewport.zoomBy(ZOOM_STEP);
              viewer.current?.viewport.applyConstraints();
            }}
            aria-keyshortcuts="+"
            title={`${w('ws.zoomIn')} (+)`}
            data-testid="zoom-in"
          >
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">{w('ws.zoomIn')}</span>
          </button>
          <button
            type="button"
            onClick={() => {
              viewer.current?.viewport.zoomBy(1 / ZOOM_STEP);
              viewer.current?.viewport.applyConstraints();
            }}
            aria-keyshortcuts="-"
            title={`${w('ws.zoomOut')} (−)`}
            data-testid="zoom-out"
          >
            <span aria-hidden="true">−</span>
            <span className="visually-hidden">{w('ws.zoomOut')}</span>
          </button>
          <KeyButton
            shortcut="0"
            onClick={() => viewer.current?.viewport.goHome()}
            title={`${w('ws.zoomFit')} (0)`}
            data-testid="zoom-fit"
          >
            {w('ws.zoomFit')}
          </KeyButton>
          <label className="ws-viewer__toggle">
            <input
              type="checkbox"
              checked={showWords}
              onChange={(e) => setShowWords(e.target.checked)}
            />{' '}
            {w('ws.showWords')}
          </label>
        </span>
      </div>
      <div className="ws-viewer__stage">
        <div
          ref={host}
          className="ws-viewer__osd"
          data-testid="viewer"
          data-page-id={openedId ?? ''}
          role="img"
          aria-label={caption}
        />
        {page === null && <p className="ws-viewer__empty">{w('ws.noPage')}</p>}
        {failed !== null && failed === pageId && (
          <p className="ws-viewer__empty" role="alert">
            {w('ws.viewerFailed')}
          </p>
        )}
      </div>
      <p className="ws-viewer__legend">
        {ocrState === null
          ? w('ws.ocrLoading')
          : drawn === null
            ? w('ws.ocrMissing')
            : w('ws.ocrStats', { words: drawn.words.length, low: lowCount })}{' '}
        · {w('ws.ocrLegend')}
      </p>
      {openedId !== null &&
        drawn !== null &&
        createPortal(
          <svg
            className="ws-boxes"
            viewBox={`0 0 ${drawn.width} ${drawn.height}`}
            preserveAspectRatio="none"
            aria-hidden="true"
            data-testid="ocr-boxes"
          >
            {drawn.words.map((x, i) =>
              x.low || showWords ? (
                <rect
                  key={i}
                  className={x.low ? 'ws-box ws-box--low' : 'ws-box'}
                  x={x.box.x0}
                  y={x.box.y0}
                  width={x.box.x1 - x.box.x0}
                  height={x.box.y1 - x.box.y0}
                >
                  <title>{`${x.text} (${Math.round(x.confidence)}%)`}</title>
                </rect>
              ) : null,
            )}
            {drawn.sources.map((b, i) => (
              <rect
                key={`s${i}`}
                className="ws-box ws-box--source"
                data-testid="source-box"
                x={b.x0}
                y={b.y0}
                width={b.x1 - b.x0}
                height={b.y1 - b.y0}
              />
            ))}
          </svg>,
          overlay,
        )}
    </section>
  );
}
