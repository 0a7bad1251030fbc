/**
 * The api's request and response schemas: the routes validate with them, `/openapi.json` is
 * generated from them, and the scanner agent and the review UI import their types
 * (`import type`). Changing a schema here changes the contract for all three.
 *
 * Messages a person may read are Vietnamese first, then English.
 *
 * Over 300 lines on purpose: this is the one contract the agent and the UI read, and it reads best
 * as one document.
 */
import { z } from '@hono/zod-openapi';

export const uuid = z.uuid();
export const isoTime = z.iso.datetime().openapi({ example: '2026-11-21T08:30:00.000Z' });
const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .openapi({ example: 'a3f1c0ffee0000000000000000000000000000000000000000000000000000aa' });

// ---------------------------------------------------------------------------------------------
// Errors

/** Every error body: a stable `area.reason` code, a bilingual message naming the values, a hint. */
export const ErrorBody = z
  .object({
    code: z.string().openapi({ example: 'upload.checksum_mismatch' }),
    message: z.string(),
    hint: z.string().optional(),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

/** 400 `request.invalid`: which fields failed and why. */
export const ValidationErrorBody = ErrorBody.extend({
  issues: z.array(
    z.object({
      /** Where: `json`, `query`, `param` or `header`, then the field path */
      path: z.string().openapi({ example: 'json.dossierCode' }),
      message: z.string(),
    }),
  ),
}).openapi('ValidationError');
export type ValidationErrorBody = z.infer<typeof ValidationErrorBody>;

// ---------------------------------------------------------------------------------------------
// Batches

/** Lifecycle of a scan batch (prisma enum BatchStatus). */
export const BATCH_STATUSES = ['open', 'closed', 'assembling', 'assembled', 'failed'] as const;
/** Lifecycle of a page in the pipeline (prisma enum PageStatus). */
export const PAGE_STATUSES = ['queued', 'processing', 'done', 'failed'] as const;
/** Lifecycle of a dossier (prisma enum DossierStatus). */
export const DOSSIER_STATUSES = [
  'registered',
  'scanning',
  'processing',
  'in_review',
  'approved',
  'rejected',
] as const;
/** Why a reviewer sends a dossier back to the operators (prisma enum RejectReason). */
export const REJECT_REASONS = [
  'rescan',
  'missing_page',
  'wrong_order',
  'illegible',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
/** Lifecycle of a document under review (prisma enum DocumentStatus). */
export const DOCUMENT_STATUSES = ['draft', 'in_review', 'approved', 'rejected'] as const;

/**
 * Mã hồ sơ: trimmed and NFC-normalised, 1–100 characters, no control characters and no '/'
 * (it becomes part of file names: `<mã hồ sơ>.<số thứ tự>.pdf`).
 */
export const DossierCode = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1, 'Mã hồ sơ không được để trống / The dossier code must not be empty')
  .max(100, 'Mã hồ sơ dài quá 100 ký tự / The dossier code is longer than 100 characters')
  .regex(
    /^[^/\p{Cc}]+$/u,
    "Mã hồ sơ không được chứa '/' hay ký tự điều khiển / The dossier code must not contain '/' or control characters",
  )
  .openapi({ example: 'H00.01.05.12' });

const ExpectedPages = z.int().min(1).max(100_000);

/** Body of `POST /api/batches`. */
export const OpenBatchBody = z
  .object({
    dossierCode: DossierCode,
    /** Mã phông; the configured default fonds when absent */
    fondsCode: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9._-]{1,13}$/,
        'Mã phông: 1–13 chữ, số, . _ - / Fonds code: 1–13 letters, digits, . _ -',
      )
      .optional(),
    /** Tiêu đề hồ sơ, used when the dossier has none yet */
    title: z.string().trim().normalize('NFC').min(1).max(1000).optional(),
    expectedPages: ExpectedPages.optional(),
    /** Người quét: who is at the workstation, for the per-operator figures */
    operator: z
      .string()
      .trim()
      .normalize('NFC')
      .min(1, 'Tên người quét không được để trống / The operator name must not be empty')
      .max(
        100,
        'Tên người quét dài quá 100 ký tự / The operator name is longer than 100 characters',
      )
      .optional(),
  })
  .strict()
  .openapi('OpenBatchRequest');
