/**
 * The administrator's screens: user accounts and scanning workstations (with their tokens).
 * Admins only.
 */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { auth, userOf } from '../auth/auth.js';
import {
  NewUserBody,
  NewWorkstationBody,
  User,
  UserIdParam,
  UserList,
  UserPatchBody,
  Workstation,
  WorkstationList,
  WorkstationPatchBody,
  WorkstationWithToken,
} from '../contracts/auth.js';
import type { AppDeps } from '../context.js';
import { createRouter, error, INVALID, json, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import {
  addWorkstation,
  createUser,
  listUsers,
  listWorkstations,
  rotateWorkstationToken,
  updateUser,
  updateWorkstation,
} from '../services/users.js';

/** Routes under /api/admin. */
export function adminRoutes(deps: AppDeps) {
  const admin = auth(deps.db, { accept: ['user'], roles: ['admin'] });
  const small = bodyLimit({ maxSize: 16 * 1024 });
  const common = { tags: ['admin'], security: SESSION_SECURITY };

  const users = createRoute({
    ...common,
    method: 'get',
    path: '/api/admin/users',
    summary: 'Danh sách người dùng / List users',
    middleware: [admin] as const,
    responses: { 200: json(UserList, 'Người dùng / Users'), ...SIGNED_IN },
  });
  const newUser = createRoute({
    ...common,
    method: 'post',
    path: '/api/admin/users',
    summary: 'Tạo người dùng / Create a user',
    middleware: [admin, small] as const,
    request: { body: { content: { 'application/json': { schema: NewUserBody } }, required: true } },
    responses: {
      201: json(User, 'Đã tạo / Created'),
      ...INVALID,
      ...SIGNED_IN,
      409: error('Tên đăng nhập đã có / user.exists'),
    },
  });
  const patchUser = createRoute({
    ...common,
    method: 'patch',
    path: '/api/admin/users/{id}',
    summary: 'Sửa người dùng, đặt lại mật khẩu / Change a user, reset the password',
    middleware: [admin, small] as const,
    request: {
      params: UserIdParam,
      body: { content: { 'application/json': { schema: UserPatchBody } }, required: true },
    },
    responses: {
      200: json(User, 'Đã sửa / Changed'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('user.not_found'),
      409: error('Tự khóa mình / user.self_lockout'),
    },
  });
  const workstations = createRoute({
    ...common,
    method: 'get',
    path: '/api/admin/workstations',
    summary: 'Danh sách máy trạm quét / List scanning workstations',
    middleware: [admin] as const,
    responses: { 200: json(WorkstationList, 'Máy trạm / Workstations'), ...SIGNED_IN },
  });
  const newWorkstation = createRoute({
    ...common,
    method: 'post',
    path: '/api/admin/workstations',
    summary: 'Đăng ký máy trạm quét / Register a scanning workstation',
    description: 'The token is in this answer only; it is never stored or shown again.',
    middleware: [admin, small] as const,
    request: {
      body: { content: { 'application/json': { schema: NewWorkstationBody } }, required: true },
    },
    responses: {
      201: json(WorkstationWithToken, 'Máy trạm và mã / Workstation and token'),
      ...INVALID,
      ...SIGNED_IN,
      409: error('Tên đã có / workstation.exists'),
    },
  });
  const rotate = createRoute({
    ...common,
    method: 'post',
    path: '/api/admin/workstations/{id}/token',
    summary: 'Cấp mã mới cho máy trạm / Give a workstation a new token',
    description: 'The old token stops working at once.',
    middleware: [admin] as const,
    request: { params: UserIdParam },
    responses: {
      200: json(WorkstationWithToken, 'Mã mới / The new token'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('workstation.not_found'),
    },
  });
  const patchWorkstation = createRoute({
    ...common,
    method: 'patch',
    path: '/api/admin/workstations/{id}',
    summary: 'Bật, tắt hoặc chuyển máy trạm / Enable, disable or move a workstation',
    middleware: [admin, small] as const,
    request: {
      params: UserIdParam,
      body: { content: { 'application/json': { schema: WorkstationPatchBody } }, required: true },
    },
    responses: {
      200: json(Workstation, 'Đã sửa / Changed'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('workstation.not_found'),
    },
  });

  return createRouter()
    .openapi(users, async (c) => c.json({ items: await listUsers(deps.db) }, 200))
    .openapi(newUser, async (c) =>
      c.json(await createUser(deps.db, c.req.valid('json'), userOf(c), c.var.requestId), 201),
    )
    .openapi(patchUser, async (c) =>
      c.json(
        await updateUser(
          deps.db,
          c.req.valid('param').id,
          c.req.valid('json'),
          userOf(c),
          c.var.requestId,
        ),
        200,
      ),
    )
    .openapi(workstations, async (c) => c.json({ items: await listWorkstations(deps.db) }, 200))
    .openapi(newWorkstation, async (c) =>
      c.json(await addWorkstation(deps.db, c.req.valid('json'), userOf(c), c.var.requestId), 201),
    )
    .openapi(rotate, async (c) =>
      c.json(
        await rotateWorkstationToken(deps.db, c.req.valid('param').id, userOf(c), c.var.requestId),
        200,
      ),
    )
    .openapi(patchWorkstation, async (c) =>
      c.json(
        await updateWorkstation(
          deps.db,
          c.req.valid('param').id,
          c.req.valid('json'),
          userOf(c),
          c.var.requestId,
        ),
        200,
      ),
    );
}
