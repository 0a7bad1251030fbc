// npm run db:deploy: creates the database if needed and applies pending migrations.
import { fileURLToPath } from 'node:url';
import { ensureDatabase, migrate } from '../core/db/migrate.js';

const url = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sohoa';
const dir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const created = await ensureDatabase(url);
const r = await migrate(url, dir);
process.stdout.write(
  `${created ? 'Đã tạo cơ sở dữ liệu / database created. ' : ''}` +
    `Migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already there.\n`,
);
