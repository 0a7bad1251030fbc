import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, UploadResult } from './contracts.js';
import type {
  AuditPage,
  FieldErrorBody,
  VersionConflictBody,
  Workspace,
} from './contracts/review.js';
import { multiPageTiff } from './testing/files.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';
import { putUpload } from './testing/scenario.js';
import {
  dossierUrl,
  inReview as inReviewIn,
  reviewClient,
  type InReviewOptions,
} from './testing/review.js';

let h: Harness;
let reviewer: TestLogin;
let other: TestLogin;
let operator: TestLogin;
const { call, workspace, auditOf } = reviewClient(
  () => h,
  () => reviewer,
);
const inReview = (o?: InReviewOptions) => inReviewIn(h, o);
const url = dossierUrl;

beforeAll(async () => {
  h = await createRunHarness();
  reviewer = await h.login('reviewer', { displayName: 'Nguyễn Thị Duyệt' });
  other = await h.login('reviewer', { displayName: 'Trần Văn Khác' });
  operator = await h.login('operator');
});

afterAll(async () => {
  await h.close();
});

describe('GET /api/dossiers/{code}/workspace', () => {
  it('answers the dossier, its documents with their pages and every page in scan order', async () => {
    const f = await inReview({ docs: [[0, 1], [2]] });
    await h.db.page.update({ where: { id: f.pageIds[3] ?? '' }, data: { reviewBlank: false } });
    const ws = await workspace(f);
    expect(ws.dossier).toMatchObject({ code: f.code, status: 'in_review', version: 1 });
    expect(ws.documents.map((d) => [d.id, d.seq, d.pageIds, d.fields.pageCount])).toEqual([
      [f.docIds[0], 1, [f.pageIds[0], f.pageIds[1]], 2],
      [f.docIds[1], 2, [f.pageIds[2]], 1],
    ]);
    expect(ws.documents[0]?.draft?.['organ']?.confidence).toBe(0.5);
    expect(ws.pages.map((p) => [p.id, p.index, p.documentId])).toEqual([
      [f.pageIds[0], 0, f.docIds[0]],
      [f.pageIds[1], 1, f.docIds[0]],
      [f.pageIds[2], 2, f.docIds[1]],
      [f.pageIds[3], 3, null],
    ]);
    // The reviewer's mark wins over the pipeline's finding.
    expect(ws.pages[3]?.isBlank).toBe(false);
    expect(ws).toMatchObject({ lowConfidence: 0.6, twoPersonRule: false });
    expect(ws.pages.every((p) => p.identicalToPageId === null)).toBe(true);
  });

  it('points the pages of a byte-identical second upload at the pages they repeat', async () => {
    const f = await inReview();
    // The fixture's file again, at the next seq: a double copy, kept and flagged.
    const res = await putUpload(h, f.batchId, 1, multiPageTiff(4, 24, 16), { type: 'image/tiff' });
    expect(res.status).toBe(201);
    const copy = (await res.json()) as UploadResult;
    const ws = await workspace(f);
    expect(ws.pages.map((p) => [p.id, p.identicalToPageId])).toEqual([
      ...f.pageIds.map((id) => [id, null]),
      ...copy.pageIds.map((id, i) => [id, f.pageIds[i]]),
    ]);
  });

  it('needs a session, and answers 404 for an unknown dossier', async () => {
    const f = await inReview();
    expect((await h.app.request(url(f, '/workspace'))).status).toBe(401);
    const res = await call('/api/dossiers/KHONG-CO-HS/workspace');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).code).toBe('dossier.not_found');
  });
});

