/**
 * Schemas of sessions, users and workstations (the admin screens), for validation and the
 * OpenAPI document.
 */
import { z } from '@hono/zod-openapi';

export const RoleEnum = z.enum(['operator', 'reviewer', 'manager', 'admin']).openapi('Role', {
  description: 'operator: quét; reviewer: duyệt; manager: quản lý; admin: quản trị',
});

/** A user name: letters, digits and . _ - (what people type on a scanning-room keyboard). */
const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'chỉ chữ không dấu, số và . _ - / only letters, digits and . _ -');

export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi('LoginBody');

export const SessionUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleEnum,
  })
  .openapi('SessionUser');

export const Session = z
  .object({
    user: SessionUser,
    /** Send back in X-CSRF-Token on every POST, PUT, PATCH and DELETE */
    csrfToken: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .openapi('Session');
export type Session = z.infer<typeof Session>;

export const User = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleEnum,
    active: z.boolean(),
    lastLoginAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('User');
export type User = z.infer<typeof User>;

export const UserList = z.object({ items: z.array(User) }).openapi('UserList');

export const NewUserBody = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1).max(200),
    role: RoleEnum,
    password: z.string().max(256),
  })
  .openapi('NewUserBody');

export const UserPatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: RoleEnum.optional(),
    active: z.boolean().optional(),
    password: z.string().max(256).optional(),
  })
  .strict()
  .openapi('UserPatchBody');

export const UserIdParam = z.object({ id: z.uuid() });

export const UsersQuery = z.object({ role: RoleEnum.optional() });

export const UserRef = z
  .object({ id: z.uuid(), username: z.string(), displayName: z.string(), role: RoleEnum })
  .openapi('UserRef');
export const UserRefList = z.object({ items: z.array(UserRef) }).openapi('UserRefList');

export const Workstation = z
  .object({
    id: z.uuid(),
    name: z.string(),
    location: z.string().nullable(),
    active: z.boolean(),
    lastSeenAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Workstation');
export type Workstation = z.infer<typeof Workstation>;

export const WorkstationList = z.object({ items: z.array(Workstation) }).openapi('WorkstationList');

export const WorkstationWithToken = z
  .object({
    workstation: Workstation,
    /** The bearer token for the agent; shown this once, never stored */
    token: z.string(),
  })
  .openapi('WorkstationWithToken');
export type WorkstationWithToken = z.infer<typeof WorkstationWithToken>;

export const NewWorkstationBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    location: z.string().trim().max(200).optional(),
  })
  .openapi('NewWorkstationBody');

export const WorkstationPatchBody = z
  .object({
    active: z.boolean().optional(),
    location: z.string().trim().max(200).nullable().optional(),
  })
  .strict()
  .openapi('WorkstationPatchBody');
