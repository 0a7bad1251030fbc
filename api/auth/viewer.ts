/**
 * The reader routes are public: anyone may call them without an account. A member of staff who
 * sends the session cookie sees more (core/domain/access.ts decides what). A cookie that is no
 * longer valid is not an error here: the request is simply anonymous, as a reader's would be.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ANONYMOUS, viewerFor, type Viewer } from '../../core/domain/access.js';
import type { PrismaClient } from '../../core/db/client.js';
import type { AppEnv } from '../context.js';
import { SESSION_COOKIE, sessionForToken } from './sessions.js';

/**
 * Middleware that puts the signed-in person on `c.var.principal` when the request carries a valid
 * session cookie, and lets every request through. Answers vary with the cookie, so they are marked
 * `Vary: Cookie` and never stored by shared caches.
 */
export function optionalSession(db: PrismaClient): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined && cookie !== '') {
      const s = await sessionForToken(db, cookie, { ttlHours: c.var.sessionTtlHours });
      if (s !== null) {
        c.set('principal', s.principal);
        c.set('log', c.var.log.child({ user: s.principal.username }));
      }
    }
    await next();
    c.res.headers.append('Vary', 'Cookie');
  };
}

/** Who is reading: the signed-in person's role, or an anonymous reader (workstations included). */
export function viewerOf(c: Context<AppEnv>): Viewer {
  const p = c.var.principal;
  return p === undefined || p.kind !== 'user' ? ANONYMOUS : viewerFor(p.role);
}
