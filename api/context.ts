/**
 * What every request handler can reach: the collaborators built once by main.ts (or by a test)
 * and the request-scoped values middleware puts on Hono's typed context.
 */
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
  readonly config: ApiConfig;
  readonly log: Logger;
}

/** Who made the request. User sessions (operator, reviewer, manager, admin) come later. */
export type Principal = {
  readonly kind: 'workstation';
  readonly id: string;
  readonly name: string;
};

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
  };
}
