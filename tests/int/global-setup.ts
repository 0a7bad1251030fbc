// Integration tier: one fresh PostgreSQL database, one Redis key prefix and one data directory per
// run, so that runs on the same machine (or CI beside a developer) never see each other's state.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './provided.js';
import { ensureDatabase, migrate } from '../../core/db/migrate.js';

const PG_BASE = process.env['TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = randomUUID().replace(/-/g, '').slice(0, 12);
  const dbName = `sohoa_test_${run}`;
  const databaseUrl = `${PG_BASE}/${dbName}`;
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, fileURLToPath(new URL('../../prisma/migrations', import.meta.url)));
  const redisPrefix = `sohoa-test-${run}`;
  const dataDir = await mkdtemp(join(tmpdir(), `sohoa-test-${run}-`));

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', REDIS_URL);
  project.provide('redisPrefix', redisPrefix);
  project.provide('dataDir', dataDir);

  return async () => {
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    if (process.env['SOHOA_KEEP_TEST_DATA'] !== '1')
      await rm(dataDir, { recursive: true, force: true });
  };
}
