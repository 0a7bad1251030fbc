/**
 * The one table of queues: names, payload schemas, retry policy and job ids.
 *
 * Payloads carry ids only; everything else is read from PostgreSQL and the blob store by the
 * worker, so a job can be retried, replayed or re-enqueued by the sweeper at any time. Job ids are
 * the entity id, so enqueueing twice is harmless while the first job is kept; idempotent writes in
 * the workers are the real guarantee (a removed job no longer dedupes).
 *
 * The api imports this file for names and schemas only.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';

/** Processes one page: decode → orientation → deskew → cleanup → blank/separator → OCR. */
export const PageProcessPayload = z.object({ pageId: z.uuid() }).strict();
export type PageProcessPayload = z.infer<typeof PageProcessPayload>;

/**
 * Assembles a closed batch whose pages are all finished: split into documents, draft metadata,
 * one PDF/A per document.
 */
export const DossierAssemblePayload = z.object({ batchId: z.uuid() }).strict();
export type DossierAssemblePayload = z.infer<typeof DossierAssemblePayload>;

/**
 * Finalizes an approved dossier: rebuilds and signs every document's PDF/A with the approved
 * metadata and records one immutable catalogue entry per document. `version` is the dossier
 * version the approval produced (`dossier.approvedVersion`); a job whose version is no longer the
 * approved one ends without doing anything.
 */
export const DossierFinalizePayload = z
  .object({ dossierId: z.uuid(), version: z.number().int().min(0) })
  .strict();
export type DossierFinalizePayload = z.infer<typeof DossierFinalizePayload>;

/** Finds work that fell between two chairs (a crash between a commit and an enqueue). */
export const MaintenanceSweepPayload = z.object({}).strict();
export type MaintenanceSweepPayload = z.infer<typeof MaintenanceSweepPayload>;

/** Re-hashes every stored PDF and master and verifies the PDFs' signatures (fixity.ts). */
export const MaintenanceFixityPayload = z.object({}).strict();
export type MaintenanceFixityPayload = z.infer<typeof MaintenanceFixityPayload>;

export interface QueueSpec<S extends z.ZodType> {
  /** BullMQ queue name, `<entity>.<step>` (never a colon) */
  readonly name: string;
  readonly payload: S;
  /** Total tries, the first included */
  readonly attempts: number;
  /** First retry delay; doubles each time, with jitter */
  readonly backoffMs: number;
  /** Deterministic job id from the payload */
  readonly jobId: (p: z.infer<S>) => string;
  /** Whether the job runs in a sandboxed child process (CPU-heavy work off the main thread) */
  readonly sandboxed: boolean;
  /** How long BullMQ keeps finished jobs (their ids keep deduplicating meanwhile) */
  readonly keepCompletedSeconds: number;
}

const spec = <S extends z.ZodType>(s: QueueSpec<S>): QueueSpec<S> => s;

export const QUEUES = {
  pageProcess: spec({
    name: 'page.process',
    payload: PageProcessPayload,
    attempts: 5,
    backoffMs: 2_000,
    jobId: (p) => p.pageId,
    sandboxed: true,
    keepCompletedSeconds: 24 * 3600,
  }),
  dossierAssemble: spec({
    name: 'dossier.assemble',
    payload: DossierAssemblePayload,
    attempts: 5,
    backoffMs: 5_000,
    jobId: (p) => p.batchId,
    sandboxed: true,
    keepCompletedSeconds: 24 * 3600,
  }),
  dossierFinalize: spec({
    name: 'dossier.finalize',
    payload: DossierFinalizePayload,
    attempts: 5,
    backoffMs: 5_000,
    // One job per approval: a re-approval (new version) finalizes again.
    jobId: (p) => `${p.dossierId}.${p.version}`,
    sandboxed: true,
    keepCompletedSeconds: 24 * 3600,
  }),
  maintenanceSweep: spec({
    name: 'maintenance.sweep',
    payload: MaintenanceSweepPayload,
    attempts: 1,
    backoffMs: 1_000,
    jobId: () => 'sweep',
    sandboxed: false,
    keepCompletedSeconds: 3600,
  }),
  maintenanceFixity: spec({
    name: 'maintenance.fixity',
    payload: MaintenanceFixityPayload,
    // A run that fails (database down) is simply made again by the next schedule.
    attempts: 1,
    backoffMs: 60_000,
    jobId: () => 'fixity',
    sandboxed: true,
    keepCompletedSeconds: 7 * 24 * 3600,
  }),
} as const;

export type QueueKey = keyof typeof QUEUES;

/** BullMQ job options for a queue: retries with exponential backoff and jitter. */
export function jobOptions(key: QueueKey): {
  attempts: number;
  backoff: { type: 'exponential'; delay: number; jitter: number };
  removeOnComplete: { age: number };
  removeOnFail: { age: number };
} {
  const q = QUEUES[key];
  return {
    attempts: q.attempts,
    backoff: { type: 'exponential', delay: q.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: q.keepCompletedSeconds },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** One BullMQ Queue per entry of the table. */
export type QueueSet = { readonly [K in QueueKey]: Queue };

/** Opens a Queue for every entry of the table on one Redis connection and key prefix. */
export function createQueues(connection: ConnectionOptions, prefix: string): QueueSet {
  const open = (key: QueueKey): Queue => new Queue(QUEUES[key].name, { connection, prefix });
  return {
    pageProcess: open('pageProcess'),
    dossierAssemble: open('dossierAssemble'),
    dossierFinalize: open('dossierFinalize'),
    maintenanceSweep: open('maintenanceSweep'),
    maintenanceFixity: open('maintenanceFixity'),
  };
}

/** Closes every queue of the set. */
export async function closeQueues(queues: QueueSet): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/**
 * Validates the payload and adds the job with its deterministic id and the table's retry policy.
 * Adding a job whose id is already in the queue is a no-op.
 */
export async function enqueue<K extends QueueKey>(
  queues: QueueSet,
  key: K,
  payload: z.input<(typeof QUEUES)[K]['payload']>,
): Promise<void> {
  const spec = QUEUES[key] as QueueSpec<z.ZodType>;
  const data: unknown = spec.payload.parse(payload);
  await queues[key].add(spec.name, data, { ...jobOptions(key), jobId: spec.jobId(data) });
}
