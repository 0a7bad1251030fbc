/**
 * Reading the catalogue as a reader: one record version with its history, its signed PDF and its
 * page images, a dossier record, the fonds list. Every answer passes the access decision of
 * core/domain/access.ts first. A record an anonymous reader may not see answers exactly like one
 * that does not exist (404 `catalogue.not_found`), so its existence is not given away either;
 * signed-in staff without the right get 403 `catalogue.forbidden`.
 */
import { mayRead, strictestMode, type Viewer } from '../../../core/domain/access.js';
import type { PrismaClient } from '../../../core/db/client.js';
import type { DossierRecord, RecordDetail } from '../../contracts/catalogue.js';
import { HttpError } from '../../errors.js';
import type { IiifSource } from '../iiif/images.js';
import { versionOf } from '../iiif/images.js';
import { RecordMetadata, str, toRecordSummary } from './record-row.js';

/** A catalogue record version that does not exist, or that this reader may not see. */
export const recordNotFound = (what: string): HttpError =>
  new HttpError(404, 'catalogue.not_found', {
    message: `Không tìm thấy tài liệu ${what} trong mục lục / No catalogued record ${what}`,
    hint: 'Tìm lại tại trang tra cứu; tài liệu hạn chế tiếp cận chỉ cán bộ được giao mới xem được / Search again; restricted records are shown to authorised staff only',
  });

const forbidden = (what: string): HttpError =>
  new HttpError(403, 'catalogue.forbidden', {
    message: `Vai trò của bạn không được xem tài liệu ${what} (mức độ tiếp cận hạn chế) / Your role may not read record ${what} (restricted access)`,
    hint: 'Đề nghị người quản lý cấp quyền / Ask a manager for access',
  });

/** 404 for an anonymous reader, 403 for staff: after the access decision said no. */
export const refuse = (viewer: Viewer, what: string): HttpError =>
  viewer.kind === 'anonymous' ? recordNotFound(what) : forbidden(what);

interface VersionRow {
  recordId: string;
  version: number;
  latest: boolean;
  modes: string[];
}

/**
 * The version `version` (the latest when undefined) of document `documentId`, and the versions
 * this viewer may read. Throws `catalogue.not_found` / `catalogue.forbidden`.
 */
export async function resolveVersion(
  db: PrismaClient,
  viewer: Viewer,
  documentId: string,
  version: number | undefined,
): Promise<{ chosen: VersionRow; readable: VersionRow[] }> {
  const rows = await db.catalogueSearch.findMany({
    where: { documentId },
    orderBy: { version: 'asc' },
    select: { recordId: true, version: true, latest: true, modes: true },
  });
  const chosen =
    version === undefined ? rows.find((r) => r.latest) : rows.find((r) => r.version === version);
  const what = version === undefined ? documentId : `${documentId} (phiên bản/version ${version})`;
  if (chosen === undefined) throw recordNotFound(what);
  if (!mayRead(viewer, chosen.modes)) throw refuse(viewer, what);
  return { chosen, readable: rows.filter((r) => mayRead(viewer, r.modes)) };
}

/** Where the api's public URLs start (PUBLIC_URL, or the request's origin). */
export interface UrlBase {
  readonly origin: string;
}

export const iiifImageId = (recordId: string, n: number): string => `${recordId}~${n}`;

/** A record version with its metadata, text, files and history. */
export async function getRecord(
  db: PrismaClient,
  viewer: Viewer,
  documentId: string,
  version: number | undefined,
  base: UrlBase,
): Promise<RecordDetail> {
  const { chosen, readable } = await resolveVersion(db, viewer, documentId, version);
  const r = await db.catalogueRecord.findUniqueOrThrow({
    where: { id: chosen.recordId },
    include: { search: { select: { latest: true, modes: true } } },
  });
  const m = RecordMetadata.parse(r.metadata ?? {});
  const images = imagesOf(r.files);
  const versions = await db.catalogueRecord.findMany({
    where: { id: { in: readable.map((v) => v.recordId) } },
    orderBy: { version: 'asc' },
    select: { id: true, version: true, createdAt: true, approvedAt: true },
  });
  return {
    ...toRecordSummary(r),
    document: m.document,
    dossier: m.dossier,
    other: m.other,
    fullText: r.fullText,
    pdf: { name: r.pdfName, bytes: r.pdfBytes, sha256: r.pdfSha256, signed: r.signed },
    pages: images.map((_, i) => ({
      n: i + 1,
      service: `${base.origin}/iiif/3/records/${iiifImageId(r.id, i + 1)}`,
    })),
    manifest: `${base.origin}/api/catalogue/records/${r.documentId}/manifest?version=${r.version}`,
    versions: versions.map((v) => ({
      recordId: v.id,
      version: v.version,
      catalogedAt: v.createdAt.toISOString(),
      approvedAt: v.approvedAt.toISOString(),
    })),
  };
}

