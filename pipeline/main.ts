/**
 * The worker process: one BullMQ Worker per queue of pipeline/jobs.ts. Page and dossier jobs run in
 * sandboxed child processes (CPU-heavy work never blocks this process's lock renewal); this
 * process only moves jobs, notices when a batch is ready for assembly, and sweeps.
 *
 * Scale-out is BullMQ's: start more of these, on more machines, against the same Redis and
 * PostgreSQL. Concurrency follows the machine's cores (WORKER_CONCURRENCY overrides).
 */
import { loadDotEnv } from '../core/env-file.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { batchReadyForAssembly } from '../core/db/batch-state.js';
import { createDb } from '../core/db/client.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { loadWorkerConfig } from './config.js';
import { loadSigner } from './signer.js';
import { describeCertificate } from './stages/pdfa/signing-identity.js';
import {
  closeQueues,
  createQueues,
  enqueue,
  PageProcessPayload,
  QUEUES,
  type QueueKey,
} from './jobs.js';
import { sweep } from './workers/sweep.js';

loadDotEnv();

const config = loadWorkerConfig(process.env);
const log = createLogger({
  name: 'sohoa-worker',
  level: config.log.level,
  pretty: config.log.pretty,
});
// The signing certificate is checked before any job is taken: a wrong password or a missing file
// stops the worker here rather than failing every assembly.
const signer = await loadSigner(config.signing, join(config.dataDir, 'signing', 'dev-signing.p12'));
const cert = describeCertificate(signer.certificate);
if (signer.development) {
  log.warn(
    { subject: cert.subject },
    'ký bằng chứng thư thử nghiệm, không dùng cho sản xuất (đặt SIGNING_P12) / signing with a development certificate, not for production (set SIGNING_P12)',
  );
} else {
  log.info({ subject: cert.subject, validTo: cert.validTo }, 'signing certificate loaded');
}

const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
const prefix = config.redis.prefix;
const queues = createQueues(connection, prefix);
const db = createDb(config.databaseUrl, { poolSize: 4 });

/** How each queue is processed: a sandboxed processor file, or a function run here. */
const HANDLERS: { readonly [K in QueueKey]: URL | ((job: Job) => Promise<unknown>) } = {
  pageProcess: new URL('./workers/page-process.sandbox.ts', import.meta.url),
  dossierAssemble: new URL('./workers/dossier-assemble.sandbox.ts', import.meta.url),
  dossierFinalize: new URL('./workers/dossier-finalize.sandbox.ts', import.meta.url),
  maintenanceSweep: () => sweep(db, queues, log),
  maintenanceFixity: new URL('./workers/fixity.sandbox.ts', import.meta.url),
};

const CONCURRENCY: { readonly [K in QueueKey]: number } = {
  pageProcess: config.concurrency,
  // Assembly holds a whole dossier's OCR in memory: one at a time per worker process.
  dossierAssemble: 1,
  // Finalizing rebuilds and signs every PDF of a dossier: one at a time, like assembly.
  dossierFinalize: 1,
  maintenanceSweep: 1,
  maintenanceFixity: 1,
};

for (const key of Object.keys(QUEUES) as QueueKey[]) {
  if (!(key in HANDLERS)) {
    throw new AppError('worker.no_handler', {
      message: `queue ${QUEUES[key].name} has no handler`,
      retryable: false,
    });
  }
}

/** After a page finishes for good, its batch may be ready for assembly. */
async function afterPage(pageId: string): Promise<void> {
  const page = await db.page.findUnique({ where: { id: pageId }, select: { batchId: true } });
  if (page !== null && (await batchReadyForAssembly(db, page.batchId))) {
    await enqueue(queues, 'dossierAssemble', { batchId: page.batchId });
  }
}

const workers = (Object.keys(QUEUES) as QueueKey[]).map((key) => {
  const spec = QUEUES[key];
  const worker = new Worker(spec.name, HANDLERS[key], {
    connection,
    prefix,
    concurrency: CONCURRENCY[key],
    // A job whose worker died is taken over after its lock expires; allow that twice before
    // calling the job failed (a page that kills its worker every time is a bad page).
    maxStalledCount: 2,
    lockDuration: 30_000,
    stalledInterval: 15_000,
  });
  worker.on('failed', (job, err) => {
    log.warn(
      { queue: spec.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message },
      'job failed',
    );
    if (key === 'pageProcess' && job !== undefined) {
      const finished =
        job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      const payload = PageProcessPayload.safeParse(job.data);
      if (finished && payload.success)
        void afterPage(payload.data.pageId).catch((e: unknown) =>
          log.error({ err: e }, 'assembly check failed'),
        );
    }
  });
  worker.on('completed', (job) => {
    const payload = PageProcessPayload.safeParse(job.data);
    if (key === 'pageProcess' && payload.success) {
      void afterPage(payload.data.pageId).catch((e: unknown) =>
        log.error({ err: e }, 'assembly check failed'),
      );
    }
  });
  worker.on('error', (err) => log.error({ queue: spec.name, err }, 'worker error'));
  return worker;
});

await queues.maintenanceSweep.upsertJobScheduler(
  'sweep',
  { every: config.sweepIntervalMs },
  { name: QUEUES.maintenanceSweep.name, data: {} },
);
await queues.maintenanceFixity.upsertJobScheduler(
  'fixity',
  { every: config.fixityIntervalMs },
  { name: QUEUES.maintenanceFixity.name, data: {} },
);
await Promise.all(workers.map((w) => w.waitUntilReady()));
log.info(
  { concurrency: config.concurrency, queues: workers.map((w) => w.name), prefix },
  'worker ready',
);

// Container health: touched while every worker is running (docker-compose.yml checks its age).
const heartbeat =
  config.healthFile === null
    ? null
    : setInterval(() => {
        if (workers.every((w) => w.isRunning())) {
          void writeFile(config.healthFile ?? '', `${Date.now()}\n`).catch(() => undefined);
        }
      }, 10_000);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (heartbeat !== null) clearInterval(heartbeat);
  log.info({ signal }, 'worker stopping');
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues(queues);
  await db.$disconnect();
  connection.disconnect();
  log.info('worker stopped');
}
process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
