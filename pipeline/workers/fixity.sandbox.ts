/**
 * BullMQ sandboxed processor for `maintenance.fixity` (hashing every stored file and verifying
 * signatures is CPU and disk work): see page-process.sandbox.ts for why it runs in a child process.
 */
import type { SandboxedJob } from 'bullmq';
import { loadWorkerConfig } from '../config.js';
import { QUEUES } from '../jobs.js';
import { createWorkerContext, type WorkerContext } from './context.js';
import { runFixity, type FixityOutcome } from './fixity.js';
import { toJobError } from './to-job-error.js';

let ctx: WorkerContext | undefined;

process.once('disconnect', () => process.exit(1));

export default async function fixityJob(job: SandboxedJob): Promise<FixityOutcome> {
  ctx ??= createWorkerContext(loadWorkerConfig(process.env));
  QUEUES.maintenanceFixity.payload.parse(job.data);
  try {
    return await runFixity(ctx);
  } catch (err) {
    throw toJobError(err);
  }
}
