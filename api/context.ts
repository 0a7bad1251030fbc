/**
 * What every request handler can reach: the collaborators built once by main.ts (or by a test)
 * and the request-scoped values middleware puts on Hono's typed context.
 */
import type { Redis } from 'ioredis';
import type { PrismaClient } from '../core/db/client.js';
import type { Logger } from '../core/log.js';
import type { BlobStore } from '../core/storage/blob-store.js';
import type { QueueSet } from '../pipeline/jobs.js';
import type { ApiConfig } from './config.js';

/** The api's collaborators: one of each per process. */
export interface AppDeps {
  readonly db: PrismaClient;
  readonly blobs: BlobStore;
  readonly queues: QueueSet;
  /** The connection the queues use; keys of the api's own go under `config.redis.prefix` */
  readonly redis: Redis;
  readonly config: ApiConfig;
  readonly log: Logger;
  /** The clock of the progress figures ("today", rolling windows); the system clock when absent */
  readonly now?: () => Date;
}

/** A person's role (operator, reviewer, manager, admin). */
export type Role = 'operator' | 'reviewer' | 'manager' | 'admin';

/** A scanning workstation, authenticated by its bearer token. */
export type WorkstationPrincipal = {
  readonly kind: 'workstation';
  readonly id: string;
  readonly name: string;
};

/** A person signed in with a session cookie. */
export type UserPrincipal = {
  readonly kind: 'user';
  readonly id: string;
  /** Display name */
  readonly name: string;
  readonly username: string;
  readonly role: Role;
  /** The session the request came with */
  readonly sessionId: string;
};

/** Who made the request. */
export type Principal = WorkstationPrincipal | UserPrincipal;

export type PrincipalKind = Principal['kind'];

/** Hono's environment for every router of the api. */
export interface AppEnv {
  Variables: {
    /** From hono's request-id middleware (X-Request-Id) */
    requestId: string;
    /** The process logger with `requestId` bound */
    log: Logger;
    /** Set by the `auth` middleware on routes that require it */
    principal?: Principal;
    /** From the settings, for the `auth` middleware (which gets only the database) */
    sessionTtlHours: number;
  };
}
