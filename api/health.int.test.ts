import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../core/db/client.js';
import { QUEUES } from '../pipeline/jobs.js';
import { createApp } from './app.js';
import type { Health } from './contracts.js';
import { createRunHarness, type Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createRunHarness();
});

afterAll(async () => {
  await h.close();
});

async function health(app = h.app): Promise<{ status: number; body: Health }> {
  const res = await app.request('/healthz');
  return { status: res.status, body: (await res.json()) as Health };
}

describe('GET /healthz', () => {
  it('answers 503 naming the queues nobody works on', async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe('fail');
    expect(body.checks.postgres.status).toBe('up');
    expect(body.checks.redis.status).toBe('up');
    expect(body.checks.workers).toMatchObject({
      status: 'down',
      counts: { 'page.process': 0, 'dossier.assemble': 0, 'dossier.finalize': 0 },
    });
    expect(body.checks.workers.detail).toContain('page.process');
  });

  it('answers 200 once a worker listens on every queue, and 503 again when one leaves', async () => {
    const opts = { connection: { url: inject('redisUrl') }, prefix: h.prefix, autorun: false };
    const page = new Worker(QUEUES.pageProcess.name, null, opts);
    const dossier = new Worker(QUEUES.dossierAssemble.name, null, opts);
    const finalize = new Worker(QUEUES.dossierFinalize.name, null, opts);
    try {
      await Promise.all([
        page.waitUntilReady(),
        dossier.waitUntilReady(),
        finalize.waitUntilReady(),
      ]);
      const up = await health();
      expect(up.status).toBe(200);
      expect(up.body.status).toBe('ok');
      expect(up.body.checks.workers.counts['page.process']).toBeGreaterThanOrEqual(1);
      await dossier.close();
      const half = await health();
      expect(half.status).toBe(503);
      expect(half.body.checks.workers.detail).toContain('dossier.assemble');
      expect(half.body.checks.workers.detail).not.toContain('page.process');
    } finally {
      await Promise.all([page.close(), dossier.close(), finalize.close()]);
    }
  });

  it('says PostgreSQL is down when it does not answer', async () => {
    const deadDb = createDb('postgresql://postgres@127.0.0.1:1/nothing', { poolSize: 1 });
    try {
      const { status, body } = await health(createApp({ ...h.deps, db: deadDb }));
      expect(status).toBe(503);
      expect(body.checks.postgres.status).toBe('down');
      expect(body.checks.redis.status).toBe('up');
    } finally {
      await deadDb.$disconnect();
    }
  });
});

describe('GET /livez', () => {
  it('answers while the process runs, whatever the dependencies say', async () => {
    const res = await h.app.request('/livez');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
