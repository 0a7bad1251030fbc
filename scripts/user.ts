/**
 * `npm run user -- <add|passwd|list|disable> …`: accounts from the command line, for the first
 * administrator on a server or when nobody can sign in. The password is read from the terminal
 * without echo, or from SOHOA_PASSWORD (for scripts); it never appears in the arguments.
 *
 *   npm run user -- add lan.tran --role reviewer --name "Trần Thị Lan"
 *   npm run user -- passwd lan.tran
 *   npm run user -- list
 *   npm run user -- disable lan.tran
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createUser, updateUser } from '../api/services/users.js';
import { createDb } from '../core/db/client.js';
import { loadDotEnv } from '../core/env-file.js';
import { DEFAULT_DATABASE_URL } from './prepare-service.js';

loadDotEnv();

const USAGE = `Cách dùng / Usage:
  npm run user -- add <tên đăng nhập / username> --role <operator|reviewer|manager|admin> --name "<họ tên / full name>"
  npm run user -- passwd <tên đăng nhập / username>
  npm run user -- list
  npm run user -- disable <tên đăng nhập / username>
Mật khẩu: gõ khi được hỏi, hoặc đặt SOHOA_PASSWORD / Password: typed when asked, or SOHOA_PASSWORD
`;

const ROLES = ['operator', 'reviewer', 'manager', 'admin'] as const;
type Role = (typeof ROLES)[number];

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { role: { type: 'string' }, name: { type: 'string' } },
});
const [command, username] = positionals;
const db = createDb(process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL, { poolSize: 1 });

/** Reads a password from the terminal without showing it. */
async function readPassword(prompt: string): Promise<string> {
  const given = process.env['SOHOA_PASSWORD'];
  if (given !== undefined) return given;
  if (!process.stdin.isTTY) {
    throw new Error(
      'Không có terminal để gõ mật khẩu; đặt SOHOA_PASSWORD / No terminal: set SOHOA_PASSWORD',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing of what is typed: readline writes through _writeToOutput.
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(prompt);
  out._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<number> {
  if (command === 'list') {
    for (const u of await db.user.findMany({ orderBy: { username: 'asc' } })) {
      process.stdout.write(
        `${u.active ? 'hoạt động / active  ' : 'đã khóa / disabled  '} ${u.username.padEnd(20)} ${u.role.padEnd(9)} ${u.displayName}\n`,
      );
    }
    return 0;
  }
  if (username === undefined || username.trim() === '') {
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === 'add') {
    const role = values.role as Role | undefined;
    if (role === undefined || !ROLES.includes(role) || values.name === undefined) {
      process.stderr.write(USAGE);
      return 2;
    }
    const password = await readPassword('Mật khẩu / password: ');
    const u = await createUser(db, { username, displayName: values.name, role, password }, null);
    process.stdout.write(`Đã tạo / created: ${u.username} (${u.role})\n`);
    return 0;
  }
  const user = await db.user.findFirst({
    where: { username: { equals: username, mode: 'insensitive' } },
  });
  if (user === null) {
    process.stderr.write(`Không có người dùng / no user: ${username}\n`);
    return 1;
  }
  // Changes from the command line are audited as the system: there is no signed-in person.
  if (command === 'passwd') {
    const password = await readPassword('Mật khẩu mới / new password: ');
    await updateUser(db, user.id, { password }, null);
    process.stdout.write(`Đã đặt mật khẩu mới / password set: ${user.username}\n`);
    return 0;
  }
  if (command === 'disable') {
    await updateUser(db, user.id, { active: false }, null);
    process.stdout.write(`Đã khóa / disabled: ${user.username}\n`);
    return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
