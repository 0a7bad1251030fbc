/**
 * People and their accounts: login with lockout, and the admin's user and workstation screens.
 * Every change is audited (never with a password or its hash).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '../../core/db/client.js';
import { InputError } from '../../core/errors.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../auth/passwords.js';
import { createSession, type NewSession } from '../auth/sessions.js';
import type { User, Workstation } from '../contracts/auth.js';
import type { Principal, Role, UserPrincipal } from '../context.js';
import { HttpError } from '../errors.js';
import { audit } from './audit.js';
import { hashToken } from './workstations.js';

/** A failed login counts against its user name for this long; so does the lock. */
export const LOCK_WINDOW_SECONDS = 15 * 60;

// Verifying against this when the user name is unknown makes the answer take as long as for a
// known one, so timing does not tell which names exist.
let decoyHash: Promise<string> | null = null;

const loginFailed = () =>
  new HttpError(401, 'auth.login_failed', {
    message: 'Sai tên đăng nhập hoặc mật khẩu / Wrong user name or password',
    hint: 'Kiểm tra bộ gõ (Unikey) và phím Caps Lock, rồi thử lại / Check the input method and Caps Lock, then try again',
  });

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  readonly userAgent?: string | null;
  readonly ip?: string | null;
}

/**
 * Checks the password and opens a session. Throws 401 `auth.login_failed` (same answer for an
 * unknown name, a wrong password or a disabled account) and 429 `auth.locked` after `maxFailures`
 * failures for the name within 15 minutes.
 */
export async function login(
  deps: { db: PrismaClient; redis: Redis; prefix: string },
  input: LoginInput,
  o: { ttlHours: number; maxFailures: number },
): Promise<{ session: NewSession; user: UserPrincipal }> {
  const name = input.username.trim().toLowerCase();
  const failKey = `${deps.prefix}:login-fail:${name}`;
  const failures = Number((await deps.redis.get(failKey)) ?? '0');
  if (failures >= o.maxFailures) {
    const ttl = await deps.redis.ttl(failKey);
    const minutes = Math.max(1, Math.ceil(ttl / 60));
    throw new HttpError(429, 'auth.locked', {
      message: `Tên đăng nhập bị khóa tạm thời sau ${failures} lần sai; thử lại sau ${minutes} phút / The user name is locked after ${failures} failed logins; try again in ${minutes} min`,
      hint: 'Nhờ quản trị viên đặt lại mật khẩu nếu bạn quên / Ask an administrator to reset the password if you forgot it',
    });
  }
  const user = await deps.db.user.findFirst({
    where: { username: { equals: name, mode: 'insensitive' } },
  });
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
  if (user === null || !ok || !user.active) {
    await deps.redis.multi().incr(failKey).expire(failKey, LOCK_WINDOW_SECONDS).exec();
    throw loginFailed();
  }
  await deps.redis.del(failKey);
  if (needsRehash(user.passwordHash)) {
    await deps.db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  const session = await createSession(deps.db, user.id, {
    ttlHours: o.ttlHours,
    userAgent: input.userAgent ?? null,
    ip: input.ip ?? null,
  });
  return {
    session,
    user: {
      kind: 'user',
      id: user.id,
      name: user.displayName,
      username: user.username,
      role: user.role,
      sessionId: session.id,
    },
  };
}

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
};

export const toUser = (u: UserRow): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role as Role,
  active: u.active,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

const invalidPassword = (problem: string) =>
  new InputError('user.password_weak', {
    message: problem,
    hint: 'Chọn một cụm từ dài, dễ nhớ với bạn, khó đoán với người khác / Choose a long passphrase',
  });

/** All users, by user name. */
export async function listUsers(db: PrismaClient): Promise<User[]> {
  const rows = await db.user.findMany({ orderBy: { username: 'asc' } });
  return rows.map(toUser);
}