/** The page images of a record's `files` JSON, in order (empty when unreadable). */
export function imagesOf(files: unknown): string[] {
  const images = (files as { images?: unknown } | null)?.images;
  return Array.isArray(images) ? images.filter((x): x is string => typeof x === 'string') : [];
}

/** The signed PDF of a record version. */
export async function recordPdf(
  db: PrismaClient,
  viewer: Viewer,
  documentId: string,
  version: number | undefined,
): Promise<{ sha256: string; fileName: string }> {
  const { chosen } = await resolveVersion(db, viewer, documentId, version);
  const r = await db.catalogueRecord.findUniqueOrThrow({
    where: { id: chosen.recordId },
    select: { pdfSha256: true, pdfName: true },
  });
  return { sha256: r.pdfSha256, fileName: r.pdfName };
}

const IMAGE_ID_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})~(\d{1,5})$/i;

/**
 * The page image `{recordId}~{n}` names, after the access decision: a source for the IIIF image
 * service (record images are immutable, so always pinned). Throws `catalogue.not_found` /
 * `catalogue.forbidden`.
 */
export async function recordImage(
  db: PrismaClient,
  viewer: Viewer,
  identifier: string,
): Promise<IiifSource> {
  const m = IMAGE_ID_RE.exec(identifier);
  if (m === null) throw recordNotFound(identifier);
  const [, recordId = '', n = '0'] = m;
  const r = await db.catalogueRecord.findUnique({
    where: { id: recordId },
    select: { files: true, search: { select: { modes: true } } },
  });
  if (r === null) throw recordNotFound(identifier);
  if (!mayRead(viewer, r.search?.modes ?? [])) throw refuse(viewer, identifier);
  const sha256 = imagesOf(r.files)[Number(n) - 1];
  if (sha256 === undefined) throw recordNotFound(identifier);
  return { pageId: identifier, sha256, turn: 0, version: versionOf(sha256, 0), pinned: true };
}

/** The latest catalogued version of dossier `dossierId` with the documents this viewer may read. */
export async function getDossierRecord(
  db: PrismaClient,
  viewer: Viewer,
  dossierId: string,
): Promise<DossierRecord> {
  const d = await db.catalogueDossierRecord.findFirst({
    where: { dossierId },
    orderBy: { version: 'desc' },
  });
  if (d === null) throw recordNotFound(dossierId);
  const m = RecordMetadata.parse(d.metadata ?? {});
  const mode = str(m.dossier['mode']);
  if (!mayRead(viewer, [mode])) throw refuse(viewer, dossierId);
  const records = await db.catalogueRecord.findMany({
    where: { id: { in: d.recordIds } },
    select: {
      id: true,
      documentId: true,
      dossierId: true,
      version: true,
      metadata: true,
      createdAt: true,
      search: { select: { latest: true, modes: true } },
    },
  });
  const order = new Map(d.recordIds.map((id, i) => [id, i]));
  return {
    dossierId: d.dossierId,
    recordId: d.id,
    version: d.version,
    fileCode: str(m.dossier['arcFileCode']),
    title: str(m.dossier['title']),
    fondsCode: m.fonds.code,
    fondsName: m.fonds.name,
    accessMode: strictestMode([mode]),
    dossier: m.dossier,
    documents: records
      .filter((r) => mayRead(viewer, r.search?.modes ?? []))
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map(toRecordSummary),
    catalogedAt: d.createdAt.toISOString(),
  };
}

/** The fonds that have at least one record this viewer may read, in code order. */
export async function listFonds(
  db: PrismaClient,
  modes: readonly string[],
): Promise<{ items: { code: string; name: string }[] }> {
  const rows = await db.$queryRaw<{ code: string; name: string }[]>`
    SELECT f.code, f.name FROM fonds f
     WHERE EXISTS (SELECT 1 FROM catalogue_search s
                    WHERE s.fonds_code = f.code AND s.latest AND s.modes <@ ${modes}::varchar[])
     ORDER BY f.code`;
  return { items: rows };
}
