/**
 * The review side's read routes pass the one access decision (core/domain/access.ts) on the real
 * api and database. Draft documents that are public, conditional and secret — by their own mode
 * or their dossier's — are asked for by every route that gives out a dossier, a document or a
 * page (metadata, OCR text, PDF, signature check, master and clean images, IIIF, workspace,
 * history): an operator reads the public and conditional ones and is refused the secret ones with
 * 403 `access.forbidden` naming the record and its mode; a reviewer reads them all; lists keep
 * what operators work with (code, status, counts, reject reason) with the content blanked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentDetail,
  DocumentPage,
  DossierDetail,
  DossierSummary,
  ErrorBody,
} from './contracts.js';
import type { AuditPage, QueuePage, Workspace } from './contracts/review.js';
import {
  contentOf,
  documentRoutes,
  dossierRoutes,
  pageRoutes,
  withModes,
  type ModesFixture,
} from './testing/access.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';

let h: Harness;
let operator: TestLogin;
let reviewer: TestLogin;
/** Dossier 01 with documents 01, 02 and 03, and a page in no document */
let open: ModesFixture;
/** Dossier 03 in review: a document without a mode of its own and one marked 01 */
let closed: ModesFixture;
/** Dossier 03 rejected back to the operators */
let returned: ModesFixture;

beforeAll(async () => {
  h = await createRunHarness();
  operator = await h.login('operator');
  reviewer = await h.login('reviewer');
  open = await withModes(h, '01', ['01', '02', '03']);
  closed = await withModes(h, '03', [null, '01']);
  returned = await withModes(h, '03', [null]);
  await h.db.dossier.update({
    where: { id: returned.dossierId },
    data: {
      status: 'rejected',
      rejectReason: 'missing_page',
      rejectNote: 'Thiếu trang 2',
      rejectedAt: new Date(),
    },
  });
});

afterAll(async () => {
  await h.close();
});

const get = (path: string, who: TestLogin) => h.app.request(path, { headers: who.headers });

