/**
 * A catalogue record version as the reader's lists show it, from its immutable row (the metadata
 * JSON dossier.finalize wrote) and its search row (latest, governing access modes).
 */
import { z } from 'zod';
import { strictestMode } from '../../../core/domain/access.js';
import { findCode } from '../../../core/domain/code-lists.js';
import { documentTitle } from '../../../core/domain/record-title.js';
import type { RecordSummary } from '../../contracts/catalogue.js';

const Value = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
const Fields = z.record(z.string(), Value.catch(null)).catch({});

/** The metadata JSON of a catalogue record, read defensively: bad parts become empty. */
export const RecordMetadata = z.object({
  document: Fields,
  dossier: Fields,
  other: Fields,
  fonds: z
    .object({ code: z.string(), name: z.string().nullable() })
    .catch({ code: '', name: null }),
  labels: z.object({ typeName: z.string().nullable().catch(null) }).catch({ typeName: null }),
});
export type RecordMetadata = z.infer<typeof RecordMetadata>;
export type FieldValue = z.infer<typeof Value>;

/** The columns of catalogue_record (and catalogue_search) a summary is made from. */
export interface RecordRow {
  readonly id: string;
  readonly documentId: string;
  readonly dossierId: string;
  readonly version: number;
  readonly metadata: unknown;
  readonly createdAt: Date;
  readonly search: { readonly latest: boolean; readonly modes: readonly string[] } | null;
}

export const str = (v: FieldValue | undefined): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

const int = (v: FieldValue | undefined): number | null =>
  typeof v === 'number' && Number.isInteger(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : null;

/** The list view of one record version. */
export function toRecordSummary(row: RecordRow): RecordSummary {
  const m = RecordMetadata.parse(row.metadata ?? {});
  const d = m.document;
  const typeCode = str(d['typeName']);
  const parts = {
    typeCode,
    codeNumber: str(d['codeNumber']),
    codeNotation: str(d['codeNotation']),
    subject: str(d['subject']),
  };
  return {
    documentId: row.documentId,
    recordId: row.id,
    version: row.version,
    latest: row.search?.latest ?? false,
    title: documentTitle(parts, str(d['docCode']) ?? row.documentId),
    typeCode,
    typeName:
      m.labels.typeName ?? (typeCode === null ? null : (findCode('docType', typeCode)?.vi ?? null)),
    codeNumber: parts.codeNumber,
    codeNotation: parts.codeNotation,
    issuedDate: str(d['issuedDate']),
    organName: str(d['organName']),
    subject: parts.subject,
    fondsCode: m.fonds.code,
    fondsName: m.fonds.name,
    dossierId: row.dossierId,
    fileCode: str(m.dossier['arcFileCode']),
    dossierTitle: str(m.dossier['title']),
    docCode: str(d['docCode']),
    pageCount: int(d['numberOfPage']),
    accessMode: strictestMode(row.search?.modes ?? []),
    catalogedAt: row.createdAt.toISOString(),
  };
}
