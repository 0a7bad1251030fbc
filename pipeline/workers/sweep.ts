/**
 * The `maintenance.sweep` job: finds work that fell between two chairs and puts it back on its
 * queue. A page row is committed before its job is added; a process that dies between the two (or a
 * Redis that lost its data) leaves a page no job will ever pick up. The same holds for a closed batch
 * whose last page finished while no worker was there to notice, and for an approved dossier whose
 * finalize job was lost between the approval's commit and its enqueue. Cheap: a few indexed queries.
 */
import type { PrismaClient } from '../../core/db/client.js';
import { batchReadyForAssembly } from '../../core/db/batch-state.js';
import type { Logger } from '../../core/log.js';
import { enqueue, QUEUES, type QueueSet } from '../jobs.js';

export interface SweepResult {
  readonly pagesRequeued: number;
  readonly pagesFailed: number;
  readonly batchesRequeued: number;
  readonly dossiersRequeued: number;
}

/** Pages younger than this are left alone: their job is probably being added right now. */
const GRACE_MS = 60_000;
const LIMIT = 1000;

export async function sweep(db: PrismaClient, queues: QueueSet, log: Logger): Promise<SweepResult> {
  let pagesRequeued = 0;
  let pagesFailed = 0;
  let batchesRequeued = 0;
  let dossiersRequeued = 0;
  const old = new Date(Date.now() - GRACE_MS);
  const pages = await db.page.findMany({
    where: { status: { in: ['queued', 'processing'] }, createdAt: { lt: old } },
    select: { id: true },
    take: LIMIT,
  });
  for (const { id } of pages) {
    const job = await queues.pageProcess.getJob(QUEUES.pageProcess.jobId({ pageId: id }));
    const state = job === undefined ? null : await job.getState();
    if (job === undefined || state === 'completed' || state === 'unknown') {
      if (job !== undefined) await job.remove();
      await enqueue(queues, 'pageProcess', { pageId: id });
      pagesRequeued++;
    } else if (state === 'failed') {
      await db.page.update({
        where: { id },
        data: {
          status: 'failed',
          errorCode: 'page.job_failed',
          errorMessage: job.failedReason,
        },
      });
      pagesFailed++;
    }
  }
  const batches = await db.scanBatch.findMany({
    where: { status: { in: ['closed', 'assembling'] } },
    select: { id: true, status: true },
    take: LIMIT,
  });
  for (const b of batches) {
    if (b.status === 'closed' && !(await batchReadyForAssembly(db, b.id))) continue;
    const job = await queues.dossierAssemble.getJob(
      QUEUES.dossierAssemble.jobId({ batchId: b.id }),
    );
    const state = job === undefined ? null : await job.getState();
    if (job === undefined || state === 'completed' || state === 'unknown') {
      if (job !== undefined) await job.remove();
      await enqueue(queues, 'dossierAssemble', { batchId: b.id });
      batchesRequeued++;
    }
  }
  // Approved but not catalogued since: the finalize job may never have been added. A failed job is
  // left failed (its reason is on the job); a completed one for the current approval cannot leave
  // the dossier uncatalogued, so it is added again.
  const approved = await db.$queryRaw<{ id: string; approved_version: number }[]>`
    SELECT id, approved_version FROM dossier
    WHERE status = 'approved' AND approved_version IS NOT NULL AND approved_at < ${old}
      AND (catalogued_at IS NULL OR catalogued_at < approved_at)
    LIMIT ${LIMIT}`;
  for (const d of approved) {
    const payload = { dossierId: d.id, version: d.approved_version };
    const job = await queues.dossierFinalize.getJob(QUEUES.dossierFinalize.jobId(payload));
    const state = job === undefined ? null : await job.getState();
    if (job === undefined || state === 'completed' || state === 'unknown') {
      if (job !== undefined) await job.remove();
      await enqueue(queues, 'dossierFinalize', payload);
      dossiersRequeued++;
    }
  }
  if (pagesRequeued + pagesFailed + batchesRequeued + dossiersRequeued > 0) {
    log.warn(
      { pagesRequeued, pagesFailed, batchesRequeued, dossiersRequeued },
      'sweep put lost work back',
    );
  }
  return { pagesRequeued, pagesFailed, batchesRequeued, dossiersRequeued };
}