/** Active users, optionally of one role (for "return to another reviewer"). */
export async function listUserRefs(
  db: PrismaClient,
  role: Role | undefined,
): Promise<{ id: string; username: string; displayName: string; role: Role }[]> {
  const rows = await db.user.findMany({
    where: { active: true, ...(role === undefined ? {} : { role }) },
    orderBy: { displayName: 'asc' },
    select: { id: true, username: true, displayName: true, role: true },
  });
  return rows;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
}

/**
 * Creates a user. Throws 400 `user.password_weak` for a password that is too short or holds the
 * user name, and 409 `user.exists` when the name is taken (names are compared without case).
 */
export async function createUser(
  db: PrismaClient,
  input: NewUser,
  actor: Principal | null,
  requestId?: string,
): Promise<User> {
  const username = input.username.toLowerCase();
  const problem = passwordProblem(input.password, username);
  if (problem !== null) throw invalidPassword(problem);
  const taken = await db.user.findFirst({
    where: { username: { equals: username, mode: 'insensitive' } },
    select: { id: true },
  });
  if (taken !== null) throw userExists(username);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const u = await tx.user.create({
        data: {
          username,
          displayName: input.displayName.normalize('NFC'),
          role: input.role,
          passwordHash,
        },
      });
      await audit(tx, {
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: u.id,
        after: { username, displayName: u.displayName, role: u.role, active: true },
        ...(requestId === undefined ? {} : { requestId }),
      });
      return toUser(u);
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw userExists(username);
    throw err;
  }
}

const userExists = (username: string) =>
  new HttpError(409, 'user.exists', {
    message: `Tên đăng nhập ${username} đã có người dùng / The user name ${username} is taken`,
    hint: 'Chọn tên khác / Choose another name',
  });

export interface UserPatch {
  readonly displayName?: string | undefined;
  readonly role?: Role | undefined;
  readonly active?: boolean | undefined;
  readonly password?: string | undefined;
}

/**
 * Changes a user. A new password or deactivation ends the user's sessions. An admin cannot take
 * away their own admin role or deactivate themselves (409 `user.self_lockout`), so the archive
 * always keeps someone who can manage accounts.
 */
export async function updateUser(
  db: PrismaClient,
  id: string,
  patch: UserPatch,
  actor: UserPrincipal | null,
  requestId?: string,
): Promise<User> {
  const before = await db.user.findUnique({ where: { id } });
  if (before === null) throw notFoundUser(id);
  if (
    actor?.id === id &&
    ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false)
  ) {
    throw new HttpError(409, 'user.self_lockout', {
      message:
        'Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình / You cannot remove your own admin role or disable yourself',
      hint: 'Nhờ một quản trị viên khác làm việc này / Ask another administrator to do it',
    });
  }
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    const problem = passwordProblem(patch.password, before.username);
    if (problem !== null) throw invalidPassword(problem);
    passwordHash = await hashPassword(patch.password);
  }
  return db.$transaction(async (tx) => {
    const u = await tx.user.update({
      where: { id },
      data: {
        ...(patch.displayName === undefined
          ? {}
          : { displayName: patch.displayName.normalize('NFC') }),
        ...(patch.role === undefined ? {} : { role: patch.role }),
        ...(patch.active === undefined ? {} : { active: patch.active }),
        ...(passwordHash === undefined ? {} : { passwordHash, passwordChangedAt: new Date() }),
      },
    });
    if (passwordHash !== undefined || patch.active === false) {
      await tx.userSession.deleteMany({ where: { userId: id } });
    }
    const fields = ['displayName', 'role', 'active'] as const;
    const changed = fields.filter((f) => patch[f] !== undefined && patch[f] !== before[f]);
    await audit(tx, {
      actor,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: {
        ...Object.fromEntries(changed.map((f) => [f, u[f]])),
        ...(passwordHash === undefined ? {} : { password: 'đã đặt lại / reset' }),
      },
      ...(requestId === undefined ? {} : { requestId }),
    });
    return toUser(u);
  });
}

