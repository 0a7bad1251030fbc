/**
 * BullMQ sandboxed processor for `dossier.assemble` (splitting, metadata and PDF/A building are
 * CPU-heavy JavaScript): see page-process.sandbox.ts for why it runs in a child process.
 */
import type { SandboxedJob } from 'bullmq';
import { loadWorkerConfig } from '../config.js';
import { QUEUES } from '../jobs.js';
import { createWorkerContext, type WorkerContext } from './context.js';
import { assembleBatch, type AssembleOutcome } from './dossier-assemble.js';
import { toJobError } from './to-job-error.js';

let ctx: WorkerContext | undefined;

process.once('disconnect', () => process.exit(1));

export default async function assembleDossierJob(job: SandboxedJob): Promise<AssembleOutcome> {
  ctx ??= createWorkerContext(loadWorkerConfig(process.env));
  const { batchId } = QUEUES.dossierAssemble.payload.parse(job.data);
  try {
    return await assembleBatch(ctx, batchId, {
      made: job.attemptsMade,
      max: job.opts.attempts ?? 1,
    });
  } catch (err) {
    throw toJobError(err);
  }
}