export type OpenBatchBody = z.input<typeof OpenBatchBody>;

/**
 * The `Idempotency-Key` of `POST /api/batches`: 1–255 visible ASCII characters (a UUID is
 * typical), else 400 `request.invalid` naming `header.idempotency-key`. Scoped to the workstation
 * that sends it and kept for the life of the batch.
 */
export const IdempotencyKey = z
  .string()
  .min(1, 'Idempotency-Key không được để trống / Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key dài quá 255 ký tự / Idempotency-Key is longer than 255 characters')
  .regex(
    /^[\x21-\x7e]+$/,
    'Idempotency-Key chỉ gồm ký tự ASCII nhìn thấy được, không có dấu cách / Idempotency-Key takes visible ASCII characters only, no spaces',
  );

/**
 * Headers of `POST /api/batches`. With an `Idempotency-Key`, a repeat of the same open by the same
 * workstation answers 200 with the batch the first one made (as it is now) instead of opening
 * another; the same key with another body is 409 `batch.idempotency_conflict`.
 */
export const OpenBatchHeaders = z.object({
  'idempotency-key': IdempotencyKey.optional().openapi({
    description:
      'Khóa chống mở lô trùng khi gửi lại / Key that makes a retried open return the same batch',
    example: '0b7c4f2e-8d1a-4c55-9f3e-2a6d5e1c7b90',
  }),
});

/** Body of `POST /api/batches/{id}/close`. */
export const CloseBatchBody = z
  .object({ expectedPages: ExpectedPages.optional() })
  .strict()
  .openapi('CloseBatchRequest');
export type CloseBatchBody = z.input<typeof CloseBatchBody>;

/** Path parameter `{id}` of the batch routes: a UUID, else 400 `request.invalid`. */
export const BatchIdParam = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' } }),
});

/** A scan batch as every batch route answers it; times are ISO 8601 instants. */
export const Batch = z
  .object({
    id: uuid,
    dossierId: uuid,
    dossierCode: z.string(),
    status: z.enum(BATCH_STATUSES),
    expectedPages: z.int().nullable(),
    workstationId: uuid.nullable(),
    operator: z.string().nullable(),
    openedAt: isoTime,
    closedAt: isoTime.nullable(),
    assembledAt: isoTime.nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
  })
  .openapi('Batch');
export type Batch = z.infer<typeof Batch>;

/**
 * The earlier upload of the same batch that an upload is byte-identical to (another seq, the same
 * SHA-256): both are kept as pages, and the reviewer decides whether the second is a double copy.
 */
export const IdenticalUpload = z
  .object({ uploadId: uuid, seq: z.int() })
  .openapi('IdenticalUpload');
export type IdenticalUpload = z.infer<typeof IdenticalUpload>;

/** One stored upload of a batch: the archival master's hash, size and frame count. */
export const UploadSummary = z
  .object({
    id: uuid,
    seq: z.int(),
    sha256,
    bytes: z.int(),
    declaredType: z.string(),
    mediaType: z.string(),
    originalName: z.string().nullable(),
    frameCount: z.int(),
    /** Null unless an earlier upload of the batch has the same bytes */
    identicalTo: IdenticalUpload.nullable(),
    createdAt: isoTime,
  })
  .openapi('UploadSummary');
export type UploadSummary = z.infer<typeof UploadSummary>;

