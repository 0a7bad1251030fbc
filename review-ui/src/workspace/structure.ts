/**
 * Edits of a dossier's structure (which pages make which document, in which order, and the
 * reviewer's page marks), each producing the body of `PUT /api/dossiers/{code}/structure`. Split,
 * merge, reorder, move and exclude are all that one call: the body lists every document with its
 * pages, and pages left out of every document are outside the documents.
 */
import type { PageOverride, Rotation, StructureBody, Workspace } from './types.js';

/** Documents as the body lists them: existing id (null for a new one) and pages in order. */
export type Layout = { id: string | null; pageIds: string[] }[];

/** An edit the thumbnails panel offers; each acts on one page or one document. */
export type StructureEdit =
  | { kind: 'split'; pageId: string }
  | { kind: 'mergeNext'; documentId: string }
  | { kind: 'moveUp'; pageId: string }
  | { kind: 'moveDown'; pageId: string }
  | { kind: 'toPrevDoc'; pageId: string }
  | { kind: 'toNextDoc'; pageId: string }
  | { kind: 'exclude'; pageId: string }
  | { kind: 'include'; pageId: string }
  | { kind: 'rotate'; pageId: string }
  | { kind: 'blank'; pageId: string }
  | { kind: 'separator'; pageId: string };

export const layoutOf = (ws: Workspace): Layout =>
  ws.documents.map((d) => ({ id: d.id, pageIds: [...d.pageIds] }));

/** Where `pageId` is: document index and position in it, or null when it is in no document. */
export function locate(layout: Layout, pageId: string): { doc: number; pos: number } | null {
  for (let doc = 0; doc < layout.length; doc++) {
    const pos = layout[doc]?.pageIds.indexOf(pageId) ?? -1;
    if (pos >= 0) return { doc, pos };
  }
  return null;
}

const withoutEmpty = (layout: Layout): Layout => layout.filter((d) => d.pageIds.length > 0);

/** A new document starts at the page: it and the pages after it leave their document. */
function split(layout: Layout, pageId: string): Layout | null {
  const at = locate(layout, pageId);
  if (at === null || at.pos === 0) return null;
  const out = layout.map((d) => ({ ...d, pageIds: [...d.pageIds] }));
  const doc = out[at.doc];
  if (doc === undefined) return null;
  const tail = doc.pageIds.splice(at.pos);
  out.splice(at.doc + 1, 0, { id: null, pageIds: tail });
  return out;
}

/** The next document's pages join the end of this one; the next document goes away. */
function mergeNext(layout: Layout, documentId: string): Layout | null {
  const i = layout.findIndex((d) => d.id === documentId);
  const a = layout[i];
  const b = layout[i + 1];
  if (a === undefined || b === undefined) return null;
  const out = [...layout];
  out.splice(i, 2, { id: a.id, pageIds: [...a.pageIds, ...b.pageIds] });
  return out;
}

/** Swaps the page with its neighbour in the same document. */
function moveWithin(layout: Layout, pageId: string, step: -1 | 1): Layout | null {
  const at = locate(layout, pageId);
  if (at === null) return null;
  const doc = layout[at.doc];
  if (doc === undefined) return null;
  const other = at.pos + step;
  const neighbour = doc.pageIds[other];
  if (neighbour === undefined) return null;
  const pageIds = [...doc.pageIds];
  pageIds[other] = pageId;
  pageIds[at.pos] = neighbour;
  return layout.map((d, i) => (i === at.doc ? { ...d, pageIds } : d));
}

/**
 * The page leaves its document for the previous one (as its last page) or the next one (as its
 * first page), so the boundary moves by one page. A document left empty goes away.
 */
