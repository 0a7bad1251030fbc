/**
 * Signing in and out of the review UI: `POST /api/session` checks the password and sets the
 * session cookie, `GET` tells the UI who is signed in (and the CSRF token to send back),
 * `DELETE` signs out. Also `GET /api/users`, the people a dossier can be handed to.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { auth, userOf } from '../auth/auth.js';
import { endSession, SESSION_COOKIE, sessionForToken } from '../auth/sessions.js';
import { LoginBody, Session, UserRefList, UsersQuery } from '../contracts/auth.js';
import type { AppDeps, AppEnv, UserPrincipal } from '../context.js';
import { createRouter, error, INVALID, json, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import { listUserRefs, login } from '../services/users.js';

/**
 * Refuses a login posted from another site (the browser names the page's origin in `Origin`).
 * Same-site requests and non-browser clients without `Origin` pass.
 */
function foreignOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true;
  }
}

/** The answer of POST and GET /api/session. */
const sessionBody = (p: UserPrincipal, s: { csrfToken: string; expiresAt: Date }): Session => ({
  user: { id: p.id, username: p.username, displayName: p.name, role: p.role },
  csrfToken: s.csrfToken,
  expiresAt: s.expiresAt.toISOString(),
});

/** Routes under /api/session and /api/users. */
export function sessionRoutes(deps: AppDeps) {
  const smallJson: MiddlewareHandler<AppEnv> = bodyLimit({ maxSize: 8 * 1024 });

  const cookieOptions = (expires: Date) =>
    ({
      httpOnly: true,
      secure: deps.config.session.cookieSecure,
      sameSite: 'Strict',
      path: '/',
      expires,
    }) as const;

  const create = createRoute({
    method: 'post',
    path: '/api/session',
    tags: ['session'],
    summary: 'Đăng nhập / Sign in',
    description:
      'Sets the HttpOnly `sohoa_session` cookie. Send the returned `csrfToken` in `X-CSRF-Token` ' +
      'on every POST, PUT, PATCH and DELETE. After LOGIN_MAX_FAILURES wrong passwords in 15 ' +
      'minutes the user name is locked for 15 minutes (429 auth.locked).',
    middleware: [smallJson] as const,
    request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
    responses: {
      200: json(Session, 'Đã đăng nhập / Signed in'),
      ...INVALID,
      401: error('Sai tên đăng nhập hoặc mật khẩu / auth.login_failed'),
      403: error('Gửi từ trang web khác / auth.origin'),
      429: error('Tạm khóa vì sai nhiều lần / auth.locked'),
    },
  });

  const read = createRoute({
    method: 'get',
    path: '/api/session',
    tags: ['session'],
    summary: 'Phiên hiện tại / The current session',
    security: SESSION_SECURITY,
    responses: {
      200: json(Session, 'Người đang đăng nhập / Who is signed in'),
      401: error('Chưa đăng nhập / auth.missing, auth.invalid'),
    },
  });

  const remove = createRoute({
    method: 'delete',
    path: '/api/session',
    tags: ['session'],
    summary: 'Đăng xuất / Sign out',
    security: SESSION_SECURITY,
    middleware: [auth(deps.db, { accept: ['user'] })] as const,
    responses: { 204: { description: 'Đã đăng xuất / Signed out' }, ...SIGNED_IN },
  });

  const users = createRoute({
    method: 'get',
    path: '/api/users',
    tags: ['session'],
    summary: 'Người dùng đang hoạt động / Active users',
    description: 'For handing a dossier to another reviewer. Reviewers and admins.',
    security: SESSION_SECURITY,
    middleware: [auth(deps.db, { accept: ['user'], roles: ['reviewer', 'admin'] })] as const,
    request: { query: UsersQuery },
    responses: { 200: json(UserRefList, 'Người dùng / Users'), ...INVALID, ...SIGNED_IN },
  });

  return createRouter()
    .openapi(create, async (c) => {
      if (foreignOrigin(c)) {
        return c.json(
          {
            code: 'auth.origin',
            message: 'Yêu cầu đăng nhập gửi từ trang web khác / The sign-in came from another site',
            hint: 'Mở sohoa trực tiếp rồi đăng nhập / Open sohoa directly and sign in there',
          },
          403,
        );
      }
      const body = c.req.valid('json');
      const { session, user } = await login(
        { db: deps.db, redis: deps.redis, prefix: deps.config.redis.prefix },
        {
          username: body.username,
          password: body.password,
          userAgent: c.req.header('user-agent') ?? null,
          ip: c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
        },
        { ttlHours: deps.config.session.ttlHours, maxFailures: deps.config.session.maxFailures },
      );
      setCookie(c, SESSION_COOKIE, session.token, cookieOptions(session.expiresAt));
      c.header('Cache-Control', 'no-store');
      c.var.log.info({ user: user.username, role: user.role }, 'signed in');
      return c.json(sessionBody(user, session), 200);
    })
    .openapi(read, async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      const s =
        token === undefined || token === ''
          ? null
          : await sessionForToken(deps.db, token, { ttlHours: deps.config.session.ttlHours });
      c.header('Cache-Control', 'no-store');
      if (s === null) {
        return c.json(
          {
            code: token === undefined ? 'auth.missing' : 'auth.invalid',
            message: 'Bạn chưa đăng nhập / You are not signed in',
            hint: 'Đăng nhập để tiếp tục / Sign in to continue',
          },
          401,
        );
      }
      return c.json(sessionBody(s.principal, s), 200);
    })
    .openapi(remove, async (c) => {
      await endSession(deps.db, userOf(c).sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: deps.config.session.cookieSecure });
      return c.body(null, 204);
    })
    .openapi(users, async (c) =>
      c.json({ items: await listUserRefs(deps.db, c.req.valid('query').role) }, 200),
    );
}
