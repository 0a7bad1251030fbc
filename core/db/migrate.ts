/**
 * Applies the committed SQL migrations in prisma/migrations, in name order, each in its own
 * transaction, and records them in Prisma's `_prisma_migrations` table exactly as
 * `prisma migrate deploy` does, so either tool can take over from the other.
 *
 * Why by hand: `prisma migrate deploy` needs Prisma's native schema engine, which the Prisma CLI
 * downloads from binaries.prisma.sh at run time. Archive networks are often offline, and this
 * project installs only from the npm registry, so the download cannot be relied on.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { AppError } from '../errors.js';

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

const LOCK_KEY = 72_420_251; // any constant shared by every deployer of this schema

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Creates the database named in `databaseUrl` when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new AppError('db.bad_name', {
      message: `database name "${name}" in DATABASE_URL is not a plain identifier`,
      retryable: false,
    });
  }
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount !== 0) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (err) {
    // Another process created it between our check and our create.
    if ((err as { code?: string }).code === '42P04') return false;
    throw err;
  } finally {
    await client.end();
  }
}

/** Applies pending migrations from `dir`; refuses to run if an applied one was edited. */
export async function migrate(databaseUrl: string, dir: string): Promise<MigrateResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const rows = (
      await client.query<Row>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      )
    ).rows;
    for (const name of names) {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const done = rows.find((r) => r.migration_name === name && r.rolled_back_at === null);
      if (done !== undefined && done.finished_at !== null) {
        if (done.checksum !== checksum) {
          throw new AppError('db.migration_modified', {
            message: `migration ${name} was changed after it was applied (checksum ${done.checksum} → ${checksum})`,
            hint: 'Never edit an applied migration: restore it and add a new one',
            retryable: false,
          });
        }
        alreadyApplied.push(name);
        continue;
      }
      if (done !== undefined) {
        throw new AppError('db.migration_failed_before', {
          message: `migration ${name} started earlier and did not finish`,
          hint: 'Inspect the database, then mark the row in _prisma_migrations as rolled back',
          retryable: false,
        });
      }
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
          [id, checksum, name],
        );
        await client.query(sql);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new AppError('db.migration_error', {
          message: `migration ${name} failed: ${(err as Error).message}`,
          retryable: false,
          cause: err,
        });
      }
      applied.push(name);
    }
    return { applied, alreadyApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