describe('PATCH /api/documents/{id}', () => {
  it('stores the changed fields, bumps the dossier version and audits exactly what changed', async () => {
    const f = await inReview();
    const res = await call(`/api/documents/${f.docIds[0]}`, {
      method: 'PATCH',
      body: {
        version: 1,
        fields: { codeNumber: '146', subject: 'Kế hoạch số 1', issuedDate: '2019-02', place: ' ' },
      },
    });
    expect(res.status).toBe(200);
    const ws = (await res.json()) as Workspace;
    expect(ws.dossier.version).toBe(2);
    expect(ws.dossier.lastEditor).toEqual({
      id: reviewer.user.id,
      displayName: 'Nguyễn Thị Duyệt',
    });
    expect(ws.documents[0]?.fields).toMatchObject({
      codeNumber: '146',
      issuedDate: '2019-02',
      place: null,
    });
    const events = await auditOf(f);
    expect(events[0]).toMatchObject({
      action: 'document.update',
      entityId: f.docIds[0],
      actor: { type: 'user', id: reviewer.user.id, name: 'Nguyễn Thị Duyệt' },
      // subject was sent unchanged and place was already empty: neither is in the event.
      before: { codeNumber: '100', issuedDate: null },
      after: { codeNumber: '146', issuedDate: '2019-02' },
    });

    // The same values again change nothing.
    const again = await call(`/api/documents/${f.docIds[0]}`, {
      method: 'PATCH',
      body: { version: 2, fields: { codeNumber: '146' } },
    });
    expect(((await again.json()) as Workspace).dossier.version).toBe(2);
  });

  it('refuses invalid values with a Vietnamese message per field', async () => {
    const f = await inReview();
    const res = await call(`/api/documents/${f.docIds[0]}`, {
      method: 'PATCH',
      body: {
        version: 1,
        fields: {
          typeCode: '99',
          issuedDate: '2019-02-30',
          codeNumber: '123456789012',
          languageCodes: [],
          pageCount: 3,
        },
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as FieldErrorBody;
    expect(body.code).toBe('request.invalid');
    expect(Object.keys(body.fields).sort()).toEqual(
      ['codeNumber', 'issuedDate', 'languageCodes', 'pageCount', 'typeCode'].sort(),
    );
    expect(body.fields['typeCode']).toMatch(/^Tên loại tài liệu: mã "99" không có trong danh mục/);
    expect(body.fields['issuedDate']).toMatch(
      /^Ngày tháng năm tài liệu "2019-02-30" không phải ngày có thật/,
    );
    expect(body.fields['codeNumber']).toMatch(/^Số của tài liệu dài quá 11 ký tự/);
    expect(body.fields['languageCodes']).toContain('chọn ít nhất một mã');
    expect((await workspace(f)).dossier.version).toBe(1);
  });

  it('answers 409 with the current version and who changed it for a stale version', async () => {
    const f = await inReview();
    const first = await call(`/api/documents/${f.docIds[1]}`, {
      method: 'PATCH',
      as: other,
      body: { version: 1, fields: { organName: 'UBND tỉnh Hưng Yên' } },
    });
    expect(first.status).toBe(200);
    const res = await call(`/api/documents/${f.docIds[0]}`, {
      method: 'PATCH',
      body: { version: 1, fields: { codeNumber: '7' } },
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as VersionConflictBody;
    expect(body).toMatchObject({ code: 'dossier.version_conflict', currentVersion: 2 });
    expect(body.message).toMatch(/^Hồ sơ .* vừa được Trần Văn Khác thay đổi/);
    expect((await workspace(f)).documents[0]?.fields.codeNumber).toBe('100');
  });

  it('lets exactly one of two writes made at once from the same version through', async () => {
    const f = await inReview();
    const statuses = await Promise.all(
      [reviewer, other].map(async (as, i) => {
        const res = await call(`/api/documents/${f.docIds[i]}`, {
          method: 'PATCH',
          as,
          body: { version: 1, fields: { codeNumber: `${i + 50}` } },
        });
        return res.status;
      }),
    );
    expect(statuses.sort()).toEqual([200, 409]);
    expect((await workspace(f)).dossier.version).toBe(2);
  });

  it('lets only reviewers and admins write, with the CSRF token', async () => {
    const f = await inReview();
    const path = `/api/documents/${f.docIds[0]}`;
    const body = { version: 1, fields: { codeNumber: '7' } };
    const denied = await call(path, { method: 'PATCH', as: operator, body });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as ErrorBody).code).toBe('auth.forbidden');
    const noCsrf = await h.app.request(path, {
      method: 'PATCH',
      headers: { cookie: reviewer.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as ErrorBody).code).toBe('auth.csrf');
    const admin = await h.login('admin');
    expect((await call(path, { method: 'PATCH', as: admin, body })).status).toBe(200);
  });
});

describe('PATCH /api/dossiers/{code}', () => {
  it('stores the dossier fields and refuses an end date before the start date', async () => {
    const f = await inReview();
    const ok = await call(url(f), {
      method: 'PATCH',
      body: {
        version: 1,
        fields: {
          title: 'Tập lưu kế hoạch năm 2019',
          startDate: '2019',
          endDate: '2019-12-31',
          sheetCount: 3,
        },
      },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Workspace).dossier).toMatchObject({
      version: 2,
      title: 'Tập lưu kế hoạch năm 2019',
      startDate: '2019',
      endDate: '2019-12-31',
      sheetCount: 3,
    });
    const bad = await call(url(f), {
      method: 'PATCH',
      body: { version: 2, fields: { endDate: '2018-05' } },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as FieldErrorBody).fields['endDate']).toMatch(
      /^Thời gian kết thúc \(2018-05\) trước thời gian bắt đầu \(2019\)/,
    );
    const required = await call(url(f), {
      method: 'PATCH',
      body: { version: 2, fields: { maintenanceCode: null, nope: 1 } },
    });
    expect(((await required.json()) as FieldErrorBody).fields).toEqual({
      maintenanceCode: 'Thời hạn lưu trữ là bắt buộc / Retention is required',
      nope: 'Trường "nope" không có hoặc không sửa được / Field "nope" does not exist or cannot be edited',
    });
  });
});

describe('PUT /api/dossiers/{code}/structure', () => {
  it('splits, merges, reorders and excludes in one call, keeping deleted fields in the audit', async () => {
    const f = await inReview({ pages: 4, docs: [[0, 1], [2], [3]] });
    const [p0, p1, p2, p3] = f.pageIds;
    const [d0, d1, d2] = f.docIds;
    // Page 1 becomes a new document first, page 0 joins document 2 after page 2, page 3 is left
    // out, so document 3 goes.
    const res = await call(url(f, '/structure'), {
      method: 'PUT',
      body: {
        version: 1,
        documents: [
          { id: null, pageIds: [p1] },
          { id: d1, pageIds: [p2, p0] },
        ],
        pages: [{ id: p3, blank: true, reviewRotation: 90 }],
      },
    });
    expect(res.status).toBe(200);
    const ws = (await res.json()) as Workspace;
    expect(ws.dossier).toMatchObject({ version: 2, totalDocs: 2, pageCount: 3 });
    const [created, moved] = ws.documents;
    expect(ws.documents.map((d) => [d.seq, d.pageIds, d.fields.pageCount])).toEqual([
      [1, [p1], 1],
      [2, [p2, p0], 2],
    ]);
    expect(moved?.id).toBe(d1);
    expect(created?.id).not.toBe(d0);
    expect(created?.hasPdf).toBe(false);
    expect(ws.pages.find((p) => p.id === p3)).toMatchObject({
      documentId: null,
      isBlank: true,
      reviewRotation: 90,
    });
    expect(await h.db.document.count({ where: { id: { in: [d0 ?? '', d2 ?? ''] } } })).toBe(0);

    const events = await auditOf(f);
    const deleted = events.find((e) => e.action === 'document.delete' && e.entityId === d0);
    expect(deleted?.before).toMatchObject({
      seq: 1,
      pageIds: [p0, p1],
      fields: { codeNumber: '100', subject: 'Kế hoạch số 1' },
    });
    expect(events.find((e) => e.action === 'dossier.structure')?.after).toMatchObject({
      documents: [
        { id: created?.id, seq: 1, pageIds: [p1] },
        { id: d1, seq: 2, pageIds: [p2, p0] },
      ],
    });
    expect(events.find((e) => e.action === 'page.review')).toMatchObject({
      entityId: p3,
      before: { reviewRotation: 0, reviewBlank: null },
      after: { reviewRotation: 90, reviewBlank: true },
    });
  });

  it('refuses pages of another dossier, a page twice and a foreign document', async () => {
    const f = await inReview();
    const g = await inReview();
    const put = (documents: { id: string | null; pageIds: string[] }[]) =>
      call(url(f, '/structure'), { method: 'PUT', body: { version: 1, documents } });
    const foreign = await put([{ id: null, pageIds: [g.pageIds[0] ?? ''] }]);
    expect(foreign.status).toBe(400);
    const body = (await foreign.json()) as ErrorBody;
    expect(body.code).toBe('structure.invalid');
    expect(body.message).toMatch(/^Trang .* không thuộc hồ sơ/);
    const twice = await put([
      { id: f.docIds[0] ?? '', pageIds: [f.pageIds[0] ?? ''] },
      { id: null, pageIds: [f.pageIds[0] ?? ''] },
    ]);
    expect(((await twice.json()) as ErrorBody).message).toMatch(/nằm trong hai tài liệu/);
    const otherDoc = await put([{ id: g.docIds[0] ?? '', pageIds: [f.pageIds[0] ?? ''] }]);
    expect(otherDoc.status).toBe(400);
    const empty = await put([{ id: null, pageIds: [] }]);
    expect(empty.status).toBe(400);
    expect((await workspace(f)).dossier.version).toBe(1);
  });
});

describe('GET /api/dossiers/{code}/audit', () => {
  it('pages through the dossier history newest first', async () => {
    const f = await inReview();
    for (const [version, codeNumber] of [
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ] as const) {
      const res = await call(`/api/documents/${f.docIds[0]}`, {
        method: 'PATCH',
        body: { version, fields: { codeNumber } },
      });
      expect(res.status).toBe(200);
    }
    const first = (await (await call(url(f, '/audit?limit=2'))).json()) as AuditPage;
    expect(first.items.map((e) => (e.after as { codeNumber: string }).codeNumber)).toEqual([
      '3',
      '2',
    ]);
    const rest = (await (
      await call(url(f, `/audit?limit=200&cursor=${first.nextCursor ?? ''}`))
    ).json()) as AuditPage;
    expect(rest.items[0]?.after).toEqual({ codeNumber: '1' });
    // The batch's and the dossier's own events from the scan are there too.
    expect(rest.items.map((e) => e.entityType)).toContain('scan_batch');
    expect(rest.nextCursor).toBeNull();
  });
});
