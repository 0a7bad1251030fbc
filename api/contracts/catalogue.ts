/**
 * Schemas of the reader-facing catalogue: search, record versions, dossier records, the fonds
 * list. Public routes: anyone may call them without an account, and a signed-in member of staff
 * sees more (core/domain/access.ts decides what). The routes validate with these, `/openapi.json`
 * is generated from them and the UI imports their types.
 */
import { z } from '@hono/zod-openapi';
import { isoTime, uuid } from '../contracts.js';

/** A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD (archival dates are often known to the year). */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM hoặc/or YYYY-MM-DD')
  .openapi({ example: '2021' });

const Code2 = z.string().regex(/^\d{2}$/, 'mã 2 chữ số / a 2-digit code');

/** The filters of a catalogue search (also used by the CSV/XLSX exports). */
export const CatalogueFilters = z.object({
  /** Words, a "phrase", OR, -word; or a number and symbol ("146/KH-UBND") or a symbol ("QĐ-UBND") */
  q: z.string().max(500).optional().openapi({ example: 'quyet dinh ubnd' }),
  /** auto: ignore diacritics when the query has none; match: as typed; ignore: always folded */
  diacritics: z.enum(['auto', 'match', 'ignore']).default('auto'),
  /** Exact số và ký hiệu, e.g. 146/KH-UBND */
  number: z.string().max(60).optional().openapi({ example: '146/KH-UBND' }),
  /** Mã phông */
  fonds: z.string().max(13).optional(),
  /** Tên loại tài liệu (TT 05 `typeName` code) */
  type: Code2.optional().openapi({ example: '02' }),
  /** Part of the issuing organ's name, diacritics ignored */
  organ: z.string().max(200).optional().openapi({ example: 'ubnd tinh hung yen' }),
  /** Issued on or after (partial ISO date) */
  dateFrom: PartialDate.optional(),
  /** Issued on or before (partial ISO date) */
  dateTo: PartialDate.optional(),
  /** Staff only: search every version, not only each record's latest */
  allVersions: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type CatalogueFilters = z.output<typeof CatalogueFilters>;

export const SearchQuery = CatalogueFilters.extend({
  /** relevance (with a query; ranked over the newest 2,000 matches), newest or oldest first */
  sort: z.enum(['relevance', 'newest', 'oldest']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ type: 'integer' }),
  cursor: z.string().max(500).optional(),
});
export type SearchQuery = z.output<typeof SearchQuery>;

export const SnippetSegment = z
  .object({ text: z.string(), hit: z.boolean() })
  .openapi('SnippetSegment');

/** One catalogued document (a version of it) as lists show it. */
export const RecordSummary = z
  .object({
    /** The document: the record's stable id across versions */
    documentId: uuid,
    /** This version */
    recordId: uuid,
    version: z.int(),
    latest: z.boolean(),
    /** "Kế hoạch 146/KH-UBND: <trích yếu>" */
    title: z.string(),
    typeCode: z.string().nullable(),
    typeName: z.string().nullable(),
    codeNumber: z.string().nullable(),
    codeNotation: z.string().nullable(),
    issuedDate: z.string().nullable(),
    organName: z.string().nullable(),
    subject: z.string().nullable(),
    fondsCode: z.string(),
    fondsName: z.string().nullable(),
    dossierId: uuid,
    /** arcFileCode of the dossier */
    fileCode: z.string().nullable(),
    dossierTitle: z.string().nullable(),
    docCode: z.string().nullable(),
    pageCount: z.int().nullable(),
    /** The most restrictive access mode that governs the version (01, 02, 03) */
    accessMode: z.string(),
    catalogedAt: isoTime,
  })
  .openapi('RecordSummary');
export type RecordSummary = z.infer<typeof RecordSummary>;

export const SearchHit = RecordSummary.extend({
  /** The stretch of the text (or the summary) with the query's words, marked */
  snippet: z.array(SnippetSegment).nullable(),
}).openapi('SearchHit');

export const SearchResult = z
  .object({
    items: z.array(SearchHit),
    nextCursor: z.string().nullable(),
    /**
     * Matches counted up to 10,000 (date orders) or 2,000 (relevance: its window); `exact` false
     * means "more than count"
     */
    total: z.object({ count: z.int(), exact: z.boolean() }),
    sort: z.enum(['relevance', 'newest', 'oldest']),
    /** Whether diacritics were ignored */
    folded: z.boolean(),
    /** How the query was read: words, a number and symbol, or none (filters only) */
    matchedBy: z.enum(['text', 'number', 'filters']),
    /** Relevance only ranks the newest `window` matches; true when there were more */
    rankWindowExceeded: z.boolean(),
  })
  .openapi('SearchResult');
export type SearchResult = z.infer<typeof SearchResult>;

/** A version of a record in its history. */
export const RecordVersion = z
  .object({ recordId: uuid, version: z.int(), catalogedAt: isoTime, approvedAt: isoTime })
  .openapi('RecordVersion');

const MetadataValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

/** A record version with every approved field, its files and its history. */
export const RecordDetail = RecordSummary.extend({
  /** TT 05/2025 EAD_doc elements as approved */
  document: z.record(z.string(), MetadataValue),
  /** TT 05/2025 EAD.xml elements of the dossier as approved */
  dossier: z.record(z.string(), MetadataValue),
  /** Fields outside TT 05 (địa danh, người ký, độ mật, độ khẩn …) */
  other: z.record(z.string(), MetadataValue),
  /** The OCR text, pages separated by form feeds */
  fullText: z.string(),
  pdf: z.object({ name: z.string(), bytes: z.int(), sha256: z.string(), signed: z.boolean() }),
  /** IIIF Image API 3 services of the pages, in order */
  pages: z.array(z.object({ n: z.int(), service: z.string() })),
  /** IIIF Presentation 3 manifest of this version */
  manifest: z.string(),
  /** The versions this viewer may read, oldest first */
  versions: z.array(RecordVersion),
}).openapi('RecordDetail');
export type RecordDetail = z.infer<typeof RecordDetail>;

export const RecordIdParam = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' }, description: 'Mã tài liệu / document id' }),
});

export const VersionQuery = z.object({
  /** A version number; the latest when left out */
  version: z.coerce.number().int().min(1).optional().openapi({ type: 'integer' }),
});

export const PdfVersionQuery = VersionQuery.extend({
  download: z.enum(['0', '1']).optional(),
});

/** A catalogued dossier: its approved fields and the documents this viewer may read. */
export const DossierRecord = z
  .object({
    dossierId: uuid,
    recordId: uuid,
    version: z.int(),
    fileCode: z.string().nullable(),
    title: z.string().nullable(),
    fondsCode: z.string(),
    fondsName: z.string().nullable(),
    accessMode: z.string(),
    dossier: z.record(z.string(), MetadataValue),
    documents: z.array(RecordSummary),
    catalogedAt: isoTime,
  })
  .openapi('DossierRecord');
export type DossierRecord = z.infer<typeof DossierRecord>;

export const DossierIdParam = z.object({
  id: uuid.openapi({
    param: { name: 'id', in: 'path' },
    description: 'Mã hồ sơ (uuid) / dossier id',
  }),
});

export const FondsList = z
  .object({ items: z.array(z.object({ code: z.string(), name: z.string() })) })
  .openapi('FondsList');
