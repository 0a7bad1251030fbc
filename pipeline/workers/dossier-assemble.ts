/**
 * The `dossier.assemble` job: once a closed batch has no page left to process, split its pages into
 * documents, draft their metadata, build one PDF/A each, and record them as drafts for review.
 *
 * Idempotent: document ids are derived from the batch and the document's number, blobs are
 * content-addressed, and the documents are written together with the batch's new status in one
 * transaction, so a retry after a crash rebuilds the same records instead of adding more.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../../core/db/client.js';
import { CODE_LISTS, findCode, type CodeListName } from '../../core/domain/code-lists.js';
import { compareKey } from '../../core/domain/vn-text.js';
import { DOCUMENT_FIELDS } from '../../core/domain/metadata-fields.js';
import { AppError, isPermanent } from '../../core/errors.js';
import {
  DRAFT_FIELDS,
  type DraftField,
  type DraftMetadata,
  type PageForAssembly,
} from '../domain.js';
import { buildDocumentPdf, planDocuments } from '../dossier-pipeline.js';
import { draftDossier } from '../stages/dossier-draft.js';
import { parseOcr, preparedFrom, PreparedMeta } from '../persisted.js';
import { PRODUCER } from '../version.js';
import type { WorkerContext } from './context.js';
import type { PageAttempt } from './page-process.js';

export interface AssembleOutcome {
  readonly batchId: string;
  readonly status: 'assembled' | 'skipped';
  readonly documents: number;
}

/** A UUID derived from a name (RFC 4122 layout, version 5 bits over SHA-256). */
export function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function assembleBatch(
  ctx: WorkerContext,
  batchId: string,
  attempt: PageAttempt,
): Promise<AssembleOutcome> {
  const { db } = ctx;
  const batch = await db.scanBatch.findUnique({
    where: { id: batchId },
    include: { dossier: true },
  });
  if (batch === null) {
    throw new AppError('batch.not_found', {
      message: `Không có lô quét ${batchId} / batch ${batchId} does not exist`,
      retryable: false,
    });
  }
  if (batch.status === 'assembled') return { batchId, status: 'skipped', documents: 0 };
  if (batch.status === 'open') {
    throw new AppError('assemble.batch_open', {
      message: `Lô quét ${batchId} chưa đóng / batch ${batchId} is still open`,
      hint: 'Đóng lô quét trước khi ghép hồ sơ / Close the batch before assembling it',
      retryable: false,
    });
  }
  const pending = await db.page.count({
    where: { batchId, status: { in: ['queued', 'processing'] } },
  });
  if (pending > 0) {
    throw new AppError('assemble.pages_pending', {
      message: `Lô quét ${batchId} còn ${pending} trang đang xử lý / batch ${batchId} has ${pending} pages still in process`,
      retryable: true,
    });
  }
  const log = ctx.log.child({ batchId, dossierId: batch.dossierId });
  await db.scanBatch.update({ where: { id: batchId }, data: { status: 'assembling' } });
  try {
    const pages = await loadPages(ctx, batchId);
    const before = await db.document.aggregate({
      where: { dossierId: batch.dossierId, NOT: { batchId } },
      _max: { seq: true },
    });
    const firstSeq = (before._max.seq ?? 0) + 1;
    const plan = planDocuments(
      pages.map((p) => p.forAssembly),
      firstSeq,
    );
    const now = new Date();
    const docs: { id: string; pdfSha256: string; pdfBytes: number; pdfName: string }[] = [];
    for (const doc of plan) {
      const docPages = await Promise.all(
        doc.split.pages.map(async (ix) => {
          const p = pages[ix];
          if (p === undefined) throw new Error(`split named page ${ix}, batch has ${pages.length}`);
          const encoded = await ctx.blobs.read(p.imageSha256);
          return { ...p.forAssembly, prepared: { ...p.forAssembly.prepared, encoded } };
        }),
      );
      const id = nameUuid(`sohoa:document:${batchId}:${doc.seq}`);
      const built = await buildDocumentPdf(doc, docPages, {
        dossierCode: batch.dossier.code,
        firstSeq,
        archive: ctx.config.archive,
        producer: PRODUCER,
        documentId: () => id,
        now,
        signature: {
          identity: await ctx.signer(),
          reason: ctx.config.signing.reason,
          location: ctx.config.signing.location,
        },
      });
      const stored = await ctx.blobs.put(built.pdf);
      docs.push({
        id,
        pdfSha256: stored.sha256,
        pdfBytes: built.pdf.length,
        pdfName: built.pdfName,
      });
    }
    const dates = plan
      .map((d) => d.metadata.date.value)
      .filter((d): d is string => d !== null)
      .sort();
    await db.$transaction(async (tx) => {
      await tx.document.deleteMany({ where: { batchId } });
      for (const [i, doc] of plan.entries()) {
        const built = docs[i];
        if (built === undefined) continue;
        await tx.document.create({
          data: {
            id: built.id,
            dossierId: batch.dossierId,
            batchId,
            seq: doc.seq,
            status: 'draft',
            pageCount: doc.split.pages.length,
            boundaryConfidence: doc.split.boundaryConfidence,
            draft: doc.metadata as unknown as Prisma.InputJsonValue,
            pdfSha256: built.pdfSha256,
            pdfBytes: built.pdfBytes,
            pdfName: built.pdfName,
            accessModeCode: batch.dossier.accessModeCode,
            maintenanceCode: batch.dossier.maintenanceCode,
            ...documentColumns(doc.metadata),
            pages: {
              create: doc.split.pages.map((ix, position) => ({
                pageId: pages[ix]?.pageId ?? '',
                position,
              })),
            },
          },
        });
      }
      await tx.scanBatch.update({
        where: { id: batchId },
        data: { status: 'assembled', assembledAt: now, errorCode: null, errorMessage: null },
      });
      const inDossier = await tx.document.findMany({
        where: { dossierId: batch.dossierId },
        orderBy: { seq: 'asc' },
        select: { draft: true, pageCount: true },
      });
      const dossierDraft = draftDossier(
        inDossier.map((d) => ({ metadata: storedDraft(d.draft), pageCount: d.pageCount })),
      );
      const all = await tx.document.aggregate({
        where: { dossierId: batch.dossierId },
        _count: { _all: true },
        _sum: { pageCount: true },
      });
      await tx.dossier.update({
        where: { id: batch.dossierId },
        data: {
          status: 'in_review',
          inReviewAt: now,
          // New documents: a reviewer who has the dossier open must reload before writing.
          version: { increment: 1 },
          draft: dossierDraft as unknown as Prisma.InputJsonValue,
          totalDocs: all._count._all,
          pageCount: all._sum.pageCount ?? 0,
          ...(dates.length > 0 && batch.dossier.startDate === null ? { startDate: dates[0] } : {}),
          ...(dates.length > 0 && batch.dossier.endDate === null ? { endDate: dates.at(-1) } : {}),
        },
      });
      await tx.auditEvent.create({
        data: {
          actorType: 'system',
          actorId: 'pipeline',
          action: 'batch.assembled',
          entityType: 'scan_batch',
          entityId: batchId,
          after: { documents: docs.map((d) => ({ id: d.id, pdfName: d.pdfName })) },
        },
      });
    });
    log.info({ documents: docs.length, pages: pages.length }, 'batch assembled');
    return { batchId, status: 'assembled', documents: docs.length };
  } catch (err) {
    const finalTry = isPermanent(err) || attempt.made + 1 >= attempt.max;
    const e = err instanceof AppError ? err : null;
    await db.scanBatch.update({
      where: { id: batchId },
      data: {
        status: finalTry ? 'failed' : 'assembling',
        errorCode: e?.code ?? 'assemble.unexpected',
        errorMessage: err instanceof Error ? err.message : String(err),
      },
    });
    log[finalTry ? 'error' : 'warn']({ err, code: e?.code }, 'batch assembly failed');
    throw err;
  }
}

