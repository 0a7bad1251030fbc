/**
 * Schemas of the review api: the queue, the dossier workspace, the edits a reviewer makes (fields,
 * structure) and the decisions (approve, reject, return), presence and the audit history. The
 * routes validate with them, `/openapi.json` is generated from them and the review UI imports
 * their types.
 *
 * Every write carries the dossier `version` the client last saw; any other current version is
 * 409 `dossier.version_conflict` (VersionConflictBody). Field values are checked by
 * core/domain/field-validation.ts; a refusal is 400 `request.invalid` with one Vietnamese-first
 * message per field in `fields` (FieldErrorBody).
 *
 * Over 300 lines on purpose, like api/contracts.ts: it is the one contract the review UI reads.
 */
import { z } from '@hono/zod-openapi';
import { DocumentFieldsPatch, DossierFieldsPatch } from '../../core/domain/field-validation.js';
import {
  DOCUMENT_STATUSES,
  DOSSIER_STATUSES,
  DOSSIER_FIELD_SHAPE,
  Draft,
  ErrorBody,
  isoTime,
  PAGE_STATUSES,
  paged,
  REJECT_REASONS,
  uuid,
  ValidationErrorBody,
} from '../contracts.js';

export { REJECT_REASONS, type RejectReason } from '../contracts.js';

/** The dossier version the client last saw (every write sends it). */
const Version = z.int().min(1).openapi({ example: 3 });

/** A person named in a record: id and display name. */
export const UserRef = z.object({ id: uuid, displayName: z.string() }).openapi('UserRef');
export type UserRef = z.infer<typeof UserRef>;

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * A 409 of the review api. `dossier.version_conflict` (someone changed the dossier since the
 * client read it) carries `currentVersion`; the other refusals (`review.not_in_review`,
 * `review.two_person` …) are plain error bodies.
 */
export const VersionConflictBody = ErrorBody.extend({
  /** The dossier version now: reload the workspace, then redo the change */
  currentVersion: z.int().optional(),
}).openapi('VersionConflict');
export type VersionConflictBody = z.infer<typeof VersionConflictBody>;

/** 400 `request.invalid` of a field edit: one message per refused field, Vietnamese first. */
export const FieldErrorBody = ValidationErrorBody.extend({
  fields: z
    .record(z.string(), z.string())
    .openapi({ example: { issuedDate: 'Ngày tháng năm tài liệu "2019-02-30" không phải …' } }),
}).openapi('FieldError');
export type FieldErrorBody = z.infer<typeof FieldErrorBody>;

// ---------------------------------------------------------------------------------------------
// Queue

/** Query of `GET /api/review/queue`. `mine=1`: only dossiers returned to the caller. */
export const QueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ type: 'integer' }),
  /** Opaque: the `nextCursor` of the previous page */
  cursor: z.string().max(500).optional(),
  mine: z.enum(['0', '1']).default('0'),
});

/** A dossier waiting for review, with the confidences that make doubtful ones stand out. */
export const QueueItem = z
  .object({
    id: uuid,
    code: z.string(),
    title: z.string().nullable(),
    fondsCode: z.string(),
    highUse: z.boolean(),
    inReviewAt: isoTime.nullable(),
    documentCount: z.int(),
    pageCount: z.int(),
    /** Mean OCR word confidence of its pages, 0–100; null when no page has one */
    ocrConfidence: z.number().nullable(),
    /** Mean over its documents of the mean confidence (0–1) of their drafted fields that have a value */
    draftConfidence: z.number().nullable(),
    /** Drafted fields with a value and a confidence below 0.6 */
    lowConfidenceFields: z.int(),
    /** Returned to this reviewer */
    assignedTo: UserRef.nullable(),
    /** The message that came with the return */
    reviewMessage: z.string().nullable(),
    /** People who have the dossier open now */
    openBy: z.array(UserRef),
    /** True when the caller's role may not read the dossier's access mode: `title` is null */
    restricted: z.boolean(),
  })
  .openapi('QueueItem');
export type QueueItem = z.infer<typeof QueueItem>;

/** `GET /api/review/queue`: high-use first, then the longest waiting; `nextCursor` null at the end. */
export const QueuePage = paged(QueueItem, 'QueuePage');
export type QueuePage = z.infer<typeof QueuePage>;

// ---------------------------------------------------------------------------------------------
// Workspace

