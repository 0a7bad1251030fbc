/**
 * AIP packages of Thông tư 05/2025/TT-BNV for the national archive database, zipped:
 * AIP_hoso (a catalogued dossier with all the documents of its approval) and AIP_tailieu (one
 * catalogued document version). Layout (README "Gói AIP"):
 *
 *   <OBJID with ":" as "_">/
 *     METS.xml                                    package METS (TYPE Mixed | Collection)
 *     metadata/descriptive/EAD.xml                hồ sơ description (AIP_hoso only)
 *     metadata/preservation/PREMIS.xml            representation, "transfer" and package events
 *     representations/rep1/METS.xml               representation METS with every data file
 *     representations/rep1/metadata/descriptive/EAD_doc_<n>.xml
 *     representations/rep1/metadata/preservation/PREMIS_rep1.xml
 *     representations/rep1/data/<mã hồ sơ>.<n>.pdf  the signed PDF/A of each document
 *     schemas/METS.xsd, PREMIS.xsd, EAD.xsd, EAD_doc.xsd, EAD_types.xsd, CSIP.xsd, xlink.xsd
 *     documentation/manifest-sha256.txt           SHA-256 of every other file
 *
 * Before anything is zipped, every document must be readable by the viewer (the access
 * decision), its required TT 05 fields filled (409 `export.incomplete` naming them) and its PDF
 * still hash to its address (409 `export.fixity`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import { mayRead, type Viewer } from '../../../core/domain/access.js';
import type { PrismaClient } from '../../../core/db/client.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { HttpError } from '../../errors.js';
import { recordNotFound, refuse, resolveVersion } from '../reader/records.js';
import { RecordMetadata, str, type RecordMetadata as Metadata } from '../reader/record-row.js';
import { describe, DOCUMENT_ELEMENTS, DOSSIER_ELEMENTS, missingElements } from './descriptive.js';
import {
  packageMets,
  premis,
  representationMets,
  type Agents,
  type PackageFile,
} from './package-xml.js';

const SCHEMAS = [
  'METS.xsd',
  'PREMIS.xsd',
  'EAD.xsd',
  'EAD_doc.xsd',
  'EAD_types.xsd',
  'CSIP.xsd',
  'xlink.xsd',
];
const SCHEMA_DIR = new URL('./schemas/', import.meta.url);
const REP = 'representations/rep1/';

export interface AipOptions {
  readonly agents: Agents;
  readonly now?: Date;
}

interface Doc {
  readonly recordId: string;
  readonly documentId: string;
  readonly meta: Metadata;
  readonly pdf: { sha256: string; bytes: number; name: string };
  readonly signed: boolean;
  readonly approvedAt: Date;
}

export interface Aip {
  /** File name of the zip */
  readonly fileName: string;
  /** The zip, streamed */
  readonly stream: Readable;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const safeName = (s: string): string => s.replace(/[/\\:*?"<>|]/g, '_');

/** AIP_hoso of dossier `dossierId`'s latest catalogued version. */
export async function dossierAip(
  db: PrismaClient,
  blobs: BlobStore,
  viewer: Viewer,
  dossierId: string,
  o: AipOptions,
): Promise<Aip> {
  const d = await db.catalogueDossierRecord.findFirst({
    where: { dossierId },
    orderBy: { version: 'desc' },
  });
  if (d === null) throw recordNotFound(dossierId);
  const meta = RecordMetadata.parse(d.metadata ?? {});
  if (!mayRead(viewer, [str(meta.dossier['mode'])])) throw refuse(viewer, dossierId);
  const docs = await loadDocs(db, viewer, d.recordIds);
  const missing = [
    ...missingElements(DOSSIER_ELEMENTS, meta.dossier).map((f) => `EAD.xml ${f}`),
    ...docs.flatMap((x, i) =>
      missingElements(DOCUMENT_ELEMENTS, x.meta.document).map((f) => `EAD_doc_${i + 1}.xml ${f}`),
    ),
  ];
  const code = str(meta.dossier['arcFileCode']) ?? dossierId;
  return build(blobs, {
    kind: 'hoso',
    objid: `urn:uuid:${d.id}`,
    label: str(meta.dossier['title']) ?? code,
    fileName: `AIP_hoso_${safeName(code)}.zip`,
    dossier: meta,
    docs,
    missing,
    o,
  });
}

/** AIP_tailieu of one document version (the latest when `version` is undefined). */
export async function documentAip(
  db: PrismaClient,
  blobs: BlobStore,
  viewer: Viewer,
  documentId: string,
  version: number | undefined,
  o: AipOptions,
): Promise<Aip> {
  const { chosen } = await resolveVersion(db, viewer, documentId, version);
  const docs = await loadDocs(db, viewer, [chosen.recordId]);
  const doc = docs[0];
  if (doc === undefined) throw recordNotFound(documentId);
  const code = str(doc.meta.document['docCode']) ?? documentId;
  return build(blobs, {
    kind: 'tailieu',
    objid: `urn:uuid:${doc.recordId}`,
    label: str(doc.meta.document['subject']) ?? code,
    fileName: `AIP_tailieu_${safeName(code)}.zip`,
    dossier: null,
    docs,
    missing: missingElements(DOCUMENT_ELEMENTS, doc.meta.document).map((f) => `EAD_doc_1.xml ${f}`),
    o,
  });
}

async function loadDocs(db: PrismaClient, viewer: Viewer, recordIds: string[]): Promise<Doc[]> {
  const rows = await db.catalogueRecord.findMany({
    where: { id: { in: recordIds } },
    include: { search: { select: { modes: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return recordIds.map((id) => {
    const r = byId.get(id);
    if (r === undefined) throw recordNotFound(id);
    if (!mayRead(viewer, r.search?.modes ?? [])) throw refuse(viewer, r.documentId);
    return {
      recordId: r.id,
      documentId: r.documentId,
      meta: RecordMetadata.parse(r.metadata ?? {}),
      pdf: { sha256: r.pdfSha256, bytes: r.pdfBytes, name: safeName(r.pdfName) },
      signed: r.signed,
      approvedAt: r.approvedAt,
    };
  });
}

async function build(
  blobs: BlobStore,
  p: {
    kind: 'hoso' | 'tailieu';
    objid: string;
    label: string;
    fileName: string;
    dossier: Metadata | null;
    docs: Doc[];
    missing: string[];
    o: AipOptions;
  },
): Promise<Aip> {
  if (p.missing.length > 0) {
    throw new HttpError(409, 'export.incomplete', {
      message: `Chưa đủ trường bắt buộc của Thông tư 05/2025 để lập gói: ${p.missing.join('; ')} / Required TT 05/2025 fields are empty: ${p.missing.join('; ')}`,
      hint: 'Mở lại hồ sơ, điền các trường còn thiếu rồi duyệt lại / Reopen the dossier, fill them in and approve it again',
    });
  }
  for (const d of p.docs) {
    if (!(await blobs.verify(d.pdf.sha256))) {
      throw new HttpError(409, 'export.fixity', {
        message: `Tệp ${d.pdf.name} (${d.pdf.sha256}) không còn khớp mã băm; không lập gói / The file ${d.pdf.name} no longer matches its SHA-256; no package made`,
        hint: 'Khôi phục tệp từ bản sao dự phòng; xem GET /api/fixity / Restore it from a backup; see GET /api/fixity',
      });
    }
  }
  const now = p.o.now ?? new Date();
  const type = p.kind === 'hoso' ? 'Mixed' : 'Collection';
  const files = new Map<string, Buffer>();
  const described = (path: string, body: Buffer, mediaType = 'text/xml'): PackageFile => {
    files.set(path, body);
    return { path, mediaType, size: body.length, sha256: sha(body), created: now };
  };
  const descriptions = p.docs.map((d, i) =>
    described(
      `${REP}metadata/descriptive/EAD_doc_${i + 1}.xml`,
      describe(DOCUMENT_ELEMENTS, d.meta.document, '../../../../schemas/EAD_doc.xsd'),
    ),
  );
  const data: (PackageFile & { originalName: string; signedBy: string | null })[] = p.docs.map(
    (d) => ({
      path: `${REP}data/${d.pdf.name}`,
      mediaType: 'application/pdf',
      size: d.pdf.bytes,
      sha256: d.pdf.sha256,
      created: d.approvedAt,
      originalName: d.pdf.name,
      signedBy: d.signed ? p.o.agents.archive.name : null,
    }),
  );
  const repPremis = described(
    `${REP}metadata/preservation/PREMIS_rep1.xml`,
    premis({
      schemas: '../../../../schemas/',
      agents: p.o.agents,
      representation: null,
      files: data,
      transfers: data.map((f, i) => ({
        object: f.path,
        at: p.docs[i]?.approvedAt ?? now,
        detail: `Số hóa tài liệu giấy: quét, nhận dạng chữ, PDF/A-2u, ký số, duyệt (${str(p.docs[i]?.meta.document['docCode'] ?? null) ?? ''}) / Digitized from paper: scanned, OCR, PDF/A-2u, signed, approved`,
      })),
      creation: null,
    }),
  );
  const repMets = described(
    `${REP}METS.xml`,
    representationMets({
      objid: p.objid,
      created: now,
      agents: p.o.agents,
      type,
      base: REP,
      descriptions,
      premis: repPremis,
      data,
    }),
  );
  const ead =
    p.dossier === null
      ? null
      : described(
          'metadata/descriptive/EAD.xml',
          describe(DOSSIER_ELEMENTS, p.dossier.dossier, '../../schemas/EAD.xsd'),
        );
  const rootPremis = described(
    'metadata/preservation/PREMIS.xml',
    premis({
      schemas: '../../schemas/',
      agents: p.o.agents,
      representation: { id: 'rep1', name: 'representations/rep1' },
      files: [],
      transfers: [
        {
          object: 'rep1',
          at: p.docs.reduce((a, d) => (d.approvedAt > a ? d.approvedAt : a), new Date(0)),
          detail:
            'Số hóa tài liệu lưu trữ giấy theo Thông tư 05/2025/TT-BNV / Digitization of paper records to Thông tư 05/2025/TT-BNV',
        },
      ],
      creation: { at: now, object: 'rep1' },
    }),
  );
  const schemas = await Promise.all(
    SCHEMAS.map(async (name) =>
      described(`schemas/${name}`, await readFile(new URL(name, SCHEMA_DIR)), 'application/xml'),
    ),
  );
  // The manifest lists every file but itself and the package METS (which lists the manifest).
  const listed = [...files.entries()].map(([path, b]) => `${sha(b)}  ${path}`);
  for (const f of data) listed.push(`${f.sha256}  ${f.path}`);
  const manifest = described(
    'documentation/manifest-sha256.txt',
    Buffer.from(
      `${listed.sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join('\n')}\n`,
      'utf8',
    ),
    'text/plain',
  );
  described(
    'METS.xml',
    packageMets({
      objid: p.objid,
      label: p.label,
      created: now,
      agents: p.o.agents,
      type,
      description: ead ?? descriptions[0] ?? repMets,
      premis: rootPremis,
      schemas,
      documentation: [manifest],
      representation: repMets,
    }),
  );

  const folder = p.objid.replace(/:/g, '_');
  const zip = new yazl.ZipFile();
  const mtime = now;
  for (const [path, body] of files) zip.addBuffer(body, `${folder}/${path}`, { mtime });
  for (const [i, f] of data.entries()) {
    const sha256 = p.docs[i]?.pdf.sha256 ?? '';
    // PDFs are compressed already: stored as they are.
    zip.addReadStreamLazy(`${folder}/${f.path}`, { mtime, compress: false, size: f.size }, (cb) => {
      blobs.open(sha256).then(
        (s) => cb(null, s),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err)), null as never),
      );
    });
  }
  zip.end();
  const out = new PassThrough();
  zip.outputStream.on('error', (err: Error) => out.destroy(err)).pipe(out);
  return { fileName: p.fileName, stream: out };
}
