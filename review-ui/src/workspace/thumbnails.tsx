/**
 * The left panel: page thumbnails grouped by document, and the structure edits for the selected
 * page (split, merge, reorder, move across a boundary, rotate, blank/separator marks, exclude).
 * Each edit is one `PUT …/structure` through `onEdit`.
 */
import { useEffect, useRef } from 'react';
import { formatConfidence } from '../format/format.js';
import { iiifThumbUrl } from './api.js';
import { loosePages, locate, layoutOf, structureBody, type StructureEdit } from './structure.js';
import type { Workspace, WorkspacePage } from './types.js';
import { useWsText } from './use-ws-text.js';

const LOW_BOUNDARY = 0.6;

function Thumb({
  page,
  n,
  twin,
  hidden,
  selected,
  onSelect,
}: {
  page: WorkspacePage;
  n: number | null;
  /** The page's document may not be read by this role: no image */
  hidden: boolean;
  /** The page this one is byte-identical to (a double copy?), if any */
  twin: WorkspacePage | undefined;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const { w, t } = useWsText();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const marks: string[] = [];
  if (page.isBlank) marks.push(w('ws.pageBlank'));
  if (page.isSeparator) marks.push(w('ws.pageSeparator'));
  if (page.reviewRotation !== 0) marks.push(w('ws.pageRotated', { deg: page.reviewRotation }));
  const lowOcr = page.ocrMeanConfidence !== null && page.ocrMeanConfidence < 60;
  if (lowOcr && page.ocrMeanConfidence !== null) {
    marks.push(w('ws.pageLowOcr', { value: formatConfidence(page.ocrMeanConfidence, 100) }));
  }
  const name = n === null ? w('ws.pageScan', { n: page.index + 1 }) : w('ws.pageN', { n });
  // The IIIF image follows the reviewer's rotation; the query keeps a cached unturned copy out.
  const src =
    page.reviewRotation === 0
      ? iiifThumbUrl(page.id)
      : `${iiifThumbUrl(page.id)}?r=${page.reviewRotation}`;
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className={`ws-thumb${page.isBlank || page.isSeparator ? ' ws-thumb--dim' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid={`thumb-${page.id}`}
        onClick={() => onSelect(page.id)}
      >
        {hidden ? (
          <span className="ws-thumb__restricted" data-testid={`thumb-restricted-${page.id}`}>
            {t('access.thumb')}
          </span>
        ) : (
          <img src={src} alt="" loading="lazy" decoding="async" height={160} />
        )}
        <span className="ws-thumb__name">{name}</span>
        {twin !== undefined && (
          <span className="badge badge--attention" data-testid={`twin-${page.id}`}>
            {w('ws.pageIdentical', { n: twin.index + 1 })}
          </span>
        )}
        {marks.length > 0 && (
          <span className={`ws-thumb__marks${lowOcr ? ' ws-thumb__marks--low' : ''}`}>
            {marks.join(' · ')}
          </span>
        )}
      </button>
    </li>
  );
}

export function Thumbnails({
  ws,
  hiddenDocs,
  selectedPageId,
  onSelect,
  onEdit,
  canEdit,
}: {
  ws: Workspace;
  /** Documents this role may not read (access/access.ts): their pages show no image */
  hiddenDocs: ReadonlySet<string>;
  selectedPageId: string | null;
  onSelect: (pageId: string) => void;
  onEdit: (edit: StructureEdit) => void;
  canEdit: boolean;
}) {
  const { w } = useWsText();
  const byId = new Map(ws.pages.map((p) => [p.id, p]));
  const loose = loosePages(ws);
  const twinOf = (p: WorkspacePage) =>
    p.identicalToPageId === null ? undefined : byId.get(p.identicalToPageId);
  const sel = selectedPageId === null ? undefined : byId.get(selectedPageId);
  const at = sel === undefined ? null : locate(layoutOf(ws), sel.id);
  const selDoc = at === null ? undefined : ws.documents[at.doc];

  const can = (edit: StructureEdit | null): boolean =>
    canEdit && edit !== null && structureBody(ws, edit) !== null;
  const act = (edit: StructureEdit | null) => {
    if (edit !== null && can(edit)) onEdit(edit);
  };
  const pageEdit = (kind: Exclude<StructureEdit['kind'], 'mergeNext'>): StructureEdit | null =>
    sel === undefined ? null : { kind, pageId: sel.id };
  const mergeEdit: StructureEdit | null =
    selDoc === undefined ? null : { kind: 'mergeNext', documentId: selDoc.id };

  const button = (
    edit: StructureEdit | null,
    label: string,
    testId: string,
    extra: { pressed?: boolean; title?: string } = {},
  ) => (
    <button
      type="button"
      disabled={!can(edit)}
      onClick={() => act(edit)}
      data-testid={testId}
      aria-pressed={extra.pressed}
      title={extra.title}
    >
      {label}
    </button>
  );

  return (
    <section className="ws-thumbs" aria-label={w('ws.pages')}>
      <div
        className="ws-thumbs__actions"
        role="toolbar"
        aria-label={w('ws.pageActions')}
        data-testid="page-actions"
      >
        {button(pageEdit('split'), w('ws.split'), 'action-split', { title: w('ws.splitHint') })}
        {button(mergeEdit, w('ws.merge'), 'action-merge')}
        {button(pageEdit('moveUp'), w('ws.moveUp'), 'action-move-up')}
        {button(pageEdit('moveDown'), w('ws.moveDown'), 'action-move-down')}
        {button(pageEdit('toPrevDoc'), w('ws.toPrevDoc'), 'action-to-prev-doc')}
        {button(pageEdit('toNextDoc'), w('ws.toNextDoc'), 'action-to-next-doc')}
        {button(pageEdit('rotate'), w('ws.rotate'), 'action-rotate')}
        {button(pageEdit('blank'), w('ws.markBlank'), 'action-blank', {
          pressed: sel?.isBlank ?? false,
        })}
        {button(pageEdit('separator'), w('ws.markSeparator'), 'action-separator', {
          pressed: sel?.isSeparator ?? false,
        })}
        {at === null
          ? button(pageEdit('include'), w('ws.include'), 'action-include')
          : button(pageEdit('exclude'), w('ws.exclude'), 'action-exclude')}
      </div>
      <div className="ws-thumbs__list">
        {ws.documents.map((doc, i) => {
          const low = doc.boundaryConfidence !== null && doc.boundaryConfidence < LOW_BOUNDARY;
          const headingId = `ws-doc-${doc.id}`;
          const merge: StructureEdit = { kind: 'mergeNext', documentId: doc.id };
          return (
            <section
              key={doc.id}
              className={`ws-doc${selDoc?.id === doc.id ? ' ws-doc--current' : ''}`}
              data-testid={`doc-${doc.seq}`}
              aria-labelledby={headingId}
            >
              <header className="ws-doc__head">
                <h3 id={headingId}>
                  <button
                    type="button"
                    className="ws-doc__title"
                    onClick={() => {
                      const first = doc.pageIds[0];
                      if (first !== undefined) onSelect(first);
                    }}
                  >
                    {w('ws.docN', { seq: doc.seq })}
                  </button>
                </h3>
                <span className="ws-doc__meta">
                  {w('ws.docPages', { count: doc.pageIds.length })}
                  {doc.boundaryConfidence !== null && (
                    <span className={low ? 'ws-flag' : 'muted'}>
                      {' · '}
                      {w('ws.boundary', { value: formatConfidence(doc.boundaryConfidence) })}
                    </span>
                  )}
                </span>
                {i < ws.documents.length - 1 && (
                  <button
                    type="button"
                    className="ws-doc__merge"
                    disabled={!can(merge)}
                    onClick={() => act(merge)}
                    data-testid={`merge-${doc.seq}`}
                    aria-label={w('ws.mergeDoc', { seq: doc.seq })}
                    title={w('ws.mergeDoc', { seq: doc.seq })}
                  >
                    ⤓ {w('ws.merge')}
                  </button>
                )}
              </header>
              <ol className="ws-doc__pages">
                {doc.pageIds.map((id, n) => {
                  const p = byId.get(id);
                  return p === undefined ? null : (
                    <Thumb
                      key={id}
                      page={p}
                      n={n + 1}
                      twin={twinOf(p)}
                      hidden={hiddenDocs.has(doc.id)}
                      selected={id === selectedPageId}
                      onSelect={onSelect}
                    />
                  );
                })}
              </ol>
            </section>
          );
        })}
        {loose.length > 0 && (
          <section
            className="ws-doc ws-doc--loose"
            data-testid="doc-loose"
            aria-label={w('ws.loose')}
          >
            <header className="ws-doc__head">
              <h3>{w('ws.loose')}</h3>
            </header>
            <ol className="ws-doc__pages">
              {loose.map((id) => {
                const p = byId.get(id);
                return p === undefined ? null : (
                  <Thumb
                    key={id}
                    page={p}
                    n={null}
                    twin={twinOf(p)}
                    hidden={false}
                    selected={id === selectedPageId}
                    onSelect={onSelect}
                  />
                );
              })}
            </ol>
          </section>
        )}
      </div>
    </section>
  );
}
