/**
 * Test support: a harness over a database of the test file's own, for tests whose figures sum
 * over whole tables (progress, reports) and so must not see what other test files wrote into the
 * run's shared database. Made next to the run's database (same server, same name plus a suffix),
 * migrated, and dropped by `drop()`.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDatabase, migrate } from '../../core/db/migrate.js';
import { createHarness, type Harness } from './harness.js';

const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface OwnDatabase {
  readonly h: Harness;
  readonly databaseUrl: string;
  /** Closes the harness and drops the database */
  drop(): Promise<void>;
}

/** A fresh, migrated database `<run database>_<suffix>` and a harness over it. */
export async function ownDatabase(
  suffix: string,
  env?: Readonly<Record<string, string>>,
): Promise<OwnDatabase> {
  const { inject } = await import('vitest');
  const base = inject('databaseUrl');
  const databaseUrl = `${base}_${suffix}`;
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, MIGRATIONS);
  const h = await createHarness({
    databaseUrl,
    redisUrl: inject('redisUrl'),
    redisPrefix: inject('redisPrefix'),
    dataDir: inject('dataDir'),
    ...(env === undefined ? {} : { env }),
  });
  return {
    h,
    databaseUrl,
    async drop() {
      await h.close();
      await dropDatabase(databaseUrl);
    },
  };
}

/** Drops the database of `url` if it exists. */
export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