/** One page of a batch with its pipeline status and, when it failed, the error to show. */
export const BatchPage = z
  .object({
    id: uuid,
    uploadId: uuid,
    /** Scan order: the upload's seq, then the frame inside it */
    uploadSeq: z.int(),
    frameIndex: z.int(),
    /** File name the scanner gave the upload */
    originalName: z.string().nullable(),
    status: z.enum(PAGE_STATUSES),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    errorHint: z.string().nullable(),
    /** The same frame of the earlier byte-identical upload (see UploadSummary.identicalTo) */
    identicalToPageId: uuid.nullable(),
  })
  .openapi('BatchPage');
export type BatchPage = z.infer<typeof BatchPage>;

/** How many pages of a batch are in each status. */
export const PageCounts = z
  .object({
    queued: z.int(),
    processing: z.int(),
    done: z.int(),
    failed: z.int(),
    total: z.int(),
  })
  .openapi('PageCounts');

/** `GET /api/batches/{id}`: the batch with its page counts, uploads and pages. */
export const BatchDetail = Batch.extend({
  pageCounts: PageCounts,
  uploads: z.array(UploadSummary),
  /** In scan order */
  pages: z.array(BatchPage),
}).openapi('BatchDetail');
export type BatchDetail = z.infer<typeof BatchDetail>;

// ---------------------------------------------------------------------------------------------
// Uploads

/** Path parameters of the upload route; `seq` is an integer ≥ 0, else 400 `request.invalid`. */
export const UploadParams = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' } }),
  /** Position of the file in scan order within the batch, from 0 */
  seq: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .openapi({ param: { name: 'seq', in: 'path', required: true }, type: 'integer', example: 0 }),
});

/** RFC 9530 Content-Digest with a SHA-256 member, e.g. `sha-256=:<base64 of 32 bytes>:`. */
export const CONTENT_DIGEST_RE = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]{43}=):\s*(?:;[^,]*)?(?:,|$)/;

/**
 * Headers of the upload route. A missing or malformed Content-Digest is 400 `request.invalid`
 * naming `header.content-digest`; the Content-Type is checked against the bytes by the inspection.
 */
export const UploadHeaders = z.object({
  'content-type': z.string().openapi({
    description: 'image/jpeg, image/png, image/tiff or application/pdf: the declared type',
    example: 'image/tiff',
  }),
  'content-digest': z
    .string()
    .regex(
      CONTENT_DIGEST_RE,
      'Cần Content-Digest dạng sha-256=:<base64>: (RFC 9530) / Content-Digest sha-256=:<base64>: (RFC 9530) is required',
    )
    .openapi({ example: 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:' }),
  'x-file-name': z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: 'Original file name, percent-encoded', example: 'trang%20001.tif' }),
});

/** What `PUT /api/batches/{id}/uploads/{seq}` answers (201 created, 200 already stored). */
export const UploadResult = z
  .object({
    uploadId: uuid,
    batchId: uuid,
    /** The seq the upload is stored at: the one it was sent to */
    seq: z.int(),
    sha256,
    bytes: z.int(),
    mediaType: z.string(),
    frameCount: z.int(),
    /** One page per frame, in frame order */
    pageIds: z.array(uuid),
    /** False when this seq already held these bytes (a retried PUT): nothing was stored again */
    created: z.boolean(),
    /**
     * The earlier upload of the batch with the same bytes at another seq, or null. The upload is
     * stored with pages of its own all the same, and flagged for the reviewer.
     */
    identicalTo: IdenticalUpload.nullable(),
  })
  .openapi('UploadResult');
export type UploadResult = z.infer<typeof UploadResult>;

// ---------------------------------------------------------------------------------------------
// Dossier lookup for scanning workstations

/**
 * A dossier as a scanning workstation sees it when the operator picks the folder in hand: what
 * the inventory says (title, fonds, expected pages) and how many pages the server already holds.
 */
