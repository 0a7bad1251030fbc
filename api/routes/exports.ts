/**
 * Exports of the catalogue, for signed-in staff: CSV and XLSX of the metadata (the search's
 * filters, only what the viewer may read), and the TT 05/2025 AIP packages for the national
 * archive database (managers and administrators). Every export passes the access decision of
 * core/domain/access.ts.
 */
import { Readable } from 'node:stream';
import { createRoute } from '@hono/zod-openapi';
import { auth } from '../auth/auth.js';
import { viewerOf } from '../auth/viewer.js';
import type { AppDeps } from '../context.js';
import {
  CatalogueFilters,
  DossierIdParam,
  RecordIdParam,
  VersionQuery,
} from '../contracts/catalogue.js';
import { binary, createRouter, error, INVALID, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import { contentDisposition } from '../services/blob-response.js';
import { documentAip, dossierAip, type AipOptions } from '../services/export/aip.js';
import { catalogueCsv, catalogueXlsx } from '../services/export/table.js';
import { PRODUCER } from '../../pipeline/version.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HIDDEN = error('catalogue.not_found, catalogue.forbidden');
const stamp = (): string => new Date().toISOString().slice(0, 10);

/** Routes under /api/catalogue/export.* and …/aip. */
export function exportRoutes(deps: AppDeps) {
  const staff = auth(deps.db, { accept: ['user'] });
  const archivists = auth(deps.db, { accept: ['user'], roles: ['manager', 'admin'] });
  const aipOptions = (): AipOptions => ({
    agents: {
      archive: { code: deps.config.archive.code, name: deps.config.archive.name },
      software: { name: 'sohoa', version: PRODUCER.replace(/^sohoa\s*/, '') },
    },
  });

  const csv = createRoute({
    method: 'get',
    path: '/api/catalogue/export.csv',
    tags: ['catalogue', 'exports'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Xuất mục lục ra CSV / Catalogue metadata as CSV',
    description: 'The search filters; newest first; UTF-8 with BOM; up to 1,000,000 rows.',
    request: { query: CatalogueFilters },
    responses: { 200: binary(['text/csv'], 'CSV'), ...INVALID, ...SIGNED_IN },
  });
  const xlsx = createRoute({
    method: 'get',
    path: '/api/catalogue/export.xlsx',
    tags: ['catalogue', 'exports'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Xuất mục lục ra Excel / Catalogue metadata as XLSX',
    description:
      'The search filters; newest first; up to 100,000 rows (400 export.too_many beyond).',
    request: { query: CatalogueFilters },
    responses: { 200: binary([XLSX], 'XLSX'), ...INVALID, ...SIGNED_IN },
  });
  const dossier = createRoute({
    method: 'get',
    path: '/api/catalogue/dossiers/{id}/aip',
    tags: ['catalogue', 'exports'],
    security: SESSION_SECURITY,
    middleware: [archivists] as const,
    summary: 'Gói AIP_hoso (Thông tư 05/2025) / AIP_hoso package',
    description:
      "The dossier's latest catalogued version, zipped: METS, EAD.xml, EAD_doc, PREMIS, signed PDFs, SHA-256 of every file, the XML schemas.",
    request: { params: DossierIdParam },
    responses: {
      200: binary(['application/zip'], 'ZIP'),
      ...INVALID,
      ...SIGNED_IN,
      404: HIDDEN,
      409: error(
        'export.incomplete (required TT 05 fields empty), export.fixity (a PDF no longer matches its hash)',
      ),
    },
  });
  const document = createRoute({
    method: 'get',
    path: '/api/catalogue/records/{id}/aip',
    tags: ['catalogue', 'exports'],
    security: SESSION_SECURITY,
    middleware: [archivists] as const,
    summary: 'Gói AIP_tailieu (Thông tư 05/2025) / AIP_tailieu package',
    description:
      'One document version (the latest unless `version`), zipped like AIP_hoso without the hồ sơ description.',
    request: { params: RecordIdParam, query: VersionQuery },
    responses: {
      200: binary(['application/zip'], 'ZIP'),
      ...INVALID,
      ...SIGNED_IN,
      404: HIDDEN,
      409: error('export.incomplete, export.fixity'),
    },
  });

  const zip = (a: { fileName: string; stream: Readable }) => ({
    body: Readable.toWeb(a.stream) as unknown as ReadableStream<Uint8Array>,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition('attachment', a.fileName),
      'Cache-Control': 'private, no-store',
    },
  });

  return createRouter()
    .openapi(csv, (c) => {
      const stream = catalogueCsv(deps.db, viewerOf(c), c.req.valid('query'));
      return c.body(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition('attachment', `muc-luc-${stamp()}.csv`),
        'Cache-Control': 'private, no-store',
      });
    })
    .openapi(xlsx, async (c) => {
      const body = await catalogueXlsx(deps.db, viewerOf(c), c.req.valid('query'));
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': XLSX,
        'Content-Disposition': contentDisposition('attachment', `muc-luc-${stamp()}.xlsx`),
        'Cache-Control': 'private, no-store',
      });
    })
    .openapi(dossier, async (c) => {
      const a = await dossierAip(
        deps.db,
        deps.blobs,
        viewerOf(c),
        c.req.valid('param').id,
        aipOptions(),
      );
      const z = zip(a);
      return c.body(z.body, 200, z.headers);
    })
    .openapi(document, async (c) => {
      const a = await documentAip(
        deps.db,
        deps.blobs,
        viewerOf(c),
        c.req.valid('param').id,
        c.req.valid('query').version,
        aipOptions(),
      );
      const z = zip(a);
      return c.body(z.body, 200, z.headers);
    });
}
