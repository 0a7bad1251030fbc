/**
 * Building blocks shared by the routers: a router factory whose validation failures all answer
 * `400 request.invalid` naming the fields, and response helpers so every route documents its
 * errors the same way.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import {
  ErrorBody,
  ValidationErrorBody,
  type ValidationErrorBody as ValidationBody,
} from './contracts.js';

interface HookResult {
  target: string;
  success: boolean;
  error?: z.ZodError;
}

/** The body of a 400 for zod issues found in `target` (json, query, param, header). */
export function validationBody(target: string, error: z.ZodError): ValidationBody {
  const issues = error.issues.map((i) => ({
    path: [target, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return {
    code: 'request.invalid',
    message: `Yêu cầu không hợp lệ: ${list} / Invalid request: ${list}`,
    hint: 'Sửa các trường được nêu rồi gửi lại / Fix the fields listed, then send again',
    issues,
  };
}

/** The defaultHook of every router: zod failures become `400 request.invalid`. */
export function validationHook(result: HookResult, c: Context<AppEnv>): Response | undefined {
  if (result.success || result.error === undefined) return undefined;
  return c.json(validationBody(result.target, result.error), 400);
}

/** A router of the api: OpenAPIHono on the api's typed context, with the validation hook. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** A JSON response of `schema` for the OpenAPI document. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** An error response (`{ code, message, hint }`) for the OpenAPI document. */
export const error = (description: string) => json(ErrorBody, description);

export const INVALID = {
  400: json(ValidationErrorBody, 'Yêu cầu không hợp lệ / Invalid request (request.invalid)'),
} as const;

/** Security requirement of routes that need a workstation token. */
export const WORKSTATION_SECURITY = [{ workstationToken: [] }];

export const UNAUTHORIZED = {
  401: error(
    'Thiếu hoặc sai mã máy trạm / Missing or invalid workstation token (auth.missing, auth.invalid)',
  ),
} as const;

/** Security requirement of routes that need a signed-in person (the session cookie). */
export const SESSION_SECURITY = [{ session: [] }];

export const SIGNED_IN = {
  401: error('Chưa đăng nhập hoặc phiên đã hết hạn / Not signed in (auth.missing, auth.invalid)'),
  403: error('Thiếu mã CSRF hoặc vai trò không được phép / auth.csrf, auth.forbidden'),
} as const;

/**
 * Responses of a staff read route that passes the access decision (core/domain/access.ts): the
 * signed-in person's role may not read the record's access mode (403 `access.forbidden`).
 */
export const READ_ACCESS = {
  ...SIGNED_IN,
  403: error(
    'Không được xem mức độ tiếp cận của tài liệu này / access.forbidden (the record’s access mode), auth.csrf, auth.forbidden',
  ),
} as const;

/** Binary response bodies (images, PDFs). */
export const binary = (types: readonly string[], description: string) => ({
  content: Object.fromEntries(
    types.map((t) => [t, { schema: z.string().openapi({ type: 'string', format: 'binary' }) }]),
  ),
  description,
});