function moveAcross(layout: Layout, pageId: string, step: -1 | 1): Layout | null {
  const at = locate(layout, pageId);
  if (at === null) return null;
  const target = layout[at.doc + step];
  if (target === undefined) return null;
  const out = layout.map((d, i) => {
    if (i === at.doc) return { ...d, pageIds: d.pageIds.filter((p) => p !== pageId) };
    if (i === at.doc + step) {
      return { ...d, pageIds: step < 0 ? [...d.pageIds, pageId] : [pageId, ...d.pageIds] };
    }
    return d;
  });
  return withoutEmpty(out);
}

function exclude(layout: Layout, pageId: string): Layout | null {
  if (locate(layout, pageId) === null) return null;
  return withoutEmpty(
    layout.map((d) => ({ ...d, pageIds: d.pageIds.filter((p) => p !== pageId) })),
  );
}

/**
 * Puts a page that is outside every document back: after the page scanned just before it that is
 * in a document, or at the start of the first document, or as a new document when there is none.
 */
function include(layout: Layout, pageId: string, scanOrder: readonly string[]): Layout | null {
  if (locate(layout, pageId) !== null) return null;
  const idx = scanOrder.indexOf(pageId);
  for (let i = idx - 1; i >= 0; i--) {
    const prev = scanOrder[i];
    const at = prev === undefined ? null : locate(layout, prev);
    if (at !== null) {
      return layout.map((d, j) => {
        if (j !== at.doc) return d;
        const pageIds = [...d.pageIds];
        pageIds.splice(at.pos + 1, 0, pageId);
        return { ...d, pageIds };
      });
    }
  }
  const first = layout[0];
  if (first === undefined) return [{ id: null, pageIds: [pageId] }];
  return [{ ...first, pageIds: [pageId, ...first.pageIds] }, ...layout.slice(1)];
}

const nextRotation = (r: Rotation): Rotation => ((r + 90) % 360) as Rotation;

/**
 * The `PUT …/structure` body for `edit` on the workspace `ws`, or null when the edit does not
 * apply (splitting at a document's first page, merging the last document, moving past the end).
 * Page marks send only the changed page's override; the documents are always sent whole.
 */
export function structureBody(ws: Workspace, edit: StructureEdit): StructureBody | null {
  const layout = layoutOf(ws);
  const page = 'pageId' in edit ? ws.pages.find((p) => p.id === edit.pageId) : undefined;
  let next: Layout | null = layout;
  let override: PageOverride | undefined;
  switch (edit.kind) {
    case 'split':
      next = split(layout, edit.pageId);
      break;
    case 'mergeNext':
      next = mergeNext(layout, edit.documentId);
      break;
    case 'moveUp':
      next = moveWithin(layout, edit.pageId, -1);
      break;
    case 'moveDown':
      next = moveWithin(layout, edit.pageId, 1);
      break;
    case 'toPrevDoc':
      next = moveAcross(layout, edit.pageId, -1);
      break;
    case 'toNextDoc':
      next = moveAcross(layout, edit.pageId, 1);
      break;
    case 'exclude':
      next = exclude(layout, edit.pageId);
      break;
    case 'include': {
      const order = [...ws.pages].sort((a, b) => a.index - b.index).map((p) => p.id);
      next = include(layout, edit.pageId, order);
      break;
    }
    case 'rotate':
      if (page === undefined) return null;
      override = { id: page.id, reviewRotation: nextRotation(page.reviewRotation) };
      break;
    case 'blank':
      if (page === undefined) return null;
      override = { id: page.id, blank: !page.isBlank };
      break;
    case 'separator':
      if (page === undefined) return null;
      override = { id: page.id, separator: !page.isSeparator };
      break;
  }
  if (next === null) return null;
  return {
    version: ws.dossier.version,
    documents: next,
    ...(override === undefined ? {} : { pages: [override] }),
  };
}

/** Pages that belong to no document, in scan order. */
export function loosePages(ws: Workspace): string[] {
  const inDocs = new Set(ws.documents.flatMap((d) => d.pageIds));
  return [...ws.pages]
    .sort((a, b) => a.index - b.index)
    .filter((p) => !inDocs.has(p.id))
    .map((p) => p.id);
}
