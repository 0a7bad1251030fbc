/**
 * `npm run workstation -- <add|list|disable> …`: registers scanning workstations and gives each
 * agent its bearer token. The token is printed once; only its SHA-256 is stored.
 *
 *   npm run workstation -- add "Máy quét phòng 2" [--location "Kho 1, tầng 2"]
 *   npm run workstation -- list
 *   npm run workstation -- disable "Máy quét phòng 2"
 */
import { parseArgs } from 'node:util';
import { createWorkstation } from '../api/services/workstations.js';
import { createDb } from '../core/db/client.js';
import { loadDotEnv } from '../core/env-file.js';
import { DEFAULT_DATABASE_URL } from './prepare-service.js';

loadDotEnv();

const USAGE = `Cách dùng / Usage:
  npm run workstation -- add <tên máy / name> [--location <nơi đặt / where>]
  npm run workstation -- list
  npm run workstation -- disable <tên máy / name>
`;

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { location: { type: 'string' } },
});
const [command, name] = positionals;
const db = createDb(process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL, { poolSize: 1 });

async function main(): Promise<number> {
  if (command === 'list') {
    const rows = await db.workstation.findMany({ orderBy: { name: 'asc' } });
    for (const w of rows) {
      const seen = w.lastSeenAt?.toISOString() ?? 'chưa kết nối / never';
      process.stdout.write(
        `${w.active ? 'hoạt động / active  ' : 'đã tắt / disabled   '} ${w.name}  ${w.location ?? ''}  ${seen}\n`,
      );
    }
    return 0;
  }
  if ((command === 'add' || command === 'disable') && name !== undefined && name.trim() !== '') {
    if (command === 'add') {
      const taken = await db.workstation.findUnique({ where: { name: name.normalize('NFC') } });
      if (taken !== null) {
        process.stderr.write(`Đã có máy tên "${name}" / A workstation named "${name}" exists\n`);
        return 1;
      }
      const ws = await createWorkstation(db, name, { location: values.location });
      process.stdout.write(
        `Máy / workstation: ${ws.name}\nMã truy cập (chỉ hiện một lần) / token (shown once):\n${ws.token}\n` +
          `Trên máy quét / on the workstation: AGENT_TOKEN_FILE=<tệp chứa mã / file holding it>\n`,
      );
      return 0;
    }
    const r = await db.workstation.updateMany({
      where: { name: name.normalize('NFC') },
      data: { active: false },
    });
    if (r.count === 0) {
      process.stderr.write(`Không có máy tên "${name}" / No workstation named "${name}"\n`);
      return 1;
    }
    process.stdout.write(`Đã tắt / disabled: ${name}\n`);
    return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

try {
  process.exitCode = await main();
} finally {
  await db.$disconnect();
}
