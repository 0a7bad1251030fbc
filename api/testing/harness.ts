/**
 * Test support for the api's integration tests (not used by the running service): the app built
 * on the real PostgreSQL and Redis of the test run, with its own BullMQ prefix and data directory,
 * and a registered workstation.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createDb, type PrismaClient } from '../../core/db/client.js';
import { createLogger } from '../../core/log.js';
import { FsBlobStore } from '../../core/storage/fs-blob-store.js';
import { closeQueues, createQueues, type QueueSet } from '../../pipeline/jobs.js';
import { createApp } from '../app.js';
import { blobDir, loadApiConfig, type ApiConfig } from '../config.js';
import type { AppDeps, Role } from '../context.js';
import { createUser } from '../services/users.js';
import { createWorkstation } from '../services/workstations.js';

export interface HarnessOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** The run's prefix; the harness adds a random suffix of its own */
  readonly redisPrefix: string;
  /** The run's data directory; the harness uses a fresh folder inside it */
  readonly dataDir: string;
  /** Extra settings (environment variable names) */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Harness {
  readonly app: ReturnType<typeof createApp>;
  readonly deps: AppDeps;
  readonly db: PrismaClient;
  readonly queues: QueueSet;
  readonly connection: Redis;
  readonly blobs: FsBlobStore;
  readonly config: ApiConfig;
  readonly prefix: string;
  /** Authorization header of a registered workstation */
  readonly auth: { authorization: string };
  readonly workstationId: string;
  /**
   * Creates an active user of `role` (a fresh random user name unless given) and signs them in
   * through `POST /api/session`.
   */
  login(role: Role, o?: { username?: string; displayName?: string }): Promise<TestLogin>;
  /** Another app over the same collaborators with other settings */
  withEnv(env: Readonly<Record<string, string>>): ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** A user signed in through the api, for tests. */
export interface TestLogin {
  readonly user: { id: string; username: string; displayName: string; role: Role };
  readonly password: string;
  /** `sohoa_session=<token>` */
  readonly cookie: string;
  readonly csrfToken: string;
  /** Headers for `app.request`: the cookie, and the CSRF token too (what the UI sends) */
  readonly headers: { cookie: string; 'x-csrf-token': string };
}

export async function createHarness(o: HarnessOptions): Promise<Harness> {
  const prefix = `${o.redisPrefix}-${randomUUID()}`;
  const dataDir = join(o.dataDir, randomUUID());
  await mkdir(dataDir, { recursive: true });
  const base = {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir,
    UI_DIR: join(dataDir, 'no-ui'),
  };
  const config = loadApiConfig({ ...base, ...o.env });
  const db = createDb(o.databaseUrl, { poolSize: 8 });
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(connection, prefix);
  const blobs = new FsBlobStore(blobDir(config.dataDir));
  const log = createLogger({ name: 'api-test', level: 'silent', pretty: false });
  const deps: AppDeps = { db, blobs, queues, redis: connection, config, log };
  const ws = await createWorkstation(db, `test-${randomUUID()}`);
  const app = createApp(deps);
  return {
    app,
    deps,
    db,
    queues,
    connection,
    blobs,
    config,
    prefix,
    auth: { authorization: `Bearer ${ws.token}` },
    workstationId: ws.id,
    async login(role, lo = {}) {
      const username = lo.username ?? `${role}-${randomUUID().slice(0, 8)}`;
      const password = `mật khẩu thử ${randomUUID()}`;
      const displayName = lo.displayName ?? `Người dùng ${username}`;
      await createUser(db, { username, displayName, role, password }, null);
      return signIn(app, username, password);
    },
    withEnv: (env) => createApp({ ...deps, config: loadApiConfig({ ...base, ...o.env, ...env }) }),
    async close() {
      await closeQueues(queues);
      await db.$disconnect();
      connection.disconnect();
    },
  };
}

/** Signs `username` in through the api and returns the cookie and CSRF token. */
export async function signIn(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  username: string,
  password: string,
): Promise<TestLogin> {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: TestLogin['user']; csrfToken: string };
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /^(sohoa_session=[^;]+)/.exec(setCookie)?.[1];
  if (cookie === undefined) throw new Error(`login of ${username} set no session cookie`);
  return {
    user: body.user,
    password,
    cookie,
    csrfToken: body.csrfToken,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

/** `sha-256=:<base64>:` of `bytes`, as RFC 9530 writes it. */
export const contentDigest = (bytes: Buffer): string =>
  `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;

export const sha256Hex = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * The harness over this test run's services (tests/int/global-setup.ts provides them); only inside
 * a vitest worker of the int or e2e tier.
 */
export async function createRunHarness(env?: Readonly<Record<string, string>>): Promise<Harness> {
  const { inject } = await import('vitest');
  return createHarness({
    databaseUrl: inject('databaseUrl'),
    redisUrl: inject('redisUrl'),
    redisPrefix: inject('redisPrefix'),
    dataDir: inject('dataDir'),
    ...(env === undefined ? {} : { env }),
  });
}