async function json<T>(path: string, who: TestLogin): Promise<T> {
  const res = await get(path, who);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** Asks for every path as `who` and expects each to be served (200, or 303 for the IIIF base). */
async function expectServed(paths: readonly string[], who: TestLogin): Promise<void> {
  for (const path of paths) {
    const res = await get(path, who);
    expect({ path, status: res.status }).toEqual({
      path,
      status: path.match(/^\/iiif\/3\/[^/]+$/) ? 303 : 200,
    });
  }
}

/** Asks for every path as `who` and expects 403 `access.forbidden` each time; the bodies. */
async function expectRefused(paths: readonly string[], who: TestLogin): Promise<ErrorBody[]> {
  const bodies: ErrorBody[] = [];
  for (const path of paths) {
    const res = await get(path, who);
    const body = (await res.json()) as ErrorBody;
    expect({ path, status: res.status, code: body.code }).toEqual({
      path,
      status: 403,
      code: 'access.forbidden',
    });
    bodies.push(body);
  }
  return bodies;
}

/** Pages through `path` (a list with `code` items and `nextCursor`) until `code` is found. */
async function findIn<T extends { code: string }>(
  path: string,
  code: string,
  who: TestLogin,
): Promise<T> {
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await json(
      `${path}${sep}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      who,
    );
    const hit = page.items.find((i) => i.code === code);
    if (hit !== undefined) return hit;
    cursor = page.nextCursor;
  } while (cursor !== null);
  throw new Error(`${code} is not in ${path}`);
}

describe('an operator', () => {
  it('reads a public and a conditional draft, and a page in no document, by every route', async () => {
    await expectServed([...documentRoutes(open, 0), ...documentRoutes(open, 1)], operator);
    await expectServed([...pageRoutes(open.loosePageId), ...dossierRoutes(open)], operator);
    const doc = await json<DocumentDetail>(`/api/documents/${open.docIds[1]}`, operator);
    expect(doc).toMatchObject({ subject: contentOf(open.code, 2), restricted: false });
  });

  it('is refused a secret draft by every route, naming the record and its access mode', async () => {
    const bodies = await expectRefused(documentRoutes(open, 2), operator);
    expect(bodies[0]?.message).toContain(`Tài liệu số 3 của hồ sơ ${open.code}`);
    expect(bodies[0]?.message).toContain('mức độ tiếp cận «Mật» (03)');
    expect(bodies[0]?.message).toContain('vai trò nhân viên quét không được xem');
    expect(bodies[0]?.message).toContain('has access mode "Secret" (03)');
    expect(bodies[0]?.hint).toContain('người duyệt, quản lý, quản trị viên');
    expect(bodies[4]?.message).toContain(`Trang ${open.pageIds[2]} (tài liệu số 3`);
    for (const b of bodies) expect(JSON.stringify(b)).not.toContain(contentOf(open.code, 3));
  });

  it('is refused every draft of a secret dossier, whatever the document’s own mode', async () => {
    await expectRefused(
      [
        ...documentRoutes(closed, 0),
        ...documentRoutes(closed, 1),
        ...pageRoutes(closed.loosePageId),
        ...dossierRoutes(closed),
      ],
      operator,
    );
    const [dossier] = await expectRefused([`/api/dossiers/${closed.code}`], operator);
    expect(dossier?.message).toContain(`Hồ sơ ${closed.code} có mức độ tiếp cận «Mật»`);
  });
});

describe('a reviewer', () => {
  it('reads every draft of every mode by every route', async () => {
    await expectServed(
      [
        ...[0, 1, 2].flatMap((i) => documentRoutes(open, i)),
        ...[0, 1].flatMap((i) => documentRoutes(closed, i)),
        ...pageRoutes(closed.loosePageId),
        ...dossierRoutes(open),
        ...dossierRoutes(closed),
      ],
      reviewer,
    );
    const doc = await json<DocumentDetail>(`/api/documents/${closed.docIds[0]}`, reviewer);
    expect(doc).toMatchObject({ subject: contentOf(closed.code, 1), restricted: false });
  });
});

describe('lists', () => {
  it('keep a secret document for an operator with its number, status and mode only', async () => {
    const list = await json<DocumentPage>(
      `/api/documents?dossierCode=${encodeURIComponent(open.code)}`,
      operator,
    );
    expect(list.items.map((d) => [d.seq, d.restricted, d.subject, d.pdfName])).toEqual([
      [1, false, contentOf(open.code, 1), `${open.code}.1.pdf`],
      [2, false, contentOf(open.code, 2), `${open.code}.2.pdf`],
      [3, true, null, null],
    ]);
    expect(list.items[2]).toMatchObject({
      status: 'draft',
      pageCount: 1,
      typeCode: null,
      codeNumber: null,
      organName: null,
      accessModeCode: '03',
      dossierAccessModeCode: '01',
    });
    const detail = await json<DossierDetail>(`/api/dossiers/${open.code}`, operator);
    expect(detail.documents.map((d) => d.restricted)).toEqual([false, false, true]);
    expect(detail.title).toBe(`Hồ sơ kế hoạch ${open.code}`);
    // The dossier's draft is drawn from its documents' text: left out with one of them hidden.
    expect(detail.draft).toBeNull();
    const full = await json<DossierDetail>(`/api/dossiers/${open.code}`, reviewer);
    expect(full.draft?.title.value).toContain(contentOf(open.code, 1));
    expect(full.documents.every((d) => !d.restricted)).toBe(true);
  });

  it('keep a secret dossier for an operator: code, status, counts and reject reason', async () => {
    type Item = DossierSummary;
    const back = await findIn<Item>('/api/dossiers?status=rejected', returned.code, operator);
    expect(back).toMatchObject({
      title: null,
      restricted: true,
      accessModeCode: '03',
      status: 'rejected',
      rejectReason: 'missing_page',
      rejectNote: 'Thiếu trang 2',
      documentCount: 1,
    });
    const all = await findIn<Item>('/api/dossiers', closed.code, operator);
    expect(all).toMatchObject({ title: null, restricted: true, status: 'in_review' });
    const seen = await findIn<Item>('/api/dossiers', closed.code, reviewer);
    expect(seen).toMatchObject({ title: `Hồ sơ kế hoạch ${closed.code}`, restricted: false });

    const queued = await findIn<QueuePage['items'][number]>(
      '/api/review/queue',
      closed.code,
      operator,
    );
    expect(queued).toMatchObject({ title: null, restricted: true, documentCount: 2 });
    const forReviewer = await findIn<QueuePage['items'][number]>(
      '/api/review/queue',
      closed.code,
      reviewer,
    );
    expect(forReviewer.title).toBe(`Hồ sơ kế hoạch ${closed.code}`);
  });
});

describe('the workspace and its history', () => {
  it('blank a secret document and its pages for an operator, not for a reviewer', async () => {
    const ws = await json<Workspace>(`/api/dossiers/${open.code}/workspace`, reviewer);
    const edit = await h.app.request(`/api/documents/${open.docIds[2]}`, {
      method: 'PATCH',
      headers: { ...reviewer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: ws.dossier.version,
        fields: { subject: `${contentOf(open.code, 3)} (đã sửa)` },
      }),
    });
    expect(edit.status).toBe(200);

    const seen = await json<Workspace>(`/api/dossiers/${open.code}/workspace`, operator);
    const [, second, secret] = seen.documents;
    expect(second).toMatchObject({ restricted: false, fields: { accessModeCode: '02' } });
    expect(second?.fields.subject).toBe(contentOf(open.code, 2));
    expect(secret).toMatchObject({
      restricted: true,
      draft: null,
      pdfName: null,
      hasPdf: true,
      pageIds: [open.pageIds[2]],
      fields: { subject: null, codeNumber: null, organName: null, accessModeCode: '03' },
    });
    expect(seen.pages.map((p) => p.restricted)).toEqual([false, false, true, false]);
    expect(seen.dossier.draft).toBeNull();
    expect(JSON.stringify(seen)).not.toContain(contentOf(open.code, 3));

    const full = await json<Workspace>(`/api/dossiers/${open.code}/workspace`, reviewer);
    expect(full.documents.map((d) => d.restricted)).toEqual([false, false, false]);
    expect(full.documents[2]?.fields.subject).toBe(`${contentOf(open.code, 3)} (đã sửa)`);

    const history = await json<AuditPage>(`/api/dossiers/${open.code}/audit`, operator);
    const update = history.items.find((e) => e.action === 'document.update');
    expect(update).toMatchObject({
      entityId: open.docIds[2],
      restricted: true,
      before: null,
      after: null,
    });
    expect(update?.actor?.name).toBe(reviewer.user.displayName);
    expect(JSON.stringify(history)).not.toContain(contentOf(open.code, 3));
    const all = await json<AuditPage>(`/api/dossiers/${open.code}/audit`, reviewer);
    expect(all.items.find((e) => e.action === 'document.update')).toMatchObject({
      restricted: false,
      after: { subject: `${contentOf(open.code, 3)} (đã sửa)` },
    });
  });
});
