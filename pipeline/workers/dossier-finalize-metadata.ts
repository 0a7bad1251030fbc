/**
 * The approved metadata of a document, as the catalogue record and the final PDF/A carry it: the
 * document's and its dossier's columns (what the reviewer approved, never the pipeline's draft)
 * under their Thông tư 05/2025 element names (core/domain/metadata-fields.ts).
 */
import type { Document, Dossier, Fonds } from '../../core/db/client.js';
import { findCode } from '../../core/domain/code-lists.js';
import { documentTitle } from '../../core/domain/record-title.js';
import {
  DOCUMENT_FIELDS,
  DOSSIER_FIELDS,
  type FieldDef,
} from '../../core/domain/metadata-fields.js';
import type { PdfMetadata } from '../stages/pdfa/index.js';
import type { RecordValue } from '../stages/pdfa/xmp.js';

export type ApprovedDossier = Dossier & { readonly fonds: Pick<Fonds, 'code' | 'name'> };

export interface ArchiveIdentity {
  /** Mã cơ quan lưu trữ (ARCHIVE_CODE) */
  readonly code: string;
  readonly name: string;
}

/** Metadata JSON of a catalogue record. */
export interface CatalogueMetadata {
  /** TT 05/2025 `EAD.xml` elements of the dossier (hồ sơ) */
  readonly dossier: Readonly<Record<string, RecordValue>>;
  /** TT 05/2025 `EAD_doc` elements of the document, inherited values filled in from the dossier */
  readonly document: Readonly<Record<string, RecordValue>>;
  /** Fields outside TT 05 that sohoa keeps (NĐ 30/2020: địa danh, người ký, độ mật, độ khẩn …) */
  readonly other: Readonly<Record<string, RecordValue>>;
  readonly fonds: { readonly code: string; readonly name: string };
  /**
   * Labels of coded values as they read when approved (the search index puts the type name
   * among the words of the title, so "quyet dinh" finds a Quyết định by its type)
   */
  readonly labels: { readonly typeName: string | null };
}

/** `arcFileCode`: mã cơ quan lưu trữ + mã hồ sơ, as the assembly writes it into the draft PDFs. */
export const arcFileCode = (archive: ArchiveIdentity, dossierCode: string): string =>
  `${archive.code}.${dossierCode}`;

/** `docCode`: the file code and the document's số thứ tự on 7 digits (TT 05/2025). */
export const docCode = (fileCode: string, seq: number): string =>
  `${fileCode}.${String(seq).padStart(7, '0')}`;

type Row = Readonly<Record<string, unknown>>;

function value(row: Row, f: FieldDef): RecordValue {
  const v = row[f.key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v;
  return null;
}

/** The document's effective values by sohoa key: retention and access fall back to the dossier's. */
function documentRow(doc: Document, dossier: Dossier): Row {
  return {
    ...doc,
    maintenanceCode: doc.maintenanceCode ?? dossier.maintenanceCode,
    accessModeCode: doc.accessModeCode ?? dossier.accessModeCode,
  };
}

/**
 * The catalogue record's metadata: every dossier and document field under its TT 05 element name,
 * the fields TT 05 does not name under their sohoa key in `other`. `arcFileCode` is prefixed with
 * the archive's code; `docCode` and `docOrdinal` are derived from the document's số thứ tự.
 */
export function catalogueMetadata(
  doc: Document,
  dossier: ApprovedDossier,
  archive: ArchiveIdentity,
): CatalogueMetadata {
  const fileCode = arcFileCode(archive, dossier.code);
  const dossierOut: Record<string, RecordValue> = {};
  for (const f of DOSSIER_FIELDS) {
    if (f.tt05 !== null) dossierOut[f.tt05] = value(dossier, f);
  }
  dossierOut['arcFileCode'] = fileCode;
  const row = documentRow(doc, dossier);
  const documentOut: Record<string, RecordValue> = {
    arcFileCode: fileCode,
    docCode: docCode(fileCode, doc.seq),
    docOrdinal: doc.seq,
  };
  const other: Record<string, RecordValue> = {};
  for (const f of DOCUMENT_FIELDS) {
    if (f.tt05 !== null) documentOut[f.tt05] = value(row, f);
    else other[f.key] = value(row, f);
  }
  return {
    dossier: dossierOut,
    document: documentOut,
    other,
    fonds: { code: dossier.fonds.code, name: dossier.fonds.name },
    labels: {
      typeName: doc.typeCode === null ? null : (findCode('docType', doc.typeCode)?.vi ?? null),
    },
  };
}

/** Metadata JSON of a catalogue dossier record (`catalogue_dossier_record.metadata`). */
export interface DossierRecordMetadata {
  readonly dossier: Readonly<Record<string, RecordValue>>;
  readonly fonds: { readonly code: string; readonly name: string };
}

/** The dossier's TT 05 `EAD.xml` fields as approved, with its fonds. */
export function dossierRecordMetadata(
  dossier: ApprovedDossier,
  archive: ArchiveIdentity,
): DossierRecordMetadata {
  const out: Record<string, RecordValue> = {};
  for (const f of DOSSIER_FIELDS) if (f.tt05 !== null) out[f.tt05] = value(dossier, f);
  out['arcFileCode'] = arcFileCode(archive, dossier.code);
  return { dossier: out, fonds: { code: dossier.fonds.code, name: dossier.fonds.name } };
}

/**
 * A readable title of an approved document: "Kế hoạch 146/KH-UBND: <trích yếu>", or
 * `<mã hồ sơ>.<số thứ tự>` when it has neither type, number nor summary.
 */
export const approvedTitle = (doc: Document, dossierCode: string): string =>
  documentTitle(doc, `${dossierCode}.${doc.seq}`);

/** The keywords of a record ("a; b, c") as a list, empty parts dropped. */
export const splitKeywords = (k: string | null): string[] =>
  k === null
    ? []
    : k
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');

export interface ApprovedPdfContext {
  readonly archive: ArchiveIdentity;
  readonly producer: string;
  /** When the dossier was approved: the file's creation date */
  readonly approvedAt: Date;
}

/**
 * What the final PDF/A says about itself: Dublin Core (title, creator, description, keywords) and
 * the TT 05 record fields from the approved columns, `status: approved`, and no draft schema.
 */
export function approvedPdfMetadata(
  doc: Document,
  dossier: ApprovedDossier,
  ctx: ApprovedPdfContext,
): PdfMetadata {
  const m = catalogueMetadata(doc, dossier, ctx.archive);
  const keywords = splitKeywords(doc.keywords);
  return {
    title: approvedTitle(doc, dossier.code),
    creator: doc.organName ?? ctx.archive.name,
    ...(doc.subject !== null ? { subject: doc.subject } : {}),
    ...(keywords.length > 0 ? { keywords } : {}),
    language: 'vi',
    documentId: doc.id,
    createdAt: ctx.approvedAt,
    producer: ctx.producer,
    record: { ...m.document, status: 'approved' },
  };
}
