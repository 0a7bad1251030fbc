/**
 * The `dossier.finalize` job: once a reviewer has approved a dossier, every document's PDF/A is
 * rebuilt from its current pages (document_page order, each page turned by its review rotation)
 * with the approved metadata, signed like the assembly's, stored, and recorded as one immutable
 * catalogue record per document; then the dossier is marked catalogued.
 *
 * Idempotent and safe to retry: a document that already has its record for this approval is
 * skipped, the record is written with the document's new PDF and its audit event in one
 * transaction that first locks the dossier row and checks the approval still stands, and the
 * PDF's bytes depend only on the approval (its dates are the approval time), so a retry stores
 * the same blob again. A job whose approval is no longer current (re-approved, reopened) ends
 * without doing anything.
 */
import type { Document, Prisma } from '../../core/db/client.js';
import { AppError } from '../../core/errors.js';
import type { OcrResult, PreparedPage } from '../domain.js';
import type { DossierFinalizePayload } from '../jobs.js';
import { pdfFileName, toPdfPage, wordBoxesPt } from '../dossier-pipeline.js';
import { parseOcr, preparedFrom, PreparedMeta } from '../persisted.js';
import { buildPdfA } from '../stages/pdfa/index.js';
import { signPdf } from '../stages/pdfa/sign.js';
import { quarterTurn, type QuarterTurn } from '../stages/quarter-turn.js';
import { PRODUCER } from '../version.js';
import type { WorkerContext } from './context.js';
import { nameUuid } from './dossier-assemble.js';
import {
  approvedPdfMetadata,
  catalogueMetadata,
  dossierRecordMetadata,
  type ApprovedDossier,
} from './dossier-finalize-metadata.js';

export interface FinalizeOutcome {
  readonly dossierId: string;
  readonly version: number;
  /** `stale`: the approval is no longer current; `done`: catalogued (now or by an earlier run) */
  readonly status: 'done' | 'stale';
  /** Catalogue records this run added */
  readonly records: number;
}

/** Files of a catalogue record (`catalogue_record.files`). */
export interface RecordFiles {
  readonly pdf: string;
  /** The uploads the pages came from, in page order, each once */
  readonly masters: string[];
  /** The page images as the PDF holds them (turned when the reviewer turned them), in order */
  readonly images: string[];
}

/** Page separator in a record's full text (form feed, as pdftotext writes it). */
export const PAGE_BREAK = '\f';

/**
 * Finalizes approval `version` of dossier `dossierId`: see the file comment.
 *
 * Throws `finalize.dossier_not_found`, `finalize.document_empty`, `finalize.page_incomplete`,
 * `finalize.rotation_invalid` (all not retryable) and whatever the PDF/A builder, the signer and
 * the blob store throw; a database error is retried by the queue.
 */
export async function finalizeDossier(
  ctx: WorkerContext,
  payload: DossierFinalizePayload,
): Promise<FinalizeOutcome> {
  const { dossierId, version } = payload;
  const { db } = ctx;
  const log = ctx.log.child({ dossierId, version });
  const dossier = await db.dossier.findUnique({
    where: { id: dossierId },
    include: { fonds: { select: { code: true, name: true } } },
  });
  if (dossier === null) {
    throw new AppError('finalize.dossier_not_found', {
      message: `Không có hồ sơ ${dossierId} / dossier ${dossierId} does not exist`,
      retryable: false,
    });
  }
  const stale: FinalizeOutcome = { dossierId, version, status: 'stale', records: 0 };
  const approvedAt = dossier.approvedAt;
  if (dossier.status !== 'approved' || dossier.approvedVersion !== version || approvedAt === null) {
    log.info(
      { status: dossier.status, approvedVersion: dossier.approvedVersion },
      'finalize skipped: the approval is no longer current',
    );
    return stale;
  }
  const documents = await db.document.findMany({
    where: { dossierId },
    orderBy: { seq: 'asc' },
  });
  const recorded = new Set(
    (
      await db.catalogueRecord.findMany({
        where: { dossierId, approvedVersion: version },
        select: { documentId: true },
      })
    ).map((r) => r.documentId),
  );
  // Everything of this approval is recorded and the dossier marked since: a rerun changes nothing.
  if (
    documents.every((d) => recorded.has(d.id)) &&
    dossier.cataloguedAt !== null &&
    dossier.cataloguedAt >= approvedAt
  ) {
    return { dossierId, version, status: 'done', records: 0 };
  }
  let added = 0;
  for (const doc of documents) {
    if (recorded.has(doc.id)) continue;
    const built = await buildApprovedDocument(ctx, doc, dossier, approvedAt);
    const wrote = await recordDocument(ctx, dossier, { version, approvedAt }, doc, built);
    if (wrote === 'stale') return { ...stale, records: added };
    if (wrote === 'added') added++;
  }

  const done = await db.$transaction(async (tx) => {
    if (!(await approvalStands(tx, dossierId, version))) return false;
    const at = new Date();
    await recordDossier(tx, dossier, { version, approvedAt }, ctx.config.archive);
    await tx.dossier.update({ where: { id: dossierId }, data: { cataloguedAt: at } });
    await tx.auditEvent.create({
      data: {
        actorType: 'system',
        actorId: 'pipeline',
        action: 'dossier.catalogue',
        entityType: 'dossier',
        entityId: dossierId,
        before: { cataloguedAt: dossier.cataloguedAt?.toISOString() ?? null },
        after: {
          cataloguedAt: at.toISOString(),
          approvedVersion: version,
          documents: documents.length,
        },
      },
    });
    return true;
  });
  if (!done) return { ...stale, records: added };
  log.info({ documents: documents.length, records: added }, 'dossier catalogued');
  return { dossierId, version, status: 'done', records: added };
}

