import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierSummary, ErrorBody } from './contracts.js';
import type { Presence, QueuePage, Workspace } from './contracts/review.js';
import { heartbeat } from './services/review/presence.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';
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
const { call } = reviewClient(
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

describe('decisions', () => {
  it('approves: documents approved, approvedVersion set, dossier.finalize enqueued', async () => {
    const f = await inReview();
    const res = await call(url(f, '/approve'), { method: 'POST', body: { version: 1 } });
    expect(res.status).toBe(202);
    const ws = (await res.json()) as Workspace;
    expect(ws.dossier).toMatchObject({
      status: 'approved',
      version: 2,
      approvedBy: { id: reviewer.user.id, displayName: 'Nguyễn Thị Duyệt' },
    });
    expect(ws.documents.every((d) => d.status === 'approved')).toBe(true);
    const row = await h.db.dossier.findUniqueOrThrow({ where: { id: f.dossierId } });
    expect(row.approvedVersion).toBe(2);
    const job = await h.queues.dossierFinalize.getJob(`${f.dossierId}.2`);
    expect(job?.data).toEqual({ dossierId: f.dossierId, version: 2 });

    const again = await call(url(f, '/approve'), { method: 'POST', body: { version: 2 } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).code).toBe('review.not_in_review');
    const operatorTry = await call(url(f, '/approve'), {
      method: 'POST',
      as: operator,
      body: { version: 2 },
    });
    expect(operatorTry.status).toBe(403);
  });

  it('refuses to approve while required TT 05 fields are empty, naming them', async () => {
    const f = await inReview({ prefix: 'INC' });
    await h.db.dossier.update({ where: { id: f.dossierId }, data: { title: null } });
    await h.db.document.update({ where: { id: f.docIds[1] }, data: { typeCode: null } });
    const res = await call(url(f, '/approve'), { method: 'POST', body: { version: 1 } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('review.incomplete');
    expect(body.message).toContain('Hồ sơ: Tiêu đề hồ sơ; Tài liệu 2: Tên loại tài liệu /');
    expect(body.message).toContain('Dossier: Title; Document 2: Document type');
    const row = await h.db.dossier.findUniqueOrThrow({ where: { id: f.dossierId } });
    expect(row).toMatchObject({ status: 'in_review', version: 1, approvedVersion: null });
    expect(await h.queues.dossierFinalize.getJob(`${f.dossierId}.2`)).toBeUndefined();
  });

  it('keeps the last editor from approving under the two-person rule', async () => {
    const app = h.withEnv({ REVIEW_TWO_PERSON: 'true' });
    const f = await inReview();
    const edit = await call(`/api/documents/${f.docIds[0]}`, {
      app,
      method: 'PATCH',
      body: { version: 1, fields: { codeNumber: '9' } },
    });
    expect(((await edit.json()) as Workspace).twoPersonRule).toBe(true);
    const mine = await call(url(f, '/approve'), { app, method: 'POST', body: { version: 2 } });
    expect(mine.status).toBe(409);
    const body = (await mine.json()) as ErrorBody;
    expect(body.code).toBe('review.two_person');
    expect(body.message).toMatch(/quy tắc hai người/);
    const theirs = await call(url(f, '/approve'), {
      app,
      as: other,
      method: 'POST',
      body: { version: 2 },
    });
    expect(theirs.status).toBe(202);
  });

  it('rejects with a reason that operators find under status=rejected', async () => {
    const f = await inReview({ prefix: 'RJ' });
    const noNote = await call(url(f, '/reject'), {
      method: 'POST',
      body: { version: 1, reason: 'other' },
    });
    expect(noNote.status).toBe(400);
    const res = await call(url(f, '/reject'), {
      method: 'POST',
      body: { version: 1, reason: 'missing_page', note: 'Thiếu trang 3' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Workspace).dossier).toMatchObject({
      status: 'rejected',
      rejectReason: 'missing_page',
      rejectNote: 'Thiếu trang 3',
    });
    const list = await call('/api/dossiers?status=rejected&limit=200', { as: operator });
    const page = (await list.json()) as { items: DossierSummary[] };
    expect(page.items.every((d) => d.status === 'rejected')).toBe(true);
    expect(page.items.find((d) => d.code === f.code)).toMatchObject({
      rejectReason: 'missing_page',
      rejectNote: 'Thiếu trang 3',
    });
  });

  it('returns to another reviewer, who finds it with mine=1', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const f = await inReview({ inReviewAt: at });
    const self = await call(url(f, '/return'), {
      method: 'POST',
      body: { version: 1, toUserId: reviewer.user.id, message: 'Xem giúp' },
    });
    expect(((await self.json()) as ErrorBody).code).toBe('review.return_to_self');
    const toOperator = await call(url(f, '/return'), {
      method: 'POST',
      body: { version: 1, toUserId: operator.user.id, message: 'Xem giúp' },
    });
    expect(toOperator.status).toBe(422);
    const res = await call(url(f, '/return'), {
      method: 'POST',
      body: { version: 1, toUserId: other.user.id, message: 'Kiểm tra giúp ngày ban hành' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Workspace).dossier).toMatchObject({
      status: 'in_review',
      assignedTo: { id: other.user.id, displayName: 'Trần Văn Khác' },
      reviewMessage: 'Kiểm tra giúp ngày ban hành',
    });
    const q = (await (
      await call('/api/review/queue?mine=1&limit=200', { as: other })
    ).json()) as QueuePage;
    expect(q.items.map((i) => i.code)).toContain(f.code);
    expect(q.items.every((i) => i.assignedTo?.id === other.user.id)).toBe(true);
    expect(q.items.find((i) => i.code === f.code)?.inReviewAt).toBe(at.toISOString());
    const mineForMe = (await (
      await call('/api/review/queue?mine=1&limit=200')
    ).json()) as QueuePage;
    expect(mineForMe.items.map((i) => i.code)).not.toContain(f.code);
  });
});

describe('GET /api/review/queue', () => {
  it('orders high-use first, then the longest waiting, with its confidences, page by page', async () => {
    const base = Date.UTC(2020, 0, 1);
    const late = await inReview({ inReviewAt: new Date(base + 2000) });
    const early = await inReview({ inReviewAt: new Date(base + 1000) });
    const hot = await inReview({ inReviewAt: new Date(base + 3000), highUse: true });
    const seen: QueuePage['items'] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await call(`/api/review/queue?limit=2${q}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as QueuePage;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    const mine = seen.filter((i) => [late, early, hot].some((f) => f.code === i.code));
    expect(mine.map((i) => i.code)).toEqual([hot.code, early.code, late.code]);
    // All high-use dossiers come before the others, and the rest are oldest first.
    const firstNormal = seen.findIndex((i) => !i.highUse);
    expect(seen.slice(firstNormal).every((i) => !i.highUse)).toBe(true);
    expect(mine[1]).toMatchObject({
      documentCount: 3,
      pageCount: 4,
      // pages 80, 81, 82, 83
      ocrConfidence: 81.5,
      // each document: number 0.9 and organ 0.5 (the date has no value): mean 0.7
      draftConfidence: expect.closeTo(0.7, 6) as number,
      lowConfidenceFields: 3,
      assignedTo: null,
      openBy: [],
    });
  });

  it('shows who has a dossier open', async () => {
    const f = await inReview({ inReviewAt: new Date(Date.UTC(2019, 0, 1)), highUse: true });
    const res = await call(url(f, '/presence'), { method: 'PUT', as: other });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Presence).others).toEqual([]);
    const q = (await (await call('/api/review/queue?limit=200')).json()) as QueuePage;
    expect(q.items.find((i) => i.code === f.code)?.openBy).toEqual([
      { id: other.user.id, displayName: 'Trần Văn Khác' },
    ]);
  });
});

describe('presence', () => {
  it('shows the others, drops those gone quiet for 45 s, and forgets one who left', async () => {
    const f = await inReview();
    expect((await call(url(f, '/presence'), { method: 'PUT' })).status).toBe(200);
    const seen = (await (
      await call(url(f, '/presence'), { method: 'PUT', as: other })
    ).json()) as Presence;
    expect(seen.others).toEqual([
      {
        id: reviewer.user.id,
        displayName: 'Nguyễn Thị Duyệt',
        since: expect.any(String) as string,
      },
    ]);
    const me = {
      kind: 'user' as const,
      id: other.user.id,
      name: other.user.displayName,
      username: other.user.username,
      role: 'reviewer' as const,
      sessionId: randomUUID(),
    };
    const later = await heartbeat(h.deps, f.dossierId, me, Date.now() + 46_000);
    expect(later.others).toEqual([]);
    expect((await call(url(f, '/presence'), { method: 'PUT' })).status).toBe(200);
    const gone = await call(url(f, '/presence'), { method: 'DELETE', as: other });
    expect(gone.status).toBe(204);
    const alone = (await (await call(url(f, '/presence'), { method: 'PUT' })).json()) as Presence;
    expect(alone.others).toEqual([]);
  });
});