/** The dossier as the workspace shows and edits it. */
export const WorkspaceDossier = z
  .object({
    id: uuid,
    code: z.string(),
    title: z.string().nullable(),
    fondsCode: z.string(),
    status: z.enum(DOSSIER_STATUSES),
    highUse: z.boolean(),
    expectedPages: z.int().nullable(),
    /** `version`: send it back with every write */
    ...DOSSIER_FIELD_SHAPE,
    physicalConditionCode: z.string().nullable(),
    assignedTo: UserRef.nullable(),
    reviewMessage: z.string().nullable(),
    rejectReason: z.enum(REJECT_REASONS).nullable(),
    rejectNote: z.string().nullable(),
    rejectedAt: isoTime.nullable(),
    approvedAt: isoTime.nullable(),
    approvedBy: UserRef.nullable(),
    /** Every document of the approval rebuilt, signed and in the catalogue */
    cataloguedAt: isoTime.nullable(),
    lastEditor: UserRef.nullable(),
  })
  .openapi('WorkspaceDossier');

/** The TT 05 fields of a document as stored (the approved values once approved). */
export const DocumentFields = z
  .object({
    typeCode: z.string().nullable(),
    codeNumber: z.string().nullable(),
    codeNotation: z.string().nullable(),
    issuedDate: z.string().nullable(),
    place: z.string().nullable(),
    organName: z.string().nullable(),
    organParent: z.string().nullable(),
    subject: z.string().nullable(),
    signerAuthority: z.string().nullable(),
    signerTitle: z.string().nullable(),
    signerName: z.string().nullable(),
    secrecyCode: z.string().nullable(),
    urgencyCode: z.string().nullable(),
    languageCodes: z.array(z.string()),
    pageCount: z.int(),
    accessModeCode: z.string().nullable(),
    maintenanceCode: z.string().nullable(),
    keywords: z.string().nullable(),
    autograph: z.string().nullable(),
    physicalConditionCode: z.string().nullable(),
    description: z.string().nullable(),
    inforSign: z.string().nullable(),
  })
  .openapi('DocumentFields');
export type DocumentFields = z.infer<typeof DocumentFields>;

/** A document of the workspace: its pages in order, its fields and the pipeline's draft. */
export const WorkspaceDocument = z
  .object({
    id: uuid,
    seq: z.int(),
    /** The document's own edit counter (writes use the dossier version) */
    version: z.int(),
    status: z.enum(DOCUMENT_STATUSES),
    boundaryConfidence: z.number().nullable(),
    draft: Draft.nullable(),
    /** In reading order */
    pageIds: z.array(uuid),
    fields: DocumentFields,
    pdfName: z.string().nullable(),
    hasPdf: z.boolean(),
    /**
     * True when the caller's role may not read the document (its own or its dossier's access
     * mode, core/domain/access.ts): `draft` and `pdfName` are null, and `fields` null but for
     * `pageCount` and `accessModeCode`
     */
    restricted: z.boolean(),
  })
  .openapi('WorkspaceDocument');

/** A page of the dossier in scan order, with the reviewer's decisions applied. */
export const WorkspacePage = z
  .object({
    id: uuid,
    /** Scan order across the dossier's batches (batch opened, upload seq, frame), from 0 */
    index: z.int(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    /** The pipeline's quarter turn, already applied to the clean image */
    rotationDeg: z.int().nullable(),
    /** The reviewer's extra clockwise quarter turn over the clean image */
    reviewRotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
    /** The reviewer's mark, else the pipeline's finding */
    isBlank: z.boolean().nullable(),
    isSeparator: z.boolean().nullable(),
    ocrMeanConfidence: z.number().nullable(),
    ocrWordCount: z.int().nullable(),
    status: z.enum(PAGE_STATUSES),
    /** Null: outside every document */
    documentId: uuid.nullable(),
    /**
     * The page this one is byte-identical to (the same frame of an earlier upload of the batch
     * with the same SHA-256): a double copy or a sheet scanned twice, for the reviewer to judge
     */
    identicalToPageId: uuid.nullable(),
    /** True when the page's document is restricted for the caller: its image and text are refused */
    restricted: z.boolean(),
  })
  .openapi('WorkspacePage');

/** `GET /api/dossiers/{code}/workspace`: everything the workspace screen needs, in one answer. */
export const Workspace = z
  .object({
    dossier: WorkspaceDossier,
    /** In order (seq) */
    documents: z.array(WorkspaceDocument),
    /** In scan order */
    pages: z.array(WorkspacePage),
    /** Draft fields and OCR words below this confidence (0–1; OCR words ×100) need a look */
    lowConfidence: z.number(),
    /** REVIEW_TWO_PERSON: the last editor may not approve */
    twoPersonRule: z.boolean(),
  })
  .openapi('Workspace');
export type Workspace = z.infer<typeof Workspace>;

// ---------------------------------------------------------------------------------------------
// Edits

/** Body of `PATCH /api/dossiers/{code}`. */
export const DossierPatchBody = z
  .object({ version: Version, fields: DossierFieldsPatch })
  .strict()
  .openapi('DossierPatch');
export type DossierPatchBody = z.input<typeof DossierPatchBody>;

/** Body of `PATCH /api/documents/{id}`; `version` is the DOSSIER version. */
export const DocumentPatchBody = z
  .object({ version: Version, fields: DocumentFieldsPatch })
  .strict()
  .openapi('DocumentPatch');
export type DocumentPatchBody = z.input<typeof DocumentPatchBody>;

const QuarterTurn = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);

