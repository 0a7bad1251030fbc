/**
 * The rows of a document's metadata table: TT 05/2025 label, value as shown, and the confidence of
 * the pipeline's draft for that field.
 */
import { DOCUMENT_FIELDS } from '../../../core/domain/metadata-fields.js';
import { codeLabel } from '../api/code-lists.js';
import type { CodeLists, DocumentDetail, DraftField } from '../api/types.js';
import { formatDate } from '../format/format.js';
import type { Bilingual, Lang } from '../i18n/i18n.js';

/** Document columns the table shows, in the order of the printed document's layout. */
export const METADATA_KEYS = [
  'typeCode',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'place',
  'organName',
  'organParent',
  'subject',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'pageCount',
] as const satisfies readonly (keyof DocumentDetail)[];

export type MetadataKey = (typeof METADATA_KEYS)[number];

/**
 * The name of each column in the pipeline's draft (`DraftMetadata` in pipeline/domain.ts), where
 * it differs from the document column. Page count is counted, not drafted.
 */
export const DRAFT_KEYS: Readonly<Record<MetadataKey, string | null>> = {
  typeCode: 'docTypeCode',
  codeNumber: 'number',
  codeNotation: 'symbol',
  issuedDate: 'date',
  place: 'place',
  organName: 'organ',
  organParent: 'organParent',
  subject: 'summary',
  signerAuthority: 'signerAuthority',
  signerTitle: 'signerTitle',
  signerName: 'signerName',
  pageCount: null,
};

export interface MetadataRow {
  key: MetadataKey;
  label: Bilingual;
  /** The value as shown, or null when the field is empty */
  value: string | null;
  /** The draft's entry for the field, or null when there is no draft or it did not cover it */
  draft: DraftField | null;
}

/** TT 05/2025 label of a document field, from the one field table in core/domain. */
export function fieldLabel(key: string): Bilingual {
  return DOCUMENT_FIELDS.find((f) => f.key === key) ?? { vi: key, en: key };
}

/**
 * The draft entry of `key`: looked up under the document column's name first, then under the
 * pipeline's name, so the table works whether the api forwards the draft as stored or renames it.
 */
export function draftFor(doc: Pick<DocumentDetail, 'draft'>, key: MetadataKey): DraftField | null {
  if (doc.draft === null) return null;
  const alt = DRAFT_KEYS[key];
  return doc.draft[key] ?? (alt === null ? undefined : doc.draft[alt]) ?? null;
}

function display(
  doc: DocumentDetail,
  key: MetadataKey,
  lists: CodeLists | undefined,
  lang: Lang,
): string | null {
  if (key === 'typeCode') return codeLabel(lists?.docType, doc.typeCode, lang);
  if (key === 'issuedDate') return doc.issuedDate === null ? null : formatDate(doc.issuedDate);
  if (key === 'pageCount') return String(doc.pageCount);
  const v = doc[key];
  return v === null || v.trim() === '' ? null : v;
}

/** One row per {@link METADATA_KEYS} entry, in that order. */
export function metadataRows(
  doc: DocumentDetail,
  lists: CodeLists | undefined,
  lang: Lang,
): MetadataRow[] {
  return METADATA_KEYS.map((key) => ({
    key,
    label: fieldLabel(key),
    value: display(doc, key, lists, lang),
    draft: draftFor(doc, key),
  }));
}
