import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchDetail, UploadResult } from './contracts.js';
import { grayPng, multiPageTiff, simplePdf } from './testing/files.js';
import { createRunHarness, sha256Hex, type Harness } from './testing/harness.js';
import { openBatch as openScenarioBatch, putUpload, type PutOptions } from './testing/scenario.js';

let h: Harness;

beforeAll(async () => {
  h = await createRunHarness();
});

afterAll(async () => {
  await h.close();
});

const openBatch = () => openScenarioBatch(h);
const put = (batchId: string, seq: number, bytes: Buffer, o: PutOptions = {}) =>
  putUpload(h, batchId, seq, bytes, o);
const uploadsOf = (batchId: string) => h.db.upload.findMany({ where: { batchId } });

describe('PUT /api/batches/{id}/uploads/{seq}: storing', () => {
  it('stores a page byte for byte, records it with its page and queues one job', async () => {
    const batch = await openBatch();
    const png = grayPng(64, 48, 1);
    const name = encodeURIComponent('Trang số 1.png');
    const res = await put(batch.id, 0, png, { name });
    expect(res.status).toBe(201);
    const body = (await res.json()) as UploadResult;
    expect(body).toMatchObject({
      batchId: batch.id,
      seq: 0,
      sha256: sha256Hex(png),
      bytes: png.length,
      mediaType: 'image/png',
      frameCount: 1,
      created: true,
    });
    expect(body.pageIds).toHaveLength(1);

    const upload = await h.db.upload.findUniqueOrThrow({
      where: { id: body.uploadId },
      include: { pages: true },
    });
    expect(upload.originalName).toBe('Trang số 1.png'.normalize('NFC'));
    expect(upload.workstationId).toBe(h.workstationId);
    expect(upload.pages.map((p) => [p.id, p.frameIndex, p.status])).toEqual([
      [body.pageIds[0], 0, 'queued'],
    ]);
    expect(await readFile(h.blobs.pathOf(body.sha256))).toEqual(png);

    const job = await h.queues.pageProcess.getJob(body.pageIds[0] ?? '');
    expect(job?.data).toEqual({ pageId: body.pageIds[0] });
    const events = await h.db.auditEvent.findMany({ where: { entityId: body.uploadId } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['upload.create', h.workstationId]]);
  });

  it('answers a repeated PUT (same seq, same bytes) with the stored upload and stores nothing twice', async () => {
    const batch = await openBatch();
    const png = grayPng(30, 30, 2);
    const first = (await (await put(batch.id, 0, png)).json()) as UploadResult;
    expect(first.identicalTo).toBeNull();
    for (let i = 0; i < 2; i++) {
      const res = await put(batch.id, 0, png);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ...first, created: false });
    }
    expect(await uploadsOf(batch.id)).toHaveLength(1);
    expect(await h.db.page.count({ where: { batchId: batch.id } })).toBe(1);
  });

  it('keeps the same bytes at another seq as a page of its own, flagged as identical to the first', async () => {
    const batch = await openBatch();
    const blank = grayPng(30, 30, 3);
    const other = grayPng(30, 30, 4);
    const first = (await (await put(batch.id, 0, blank)).json()) as UploadResult;
    expect((await put(batch.id, 1, other)).status).toBe(201);
    const res = await put(batch.id, 2, blank);
    expect(res.status).toBe(201);
    const copy = (await res.json()) as UploadResult;
    expect(copy).toMatchObject({
      seq: 2,
      created: true,
      sha256: first.sha256,
      identicalTo: { uploadId: first.uploadId, seq: 0 },
    });
    expect(copy.uploadId).not.toBe(first.uploadId);
    expect(copy.pageIds).toHaveLength(1);
    expect(copy.pageIds[0]).not.toBe(first.pageIds[0]);
    // Its page is queued like any other; the blob store holds the bytes once.
    expect(await h.queues.pageProcess.getJob(copy.pageIds[0] ?? '')).toBeDefined();
    const dir = join(h.blobs.root, 'sha256', first.sha256.slice(0, 2), first.sha256.slice(2, 4));
    expect(await readdir(dir)).toEqual([first.sha256]);
    // A retry of the copy is the copy again, still flagged.
    const again = await put(batch.id, 2, blank);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...copy, created: false });

    // The batch read lists both uploads and points the copy's page at the first one's.
    const detail = (await (
      await h.app.request(`/api/batches/${batch.id}`, { headers: h.auth })
    ).json()) as BatchDetail;
    expect(detail.uploads.map((u) => [u.seq, u.identicalTo])).toEqual([
      [0, null],
      [1, null],
      [2, { uploadId: first.uploadId, seq: 0 }],
    ]);
    expect(detail.pages.map((p) => p.identicalToPageId)).toEqual([null, null, first.pageIds[0]]);
    const events = await h.db.auditEvent.findMany({ where: { entityId: copy.uploadId } });
    expect(events[0]?.after).toMatchObject({ identicalTo: { uploadId: first.uploadId, seq: 0 } });
  });

  it('points each frame of a repeated multi-page file at the same frame of the first', async () => {
    const batch = await openBatch();
    const tif = multiPageTiff(3, 20, 20);
    const a = (await (await put(batch.id, 0, tif, { type: 'image/tiff' })).json()) as UploadResult;
    const b = (await (await put(batch.id, 1, tif, { type: 'image/tiff' })).json()) as UploadResult;
    expect(b.identicalTo).toEqual({ uploadId: a.uploadId, seq: 0 });
    const detail = (await (
      await h.app.request(`/api/batches/${batch.id}`, { headers: h.auth })
    ).json()) as BatchDetail;
    expect(detail.pages.map((p) => [p.id, p.identicalToPageId])).toEqual([
      ...a.pageIds.map((id) => [id, null]),
      ...b.pageIds.map((id, i) => [id, a.pageIds[i]]),
    ]);
  });

  it('makes one page per directory of a multi-page TIFF and per page of a PDF', async () => {
    const batch = await openBatch();
    const tif = (await (
      await put(batch.id, 0, multiPageTiff(3, 40, 30), { type: 'image/tiff' })
    ).json()) as UploadResult;
    const pdf = (await (
      await put(batch.id, 1, simplePdf(4), { type: 'application/pdf' })
    ).json()) as UploadResult;
    expect([tif.frameCount, tif.pageIds.length, pdf.frameCount, pdf.pageIds.length]).toEqual([
      3, 3, 4, 4,
    ]);
    const pages = await h.db.page.findMany({
      where: { uploadId: tif.uploadId },
      orderBy: { frameIndex: 'asc' },
    });
    expect(pages.map((p) => [p.id, p.frameIndex])).toEqual(tif.pageIds.map((id, i) => [id, i]));
    const jobs = await Promise.all(
      [...tif.pageIds, ...pdf.pageIds].map((id) => h.queues.pageProcess.getJob(id)),
    );
    expect(jobs.every((j) => j !== undefined)).toBe(true);
  });

  it('keeps exactly one upload when identical requests race', async () => {
    const batch = await openBatch();
    const png = grayPng(200, 150, 9);
    const responses = await Promise.all(Array.from({ length: 6 }, () => put(batch.id, 0, png)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as UploadResult[];
    expect(new Set(bodies.map((b) => b.uploadId)).size).toBe(1);
    expect(await uploadsOf(batch.id)).toHaveLength(1);
    expect(await h.db.page.count({ where: { batchId: batch.id } })).toBe(1);
  });

  it('stores identical bytes racing at different seqs as one upload each, all but one flagged', async () => {
    const batch = await openBatch();
    const png = grayPng(120, 90, 12);
    const responses = await Promise.all([0, 1, 2, 3].map((seq) => put(batch.id, seq, png)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as UploadResult[];
    const unflagged = bodies.filter((b) => b.identicalTo === null);
    expect(unflagged).toHaveLength(1);
    for (const b of bodies) {
      if (b.identicalTo !== null) expect(b.identicalTo.uploadId).toBe(unflagged[0]?.uploadId);
    }
    expect(await h.db.page.count({ where: { batchId: batch.id } })).toBe(4);
  });

  it('lets one of two different files racing for one seq win and refuses the other', async () => {
    const batch = await openBatch();
    const [r1, r2] = await Promise.all([
      put(batch.id, 0, grayPng(80, 80, 10)),
      put(batch.id, 0, grayPng(80, 80, 11)),
    ]);
    expect([r1?.status, r2?.status].sort()).toEqual([201, 409]);
    expect(await uploadsOf(batch.id)).toHaveLength(1);
  });
});
