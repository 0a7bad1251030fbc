/**
 * BullMQ sandboxed processor for `page.process`: runs in a child process, so decoding, image work
 * and PDF parsing never hold up the worker's event loop (lock renewal), and a crash in native code
 * fails one job instead of the worker. The context (database, OCR engine) is built once per child.
 */
import type { SandboxedJob } from 'bullmq';
import { loadWorkerConfig } from '../config.js';
import { QUEUES } from '../jobs.js';
import { createWorkerContext, type WorkerContext } from './context.js';
import { processPage, type PageOutcome } from './page-process.js';
import { toJobError } from './to-job-error.js';

let ctx: WorkerContext | undefined;

// When the worker process dies (even by SIGKILL) the IPC channel closes: stop at once rather than
// go on unseen; the restarted worker takes the job over when its lock expires.
process.once('disconnect', () => process.exit(1));

export default async function processPageJob(job: SandboxedJob): Promise<PageOutcome> {
  ctx ??= createWorkerContext(loadWorkerConfig(process.env));
  const { pageId } = QUEUES.pageProcess.payload.parse(job.data);
  try {
    return await processPage(ctx, pageId, {
      made: job.attemptsMade,
      max: job.opts.attempts ?? 1,
    });
  } catch (err) {
    throw toJobError(err);
  }
}
