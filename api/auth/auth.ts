/**
 * The authentication seam of the api. Routes declare who may call them with
 * `auth(db, { accept, roles })`:
 * - workstations (scanner agents) send `Authorization: Bearer <token>`;
 * - people send the `sohoa_session` cookie of the review UI, and on every unsafe method
 *   (POST, PUT, PATCH, DELETE) the session's CSRF token in `X-CSRF-Token`.
 * `roles` narrows which people may call; workstations have no role.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { PrismaClient } from '../../core/db/client.js';
import type { AppEnv, Principal, PrincipalKind, Role, UserPrincipal } from '../context.js';
import { workstationForToken } from '../services/workstations.js';
import { CSRF_HEADER, SESSION_COOKIE, sessionForToken } from './sessions.js';

export interface AuthOptions {
  /** Principal kinds the route accepts */
  readonly accept: readonly PrincipalKind[];
  /** People's roles the route accepts (all when left out) */
  readonly roles?: readonly Role[];
}

const BEARER_RE = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="sohoa"';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Vietnamese and English names of the roles, for messages. */
export const ROLE_NAMES: Record<Role, readonly [string, string]> = {
  operator: ['nhân viên quét', 'operator'],
  reviewer: ['người duyệt', 'reviewer'],
  manager: ['quản lý', 'manager'],
  admin: ['quản trị viên', 'administrator'],
};

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Middleware that authenticates the request and puts the principal on `c.var.principal`.
 * Answers 401 `auth.missing` without credentials, 401 `auth.invalid` for a token or session that
 * is not (or no longer) valid, 403 `auth.csrf` for an unsafe request made with a session but
 * without its CSRF token, and 403 `auth.forbidden` for a role the route does not accept.
 *
 * @example
 * const route = createRoute({ ..., middleware: [auth(db, { accept: ['user'], roles: ['admin'] })] as const });
 */
export function auth(db: PrismaClient, opts: AuthOptions): MiddlewareHandler<AppEnv> {
  const acceptsWorkstation = opts.accept.includes('workstation');
  const acceptsUser = opts.accept.includes('user');
  return async (c, next) => {
    const ttlHours = c.var.sessionTtlHours;
    const header = c.req.header('authorization');
    const cookie = acceptsUser ? getCookie(c, SESSION_COOKIE) : undefined;
    const hasHeader = header !== undefined && header.trim() !== '';
    if (!hasHeader && (cookie === undefined || cookie === '')) {
      if (acceptsWorkstation) c.header('WWW-Authenticate', CHALLENGE);
      return c.json(
        acceptsUser
          ? {
              code: 'auth.missing',
              message: 'Bạn cần đăng nhập / You need to sign in',
              hint: 'Đăng nhập tại trang chủ của sohoa / Sign in on the sohoa home page',
            }
          : {
              code: 'auth.missing',
              message: 'Thiếu tiêu đề Authorization / The Authorization header is missing',
              hint: 'Gửi kèm "Authorization: Bearer <mã máy trạm>" / Send "Authorization: Bearer <workstation token>"',
            },
        401,
      );
    }

    if (hasHeader) {
      const token = BEARER_RE.exec(header)?.[1];
      const ws =
        token !== undefined && acceptsWorkstation ? await workstationForToken(db, token) : null;
      if (ws === null) {
        c.header('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
        return c.json(
          acceptsWorkstation
            ? {
                code: 'auth.invalid',
                message:
                  'Mã máy trạm không hợp lệ hoặc máy trạm đã bị khóa / The workstation token is invalid or the workstation is disabled',
                hint: 'Kiểm tra mã trong cấu hình của máy trạm, hoặc xin mã mới / Check the token in the agent settings, or ask for a new one',
              }
            : {
                code: 'auth.invalid',
                message:
                  'Đường dẫn này chỉ dành cho người dùng đã đăng nhập / This route is for signed-in people only',
                hint: 'Đăng nhập qua giao diện thay vì dùng mã máy trạm / Sign in through the UI instead of a workstation token',
              },
          401,
        );
      }
      c.set('principal', { kind: 'workstation', id: ws.id, name: ws.name });
      c.set('log', c.var.log.child({ workstation: ws.name }));
      await next();
      return undefined;
    }

    const session = await sessionForToken(db, cookie ?? '', { ttlHours });
    if (session === null) {
      return c.json(
        {
          code: 'auth.invalid',
          message:
            'Phiên đăng nhập đã hết hạn hoặc không còn hiệu lực / The session has expired or is no longer valid',
          hint: 'Đăng nhập lại / Sign in again',
        },
        401,
      );
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!sameToken(sent, session.csrfToken)) {
        return c.json(
          {
            code: 'auth.csrf',
            message:
              'Yêu cầu thiếu mã chống giả mạo (CSRF) hợp lệ / The request lacks a valid anti-forgery (CSRF) token',
            hint: 'Tải lại trang rồi thử lại / Reload the page and try again',
          },
          403,
        );
      }
    }
    const p = session.principal;
    if (opts.roles !== undefined && !opts.roles.includes(p.role)) {
      const allowed = opts.roles.map((r) => ROLE_NAMES[r]);
      return c.json(
        {
          code: 'auth.forbidden',
          message: `Vai trò ${ROLE_NAMES[p.role][0]} không được làm việc này / The ${ROLE_NAMES[p.role][1]} role may not do this`,
          hint: `Cần vai trò: ${allowed.map((r) => r[0]).join(', ')} / Needs the role: ${allowed.map((r) => r[1]).join(', ')}`,
        },
        403,
      );
    }
    c.set('principal', p);
    c.set('log', c.var.log.child({ user: p.username }));
    await next();
    return undefined;
  };
}

/** The principal set by `auth`; its absence is a wiring mistake, not a client error. */
export function principalOf(c: Context<AppEnv>): Principal {
  const p = c.var.principal;
  if (p === undefined) throw new Error('route requires the auth middleware');
  return p;
}

/** The signed-in person set by `auth({ accept: ['user'] })`. */
export function userOf(c: Context<AppEnv>): UserPrincipal {
  const p = principalOf(c);
  if (p.kind !== 'user') throw new Error('route requires a user session');
  return p;
}
