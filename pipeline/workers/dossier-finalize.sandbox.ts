/**
 * BullMQ sandboxed processor for `dossier.finalize` (rebuilding and signing a dossier's PDFs is
 * CPU-heavy): see page-process.sandbox.ts for why it runs in a child process.
 */
import type { SandboxedJob } from 'bullmq';
import { loadWorkerConfig } from '../config.js';
import { QUEUES } from '../jobs.js';
import { createWorkerContext, type WorkerContext } from './context.js';
import { finalizeDossier, type FinalizeOutcome } from './dossier-finalize.js';
import { toJobError } from './to-job-error.js';

let ctx: WorkerContext | undefined;

process.once('disconnect', () => process.exit(1));

export default async function finalizeDossierJob(job: SandboxedJob): Promise<FinalizeOutcome> {
  ctx ??= createWorkerContext(loadWorkerConfig(process.env));
  const payload = QUEUES.dossierFinalize.payload.parse(job.data);
  try {
    return await finalizeDossier(ctx, payload);
  } catch (err) {
    throw toJobError(err);
  }
}