export const AgentDossier = z
  .object({
    code: z.string(),
    title: z.string().nullable(),
    fondsCode: z.string(),
    status: z.enum(DOSSIER_STATUSES),
    /** Số trang dự kiến from the inventory (null when it gave none) */
    expectedPages: z.int().nullable(),
    /** Pages of the dossier stored so far, every batch counted */
    pagesReceived: z.int(),
    highUse: z.boolean(),
    /**
     * True when the dossier's access mode is one a scanning operator may not read
     * (core/domain/access.ts): its title is then null and is not searched
     */
    restricted: z.boolean(),
  })
  .openapi('AgentDossier');
export type AgentDossier = z.infer<typeof AgentDossier>;

/**
 * `GET /api/agent/dossiers`: dossiers that still take scans (all but approved ones), registered
 * ones first (the inventory's list of folders to scan), then by status and code.
 */
export const AgentDossierList = z
  .object({
    items: z.array(AgentDossier),
    /** True when more dossiers match than `limit`: type more of the code or title */
    truncated: z.boolean(),
  })
  .openapi('AgentDossierList');
export type AgentDossierList = z.infer<typeof AgentDossierList>;

/** Query of `GET /api/agent/dossiers`. */
export const AgentDossierQuery = z.object({
  /** Part of the code or title (case-insensitive; diacritics as typed) */
  q: z.string().trim().normalize('NFC').max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200).openapi({ type: 'integer' }),
});

// ---------------------------------------------------------------------------------------------
// Paging

/** Keyset paging: `limit` 1–200 (default 50) and the opaque `cursor` of the previous page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ type: 'integer' }),
  /** Opaque: the `nextCursor` of the previous page */
  cursor: z.string().max(500).optional(),
});

/** A keyset-paged list of `item`, named `name` in the OpenAPI document. */
export const paged = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

// ---------------------------------------------------------------------------------------------
// Dossiers and documents

/** A dossier in lists: code, title, fonds, status and how many batches and documents it has. */
export const DossierSummary = z
  .object({
    id: uuid,
    code: z.string(),
    title: z.string().nullable(),
    fondsCode: z.string(),
    status: z.enum(DOSSIER_STATUSES),
    expectedPages: z.int().nullable(),
    highUse: z.boolean(),
    /** Why a reviewer sent it back (status rejected; kept after a rescan until the next decision) */
    rejectReason: z.enum(REJECT_REASONS).nullable(),
    rejectNote: z.string().nullable(),
    rejectedAt: isoTime.nullable(),
    batchCount: z.int(),
    documentCount: z.int(),
    /** Số lượng trang: pages in the dossier's documents, null until a batch is assembled */
    pageCount: z.int().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    /** Mức độ tiếp cận of the dossier (TT 05 `mode`, code list `accessMode`) */
    accessModeCode: z.string(),
    /**
     * True when the caller's role may not read the dossier (core/domain/access.ts): `title` is
     * null; code, status, counts and the reject reason stay (the operators' returns need them)
     */
    restricted: z.boolean(),
  })
  .openapi('DossierSummary');
export type DossierSummary = z.infer<typeof DossierSummary>;

/** `GET /api/dossiers`: dossiers in code order; `nextCursor` is null on the last page. */
export const DossierPage = paged(DossierSummary, 'DossierPage');

/** Filters of `GET /api/dossiers` on top of paging (`status=rejected`: the operators' returns). */
export const DossierQuery = PageQuery.extend({ status: z.enum(DOSSIER_STATUSES).optional() });

/** Path parameter `{code}`: the mã hồ sơ, percent-encoded in the URL. */
export const DossierCodeParam = z.object({
  code: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'H00.01.05.12' }),
});

