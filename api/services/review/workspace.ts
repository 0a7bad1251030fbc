/**
 * The dossier workspace in one answer: the dossier's fields, its documents with their pages and
 * drafts, and every page of the dossier in scan order. Three indexed queries by dossier id, run
 * at once, so opening a dossier costs the same with 100 or 100,000 documents in the database.
 *
 * The access decision (core/domain/access.ts) shapes it: a dossier the viewer may not read is 403
 * `access.forbidden`; a document the viewer may not read keeps its number, status, pages and
 * access mode, with its fields and draft blanked (`restricted: true`, its pages too), and the
 * dossier's draft, drawn from the documents' text, is then left out.
 */
import { draftModes, mayRead, type Viewer } from '../../../core/domain/access.js';
import type { Prisma, PrismaClient } from '../../../core/db/client.js';
import { Draft } from '../../contracts.js';
import type { DocumentFields, RejectReason, UserRef, Workspace } from '../../contracts/review.js';
import { notFound } from '../../errors.js';
import { assertMayRead } from '../access/draft-access.js';
import { dossierFieldsOf } from '../catalogue.js';
import { identicalPages } from '../identical-pages.js';

/** Draft fields and OCR words below this confidence need a reviewer's look. */
export const LOW_CONFIDENCE = 0.6;

const person = { select: { id: true, displayName: true } } as const;

const userRef = (u: { id: string; displayName: string } | null): UserRef | null =>
  u === null ? null : { id: u.id, displayName: u.displayName };

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function parsed<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, v: unknown) {
  if (v === null) return null;
  const r = schema.safeParse(v);
  return r.success && r.data !== undefined ? r.data : null;
}

type DocumentRow = Prisma.DocumentGetPayload<{
  include: { pages: { select: { pageId: true } } };
}>;

/** The stored TT 05 fields of a document. */
export function documentFields(d: Omit<DocumentRow, 'pages'>): DocumentFields {
  return {
    typeCode: d.typeCode,
    codeNumber: d.codeNumber,
    codeNotation: d.codeNotation,
    issuedDate: d.issuedDate,
    place: d.place,
    organName: d.organName,
    organParent: d.organParent,
    subject: d.subject,
    signerAuthority: d.signerAuthority,
    signerTitle: d.signerTitle,
    signerName: d.signerName,
    secrecyCode: d.secrecyCode,
    urgencyCode: d.urgencyCode,
    languageCodes: d.languageCodes,
    pageCount: d.pageCount,
    accessModeCode: d.accessModeCode,
    maintenanceCode: d.maintenanceCode,
    keywords: d.keywords,
    autograph: d.autograph,
    physicalConditionCode: d.physicalConditionCode,
    description: d.description,
    inforSign: d.inforSign,
  };
}

const asQuarterTurn = (n: number): 0 | 90 | 180 | 270 =>
  n === 90 || n === 180 || n === 270 ? n : 0;

/** The fields of a document the viewer may not read: its page count and access mode only. */
const blankFields = (d: Omit<DocumentRow, 'pages'>): DocumentFields => ({
  typeCode: null,
  codeNumber: null,
  codeNotation: null,
  issuedDate: null,
  place: null,
  organName: null,
  organParent: null,
  subject: null,
  signerAuthority: null,
  signerTitle: null,
  signerName: null,
  secrecyCode: null,
  urgencyCode: null,
  languageCodes: [],
  pageCount: d.pageCount,
  accessModeCode: d.accessModeCode,
  maintenanceCode: null,
  keywords: null,
  autograph: null,
  physicalConditionCode: null,
  description: null,
  inforSign: null,
});

/**
 * The workspace of dossier `code` (trimmed, NFC) as `viewer` may see it. Throws
 * `dossier.not_found`, `access.forbidden`.
 *
 * @param twoPersonRule REVIEW_TWO_PERSON, echoed so the UI can explain a refused approval
 */
