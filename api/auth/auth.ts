/**
 * The authentication seam of the api. Routes declare who may call them with `auth({ accept })`;
 * today only workstations hold credentials (bearer tokens). User sessions and roles will add a
 * principal kind and a `roles` option here without touching the routes that exist.
 */
import type { MiddlewareHandler } from 'hono';
import type { PrismaClient } from '../../core/db/client.js';
import type { AppEnv, PrincipalKind } from '../context.js';
import { workstationForToken } from '../services/workstations.js';

export interface AuthOptions {
  /** Principal kinds the route accepts */
  readonly accept: readonly PrincipalKind[];
}

const BEARER_RE = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="sohoa"';

/**
 * Middleware that authenticates the request and puts the principal on `c.var.principal`.
 * Answers 401 `auth.missing` without an Authorization header and 401 `auth.invalid` for a header
 * that is not a bearer token of an active workstation.
 *
 * @example
 * const route = createRoute({ ..., middleware: [auth(db, { accept: ['workstation'] })] as const });
 */
export function auth(db: PrismaClient, opts: AuthOptions): MiddlewareHandler<AppEnv> {
  const acceptsWorkstation = opts.accept.includes('workstation');
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') {
      c.header('WWW-Authenticate', CHALLENGE);
      return c.json(
        {
          code: 'auth.missing',
          message: 'Thiếu tiêu đề Authorization / The Authorization header is missing',
          hint: 'Gửi kèm "Authorization: Bearer <mã máy trạm>" / Send "Authorization: Bearer <workstation token>"',
        },
        401,
      );
    }
    const token = BEARER_RE.exec(header)?.[1];
    const ws =
      token !== undefined && acceptsWorkstation ? await workstationForToken(db, token) : null;
    if (ws === null) {
      c.header('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
      return c.json(
        {
          code: 'auth.invalid',
          message:
            'Mã máy trạm không hợp lệ hoặc máy trạm đã bị khóa / The workstation token is invalid or the workstation is disabled',
          hint: 'Kiểm tra mã trong cấu hình của máy trạm, hoặc xin mã mới / Check the token in the agent settings, or ask for a new one',
        },
        401,
      );
    }
    c.set('principal', { kind: 'workstation', id: ws.id, name: ws.name });
    c.set('log', c.var.log.child({ workstation: ws.name }));
    await next();
    return undefined;
  };
}
