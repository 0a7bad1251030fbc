/**
 * The first account on a fresh installation. With no user in the database, `npm start` creates
 * an administrator: SOHOA_ADMIN_USERNAME (default "admin") with SOHOA_ADMIN_PASSWORD, or with a
 * generated password written to `<DATA_DIR>/initial-admin-password.txt` (readable by the owner
 * only), never to the log. Later accounts are made in the UI's admin screens or `npm run user`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createUser } from '../api/services/users.js';
import { createDb } from '../core/db/client.js';

/** Creates the first administrator when there is no user; returns what was done. */
export async function ensureFirstAdmin(
  databaseUrl: string,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ created: false } | { created: true; username: string; passwordFile: string | null }> {
  const db = createDb(databaseUrl, { poolSize: 1 });
  try {
    if ((await db.user.count()) > 0) return { created: false };
    const username = (env['SOHOA_ADMIN_USERNAME'] ?? 'admin').trim();
    const given = env['SOHOA_ADMIN_PASSWORD'];
    const password = given ?? randomBytes(15).toString('base64url');
    let passwordFile: string | null = null;
    if (given === undefined) {
      const dataDir = resolve(cwd, env['DATA_DIR'] ?? './data');
      await mkdir(dataDir, { recursive: true });
      passwordFile = join(dataDir, 'initial-admin-password.txt');
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    await createUser(db, { username, displayName: 'Quản trị viên', role: 'admin', password }, null);
    return { created: true, username, passwordFile };
  } finally {
    await db.$disconnect();
  }
}