/**
 * Body of `PUT /api/dossiers/{code}/structure`: the dossier's documents in order, each with its
 * pages in order. A page appears at most once; pages left out are outside every document. `id`
 * null makes a new document; an existing document left out is deleted. `pages` sets the
 * reviewer's marks (null: back to the pipeline's finding).
 */
export const StructureBody = z
  .object({
    version: Version,
    documents: z
      .array(
        z
          .object({ id: uuid.nullable(), pageIds: z.array(uuid).min(1).max(10_000) })
          .strict()
          .openapi('StructureDocument'),
      )
      .max(10_000),
    pages: z
      .array(
        z
          .object({
            id: uuid,
            reviewRotation: QuarterTurn.optional(),
            blank: z.boolean().nullable().optional(),
            separator: z.boolean().nullable().optional(),
          })
          .strict()
          .openapi('StructurePage'),
      )
      .max(100_000)
      .optional(),
  })
  .strict()
  .openapi('Structure');
export type StructureBody = z.input<typeof StructureBody>;

// ---------------------------------------------------------------------------------------------
// Decisions

/** Body of `POST /api/dossiers/{code}/approve`. */
export const ApproveBody = z.object({ version: Version }).strict().openapi('Approve');
export type ApproveBody = z.input<typeof ApproveBody>;

/** Body of `POST /api/dossiers/{code}/reject`; `note` is required for reason `other`. */
export const RejectBody = z
  .object({
    version: Version,
    reason: z.enum(REJECT_REASONS),
    note: z
      .string()
      .trim()
      .normalize('NFC')
      .max(2000, 'Ghi chú dài quá 2000 ký tự / The note is longer than 2000 characters')
      .optional(),
  })
  .strict()
  .refine((b) => b.reason !== 'other' || (b.note ?? '') !== '', {
    path: ['note'],
    error: 'Lý do "khác" cần ghi chú / Reason "other" needs a note',
  })
  .openapi('Reject');
export type RejectBody = z.input<typeof RejectBody>;

/** Body of `POST /api/dossiers/{code}/return`: to another reviewer or admin, with a message. */
export const ReturnBody = z
  .object({
    version: Version,
    toUserId: uuid,
    message: z
      .string()
      .trim()
      .normalize('NFC')
      .min(1, 'Cần lời nhắn cho người nhận / A message for the reviewer is required')
      .max(2000, 'Lời nhắn dài quá 2000 ký tự / The message is longer than 2000 characters'),
  })
  .strict()
  .openapi('Return');
export type ReturnBody = z.input<typeof ReturnBody>;

// ---------------------------------------------------------------------------------------------
// Presence and audit

/** `PUT /api/dossiers/{code}/presence`: the other people who have the dossier open. */
export const Presence = z
  .object({
    others: z.array(UserRef.extend({ since: isoTime })),
  })
  .openapi('Presence');
export type Presence = z.infer<typeof Presence>;

/** Query of `GET /api/dossiers/{code}/audit`. */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ type: 'integer' }),
  cursor: z.string().max(500).optional(),
});

/** One audit event: who (null: the system), when, what, and the changed values before and after. */
export const AuditItem = z
  .object({
    id: z.string().openapi({ description: 'Increasing event number' }),
    at: isoTime,
    actor: z
      .object({
        type: z.enum(['user', 'workstation']),
        id: z.string(),
        name: z.string(),
      })
      .nullable(),
    action: z.string().openapi({ example: 'document.update' }),
    entityType: z.string().openapi({ example: 'document' }),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    /**
     * True when the event is about a document (or a page of one) the caller's role may not read
     * (core/domain/access.ts): `before` and `after` are null
     */
    restricted: z.boolean(),
  })
  .openapi('AuditItem');
export type AuditItem = z.infer<typeof AuditItem>;

/** `GET /api/dossiers/{code}/audit`: newest first. */
export const AuditPage = paged(AuditItem, 'AuditPage');
export type AuditPage = z.infer<typeof AuditPage>;
