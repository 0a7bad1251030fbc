import type { PrismaClient } from './client.js';

/**
 * True when the batch is closed and none of its pages is still waiting or running, i.e. the
 * dossier assembly may start. Failed pages count as finished: the documents are built from the
 * pages that worked, and the failed ones are listed for the operators to rescan.
 */
export async function batchReadyForAssembly(db: PrismaClient, batchId: string): Promise<boolean> {
  const batch = await db.scanBatch.findUnique({ where: { id: batchId }, select: { status: true } });
  if (batch === null || batch.status !== 'closed') return false;
  const pending = await db.page.count({
    where: { batchId, status: { in: ['queued', 'processing'] } },
  });
  return pending === 0;
}
