import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingDir } from './config.js';
import type { ErrorBody, ValidationErrorBody } from './contracts.js';
import { grayPng, multiPageTiff, pngHeaderOnly, simplePdf } from './testing/files.js';
import { contentDigest, createRunHarness, sha256Hex, type Harness } from './testing/harness.js';
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
const blobExists = (sha: string) => h.blobs.has(sha);

describe('PUT /api/batches/{id}/uploads/{seq}: refusals', () => {
  it('refuses a body that does not match its digest, naming both hashes, and keeps nothing', async () => {
    const batch = await openBatch();
    const png = grayPng(20, 20, 3);
    const claimed = grayPng(20, 20, 4);
    const res = await put(batch.id, 0, png, { digest: contentDigest(claimed) });
    expect(res.status).toBe(400);
    const err = (await res.json()) as ErrorBody;
    expect(err.code).toBe('upload.checksum_mismatch');
    expect(err.message).toContain(sha256Hex(png));
    expect(err.message).toContain(sha256Hex(claimed));
    expect(await uploadsOf(batch.id)).toHaveLength(0);
    expect(await blobExists(sha256Hex(png))).toBe(false);
    expect(await readdir(incomingDir(h.config.dataDir))).toEqual([]);
  });

  it('refuses a truncated TIFF with 422 and keeps nothing', async () => {
    const batch = await openBatch();
    const tif = multiPageTiff(2, 50, 40);
    const cut = tif.subarray(0, tif.length - 500);
    const res = await put(batch.id, 0, cut, { type: 'image/tiff' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).code).toBe('upload.truncated');
    expect(await uploadsOf(batch.id)).toHaveLength(0);
    expect(await blobExists(sha256Hex(cut))).toBe(false);
  });

  it('refuses a PDF declared as image/png with 415', async () => {
    const batch = await openBatch();
    const res = await put(batch.id, 0, simplePdf(1), { type: 'image/png' });
    expect(res.status).toBe(415);
    const err = (await res.json()) as ErrorBody;
    expect(err.code).toBe('upload.type_mismatch');
    expect(err.message).toContain('image/png');
    expect(err.message).toContain('application/pdf');
  });

  it('refuses a 100000×100000 PNG from its header', async () => {
    const batch = await openBatch();
    const res = await put(batch.id, 0, pngHeaderOnly(100_000, 100_000));
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).code).toBe('upload.too_many_pixels');
  });

  it('refuses other bytes at a seq already taken (409)', async () => {
    const batch = await openBatch();
    const a = grayPng(10, 10, 5);
    const b = grayPng(10, 10, 6);
    expect((await put(batch.id, 3, a)).status).toBe(201);
    const res = await put(batch.id, 3, b);
    expect(res.status).toBe(409);
    const err = (await res.json()) as ErrorBody;
    expect(err.code).toBe('upload.seq_conflict');
    expect(err.message).toContain(sha256Hex(a));
    expect(await uploadsOf(batch.id)).toHaveLength(1);
  });

  it('refuses new files in a closed batch but still acknowledges a repeat of a stored one', async () => {
    const batch = await openBatch();
    const stored = grayPng(12, 12, 7);
    expect((await put(batch.id, 0, stored)).status).toBe(201);
    const closed = await h.app.request(`/api/batches/${batch.id}/close`, {
      method: 'POST',
      headers: h.auth,
    });
    expect(closed.status).toBe(200);
    const late = await put(batch.id, 1, grayPng(12, 12, 8));
    expect(late.status).toBe(409);
    expect(((await late.json()) as ErrorBody).code).toBe('batch.not_open');
    expect((await put(batch.id, 0, stored)).status).toBe(200);
    // The same bytes at a new seq are a new upload, which a closed batch no longer takes.
    const copy = await put(batch.id, 1, stored);
    expect(copy.status).toBe(409);
    expect(((await copy.json()) as ErrorBody).code).toBe('batch.not_open');
  });

  it('refuses uploads above UPLOAD_MAX_BYTES, declared or streamed', async () => {
    const batch = await openBatch();
    const small = h.withEnv({ UPLOAD_MAX_BYTES: '1000' });
    const tif = multiPageTiff(1, 100, 100);
    expect(tif.length).toBeGreaterThan(1000);
    // Without Content-Length the limit is enforced while streaming; with it, before reading.
    const streamed = await put(batch.id, 0, tif, { app: small, type: 'image/tiff' });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({
      code: 'upload.too_large',
      message: expect.stringContaining('more than 1000') as unknown,
    });
    const declared = await put(batch.id, 0, tif, {
      app: small,
      type: 'image/tiff',
      headers: { 'content-length': String(tif.length) },
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({
      message: expect.stringContaining(`The upload ${tif.length} byte`) as unknown,
    });
    expect(await uploadsOf(batch.id)).toHaveLength(0);
    expect(await readdir(incomingDir(h.config.dataDir))).toEqual([]);
  });

  it('asks for the digest, a token and an existing batch', async () => {
    const batch = await openBatch();
    const png = grayPng(10, 10, 13);
    const noDigest = await h.app.request(`/api/batches/${batch.id}/uploads/0`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(noDigest.status).toBe(400);
    const v = (await noDigest.json()) as ValidationErrorBody;
    expect(v.code).toBe('request.invalid');
    expect(v.issues.map((i) => i.path)).toContain('header.content-digest');

    const anonymous = await h.app.request(`/api/batches/${batch.id}/uploads/0`, {
      method: 'PUT',
      body: new Uint8Array(png),
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).code).toBe('auth.missing');
    const wrong = await put(batch.id, 0, png, { headers: { authorization: 'Bearer not-a-token' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).code).toBe('auth.invalid');

    const missing = await put(randomUUID(), 0, png);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).code).toBe('batch.not_found');
  });

  it('says a body that breaks off is incomplete and keeps nothing of it', async () => {
    const batch = await openBatch();
    const png = grayPng(50, 50, 14);
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) {
          controller.error(new Error('connection reset'));
          return;
        }
        sent = true;
        controller.enqueue(new Uint8Array(png.subarray(0, 100)));
      },
    });
    const res = await h.app.request(`/api/batches/${batch.id}/uploads/0`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'image/png', 'content-digest': contentDigest(png) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'upload.incomplete',
      message: expect.stringMatching(/broke after \d+ bytes/) as unknown,
    });
    expect(await uploadsOf(batch.id)).toHaveLength(0);
    expect(await readdir(incomingDir(h.config.dataDir))).toEqual([]);
  });

  it('refuses an empty body', async () => {
    const batch = await openBatch();
    const res = await put(batch.id, 0, Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).code).toBe('upload.empty');
  });
});
