/**
 * Recording a received upload: the upload row, one page row per frame and the audit event, in one
 * transaction that holds a share lock on the batch row (closing the batch takes the exclusive lock,
 * so an upload and a close never interleave). Also the reads and errors the upload flow shares.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../core/db/client.js';
import type { InspectResult } from '../../core/inspect/inspect.js';
import type { Principal } from '../context.js';
import type { UploadResult } from '../contracts.js';
import { HttpError, notFound } from '../errors.js';
import { audit } from './audit.js';

/** An upload with its pages (id, status) in frame order and the upload it is identical to. */
export type UploadRow = Prisma.UploadGetPayload<{
  include: {
    pages: { select: { id: true; status: true } };
    identicalTo: { select: { id: true; seq: true } };
  };
}>;

export const withPages = {
  pages: { select: { id: true, status: true }, orderBy: { frameIndex: 'asc' } },
  identicalTo: { select: { id: true, seq: true } },
} as const;

/** The API answer for an upload row. */
export function resultOf(u: UploadRow, created: boolean): UploadResult {
  return {
    uploadId: u.id,
    batchId: u.batchId,
    seq: u.seq,
    sha256: u.sha256,
    bytes: Number(u.bytes),
    mediaType: u.mediaType,
    frameCount: u.frameCount,
    pageIds: u.pages.map((p) => p.id),
    created,
    identicalTo:
      u.identicalTo === null ? null : { uploadId: u.identicalTo.id, seq: u.identicalTo.seq },
  };
}

/** `upload.seq_conflict` (409), naming both hashes. */
export const seqConflict = (
  batchId: string,
  seq: number,
  stored: string,
  sent: string,
): HttpError =>
  new HttpError(409, 'upload.seq_conflict', {
    message: `Lô ${batchId} đã có tệp khác ở vị trí ${seq} (sha256 ${stored}); tệp gửi lên có sha256 ${sent} / Batch ${batchId} already holds another file at seq ${seq} (sha256 ${stored}); this one is ${sent}`,
    hint: 'Gửi tệp này ở vị trí còn trống tiếp theo / Send this file at the next free seq',
  });

/** `batch.not_open` (409). */
export const notOpen = (batchId: string, status: string): HttpError =>
  new HttpError(409, 'batch.not_open', {
    message: `Lô ${batchId} đang ở trạng thái ${status}, không nhận thêm tệp / Batch ${batchId} is ${status} and takes no more uploads`,
    hint: 'Mở lô quét mới cho hồ sơ này / Open a new batch for this dossier',
  });

/** The upload at `seq` of batch `batchId`, with its pages, or null. */
export const findAtSeq = (
  db: PrismaClient,
  batchId: string,
  seq: number,
): Promise<UploadRow | null> =>
  db.upload.findUnique({ where: { batchId_seq: { batchId, seq } }, include: withPages });

export interface RecordInput {
  readonly batchId: string;
  readonly seq: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly declaredType: string;
  readonly found: InspectResult;
  readonly originalName: string | undefined;
  readonly principal: Principal;
  readonly requestId: string;
}

/** The upload, its pages and the audit event, in one transaction under a share lock on the batch. */
export async function recordUpload(
  db: PrismaClient,
  r: RecordInput,
): Promise<{ upload: UploadRow; created: boolean }> {
  return db.$transaction(async (tx) => {
    // Closing takes FOR UPDATE on the same row: an upload and a close never interleave.
    const locked = await tx.$queryRaw<{ status: string; dossier_id: string }[]>`
      SELECT status::text AS status, dossier_id::text AS dossier_id
      FROM scan_batch WHERE id = ${r.batchId}::uuid FOR SHARE`;
    const batch = locked[0];
    if (batch === undefined) throw notFound('batch', r.batchId);
    // Two uploads of the same bytes at different seqs may run at once: this lock makes the later
    // one see the earlier one and record which upload it repeats.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${r.batchId}:${r.sha256}`}, 0))`;
    // Read committed: the same PUT may have committed since the caller's read.
    const atSeq = await tx.upload.findUnique({
      where: { batchId_seq: { batchId: r.batchId, seq: r.seq } },
      include: withPages,
    });
    if (atSeq !== null) {
      if (atSeq.sha256 === r.sha256) return { upload: atSeq, created: false };
      throw seqConflict(r.batchId, r.seq, atSeq.sha256, r.sha256);
    }
    if (batch.status !== 'open') throw notOpen(r.batchId, batch.status);
    // The first stored upload of these bytes (every later one points at it, never at a copy).
    const twin = await tx.upload.findFirst({
      where: { batchId: r.batchId, sha256: r.sha256, identicalToId: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true, seq: true },
    });

    const uploadId = randomUUID();
    const pageIds = Array.from({ length: r.found.frameCount }, () => randomUUID());
    await tx.upload.create({
      data: {
        id: uploadId,
        batchId: r.batchId,
        workstationId: r.principal.id,
        seq: r.seq,
        sha256: r.sha256,
        bytes: BigInt(r.bytes),
        declaredType: r.declaredType,
        mediaType: r.found.mediaType,
        originalName: r.originalName ?? null,
        frameCount: r.found.frameCount,
        identicalToId: twin?.id ?? null,
      },
    });
    await tx.page.createMany({
      data: pageIds.map((id, frameIndex) => ({
        id,
        batchId: r.batchId,
        dossierId: batch.dossier_id,
        uploadId,
        frameIndex,
      })),
    });
    await audit(tx, {
      actor: r.principal,
      action: 'upload.create',
      entityType: 'upload',
      entityId: uploadId,
      after: {
        batchId: r.batchId,
        seq: r.seq,
        sha256: r.sha256,
        bytes: r.bytes,
        mediaType: r.found.mediaType,
        frameCount: r.found.frameCount,
        frameCountKnown: r.found.frameCountKnown,
        originalName: r.originalName ?? null,
        identicalTo: twin === null ? null : { uploadId: twin.id, seq: twin.seq },
      },
      requestId: r.requestId,
    });
    const upload = await tx.upload.findUniqueOrThrow({
      where: { id: uploadId },
      include: withPages,
    });
    return { upload, created: true };
  });
}