interface LoadedPage {
  readonly pageId: string;
  readonly imageSha256: string;
  /** `prepared.encoded` is empty here: images are read per document when its PDF is built */
  readonly forAssembly: PageForAssembly;
}

/** The batch's processed pages in scan order (upload seq, then frame), without their images. */
async function loadPages(ctx: WorkerContext, batchId: string): Promise<LoadedPage[]> {
  const rows = await ctx.db.page.findMany({
    where: { batchId, status: 'done' },
    orderBy: [{ upload: { seq: 'asc' } }, { frameIndex: 'asc' }],
    include: { stages: true },
  });
  const out: LoadedPage[] = [];
  for (const [index, row] of rows.entries()) {
    const prep = row.stages.find((s) => s.stage === 'prepare');
    const ocrStage = row.stages.find((s) => s.stage === 'ocr');
    if (prep === undefined || prep.artifactSha === null || ocrStage === undefined) {
      throw new AppError('assemble.page_incomplete', {
        message: `Trang ${row.id} thiếu kết quả xử lý / page ${row.id} is marked done but has no stage results`,
        retryable: false,
      });
    }
    const ocr =
      ocrStage.artifactSha === null ? null : parseOcr(await ctx.blobs.read(ocrStage.artifactSha));
    out.push({
      pageId: row.id,
      imageSha256: prep.artifactSha,
      forAssembly: {
        index,
        prepared: preparedFrom(PreparedMeta.parse(prep.output), Buffer.alloc(0)),
        ocr,
      },
    });
  }
  return out;
}

