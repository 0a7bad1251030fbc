/**
 * Sessions of people signed in to the review UI. The cookie carries 32 random bytes; the database
 * keeps only their SHA-256, so a copy of the table opens no session. Each session also has a CSRF
 * token that the UI sends back in `X-CSRF-Token` on every request that changes something.
 *
 * A session lasts `ttlHours` after its last use (sliding), never more than `MAX_AGE_DAYS` after the
 * login. Deactivating a user or changing their password ends their sessions.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../core/db/client.js';
import type { UserPrincipal } from '../context.js';
import { hashToken } from '../services/workstations.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'sohoa_session';
/** The request header that must repeat the session's CSRF token on unsafe methods. */
export const CSRF_HEADER = 'x-csrf-token';
/** However active, a session ends this long after the login. */
export const MAX_AGE_DAYS = 7;
/** lastSeenAt / expiresAt are written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  readonly id: string;
  /** The cookie value; it cannot be read back later */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Opens a session for `userId` and records the login time. */
export async function createSession(
  db: PrismaClient,
  userId: string,
  o: { ttlHours: number; userAgent?: string | null; ip?: string | null; now?: Date },
): Promise<NewSession> {
  const now = o.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + o.ttlHours * 3600_000);
  const id = randomUUID();
  await db.$transaction([
    db.userSession.create({
      data: {
        id,
        userId,
        tokenHash: hashToken(token),
        csrfToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        userAgent: o.userAgent?.slice(0, 300) ?? null,
        ip: o.ip?.slice(0, 64) ?? null,
      },
    }),
    db.user.update({ where: { id: userId }, data: { lastLoginAt: now } }),
    // Expired sessions of this user are swept at each login, so the table does not grow forever.
    db.userSession.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
  ]);
  return { id, token, csrfToken, expiresAt };
}

export interface ActiveSession {
  readonly principal: UserPrincipal;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * The live session for a cookie value, or null when it is unknown, expired, or its user is
 * disabled. Slides the expiry forward (at most one write a minute).
 */
export async function sessionForToken(
  db: PrismaClient,
  token: string,
  o: { ttlHours: number; now?: Date },
): Promise<ActiveSession | null> {
  const now = o.now ?? new Date();
  const s = await db.userSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      user: { select: { id: true, username: true, displayName: true, role: true, active: true } },
    },
  });
  if (s === null || s.expiresAt <= now || !s.user.active) return null;
  let expiresAt = s.expiresAt;
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const cap = s.createdAt.getTime() + MAX_AGE_DAYS * 86_400_000;
    expiresAt = new Date(Math.min(now.getTime() + o.ttlHours * 3600_000, cap));
    await db.userSession.updateMany({
      where: { id: s.id, lastSeenAt: s.lastSeenAt },
      data: { lastSeenAt: now, expiresAt },
    });
  }
  return {
    principal: {
      kind: 'user',
      id: s.user.id,
      name: s.user.displayName,
      username: s.user.username,
      role: s.user.role,
      sessionId: s.id,
    },
    csrfToken: s.csrfToken,
    expiresAt,
  };
}

/** Ends one session (logout). */
export async function endSession(db: PrismaClient, sessionId: string): Promise<void> {
  await db.userSession.deleteMany({ where: { id: sessionId } });
}
