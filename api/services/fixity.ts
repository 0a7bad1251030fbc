/**
 * Fixity as the api shows it: the periodic runs of the worker's `maintenance.fixity` job with what
 * they found, and an on-demand check of one document's stored PDF (hash and signature).
 */
import { createHash } from 'node:crypto';
import type { Viewer } from '../../core/domain/access.js';
import type { PrismaClient } from '../../core/db/client.js';
import type { BlobStore } from '../../core/storage/blob-store.js';
import { verifyPdfSignature } from '../../core/signature/verify-pdf.js';
import type { FixityRuns, SignatureCheck } from '../contracts.js';
import { documentPdf } from './pages.js';

/** The latest `limit` runs, newest first, each with its first 100 problems. */
export async function listFixityRuns(db: PrismaClient, limit: number): Promise<FixityRuns> {
  const runs = await db.fixityRun.findMany({
    orderBy: { startedAt: 'desc' },
    take: limit,
    include: { found: { orderBy: { id: 'asc' }, take: 100 } },
  });
  return {
    runs: runs.map((r) => ({
      id: r.id,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      checked: r.checked,
      problems: r.problems,
      found: r.found.map((p) => ({
        subjectType: p.subjectType as FixityRuns['runs'][number]['found'][number]['subjectType'],
        subjectId: p.subjectId,
        sha256: p.sha256,
        code: p.code as 'fixity.missing' | 'fixity.hash_mismatch' | 'fixity.signature_invalid',
        message: p.message,
        foundAt: p.foundAt.toISOString(),
      })),
    })),
  };
}

/**
 * Re-hashes the stored PDF of document `id` and verifies its signature, for a `viewer` who may read
 * the document. Throws 404 `document.not_found` / `document.pdf_missing`, 403 `access.forbidden`,
 * and `storage.missing` when the file is gone.
 */
export async function checkDocumentPdf(
  db: PrismaClient,
  blobs: BlobStore,
  viewer: Viewer,
  id: string,
): Promise<SignatureCheck> {
  const ref = await documentPdf(db, viewer, id);
  const bytes = await blobs.read(ref.sha256);
  const intact = createHash('sha256').update(bytes).digest('hex') === ref.sha256;
  const report = await verifyPdfSignature(bytes);
  return {
    sha256: ref.sha256,
    intact,
    ...report,
    problems: [
      ...(intact
        ? []
        : [
            'Tệp đã thay đổi so với lúc lưu (mã băm khác) / The file changed since it was stored (its hash differs)',
          ]),
      ...report.problems,
    ],
  };
}