/** A document in lists: its number, notation, date, organ, summary and PDF name. */
export const DocumentSummary = z
  .object({
    id: uuid,
    dossierId: uuid,
    dossierCode: z.string(),
    batchId: uuid,
    seq: z.int(),
    status: z.enum(DOCUMENT_STATUSES),
    typeCode: z.string().nullable(),
    codeNumber: z.string().nullable(),
    codeNotation: z.string().nullable(),
    issuedDate: z.string().nullable(),
    organName: z.string().nullable(),
    subject: z.string().nullable(),
    pageCount: z.int(),
    pdfName: z.string().nullable(),
    updatedAt: isoTime,
    /** The document's own mức độ tiếp cận; null: it inherits its dossier's */
    accessModeCode: z.string().nullable(),
    /** The dossier's mức độ tiếp cận, which governs the document too */
    dossierAccessModeCode: z.string(),
    /**
     * True when the caller's role may not read the document (core/domain/access.ts, both modes):
     * type, number, notation, date, organ, summary and PDF name are null
     */
    restricted: z.boolean(),
  })
  .openapi('DocumentSummary');
export type DocumentSummary = z.infer<typeof DocumentSummary>;

/** `GET /api/documents`: documents by dossier then number; `nextCursor` is null on the last page. */
export const DocumentPage = paged(DocumentSummary, 'DocumentPage');
export type DocumentPage = z.infer<typeof DocumentPage>;

/** A drafted dossier field: value and confidence 0–1. */
const DossierDraftField = z.object({ value: z.string().nullable(), confidence: z.number() });

/**
 * The pipeline's draft of the dossier fields from its documents' drafts: a suggested title (a
 * series "Tập lưu …" or a matter "Hồ sơ về việc …"), first and last dates, totals.
 */
export const DossierDraft = z
  .object({
    title: DossierDraftField,
    startDate: DossierDraftField,
    endDate: DossierDraftField,
    totalDocs: z.int(),
    pageCount: z.int(),
  })
  .openapi('DossierDraft');
export type DossierDraft = z.infer<typeof DossierDraft>;

/**
 * The TT 05 fields of a dossier as stored, with the pipeline's suggestion for some of them (null
 * before a batch is assembled); shared by the dossier page and the review workspace.
 */
export const DOSSIER_FIELD_SHAPE = {
  fondsName: z.string(),
  inventoryNo: z.string().nullable(),
  boxNo: z.string().nullable(),
  fileNo: z.string().nullable(),
  maintenanceCode: z.string(),
  accessModeCode: z.string(),
  languageCodes: z.array(z.string()),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  keywords: z.string().nullable(),
  totalDocs: z.int().nullable(),
  sheetCount: z.int().nullable(),
  pageCount: z.int().nullable(),
  description: z.string().nullable(),
  draft: DossierDraft.nullable(),
  version: z.int(),
};

export type DossierFieldValues = z.infer<z.ZodObject<typeof DOSSIER_FIELD_SHAPE>>;

/** `GET /api/dossiers/{code}`: the TT 05 dossier fields, its batches and its documents. */
export const DossierDetail = DossierSummary.extend({
  ...DOSSIER_FIELD_SHAPE,
  batches: z.array(Batch.extend({ pageCounts: PageCounts })),
  /** In document order (seq) */
  documents: z.array(DocumentSummary),
}).openapi('DossierDetail');
export type DossierDetail = z.infer<typeof DossierDetail>;

/** Filters of `GET /api/documents` on top of paging; an unknown dossier code gives an empty page. */
export const DocumentQuery = PageQuery.extend({
  dossierCode: z.string().min(1).max(300).optional(),
  batchId: uuid.optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
});

const Box = z
  .object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
  .openapi('Box');

/** One drafted field: value, confidence 0–1, and where on which page it was read. */
export const DraftField = z
  .object({
    value: z.unknown(),
    confidence: z.number(),
    sources: z.array(z.object({ page: z.int(), boxes: z.array(Box) })),
  })
  .openapi('DraftField');

/** The pipeline's draft of the document fields (organ, number, symbol, date, summary, signer …). */
export const Draft = z.record(z.string(), DraftField).openapi('Draft');
export type Draft = z.infer<typeof Draft>;