interface BuiltDocument {
  readonly pdf: Buffer;
  readonly pdfSha256: string;
  readonly pdfName: string;
  readonly fullText: string;
  readonly files: RecordFiles;
  readonly metadata: Prisma.InputJsonValue;
}

/** Builds, signs and stores the approved PDF/A of one document. */
async function buildApprovedDocument(
  ctx: WorkerContext,
  doc: Document,
  dossier: ApprovedDossier,
  approvedAt: Date,
): Promise<BuiltDocument> {
  const rows = await ctx.db.documentPage.findMany({
    where: { documentId: doc.id },
    orderBy: { position: 'asc' },
    include: { page: { include: { stages: true, upload: { select: { sha256: true } } } } },
  });
  if (rows.length === 0) {
    throw new AppError('finalize.document_empty', {
      message: `Tài liệu ${doc.id} (số ${doc.seq}) không có trang nào / document ${doc.id} (no. ${doc.seq}) has no pages`,
      hint: 'Mở lại hồ sơ để xếp trang cho tài liệu / Reopen the dossier and give the document its pages',
      retryable: false,
    });
  }
  const pages: { page: PreparedPage; ocr: OcrResult | null }[] = [];
  const images: string[] = [];
  const masters: string[] = [];
  for (const { page: row } of rows) {
    const prep = row.stages.find((s) => s.stage === 'prepare');
    const ocrStage = row.stages.find((s) => s.stage === 'ocr');
    if (prep === undefined || prep.artifactSha === null || ocrStage === undefined) {
      throw new AppError('finalize.page_incomplete', {
        message: `Trang ${row.id} của tài liệu ${doc.id} chưa xử lý xong / page ${row.id} of document ${doc.id} has no processing results`,
        hint: 'Cho trang xử lý lại hoặc bỏ nó khỏi tài liệu / Process the page again or take it out of the document',
        retryable: false,
      });
    }
    const prepared = preparedFrom(
      PreparedMeta.parse(prep.output),
      await ctx.blobs.read(prep.artifactSha),
    );
    const ocr =
      ocrStage.artifactSha === null ? null : parseOcr(await ctx.blobs.read(ocrStage.artifactSha));
    const turned = await quarterTurn({
      page: prepared,
      ocr,
      turnDeg: reviewTurn(row.id, row.reviewRotation),
      jpegQuality: ctx.config.prepare.jpegQuality,
      label: `trang/page ${row.id}`,
    });
    images.push(
      turned.page === prepared
        ? prep.artifactSha
        : (await ctx.blobs.put(turned.page.encoded)).sha256,
    );
    if (!masters.includes(row.upload.sha256)) masters.push(row.upload.sha256);
    pages.push(turned);
  }
  const forPdf = { ...doc, pageCount: pages.length };
  const pdfA = await buildPdfA(
    pages.map((p) => toPdfPage(p.page, p.ocr)),
    approvedPdfMetadata(forPdf, dossier, {
      archive: ctx.config.archive,
      producer: PRODUCER,
      approvedAt,
    }),
  );
  const pdf = await signPdf(pdfA, await ctx.signer(), {
    signedAt: approvedAt,
    reason: ctx.config.signing.reason,
    ...(ctx.config.signing.location !== null ? { location: ctx.config.signing.location } : {}),
    keepClearOf: pages[0] === undefined ? [] : wordBoxesPt(pages[0].page, pages[0].ocr),
  });
  const stored = await ctx.blobs.put(pdf);
  return {
    pdf,
    pdfSha256: stored.sha256,
    pdfName: pdfFileName(dossier.code, doc.seq),
    fullText: pages.map((p) => p.ocr?.text ?? '').join(PAGE_BREAK),
    files: { pdf: stored.sha256, masters, images },
    metadata: catalogueMetadata(
      forPdf,
      dossier,
      ctx.config.archive,
    ) as unknown as Prisma.InputJsonValue,
  };
}

