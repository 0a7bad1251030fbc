/**
 * Reading dossiers and documents for the review UI: keyset-paged lists and details. The access
 * decision (core/domain/access.ts) governs each: a dossier or document the caller may not read is
 * refused when asked for alone (403 `access.forbidden`) and kept in lists with its content blanked
 * (`restricted: true`).
 */
import { z } from 'zod';
import { draftModes, mayRead, type Viewer } from '../../core/domain/access.js';
import type { Prisma, PrismaClient } from '../../core/db/client.js';
import type {
  Draft,
  DocumentDetail,
  DocumentSummary,
  DossierDetail,
  DossierFieldValues,
  DossierSummary,
} from '../contracts.js';
import { Draft as DraftSchema, DossierDraft } from '../contracts.js';
import { notFound } from '../errors.js';
import { assertMayRead } from './access/draft-access.js';
import { toBatch } from './batches.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface Paged<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

const dossierSummarySelect = {
  fonds: { select: { code: true, name: true } },
  _count: { select: { batches: true, documents: true } },
} as const;

type DossierRow = Prisma.DossierGetPayload<{ include: typeof dossierSummarySelect }>;

/** A dossier in lists; its title blanked for a viewer who may not read it. */
function toDossierSummary(d: DossierRow, viewer: Viewer): DossierSummary {
  const restricted = !mayRead(viewer, [d.accessModeCode]);
  return {
    id: d.id,
    code: d.code,
    title: restricted ? null : d.title,
    fondsCode: d.fonds.code,
    status: d.status,
    expectedPages: d.expectedPages,
    highUse: d.highUse,
    rejectReason: d.rejectReason,
    rejectNote: d.rejectNote,
    rejectedAt: d.rejectedAt?.toISOString() ?? null,
    batchCount: d._count.batches,
    documentCount: d._count.documents,
    pageCount: d.pageCount,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    accessModeCode: d.accessModeCode,
    restricted,
  };
}

/**
 * Dossiers in code order, `limit` at a time, of one `status` when given. Throws `request.invalid`
 * for a bad cursor.
 */
export async function listDossiers(
  db: PrismaClient,
  viewer: Viewer,
  q: { limit: number; cursor?: string | undefined; status?: DossierSummary['status'] | undefined },
): Promise<Paged<DossierSummary>> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, z.string());
  const rows = await db.dossier.findMany({
    where: {
      ...(after === undefined ? {} : { code: { gt: after } }),
      ...(q.status === undefined ? {} : { status: q.status }),
    },
    orderBy: { code: 'asc' },
    take: q.limit + 1,
    include: dossierSummarySelect,
  });
  const items = rows.slice(0, q.limit).map((d) => toDossierSummary(d, viewer));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last !== undefined ? encodeCursor(last.code) : null,
  };
}

const documentSummaryInclude = {
  dossier: { select: { code: true, accessModeCode: true } },
} as const;
type DocumentRow = Prisma.DocumentGetPayload<{ include: typeof documentSummaryInclude }>;

/** A document in lists; what it says blanked for a viewer who may not read it. */
function toDocumentSummary(d: DocumentRow, viewer: Viewer): DocumentSummary {
  const restricted = !mayRead(viewer, draftModes(d.dossier.accessModeCode, d.accessModeCode));
  const shown = <T>(v: T): T | null => (restricted ? null : v);
  return {
    id: d.id,
    dossierId: d.dossierId,
    dossierCode: d.dossier.code,
    batchId: d.batchId,
    seq: d.seq,
    status: d.status,
    typeCode: shown(d.typeCode),
    codeNumber: shown(d.codeNumber),
    codeNotation: shown(d.codeNotation),
    issuedDate: shown(d.issuedDate),
    organName: shown(d.organName),
    subject: shown(d.subject),
    pageCount: d.pageCount,
    pdfName: shown(d.pdfName),
    updatedAt: d.updatedAt.toISOString(),
    accessModeCode: d.accessModeCode,
    dossierAccessModeCode: d.dossier.accessModeCode,
    restricted,
  };
}

/**
 * Dossier `code` with its fonds, batches (with page counts) and documents (those the viewer may
 * not read blanked, and then the dossier's draft too: it is drawn from the documents' text).
 * Throws `dossier.not_found`, `access.forbidden`.
 */
export async function getDossier(
  db: PrismaClient,
  viewer: Viewer,
  code: string,
): Promise<DossierDetail> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({
    where: { code: key },
    include: {
      ...dossierSummarySelect,
      batches: { orderBy: { openedAt: 'asc' }, include: { dossier: { select: { code: true } } } },
      documents: { orderBy: { seq: 'asc' }, include: documentSummaryInclude },
    },
  });
  if (d === null) throw notFound('dossier', key);
  assertMayRead(viewer, { kind: 'dossier', code: d.code }, [d.accessModeCode]);
  const counts = await db.page.groupBy({
    by: ['batchId', 'status'],
    where: { dossierId: d.id },
    _count: { _all: true },
  });
  const countsOf = (batchId: string) => {
    const c = { queued: 0, processing: 0, done: 0, failed: 0, total: 0 };
    for (const g of counts) {
      if (g.batchId !== batchId) continue;
      c[g.status] += g._count._all;
      c.total += g._count._all;
    }
    return c;
  };
  const documents = d.documents.map((doc) => toDocumentSummary(doc, viewer));
  const fields = dossierFieldsOf(d);
  return {
    ...toDossierSummary(d, viewer),
    ...fields,
    draft: documents.some((doc) => doc.restricted) ? null : fields.draft,
    batches: d.batches.map((b) => ({ ...toBatch(b), pageCounts: countsOf(b.id) })),
    documents,
  };
}