/** A page of a document, in order, with what the pipeline measured on it. */
export const DocumentPageRef = z
  .object({
    /** The page id */
    id: uuid,
    position: z.int(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    /** Resolution used, pixels per inch */
    dpi: z.object({ x: z.number(), y: z.number() }).nullable(),
    rotationDeg: z.int().nullable(),
    skewDeg: z.number().nullable(),
    isBlank: z.boolean().nullable(),
    isSeparator: z.boolean().nullable(),
    ocrMeanConfidence: z.number().nullable(),
  })
  .openapi('DocumentPageRef');

/**
 * `GET /api/documents/{id}`: the TT 05 document fields, the pipeline's `draft` (null when there is
 * none or it cannot be read), the PDF and the pages in order.
 */
export const DocumentDetail = DocumentSummary.extend({
  place: z.string().nullable(),
  organParent: z.string().nullable(),
  signerAuthority: z.string().nullable(),
  signerTitle: z.string().nullable(),
  signerName: z.string().nullable(),
  secrecyCode: z.string().nullable(),
  urgencyCode: z.string().nullable(),
  languageCodes: z.array(z.string()),
  accessModeCode: z.string().nullable(),
  maintenanceCode: z.string().nullable(),
  confidenceLevelCode: z.string(),
  inforSign: z.string().nullable(),
  keywords: z.string().nullable(),
  autograph: z.string().nullable(),
  physicalConditionCode: z.string().nullable(),
  description: z.string().nullable(),
  boundaryConfidence: z.number().nullable(),
  draft: Draft.nullable(),
  pdfSha256: sha256.nullable(),
  pdfBytes: z.int().nullable(),
  version: z.int(),
  createdAt: isoTime,
  /** In document order */
  pages: z.array(DocumentPageRef),
}).openapi('DocumentDetail');
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/** Path parameter `{id}` of the document routes: a UUID. */
export const DocumentIdParam = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' } }),
});

