/**
 * What must be true before the service starts: the database exists with every migration applied,
 * there is an administrator to sign in with, and (when asked) the review UI is built.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDatabase, migrate } from '../core/db/migrate.js';
import { ensureFirstAdmin } from './first-admin.js';
import { ROOT } from './supervise.js';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/sohoa';

export async function prepareService(o: { buildUi: boolean }): Promise<void> {
  const url = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  try {
    const created = await ensureDatabase(url);
    const r = await migrate(url, join(ROOT, 'prisma', 'migrations'));
    process.stderr.write(
      `[sohoa] cơ sở dữ liệu sẵn sàng / database ready${created ? ' (mới tạo / created)' : ''}: ` +
        `${r.applied.length} migration mới / applied\n`,
    );
    const admin = await ensureFirstAdmin(url, process.env, process.cwd());
    if (admin.created) {
      process.stderr.write(
        `[sohoa] đã tạo tài khoản quản trị đầu tiên / created the first administrator: ${admin.username}\n` +
          (admin.passwordFile === null
            ? '        mật khẩu: SOHOA_ADMIN_PASSWORD / password: SOHOA_ADMIN_PASSWORD\n'
            : `        mật khẩu trong tệp / password in: ${admin.passwordFile}\n`),
      );
    }
  } catch (err) {
    process.stderr.write(
      `[sohoa] không kết nối được PostgreSQL tại / cannot reach PostgreSQL at ${redact(url)}: ` +
        `${err instanceof Error ? err.message : String(err)}\n` +
        `        Kiểm tra DATABASE_URL và dịch vụ PostgreSQL / check DATABASE_URL and that PostgreSQL runs\n`,
    );
    process.exit(1);
  }
  if (o.buildUi) {
    process.stderr.write('[sohoa] đang dựng giao diện / building the review UI…\n');
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'review-ui/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (r.status !== 0) {
      process.stderr.write(
        '[sohoa] dựng giao diện thất bại / UI build failed; the api still starts\n',
      );
    }
  }
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
