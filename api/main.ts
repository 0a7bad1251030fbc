/**
 * The api process: loads the settings, builds the logger, database, blob store and queues, serves
 * the app on HOST:PORT, and closes everything on SIGTERM/SIGINT (requests in flight finish first).
 */
import { loadDotEnv } from '../core/env-file.js';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { createDb } from '../core/db/client.js';
import { ConfigError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { FsBlobStore } from '../core/storage/fs-blob-store.js';
import { closeQueues, createQueues } from '../pipeline/jobs.js';
import { createApp } from './app.js';
import { blobDir, loadApiConfig, type ApiConfig } from './config.js';
import { cleanIncoming } from './services/incoming.js';

loadDotEnv();

/** Uploads interrupted longer ago than this are leftovers of a crash. */
const STALE_INCOMING_MS = 24 * 3600 * 1000;
/** How long a shutdown waits for requests in flight before it gives up on them. */
const SHUTDOWN_GRACE_MS = 15_000;

let config: ApiConfig;
try {
  config = loadApiConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

const log = createLogger({ name: 'sohoa-api', level: config.log.level, pretty: config.log.pretty });
const db = createDb(config.databaseUrl, { poolSize: 10 });
const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const queues = createQueues(connection, config.redis.prefix);
const blobs = new FsBlobStore(blobDir(config.dataDir));

const removed = await cleanIncoming(config.dataDir, STALE_INCOMING_MS);
if (removed > 0) log.warn({ removed }, 'removed files of interrupted uploads');

const app = createApp({ db, blobs, queues, redis: connection, config, log });
const server = serve(
  { fetch: app.fetch, hostname: config.http.host, port: config.http.port },
  (info: AddressInfo) => {
    log.info(
      { host: info.address, port: info.port, dataDir: config.dataDir, prefix: config.redis.prefix },
      'api listening',
    );
  },
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'api stopping');
  const force = setTimeout(() => {
    log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still running at shutdown; exiting anyway');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would otherwise hold close() open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  await closeQueues(queues);
  await db.$disconnect();
  connection.disconnect();
  log.info('api stopped');
}

process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
