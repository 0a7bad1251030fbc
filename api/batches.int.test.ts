import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Batch,
  BatchDetail,
  ErrorBody,
  UploadResult,
  ValidationErrorBody,
} from './contracts.js';
import { grayPng, multiPageTiff } from './testing/files.js';
import { contentDigest, createRunHarness, type Harness } from './testing/harness.js';
import { createWorkstation } from './services/workstations.js';

let h: Harness;

beforeAll(async () => {
  h = await createRunHarness({
    DEFAULT_FONDS_CODE: `F${randomUUID().slice(0, 8)}`,
    ARCHIVE_CODE: 'H29',
  });
});

afterAll(async () => {
  await h.close();
});

async function post(path: string, body?: unknown, headers: Record<string, string> = h.auth) {
  return h.app.request(path, {
    method: 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function open(dossierCode: string, extra: Record<string, unknown> = {}): Promise<Batch> {
  const res = await post('/api/batches', { dossierCode, ...extra });
  expect(res.status).toBe(201);
  return (await res.json()) as Batch;
}

async function upload(batchId: string, seq: number, bytes: Buffer, type = 'image/png') {
  const res = await h.app.request(`/api/batches/${batchId}/uploads/${seq}`, {
    method: 'PUT',
    headers: { ...h.auth, 'content-type': type, 'content-digest': contentDigest(bytes) },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as UploadResult;
}

const code = () => `HS.${randomUUID().slice(0, 8)}`;

describe('POST /api/batches', () => {
  it('creates the dossier under the default fonds, made on first use, and audits it', async () => {
    const c = code();
    const batch = await open(`  ${c}  `, { title: 'Hồ sơ kế hoạch năm 2021', expectedPages: 12 });
    expect(batch).toMatchObject({
      dossierCode: c,
      status: 'open',
      expectedPages: 12,
      closedAt: null,
    });
    expect(batch.workstationId).toBe(h.workstationId);
    const dossier = await h.db.dossier.findUniqueOrThrow({
      where: { code: c },
      include: { fonds: true },
    });
    expect(dossier).toMatchObject({
      status: 'scanning',
      title: 'Hồ sơ kế hoạch năm 2021',
      expectedPages: 12,
    });
    expect(dossier.fonds).toMatchObject({
      code: h.config.archive.defaultFondsCode,
      archiveCode: 'H29',
    });
    const actions = await h.db.auditEvent.findMany({
      where: { entityId: { in: [batch.id, dossier.id] } },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(['dossier.create', 'batch.open']);
    expect(actions.every((a) => a.actorId === h.workstationId && a.requestId !== null)).toBe(true);
  });

  it('reuses an existing dossier and puts it back to scanning', async () => {
    const c = code();
    const first = await open(c);
    await post(`/api/batches/${first.id}/close`);
    expect((await h.db.dossier.findUniqueOrThrow({ where: { code: c } })).status).toBe(
      'processing',
    );
    const second = await open(c);
    expect(second.dossierId).toBe(first.dossierId);
    expect((await h.db.dossier.findUniqueOrThrow({ where: { code: c } })).status).toBe('scanning');
    expect(await h.db.fonds.count({ where: { code: h.config.archive.defaultFondsCode } })).toBe(1);
  });

  it('opens many first batches of one new dossier at once without a duplicate', async () => {
    const c = code();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => post('/api/batches', { dossierCode: c })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await h.db.dossier.count({ where: { code: c } })).toBe(1);
  });

  it('keeps who scanned the batch, and names the field of a bad operator name', async () => {
    const batch = await open(code(), { operator: '  Nguyễn Văn An ' });
    expect(batch.operator).toBe('Nguyễn Văn An');
    const row = await h.db.scanBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(row.operatorName).toBe('Nguyễn Văn An');
    expect((await open(code())).operator).toBeNull();
    for (const bad of ['  ', 'x'.repeat(101)]) {
      const res = await post('/api/batches', { dossierCode: code(), operator: bad });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ValidationErrorBody;
      expect([...new Set(body.issues.map((i) => i.path))]).toEqual(['json.operator']);
    }
  });

  it('names the field of an invalid dossier code', async () => {
    for (const bad of ['', '   ', 'A/B', 'A\u0007B', 'x'.repeat(101)]) {
      const res = await post('/api/batches', { dossierCode: bad });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ValidationErrorBody;
      expect(body.code).toBe('request.invalid');
      expect([...new Set(body.issues.map((i) => i.path))]).toEqual(['json.dossierCode']);
    }
  });

  it('refuses an unknown fonds and a token that is missing', async () => {
    const res = await post('/api/batches', { dossierCode: code(), fondsCode: 'NOPE99' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).code).toBe('fonds.not_found');
    const anon = await post('/api/batches', { dossierCode: code() }, {});
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('POST /api/batches with an Idempotency-Key', () => {
  const keyed = (key: string, headers: Record<string, string> = h.auth) => ({
    ...headers,
    'idempotency-key': key,
  });
  const batchesOf = (dossierCode: string) =>
    h.db.scanBatch.findMany({ where: { dossier: { code: dossierCode } } });

  it('answers a repeat with the same batch (200) and opens no second one', async () => {
    const c = code();
    const key = randomUUID();
    const first = await post('/api/batches', { dossierCode: c, expectedPages: 4 }, keyed(key));
    expect(first.status).toBe(201);
    const opened = (await first.json()) as Batch;
    // Retried after a lost reply; the body normalises to the same request.
    const again = await post(
      '/api/batches',
      { dossierCode: ` ${c}`, expectedPages: 4 },
      keyed(key),
    );
    expect(again.status).toBe(200);
    expect((await again.json()) as Batch).toEqual(opened);
    expect((await batchesOf(c)).map((b) => b.id)).toEqual([opened.id]);
    const audits = await h.db.auditEvent.count({
      where: { entityId: opened.id, action: 'batch.open' },
    });
    expect(audits).toBe(1);
  });

  it('opens one batch when identical requests race, for a new dossier and a scanning one', async () => {
    const fresh = code();
    const scanning = code();
    await open(scanning);
    for (const c of [fresh, scanning]) {
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 6 }, () => post('/api/batches', { dossierCode: c }, keyed(key))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const ids = new Set(
        await Promise.all(results.map(async (r) => ((await r.json()) as Batch).id)),
      );
      expect(ids.size).toBe(1);
      const keyedRows = (await batchesOf(c)).filter((b) => b.idempotencyKey === key);
      expect(keyedRows.map((b) => b.id)).toEqual([...ids]);
    }
  });

  it('refuses the same key with another body (409), naming key and batch, and changes nothing', async () => {
    const c = code();
    const key = randomUUID();
    const first = await post('/api/batches', { dossierCode: c }, keyed(key));
    expect(first.status).toBe(201);
    const opened = (await first.json()) as Batch;
    for (const other of [{ dossierCode: code() }, { dossierCode: c, expectedPages: 9 }]) {
      const res = await post('/api/batches', other, keyed(key));
      expect(res.status).toBe(409);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('batch.idempotency_conflict');
      expect(body.message).toMatch(/^Idempotency-Key ".+" đã được dùng .* \/ Idempotency-Key/);
      expect(body.message).toContain(key);
      expect(body.message).toContain(opened.id);
      expect(body.hint).toMatch(/^Gửi lại .* \/ Resend/);
    }
    expect((await batchesOf(c)).map((b) => b.id)).toEqual([opened.id]);
  });

  it('keeps keys apart per workstation: the same key elsewhere opens its own batch', async () => {
    const c = code();
    const key = randomUUID();
    const ws = await createWorkstation(h.db, `other-${randomUUID()}`);
    const mine = await post('/api/batches', { dossierCode: c }, keyed(key));
    const theirs = await post(
      '/api/batches',
      { dossierCode: c },
      keyed(key, { authorization: `Bearer ${ws.token}` }),
    );
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const [a, b] = [(await mine.json()) as Batch, (await theirs.json()) as Batch];
    expect(a.id).not.toBe(b.id);
    expect([a.workstationId, b.workstationId]).toEqual([h.workstationId, ws.id]);
    // Another key of the same workstation is another batch too.
    const next = await post('/api/batches', { dossierCode: c }, keyed(randomUUID()));
    expect(next.status).toBe(201);
    expect((await batchesOf(c)).length).toBe(3);
  });

  it('refuses a malformed key, naming the header, and documents the header', async () => {
    for (const bad of ['', 'has space', 'x'.repeat(256), 'khóa']) {
      const res = await post('/api/batches', { dossierCode: code() }, keyed(bad));
      expect(res.status).toBe(400);
      const body = (await res.json()) as ValidationErrorBody;
      expect([...new Set(body.issues.map((i) => i.path))]).toEqual(['header.idempotency-key']);
    }
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const params = doc.paths['/api/batches']?.['post']?.parameters ?? [];
    expect(params).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }),
    );
  });
});

describe('POST /api/batches/{id}/close', () => {
  it('closes once and answers the same batch when asked again', async () => {
    const batch = await open(code());
    const first = await post(`/api/batches/${batch.id}/close`, { expectedPages: 3 });
    expect(first.status).toBe(200);
    const closed = (await first.json()) as Batch;
    expect(closed).toMatchObject({ status: 'closed', expectedPages: 3 });
    expect(closed.closedAt).not.toBeNull();
    const again = (await (await post(`/api/batches/${batch.id}/close`)).json()) as Batch;
    expect(again).toEqual(closed);
    const events = await h.db.auditEvent.count({
      where: { entityId: batch.id, action: 'batch.close' },
    });
    expect(events).toBe(1);
  });

  it('enqueues the assembly only when every page is done or failed', async () => {
    const batch = await open(code());
    const up = await upload(batch.id, 0, multiPageTiff(2, 20, 20), 'image/tiff');
    await post(`/api/batches/${batch.id}/close`);
    expect(await h.queues.dossierAssemble.getJob(batch.id)).toBeUndefined();

    await h.db.page.update({ where: { id: up.pageIds[0] }, data: { status: 'done' } });
    await post(`/api/batches/${batch.id}/close`);
    expect(await h.queues.dossierAssemble.getJob(batch.id)).toBeUndefined();

    await h.db.page.update({ where: { id: up.pageIds[1] }, data: { status: 'failed' } });
    await post(`/api/batches/${batch.id}/close`);
    const job = await h.queues.dossierAssemble.getJob(batch.id);
    expect(job?.data).toEqual({ batchId: batch.id });
  });

  it('answers 404 for an unknown batch and 400 for an id that is no uuid', async () => {
    expect((await post(`/api/batches/${randomUUID()}/close`)).status).toBe(404);
    const bad = await post('/api/batches/12/close');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ValidationErrorBody).issues[0]?.path).toBe('param.id');
  });
});

describe('GET /api/batches/{id}', () => {
  it('lists uploads in seq order, pages in scan order and counts them by status', async () => {
    const batch = await open(code());
    const b = await upload(batch.id, 1, grayPng(10, 10, 21));
    const a = await upload(batch.id, 0, multiPageTiff(2, 10, 10), 'image/tiff');
    await h.db.page.update({
      where: { id: b.pageIds[0] },
      data: { status: 'failed', errorCode: 'decode.bad', errorMessage: 'x / y', errorHint: 'h' },
    });
    const res = await h.app.request(`/api/batches/${batch.id}`, { headers: h.auth });
    expect(res.status).toBe(200);
    const detail = (await res.json()) as BatchDetail;
    expect(detail.uploads.map((u) => u.seq)).toEqual([0, 1]);
    expect(detail.pages.map((p) => p.id)).toEqual([...a.pageIds, ...b.pageIds]);
    expect(detail.pages[2]).toMatchObject({
      status: 'failed',
      errorCode: 'decode.bad',
      errorHint: 'h',
    });
    expect(detail.pageCounts).toEqual({ queued: 2, processing: 0, done: 0, failed: 1, total: 3 });
  });
});

describe('workstation tokens', () => {
  it('records when a workstation was last seen, at most once a minute', async () => {
    await h.db.workstation.update({ where: { id: h.workstationId }, data: { lastSeenAt: null } });
    await open(code());
    const first = (await h.db.workstation.findUniqueOrThrow({ where: { id: h.workstationId } }))
      .lastSeenAt;
    expect(first).not.toBeNull();
    await open(code());
    const second = (await h.db.workstation.findUniqueOrThrow({ where: { id: h.workstationId } }))
      .lastSeenAt;
    expect(second).toEqual(first);
    const old = new Date(Date.now() - 61_000);
    await h.db.workstation.update({ where: { id: h.workstationId }, data: { lastSeenAt: old } });
    await open(code());
    const third = (await h.db.workstation.findUniqueOrThrow({ where: { id: h.workstationId } }))
      .lastSeenAt;
    expect(third?.getTime()).toBeGreaterThan(old.getTime());
  });

  it('refuses the token of a disabled workstation', async () => {
    const ws = await createWorkstation(h.db, `off-${randomUUID()}`);
    await h.db.workstation.update({ where: { id: ws.id }, data: { active: false } });
    const res = await post(
      '/api/batches',
      { dossierCode: code() },
      { authorization: `Bearer ${ws.token}` },
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).code).toBe('auth.invalid');
  });
});
