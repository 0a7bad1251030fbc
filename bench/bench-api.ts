/**
 * What the database benchmarks share: a database of their own made afresh (or kept with `--keep`)
 * and migrated, the api built on it with its own Redis prefix and data directory, optionally
 * served over HTTP on a free local port, and the quantile they print.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { createUser } from '../api/services/users.js';
import { signIn, type TestLogin } from '../api/testing/harness.js';
import { blobDir, loadApiConfig, type ApiConfig } from '../api/config.js';
import { createDb, type PrismaClient } from '../core/db/client.js';
import { ensureDatabase, migrate } from '../core/db/migrate.js';
import { createLogger } from '../core/log.js';
import type { BlobStore } from '../core/storage/blob-store.js';
import { FsBlobStore } from '../core/storage/fs-blob-store.js';
import { closeQueues, createQueues } from '../pipeline/jobs.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The value at quantile `q` (0–1) of `xs`, nearest rank; NaN for no values. */
export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

/**
 * Drops the database of `url` (unless `keep`), creates it if missing and applies the migrations:
 * a benchmark never measures what an earlier run left behind unless asked to.
 */
export async function freshDatabase(url: string, keep: boolean): Promise<void> {
  if (!keep) {
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await ensureDatabase(url);
  await migrate(url, join(ROOT, 'prisma', 'migrations'));
}

/** The api of a benchmark and what it runs on. */
export interface BenchApi {
  readonly app: ReturnType<typeof createApp>;
  readonly db: PrismaClient;
  readonly config: ApiConfig;
  readonly dataDir: string;
  readonly blobs: BlobStore;
  /** A new person with `role`, signed in through the api: their cookie and CSRF headers. */
  signInAs(role: 'operator' | 'reviewer' | 'manager' | 'admin'): Promise<TestLogin>;
  /** Serves the app on 127.0.0.1 at a free port; the origin, e.g. `http://127.0.0.1:40123`. */
  listen(): Promise<string>;
  /** Stops the server if any, closes queues, database and Redis, removes the data directory. */
  close(): Promise<void>;
}

/**
 * The api over the database at `url`, with a Redis key prefix and a data directory of its own
 * (`dataDir` to keep one across runs, else a fresh temporary one that `close` removes).
 */
export async function benchApi(
  url: string,
  o: { name: string; poolSize: number; dataDir?: string },
): Promise<BenchApi> {
  const dataDir = o.dataDir ?? join(tmpdir(), `sohoa-bench-${o.name}-${randomUUID()}`);
  await mkdir(dataDir, { recursive: true });
  const prefix = `bench-${o.name}-${randomUUID()}`;
  const config = loadApiConfig({
    DATABASE_URL: url,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir,
    UI_DIR: join(dataDir, 'no-ui'),
    LOG_LEVEL: 'silent',
  });
  const db = createDb(url, { poolSize: o.poolSize });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix);
  const log = createLogger({ name: 'bench', level: 'silent', pretty: false });
  const blobs = new FsBlobStore(blobDir(dataDir));
  const app = createApp({ db, blobs, queues, redis, config, log });
  let server: ReturnType<typeof serve> | undefined;
  return {
    app,
    db,
    config,
    dataDir,
    blobs,
    async signInAs(role) {
      const username = `bench-${randomUUID().slice(0, 8)}`;
      const password = `mật khẩu đo ${randomUUID()}`;
      await createUser(db, { username, displayName: 'Người đo', role, password }, null);
      return signIn(app, username, password);
    },
    async listen() {
      const s = await new Promise<ReturnType<typeof serve>>((res) => {
        const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
          res(started),
        );
      });
      server = s;
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    },
    async close() {
      const s = server;
      if (s !== undefined) await new Promise<void>((res) => s.close(() => res()));
      await closeQueues(queues);
      await db.$disconnect();
      redis.disconnect();
      if (o.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