const DocumentCursor = z.tuple([z.uuid(), z.int()]);

/**
 * Documents matching the filters, ordered by dossier then document number, `limit` at a time.
 * An unknown dossier code gives an empty page. Throws `request.invalid` for a bad cursor.
 */
export async function listDocuments(
  db: PrismaClient,
  viewer: Viewer,
  q: {
    limit: number;
    cursor?: string | undefined;
    dossierCode?: string | undefined;
    batchId?: string | undefined;
    status?: DocumentSummary['status'] | undefined;
  },
): Promise<Paged<DocumentSummary>> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, DocumentCursor);
  const where: Prisma.DocumentWhereInput = {
    ...(q.dossierCode === undefined
      ? {}
      : { dossier: { code: q.dossierCode.trim().normalize('NFC') } }),
    ...(q.batchId === undefined ? {} : { batchId: q.batchId }),
    ...(q.status === undefined ? {} : { status: q.status }),
    ...(after === undefined
      ? {}
      : { OR: [{ dossierId: { gt: after[0] } }, { dossierId: after[0], seq: { gt: after[1] } }] }),
  };
  const rows = await db.document.findMany({
    where,
    orderBy: [{ dossierId: 'asc' }, { seq: 'asc' }],
    take: q.limit + 1,
    include: documentSummaryInclude,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((d) => toDocumentSummary(d, viewer)),
    nextCursor:
      rows.length > q.limit && last !== undefined ? encodeCursor([last.dossierId, last.seq]) : null,
  };
}

/**
 * Document `id` with its fields, draft and pages in order. Throws `document.not_found`,
 * `access.forbidden`.
 */
export async function getDocument(
  db: PrismaClient,
  viewer: Viewer,
  id: string,
): Promise<DocumentDetail> {
  const d = await db.document.findUnique({
    where: { id },
    include: {
      ...documentSummaryInclude,
      pages: { orderBy: { position: 'asc' }, include: { page: true } },
    },
  });
  if (d === null) throw notFound('document', id);
  assertMayRead(
    viewer,
    { kind: 'document', id, seq: d.seq, code: d.dossier.code },
    draftModes(d.dossier.accessModeCode, d.accessModeCode),
  );
  return {
    ...toDocumentSummary(d, viewer),
    place: d.place,
    organParent: d.organParent,
    signerAuthority: d.signerAuthority,
    signerTitle: d.signerTitle,
    signerName: d.signerName,
    secrecyCode: d.secrecyCode,
    urgencyCode: d.urgencyCode,
    languageCodes: d.languageCodes,
    accessModeCode: d.accessModeCode,
    maintenanceCode: d.maintenanceCode,
    confidenceLevelCode: d.confidenceLevelCode,
    inforSign: d.inforSign,
    keywords: d.keywords,
    autograph: d.autograph,
    physicalConditionCode: d.physicalConditionCode,
    description: d.description,
    boundaryConfidence: d.boundaryConfidence,
    draft: draftOf(d.draft),
    pdfSha256: d.pdfSha256,
    pdfBytes: d.pdfBytes,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    pages: d.pages.map(({ position, page: p }) => ({
      id: p.id,
      position,
      width: p.width,
      height: p.height,
      dpi: p.dpiX === null || p.dpiY === null ? null : { x: p.dpiX, y: p.dpiY },
      rotationDeg: p.rotationDeg,
      skewDeg: p.skewDeg,
      isBlank: p.isBlank,
      isSeparator: p.isSeparator,
      ocrMeanConfidence: p.ocrMeanConfidence,
    })),
  };
}

/** The stored dossier draft in the shape of the contract; null for none or an unreadable one. */
/** The TT 05 fields of a dossier row, as the dossier page and the review workspace show them. */
export function dossierFieldsOf(
  d: Prisma.DossierGetPayload<{ include: { fonds: { select: { name: true } } } }>,
): DossierFieldValues {
  return {
    fondsName: d.fonds.name,
    inventoryNo: d.inventoryNo,
    boxNo: d.boxNo,
    fileNo: d.fileNo,
    maintenanceCode: d.maintenanceCode,
    accessModeCode: d.accessModeCode,
    languageCodes: d.languageCodes,
    startDate: d.startDate,
    endDate: d.endDate,
    keywords: d.keywords,
    totalDocs: d.totalDocs,
    sheetCount: d.sheetCount,
    pageCount: d.pageCount,
    description: d.description,
    draft: dossierDraftOf(d.draft),
    version: d.version,
  };
}

function dossierDraftOf(v: Prisma.JsonValue | null): DossierDraft | null {
  if (v === null) return null;
  const r = DossierDraft.safeParse(v);
  return r.success ? r.data : null;
}

/** The stored draft when it has the shape the UI expects; null for none or an unreadable one. */
function draftOf(v: Prisma.JsonValue | null): Draft | null {
  if (v === null) return null;
  const r = DraftSchema.safeParse(v);
  return r.success ? r.data : null;
}
