/**
 * Scan batches: opening one (creating the dossier, and the default fonds, on first use), closing
 * it (which may start the dossier assembly), and reading it with its uploads and pages.
 *
 * Over 300 lines because opening is most of it (fonds and dossier on first use, Idempotency-Key
 * replays, and the races on both), and it shares the row mapping with closing and reading.
 */
import { createHash } from 'node:crypto';
import { batchReadyForAssembly } from '../../core/db/batch-state.js';
import { Prisma, type PrismaClient } from '../../core/db/client.js';
import { InputError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { enqueue } from '../../pipeline/jobs.js';
import type { AppDeps, Principal } from '../context.js';
import type { Batch, BatchDetail, CloseBatchBody } from '../contracts.js';
import { HttpError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { identicalPages } from './identical-pages.js';

type BatchRow = Prisma.ScanBatchGetPayload<{ include: { dossier: { select: { code: true } } } }>;

/** The API shape of a batch row. */
export function toBatch(b: BatchRow): Batch {
  return {
    id: b.id,
    dossierId: b.dossierId,
    dossierCode: b.dossier.code,
    status: b.status,
    expectedPages: b.expectedPages,
    workstationId: b.workstationId,
    operator: b.operatorName,
    openedAt: b.openedAt.toISOString(),
    closedAt: b.closedAt?.toISOString() ?? null,
    assembledAt: b.assembledAt?.toISOString() ?? null,
    errorCode: b.errorCode,
    errorMessage: b.errorMessage,
  };
}

const withDossierCode = { dossier: { select: { code: true } } } as const;

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/** The validated body of `POST /api/batches` (see OpenBatchBody in contracts.ts). */
export interface OpenBatchFields {
  readonly dossierCode: string;
  readonly fondsCode?: string | undefined;
  readonly title?: string | undefined;
  readonly expectedPages?: number | undefined;
  readonly operator?: string | undefined;
}

export interface Actor {
  readonly principal: Principal;
  readonly requestId: string;
}

/** What {@link openBatch} did: opened `batch` now, or found it opened earlier under the same key. */
export interface OpenBatchResult {
  readonly batch: Batch;
  readonly created: boolean;
}

/** An `Idempotency-Key` with the fingerprint of the body it came with. */
interface KeyedRequest {
  readonly key: string;
  readonly fingerprint: string;
}

/**
 * SHA-256 (hex) of the normalised open request, so that `" HS.1"` and `"HS.1"` count as the same
 * request while any difference in meaning (another dossier, fonds, title or page count) does not.
 */
function openFingerprint(body: OpenBatchFields): string {
  const canonical = JSON.stringify([
    body.dossierCode,
    body.fondsCode ?? null,
    body.title ?? null,
    body.expectedPages ?? null,
    body.operator ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Opens a batch for `body.dossierCode` (already validated and normalised by OpenBatchBody). The
 * dossier is created under `body.fondsCode`, or under the default fonds which is itself created on
 * first use; its status becomes `scanning`.
 *
 * With an `idempotencyKey`, the batch this workstation already opened with that key is returned
 * as it is now (`created: false`) and nothing changes; the key is stored with the new batch
 * otherwise. Two requests with the same key at once make one batch: the loser of the unique index
 * (workstation_id, idempotency_key) reads back the winner's.
 *
 * Throws `fonds.not_found` (422) for an unknown explicit fonds, `dossier.fonds_mismatch` (409)
 * when the dossier belongs to another fonds, `dossier.approved` (409) for an approved dossier,
 * `batch.idempotency_conflict` (409) when the key was used with another body.
 */
export async function openBatch(
  deps: AppDeps,
  actor: Actor,
  body: OpenBatchFields,
  idempotencyKey?: string,
): Promise<OpenBatchResult> {
  const keyed =
    idempotencyKey === undefined
      ? undefined
      : { key: idempotencyKey, fingerprint: openFingerprint(body) };
  // Two first batches of a new dossier race on its unique code, and two repeats of one open race
  // on their key: the loser retries, and finds the dossier or the batch.
  for (let attempt = 1; ; attempt++) {
    if (keyed !== undefined) {
      const earlier = await findKeyed(deps.db, actor.principal.id, keyed);
      if (earlier !== undefined) return { batch: earlier, created: false };
    }
    try {
      const batch = await deps.db.$transaction((tx) => openInTx(tx, deps, actor, body, keyed));
      return { batch, created: true };
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

/** The batch `workstationId` opened with `keyed.key`; 409 if it came with another body. */
async function findKeyed(
  db: PrismaClient,
  workstationId: string,
  keyed: KeyedRequest,
): Promise<Batch | undefined> {
  const row = await db.scanBatch.findFirst({
    where: { workstationId, idempotencyKey: keyed.key },
    include: withDossierCode,
  });
  if (row === null) return undefined;
  if (row.idempotencyFingerprint !== keyed.fingerprint) {
    throw new HttpError(409, 'batch.idempotency_conflict', {
      message: `Idempotency-Key "${keyed.key}" đã được dùng để mở lô ${row.id} (hồ sơ ${row.dossier.code}) với nội dung khác / Idempotency-Key "${keyed.key}" was already used to open batch ${row.id} (dossier ${row.dossier.code}) with a different request body`,
      hint: 'Gửi lại đúng nội dung của lần mở đầu, hoặc dùng khóa mới để mở lô mới / Resend the body of the first open, or use a new key to open a new batch',
    });
  }
  return toBatch(row);
}

async function openInTx(
  tx: Prisma.TransactionClient,
  deps: AppDeps,
  actor: Actor,
  body: OpenBatchFields,
  keyed: KeyedRequest | undefined,
): Promise<Batch> {
  const { archive } = deps.config;
  const fondsCode = body.fondsCode ?? archive.defaultFondsCode;
  const who = { actor: actor.principal, requestId: actor.requestId };
  let fonds = await tx.fonds.findUnique({ where: { code: fondsCode } });
  if (fonds === null) {
    if (fondsCode !== archive.defaultFondsCode) {
      throw new InputError('fonds.not_found', {
        message: `Phông ${fondsCode} chưa có trong danh mục / Fonds ${fondsCode} is not registered`,
        hint: `Bỏ trống fondsCode để dùng phông mặc định ${archive.defaultFondsCode}, hoặc đăng ký phông trước / Leave fondsCode out to use the default fonds ${archive.defaultFondsCode}, or register the fonds first`,
        status: 422,
      });
    }
    fonds = await tx.fonds.create({
      data: { code: fondsCode, archiveCode: archive.code, name: `Phông ${fondsCode}` },
    });
    await audit(tx, {
      ...who,
      action: 'fonds.create',
      entityType: 'fonds',
      entityId: fonds.id,
      after: { code: fondsCode, archiveCode: archive.code },
    });
  }

  let dossier = await tx.dossier.findUnique({ where: { code: body.dossierCode } });
  if (dossier === null) {
    dossier = await tx.dossier.create({
      data: {
        code: body.dossierCode,
        fondsId: fonds.id,
        title: body.title ?? null,
        expectedPages: body.expectedPages ?? null,
        status: 'scanning',
      },
    });
    await audit(tx, {
      ...who,
      action: 'dossier.create',
      entityType: 'dossier',
      entityId: dossier.id,
      after: { code: dossier.code, fondsCode, title: dossier.title, status: dossier.status },
    });
  } else {
    if (body.fondsCode !== undefined && dossier.fondsId !== fonds.id) {
      throw new HttpError(409, 'dossier.fonds_mismatch', {
        message: `Hồ sơ ${dossier.code} thuộc phông khác, không phải ${fondsCode} / Dossier ${dossier.code} belongs to another fonds, not ${fondsCode}`,
        hint: 'Kiểm tra mã hồ sơ và mã phông / Check the dossier and fonds codes',
      });
    }
    if (dossier.status === 'approved') {
      throw new HttpError(409, 'dossier.approved', {
        message: `Hồ sơ ${dossier.code} đã được duyệt, không quét thêm được / Dossier ${dossier.code} is approved and takes no more scans`,
        hint: 'Nếu cần quét bổ sung, đề nghị người quản lý mở lại hồ sơ / To add scans, ask a manager to reopen the dossier',
      });
    }
    const setTitle = body.title !== undefined && dossier.title === null;
    if (dossier.status !== 'scanning' || setTitle) {
      const before = { status: dossier.status, title: dossier.title };
      dossier = await tx.dossier.update({
        where: { id: dossier.id },
        data: {
          status: 'scanning',
          ...(setTitle ? { title: body.title } : {}),
          version: { increment: 1 },
        },
      });
      await audit(tx, {
        ...who,
        action: 'dossier.update',
        entityType: 'dossier',
        entityId: dossier.id,
        before,
        after: { status: dossier.status, title: dossier.title },
      });
    }
  }

  const batch = await tx.scanBatch.create({
    data: {
      dossierId: dossier.id,
      workstationId: actor.principal.id,
      expectedPages: body.expectedPages ?? null,
      operatorName: body.operator ?? null,
      idempotencyKey: keyed?.key ?? null,
      idempotencyFingerprint: keyed?.fingerprint ?? null,
    },
    include: withDossierCode,
  });
  await audit(tx, {
    ...who,
    action: 'batch.open',
    entityType: 'scan_batch',
    entityId: batch.id,
    after: {
      dossierCode: dossier.code,
      expectedPages: batch.expectedPages,
      operator: batch.operatorName,
      status: batch.status,
    },
  });
  return toBatch(batch);
}

/**
 * Closes batch `id` (idempotent: a batch already past `open` is returned as it is). The dossier
 * moves to `processing` when no other batch of it is open. Afterwards, when every page of the batch
 * is done or failed, `dossier.assemble` is enqueued (job id = batch id, so repeats are harmless).
 * Throws `batch.not_found` (404).
 */
export async function closeBatch(
  deps: AppDeps,
  actor: Actor,
  id: string,
  body: CloseBatchBody,
  log: Logger,
): Promise<Batch> {
  const who = { actor: actor.principal, requestId: actor.requestId };
  const batch = await deps.db.$transaction(async (tx) => {
    // FOR UPDATE waits for uploads in flight (they hold FOR SHARE) and blocks new ones.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM scan_batch WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFound('batch', id);
    const current = await tx.scanBatch.findUniqueOrThrow({
      where: { id },
      include: { dossier: true },
    });
    if (current.status !== 'open')
      return tx.scanBatch.findUniqueOrThrow({ where: { id }, include: withDossierCode });
    const closed = await tx.scanBatch.update({
      where: { id },
      data: {
        status: 'closed',
        closedAt: new Date(),
        ...(body.expectedPages === undefined ? {} : { expectedPages: body.expectedPages }),
      },
      include: withDossierCode,
    });
    await audit(tx, {
      ...who,
      action: 'batch.close',
      entityType: 'scan_batch',
      entityId: id,
      before: { status: current.status, expectedPages: current.expectedPages },
      after: { status: closed.status, expectedPages: closed.expectedPages },
    });
    const stillOpen = await tx.scanBatch.count({
      where: { dossierId: current.dossierId, status: 'open', id: { not: id } },
    });
    if (stillOpen === 0 && current.dossier.status === 'scanning') {
      await tx.dossier.update({
        where: { id: current.dossierId },
        data: { status: 'processing', version: { increment: 1 } },
      });
      await audit(tx, {
        ...who,
        action: 'dossier.update',
        entityType: 'dossier',
        entityId: current.dossierId,
        before: { status: 'scanning' },
        after: { status: 'processing' },
      });
    }
    return closed;
  });
  if (await batchReadyForAssembly(deps.db, id)) {
    await enqueue(deps.queues, 'dossierAssemble', { batchId: id });
    log.info({ batchId: id }, 'batch closed with every page finished; assembly enqueued');
  }
  return toBatch(batch);
}

/** Batch `id` with page counts, uploads in seq order and pages in scan order. Throws `batch.not_found`. */
export async function getBatch(db: PrismaClient, id: string): Promise<BatchDetail> {
  const b = await db.scanBatch.findUnique({
    where: { id },
    include: {
      ...withDossierCode,
      uploads: { orderBy: { seq: 'asc' }, include: { identicalTo: { select: { seq: true } } } },
      pages: {
        select: {
          id: true,
          uploadId: true,
          frameIndex: true,
          status: true,
          errorCode: true,
          errorMessage: true,
          errorHint: true,
          upload: { select: { seq: true, originalName: true, identicalToId: true } },
        },
        orderBy: [{ upload: { seq: 'asc' } }, { frameIndex: 'asc' }],
      },
    },
  });
  if (b === null) throw notFound('batch', id);
  const pageCounts = { queued: 0, processing: 0, done: 0, failed: 0, total: b.pages.length };
  for (const p of b.pages) pageCounts[p.status]++;
  const twins = identicalPages(
    b.pages.map((p) => ({ ...p, identicalToUploadId: p.upload.identicalToId })),
  );
  return {
    ...toBatch(b),
    pageCounts,
    uploads: b.uploads.map((u) => ({
      id: u.id,
      seq: u.seq,
      sha256: u.sha256,
      bytes: Number(u.bytes),
      declaredType: u.declaredType,
      mediaType: u.mediaType,
      originalName: u.originalName,
      frameCount: u.frameCount,
      identicalTo:
        u.identicalToId === null || u.identicalTo === null
          ? null
          : { uploadId: u.identicalToId, seq: u.identicalTo.seq },
      createdAt: u.createdAt.toISOString(),
    })),
    pages: b.pages.map((p) => ({
      id: p.id,
      uploadId: p.uploadId,
      uploadSeq: p.upload.seq,
      frameIndex: p.frameIndex,
      originalName: p.upload.originalName,
      status: p.status,
      errorCode: p.errorCode,
      errorMessage: p.errorMessage,
      errorHint: p.errorHint,
      identicalToPageId: twins.get(p.id) ?? null,
    })),
  };
}