const NO_FIELD: DraftField = { value: null, confidence: 0, sources: [] };

/**
 * A document's stored draft as the dossier draft reads it: the fields it uses (type, organ, date,
 * summary) when they have the stored shape, empty ones otherwise (a draft from an older version).
 */
function storedDraft(v: Prisma.JsonValue | null): DraftMetadata {
  const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
  const field = (k: string): DraftField => {
    const f = o[k];
    if (f === null || typeof f !== 'object' || Array.isArray(f)) return NO_FIELD;
    const value = f.value;
    const confidence = f.confidence;
    return typeof value === 'string' && typeof confidence === 'number'
      ? { value, confidence, sources: [] }
      : NO_FIELD;
  };
  return Object.fromEntries(DRAFT_FIELDS.map((k) => [k, field(k)])) as Record<
    (typeof DRAFT_FIELDS)[number],
    DraftField
  >;
}

const MAX_LENGTH = new Map(DOCUMENT_FIELDS.map((f) => [f.key, f.maxLength]));

/** The draft value if it fits its column, else null: a value is never cut to fit. */
function fit(key: string, f: DraftField): string | null {
  const v = f.value;
  if (v === null) return null;
  const max = MAX_LENGTH.get(key);
  return max !== undefined && v.length > max ? null : v;
}

/** The code of a draft value that names an entry of `list` ("MẬT" → "01"), or null. */
function code(list: CodeListName, f: DraftField): string | null {
  if (f.value === null) return null;
  const direct = findCode(list, f.value);
  if (direct !== undefined) return direct.code;
  const key = compareKey(f.value);
  const entries: readonly { code: string; vi: string }[] = CODE_LISTS[list];
  return entries.find((e) => compareKey(e.vi) === key)?.code ?? null;
}

function documentColumns(m: DraftMetadata) {
  return {
    typeCode: code('docType', m.docTypeCode),
    codeNumber: fit('codeNumber', m.number),
    codeNotation: fit('codeNotation', m.symbol),
    issuedDate:
      m.date.value !== null && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(m.date.value) ? m.date.value : null,
    place: fit('place', m.place),
    organName: fit('organName', m.organ),
    organParent: fit('organParent', m.organParent),
    subject: fit('subject', m.summary),
    signerAuthority: fit('signerAuthority', m.signerAuthority),
    signerTitle: fit('signerTitle', m.signerTitle),
    signerName: fit('signerName', m.signerName),
    secrecyCode: code('secrecy', m.secrecy),
    urgencyCode: code('urgency', m.urgency),
  };
}