/**
 * Writes the document's record for this approval, its new PDF and the audit event, in one
 * transaction. `exists`: a record for this approval was already there (a retried job).
 */
async function recordDocument(
  ctx: WorkerContext,
  dossier: ApprovedDossier,
  approval: { readonly version: number; readonly approvedAt: Date },
  doc: Document,
  built: BuiltDocument,
): Promise<'added' | 'exists' | 'stale'> {
  const approvedVersion = approval.version;
  return ctx.db.$transaction(async (tx) => {
    if (!(await approvalStands(tx, dossier.id, approvedVersion))) return 'stale';
    const existing = await tx.catalogueRecord.findUnique({
      where: { documentId_approvedVersion: { documentId: doc.id, approvedVersion } },
      select: { id: true },
    });
    if (existing !== null) return 'exists';
    const last = await tx.catalogueRecord.aggregate({
      where: { documentId: doc.id },
      _max: { version: true },
    });
    const version = (last._max.version ?? 0) + 1;
    const id = nameUuid(`sohoa:catalogue:${doc.id}:${approvedVersion}`);
    await tx.catalogueRecord.create({
      data: {
        id,
        documentId: doc.id,
        dossierId: dossier.id,
        version,
        approvedVersion,
        metadata: built.metadata,
        fullText: built.fullText,
        pdfSha256: built.pdfSha256,
        pdfBytes: built.pdf.length,
        pdfName: built.pdfName,
        signed: true,
        files: built.files as unknown as Prisma.InputJsonValue,
        approvedById: dossier.approvedById,
        approvedAt: approval.approvedAt,
      },
    });
    await tx.document.update({
      where: { id: doc.id },
      data: {
        pdfSha256: built.pdfSha256,
        pdfBytes: built.pdf.length,
        pdfName: built.pdfName,
        status: 'approved',
      },
    });
    await tx.auditEvent.create({
      data: {
        actorType: 'system',
        actorId: 'pipeline',
        action: 'catalogue.ingest',
        entityType: 'document',
        entityId: doc.id,
        before: { pdfSha256: doc.pdfSha256, status: doc.status },
        after: {
          recordId: id,
          version,
          approvedVersion,
          pdfSha256: built.pdfSha256,
          pdfName: built.pdfName,
          status: 'approved',
        },
      },
    });
    return 'added';
  });
}

/**
 * Writes the dossier's own catalogue record for this approval (its TT 05 fields and the document
 * records of the approval, in document order), unless a retry already did.
 */
async function recordDossier(
  tx: Prisma.TransactionClient,
  dossier: ApprovedDossier,
  approval: { readonly version: number; readonly approvedAt: Date },
  archive: { readonly code: string; readonly name: string },
): Promise<void> {
  const approvedVersion = approval.version;
  const existing = await tx.catalogueDossierRecord.findUnique({
    where: { dossierId_approvedVersion: { dossierId: dossier.id, approvedVersion } },
    select: { id: true },
  });
  if (existing !== null) return;
  const records = await tx.catalogueRecord.findMany({
    where: { dossierId: dossier.id, approvedVersion },
    select: { id: true, document: { select: { seq: true } } },
  });
  records.sort((a, b) => a.document.seq - b.document.seq);
  const last = await tx.catalogueDossierRecord.aggregate({
    where: { dossierId: dossier.id },
    _max: { version: true },
  });
  await tx.catalogueDossierRecord.create({
    data: {
      id: nameUuid(`sohoa:catalogue-dossier:${dossier.id}:${approvedVersion}`),
      dossierId: dossier.id,
      version: (last._max.version ?? 0) + 1,
      approvedVersion,
      metadata: dossierRecordMetadata(dossier, archive) as unknown as Prisma.InputJsonValue,
      recordIds: records.map((r) => r.id),
      approvedById: dossier.approvedById,
      approvedAt: approval.approvedAt,
    },
  });
}

/**
 * Locks the dossier row until the transaction ends (an approval or a reopening waits for it) and
 * says whether approval `version` is still the current one.
 */
async function approvalStands(
  tx: Prisma.TransactionClient,
  dossierId: string,
  version: number,
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ status: string; approved_version: number | null }[]>`
    SELECT status::text AS status, approved_version FROM dossier
    WHERE id = ${dossierId}::uuid FOR SHARE`;
  const row = rows[0];
  return row !== undefined && row.status === 'approved' && row.approved_version === version;
}

function reviewTurn(pageId: string, deg: number): QuarterTurn {
  if (deg === 0 || deg === 90 || deg === 180 || deg === 270) return deg;
  throw new AppError('finalize.rotation_invalid', {
    message: `Trang ${pageId} có góc xoay ${deg}° / page ${pageId} has a review rotation of ${deg}°`,
    retryable: false,
  });
}