const notFoundUser = (id: string) =>
  new HttpError(404, 'user.not_found', {
    message: `Không tìm thấy người dùng ${id} / user ${id} does not exist`,
  });

type WorkstationRow = {
  id: string;
  name: string;
  location: string | null;
  active: boolean;
  lastSeenAt: Date | null;
  createdAt: Date;
};

export const toWorkstation = (w: WorkstationRow): Workstation => ({
  id: w.id,
  name: w.name,
  location: w.location,
  active: w.active,
  lastSeenAt: w.lastSeenAt?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
});

/** All workstations, by name. */
export async function listWorkstations(db: PrismaClient): Promise<Workstation[]> {
  const rows = await db.workstation.findMany({ orderBy: { name: 'asc' } });
  return rows.map(toWorkstation);
}

/** Registers a workstation and returns it with its token (shown once). 409 `workstation.exists`. */
export async function addWorkstation(
  db: PrismaClient,
  input: { name: string; location?: string | undefined },
  actor: Principal,
  requestId?: string,
): Promise<{ workstation: Workstation; token: string }> {
  const token = randomBytes(32).toString('base64url');
  try {
    return await db.$transaction(async (tx) => {
      const w = await tx.workstation.create({
        data: {
          name: input.name.normalize('NFC'),
          tokenHash: hashToken(token),
          location: input.location?.normalize('NFC') ?? null,
        },
      });
      await audit(tx, {
        actor,
        action: 'workstation.create',
        entityType: 'workstation',
        entityId: w.id,
        after: { name: w.name, location: w.location },
        ...(requestId === undefined ? {} : { requestId }),
      });
      return { workstation: toWorkstation(w), token };
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      throw new HttpError(409, 'workstation.exists', {
        message: `Đã có máy trạm tên ${input.name} / A workstation named ${input.name} exists`,
        hint: 'Chọn tên khác, hoặc cấp mã mới cho máy đó / Choose another name, or give that one a new token',
      });
    }
    throw err;
  }
}

/** Gives a workstation a new token; the old one stops working at once. */
export async function rotateWorkstationToken(
  db: PrismaClient,
  id: string,
  actor: Principal,
  requestId?: string,
): Promise<{ workstation: Workstation; token: string }> {
  const token = randomBytes(32).toString('base64url');
  return db.$transaction(async (tx) => {
    const found = await tx.workstation.findUnique({ where: { id }, select: { id: true } });
    if (found === null) throw notFoundWorkstation(id);
    const w = await tx.workstation.update({ where: { id }, data: { tokenHash: hashToken(token) } });
    await audit(tx, {
      actor,
      action: 'workstation.token_rotate',
      entityType: 'workstation',
      entityId: id,
      ...(requestId === undefined ? {} : { requestId }),
    });
    return { workstation: toWorkstation(w), token };
  });
}

/** Enables or disables a workstation, or moves it. */
export async function updateWorkstation(
  db: PrismaClient,
  id: string,
  patch: { active?: boolean | undefined; location?: string | null | undefined },
  actor: Principal,
  requestId?: string,
): Promise<Workstation> {
  return db.$transaction(async (tx) => {
    const before = await tx.workstation.findUnique({ where: { id } });
    if (before === null) throw notFoundWorkstation(id);
    const w = await tx.workstation.update({
      where: { id },
      data: {
        ...(patch.active === undefined ? {} : { active: patch.active }),
        ...(patch.location === undefined ? {} : { location: patch.location }),
      },
    });
    await audit(tx, {
      actor,
      action: 'workstation.update',
      entityType: 'workstation',
      entityId: id,
      before: { active: before.active, location: before.location },
      after: { active: w.active, location: w.location },
      ...(requestId === undefined ? {} : { requestId }),
    });
    return toWorkstation(w);
  });
}

const notFoundWorkstation = (id: string) =>
  new HttpError(404, 'workstation.not_found', {
    message: `Không tìm thấy máy trạm ${id} / workstation ${id} does not exist`,
  });
