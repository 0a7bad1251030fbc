import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../core/db/client.js';
import type { BlobStore } from '../core/storage/blob-store.js';
import type { QueueSet } from '../pipeline/jobs.js';
import { createApp } from './app.js';
import { loadApiConfig } from './config.js';
import type { ErrorBody, ValidationErrorBody } from './contracts.js';

/** The app over collaborators that fail loudly if touched, and a logger whose lines we keep. */
function appWith(db: Partial<Record<keyof PrismaClient, unknown>>) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = createApp({
    db: db as unknown as PrismaClient,
    blobs: {} as BlobStore,
    queues: {} as QueueSet,
    redis: {} as Redis,
    config: loadApiConfig({ UI_DIR: `/nonexistent/${randomUUID()}` }),
    log: pino({ level: 'info' }, sink),
  });
  return { app, lines };
}

/** What the workstation lookup of the auth middleware reads. */
const activeWorkstation = () => ({
  id: randomUUID(),
  name: 'ws',
  active: true,
  lastSeenAt: new Date(),
});

describe('createApp error handling', () => {
  it('answers an unexpected error with a bare 500 and logs it with the request id', async () => {
    const { app, lines } = appWith({
      workstation: { findUnique: () => Promise.resolve(activeWorkstation()) },
      scanBatch: {
        findUnique: () => {
          throw new TypeError('connection pool exploded at /srv/secret');
        },
      },
    });
    const res = await app.request(`/api/batches/${randomUUID()}`, {
      headers: { 'x-request-id': 'req-42', authorization: 'Bearer abc' },
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const failure = lines.find((l) => l['msg'] === 'request failed');
    expect(failure).toMatchObject({ requestId: 'req-42', code: 'internal', level: 50 });
  });

  it('answers 400 request.invalid naming the parameter, before touching the database', async () => {
    // No scanBatch on the stub: a query would throw. Only the token is looked up.
    const { app } = appWith({
      workstation: { findUnique: () => Promise.resolve(activeWorkstation()) },
    });
    const res = await app.request('/api/batches/not-a-uuid', {
      headers: { authorization: 'Bearer abc' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ValidationErrorBody;
    expect(body.code).toBe('request.invalid');
    expect(body.issues.map((i) => i.path)).toEqual(['param.id']);
    expect(body.message).toMatch(/^Yêu cầu không hợp lệ: .* \/ Invalid request: /);
  });

  it('answers malformed JSON with 400, oversized JSON with 413 and an unknown route with 404', async () => {
    const ws = { id: randomUUID(), name: 'ws', active: true, lastSeenAt: new Date() };
    const { app } = appWith({ workstation: { findUnique: () => Promise.resolve(ws) } });
    const malformed = await app.request('/api/batches', {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: '{"dossierCode":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).code).toBe('request.invalid');
    const huge = await app.request('/api/batches', {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: JSON.stringify({ dossierCode: 'x'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorBody).code).toBe('request.too_large');
    const unknown = await app.request('/api/code-lists', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).code).toBe('route.not_found');
  });

  it('asks for a workstation token before reading the body', async () => {
    const { app } = appWith({});
    const res = await app.request('/api/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"dossierCode":',
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).code).toBe('auth.missing');
  });
});