/** Query of `GET /api/documents/{id}/pdf`. */
export const PdfQuery = z.object({
  /** `1`: Content-Disposition attachment instead of inline */
  download: z.enum(['0', '1']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Pages

/** Path parameter `{id}` of the page routes: a UUID. */
export const PageIdParam = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' } }),
});

/** `GET /api/pages/{id}`: the page with its findings, error fields, OCR text and document. */
export const PageDetail = z
  .object({
    id: uuid,
    batchId: uuid,
    dossierId: uuid,
    uploadId: uuid,
    frameIndex: z.int(),
    status: z.enum(PAGE_STATUSES),
    attempts: z.int(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    errorHint: z.string().nullable(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    dpi: z
      .object({
        x: z.number(),
        y: z.number(),
        tag: z.number().nullable(),
        source: z.string().nullable(),
        suspect: z.boolean(),
      })
      .nullable(),
    colorMode: z.string().nullable(),
    bitsPerSample: z.int().nullable(),
    findings: z.object({
      rotationDeg: z.int().nullable(),
      rotationConfidence: z.number().nullable(),
      /** True when the page was turned back by rotationDeg; false with a turn: doubtful, not applied */
      rotationApplied: z.boolean().nullable(),
      skewDeg: z.number().nullable(),
      isBlank: z.boolean().nullable(),
      isSeparator: z.boolean().nullable(),
    }),
    ocrText: z.string().nullable(),
    /** Mean word confidence, 0–100 */
    ocrMeanConfidence: z.number().nullable(),
    ocrWordCount: z.int().nullable(),
    /** `GET /api/pages/{id}/ocr` serves the words and boxes when true */
    hasOcr: z.boolean(),
    /** `GET /api/pages/{id}/image?variant=clean` serves it when true */
    hasCleanImage: z.boolean(),
    document: z.object({ id: uuid, position: z.int() }).nullable(),
    processedAt: isoTime.nullable(),
    createdAt: isoTime,
  })
  .openapi('PageDetail');
export type PageDetail = z.infer<typeof PageDetail>;

/** The OCR blob of a page: words with boxes and confidences, lines, text (pipeline/domain.ts). */
export const OcrResult = z
  .object({
    width: z.number(),
    height: z.number(),
    words: z.array(
      z.object({ text: z.string(), bbox: Box, confidence: z.number(), line: z.int() }),
    ),
    lines: z.array(z.object({ bbox: Box, block: z.int(), wordStart: z.int(), wordEnd: z.int() })),
    text: z.string(),
    meanConfidence: z.number(),
    engine: z.string(),
  })
  .openapi('OcrResult');

/** Query of `GET /api/pages/{id}/image`. */
export const ImageQuery = z.object({
  /** `master`: the original upload file as received; `clean`: the upright, deskewed page */
  variant: z.enum(['master', 'clean']).default('master'),
});

// ---------------------------------------------------------------------------------------------
// Code lists and health

const CodeEntry = z
  .object({
    code: z.string(),
    vi: z.string(),
    en: z.string(),
    abbr: z.string().nullable().optional(),
    oldAbbr: z.array(z.string()).optional(),
  })
  .openapi('CodeEntry');

/** `GET /api/code-lists`: every code list of core/domain/code-lists.ts by name. */
export const CodeLists = z.record(z.string(), z.array(CodeEntry)).openapi('CodeLists');

const Check = z.object({
  status: z.enum(['up', 'down']),
  /** Why it is down */
  detail: z.string().optional(),
});

/** `GET /healthz`: `ok` only when every check is up; a check that is down says why. */
export const Health = z
  .object({
    status: z.enum(['ok', 'fail']),
    checks: z.object({
      postgres: Check,
      redis: Check,
      workers: Check.extend({
        /** Workers connected to each queue the api feeds */
        counts: z.record(z.string(), z.int()),
      }),
    }),
  })
  .openapi('Health');
export type Health = z.infer<typeof Health>;

// ---------------------------------------------------------------------------------------------
// Fixity and signatures

/** What verifying a stored PDF found: its hash against its address, and its signature. */
export const SignatureCheck = z
  .object({
    sha256,
    /** The stored bytes still hash to the address they were stored under */
    intact: z.boolean(),
    /** Signature dictionaries in the file */
    signatures: z.int(),
    /** The last signature verifies against the bytes it covers */
    valid: z.boolean(),
    /** …and covers every byte of the file but its own /Contents */
    coversWholeFile: z.boolean(),
    signer: z.string().nullable().openapi({ example: 'CN=Trung tâm Lưu trữ lịch sử tỉnh, C=VN' }),
    /** /M of the signature, a PDF date */
    signedAt: z.string().nullable().openapi({ example: 'D:20261121093015Z' }),
    subFilter: z.string().nullable().openapi({ example: 'ETSI.CAdES.detached' }),
    problems: z.array(z.string()),
  })
  .openapi('SignatureCheck');
export type SignatureCheck = z.infer<typeof SignatureCheck>;

export const FixityProblem = z
  .object({
    /** catalogue_pdf / catalogue_image: subjectId is the catalogue record (version) */
    subjectType: z.enum(['document_pdf', 'upload', 'catalogue_pdf', 'catalogue_image']),
    subjectId: uuid,
    sha256,
    code: z.enum(['fixity.missing', 'fixity.hash_mismatch', 'fixity.signature_invalid']),
    message: z.string(),
    foundAt: isoTime,
  })
  .openapi('FixityProblem');

export const FixityRun = z
  .object({
    id: uuid,
    startedAt: isoTime,
    /** Null while the run goes on (or when it died: the next one starts afresh) */
    finishedAt: isoTime.nullable(),
    checked: z.int(),
    problems: z.int(),
    /** The first 100 problems of the run */
    found: z.array(FixityProblem),
  })
  .openapi('FixityRun');

export const FixityRuns = z.object({ runs: z.array(FixityRun) }).openapi('FixityRuns');
export type FixityRuns = z.infer<typeof FixityRuns>;

export const FixityQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
