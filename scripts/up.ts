/**
 * `npm run up`: everything on this machine for a first look or for development. Prepares the
 * database and the review UI, gives the local hot-folder agent a workstation token, then runs the api,
 * a worker and the agent watching ./inbox: dropping scans into ./inbox/<mã hồ sơ>/ makes draft
 * records appear in the UI.
 */
import { loadDotEnv } from '../core/env-file.js';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createDb } from '../core/db/client.js';
import { DEFAULT_DATABASE_URL, prepareService } from './prepare-service.js';
import { ROOT, supervise } from './supervise.js';

loadDotEnv();

const dataDir = resolve(ROOT, process.env['DATA_DIR'] ?? 'data');
const inbox = resolve(ROOT, process.env['AGENT_INBOX'] ?? 'inbox');
const port = process.env['PORT'] ?? '3000';
const workstationName = process.env['AGENT_WORKSTATION'] ?? 'may-quet-cuc-bo';

await prepareService({ buildUi: true });

// A fresh token for the local agent each time: only its hash is stored.
const token = randomBytes(32).toString('base64url');
const tokenHash = createHash('sha256').update(token).digest('hex');
const db = createDb(process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL, { poolSize: 1 });
await db.workstation.upsert({
  where: { name: workstationName },
  create: { name: workstationName, tokenHash, location: 'localhost (npm run up)' },
  update: { tokenHash, active: true },
});
await db.$disconnect();
await mkdir(dataDir, { recursive: true });
const tokenFile = join(dataDir, 'agent-token');
await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
await chmod(tokenFile, 0o600);
await mkdir(inbox, { recursive: true });

process.stderr.write(
  `\n[sohoa] Giao diện duyệt / review UI:  http://localhost:${port}/\n` +
    `[sohoa] Thả tệp quét vào / drop scans into:  ${inbox}/<mã hồ sơ>/  (JPEG, PNG, TIFF, PDF)\n` +
    `[sohoa] Ctrl+C để dừng / to stop\n\n`,
);

await supervise([
  { name: 'api', entry: 'api/main.ts' },
  { name: 'worker', entry: 'pipeline/main.ts' },
  {
    name: 'agent',
    entry: 'scanner-agent/main.ts',
    args: [
      'watch',
      '--inbox',
      inbox,
      '--token-file',
      tokenFile,
      '--server',
      `http://127.0.0.1:${port}`,
    ],
    env: { AGENT_OUTBOX: join(dataDir, 'agent-outbox') },
  },
]);