export async function getWorkspace(
  db: PrismaClient,
  code: string,
  twoPersonRule: boolean,
  viewer: Viewer,
): Promise<Workspace> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({
    where: { code: key },
    include: {
      fonds: { select: { code: true, name: true } },
      assignedTo: person,
      approvedBy: person,
      lastEditor: person,
    },
  });
  if (d === null) throw notFound('dossier', key);
  assertMayRead(viewer, { kind: 'dossier', code: d.code }, [d.accessModeCode]);
  const [documents, pages] = await Promise.all([
    db.document.findMany({
      where: { dossierId: d.id },
      orderBy: { seq: 'asc' },
      include: { pages: { select: { pageId: true }, orderBy: { position: 'asc' } } },
    }),
    db.page.findMany({
      where: { dossierId: d.id },
      orderBy: [{ batch: { openedAt: 'asc' } }, { upload: { seq: 'asc' } }, { frameIndex: 'asc' }],
      select: {
        id: true,
        uploadId: true,
        frameIndex: true,
        upload: { select: { identicalToId: true } },
        width: true,
        height: true,
        rotationDeg: true,
        reviewRotation: true,
        isBlank: true,
        isSeparator: true,
        reviewBlank: true,
        reviewSeparator: true,
        ocrMeanConfidence: true,
        ocrWordCount: true,
        status: true,
        document: { select: { documentId: true } },
      },
    }),
  ]);
  const twins = identicalPages(
    pages.map((p) => ({ ...p, identicalToUploadId: p.upload.identicalToId })),
  );
  const restricted = new Set(
    documents
      .filter((doc) => !mayRead(viewer, draftModes(d.accessModeCode, doc.accessModeCode)))
      .map((doc) => doc.id),
  );
  const fields = dossierFieldsOf(d);
  return {
    dossier: {
      id: d.id,
      code: d.code,
      title: d.title,
      fondsCode: d.fonds.code,
      status: d.status,
      highUse: d.highUse,
      expectedPages: d.expectedPages,
      ...fields,
      draft: restricted.size > 0 ? null : fields.draft,
      physicalConditionCode: d.physicalConditionCode,
      assignedTo: userRef(d.assignedTo),
      reviewMessage: d.reviewMessage,
      rejectReason: d.rejectReason satisfies RejectReason | null,
      rejectNote: d.rejectNote,
      rejectedAt: iso(d.rejectedAt),
      approvedAt: iso(d.approvedAt),
      approvedBy: userRef(d.approvedBy),
      cataloguedAt: iso(d.cataloguedAt),
      lastEditor: userRef(d.lastEditor),
    },
    documents: documents.map((doc) => {
      const hidden = restricted.has(doc.id);
      return {
        id: doc.id,
        seq: doc.seq,
        version: doc.version,
        status: doc.status,
        boundaryConfidence: doc.boundaryConfidence,
        draft: hidden ? null : parsed(Draft, doc.draft),
        pageIds: doc.pages.map((p) => p.pageId),
        fields: hidden ? blankFields(doc) : documentFields(doc),
        pdfName: hidden ? null : doc.pdfName,
        hasPdf: doc.pdfSha256 !== null,
        restricted: hidden,
      };
    }),
    pages: pages.map((p, index) => ({
      id: p.id,
      index,
      width: p.width,
      height: p.height,
      rotationDeg: p.rotationDeg,
      reviewRotation: asQuarterTurn(p.reviewRotation),
      isBlank: p.reviewBlank ?? p.isBlank,
      isSeparator: p.reviewSeparator ?? p.isSeparator,
      ocrMeanConfidence: p.ocrMeanConfidence,
      ocrWordCount: p.ocrWordCount,
      status: p.status,
      documentId: p.document?.documentId ?? null,
      identicalToPageId: twins.get(p.id) ?? null,
      restricted: p.document !== null && restricted.has(p.document.documentId),
    })),
    lowConfidence: LOW_CONFIDENCE,
    twoPersonRule,
  };
}
