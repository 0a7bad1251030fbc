import { describe, expect, it } from 'vitest';
import { loosePages, structureBody } from './structure.js';
import type { Workspace, WorkspaceDocument, WorkspacePage } from './types.js';

const page = (id: string, index: number, over: Partial<WorkspacePage> = {}): WorkspacePage => ({
  id,
  index,
  width: 1000,
  height: 1400,
  rotationDeg: 0,
  reviewRotation: 0,
  isBlank: false,
  isSeparator: false,
  ocrMeanConfidence: 90,
  ocrWordCount: 100,
  status: 'done',
  documentId: null,
  identicalToPageId: null,
  ...over,
});

const doc = (id: string, seq: number, pageIds: string[]): WorkspaceDocument =>
  ({ id, seq, version: 1, status: 'in_review', pageIds }) as unknown as WorkspaceDocument;

/** Dossier version 7: D1 = p1 p2 p3, D2 = p4 p5, and p6 outside any document. */
function ws(): Workspace {
  return {
    dossier: { version: 7 } as Workspace['dossier'],
    documents: [doc('D1', 1, ['p1', 'p2', 'p3']), doc('D2', 2, ['p4', 'p5'])],
    pages: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id, i) => page(id, i)),
    lowConfidence: 0.6,
    twoPersonRule: false,
  };
}

describe('structureBody', () => {
  it('splits a document at a page into a new document, carrying the version', () => {
    expect(structureBody(ws(), { kind: 'split', pageId: 'p2' })).toEqual({
      version: 7,
      documents: [
        { id: 'D1', pageIds: ['p1'] },
        { id: null, pageIds: ['p2', 'p3'] },
        { id: 'D2', pageIds: ['p4', 'p5'] },
      ],
    });
  });

  it('does not split at the first page of a document', () => {
    expect(structureBody(ws(), { kind: 'split', pageId: 'p4' })).toBeNull();
  });

  it('merges a document with the next one, which disappears', () => {
    expect(structureBody(ws(), { kind: 'mergeNext', documentId: 'D1' })?.documents).toEqual([
      { id: 'D1', pageIds: ['p1', 'p2', 'p3', 'p4', 'p5'] },
    ]);
    expect(structureBody(ws(), { kind: 'mergeNext', documentId: 'D2' })).toBeNull();
  });

  it('reorders a page inside its document and stops at the ends', () => {
    expect(structureBody(ws(), { kind: 'moveUp', pageId: 'p2' })?.documents[0]).toEqual({
      id: 'D1',
      pageIds: ['p2', 'p1', 'p3'],
    });
    expect(structureBody(ws(), { kind: 'moveDown', pageId: 'p3' })).toBeNull();
    expect(structureBody(ws(), { kind: 'moveUp', pageId: 'p1' })).toBeNull();
  });

  it('moves a boundary: the first page of a document goes to the end of the previous one', () => {
    expect(structureBody(ws(), { kind: 'toPrevDoc', pageId: 'p4' })?.documents).toEqual([
      { id: 'D1', pageIds: ['p1', 'p2', 'p3', 'p4'] },
      { id: 'D2', pageIds: ['p5'] },
    ]);
  });

  it('moves the last page to the start of the next document, dropping an emptied document', () => {
    const w = ws();
    w.documents = [doc('D1', 1, ['p1']), doc('D2', 2, ['p4', 'p5'])];
    expect(structureBody(w, { kind: 'toNextDoc', pageId: 'p1' })?.documents).toEqual([
      { id: 'D2', pageIds: ['p1', 'p4', 'p5'] },
    ]);
    expect(structureBody(w, { kind: 'toNextDoc', pageId: 'p5' })).toBeNull();
  });

  it('excludes a page from every document and puts it back after its scan neighbour', () => {
    const out = structureBody(ws(), { kind: 'exclude', pageId: 'p2' });
    expect(out?.documents[0]).toEqual({ id: 'D1', pageIds: ['p1', 'p3'] });
    expect(structureBody(ws(), { kind: 'include', pageId: 'p6' })?.documents[1]).toEqual({
      id: 'D2',
      pageIds: ['p4', 'p5', 'p6'],
    });
  });

  it('sends only the changed page override for rotate, blank and separator', () => {
    const w = ws();
    w.pages[0] = page('p1', 0, { reviewRotation: 270, isBlank: true });
    const rot = structureBody(w, { kind: 'rotate', pageId: 'p1' });
    expect(rot?.pages).toEqual([{ id: 'p1', reviewRotation: 0 }]);
    expect(rot?.documents).toHaveLength(2);
    expect(structureBody(w, { kind: 'blank', pageId: 'p1' })?.pages).toEqual([
      { id: 'p1', blank: false },
    ]);
    expect(structureBody(w, { kind: 'separator', pageId: 'p1' })?.pages).toEqual([
      { id: 'p1', separator: true },
    ]);
  });
});

describe('loosePages', () => {
  it('lists pages outside every document in scan order', () => {
    expect(loosePages(ws())).toEqual(['p6']);
  });
});
