/**
 * Dossiers and documents for the review UI, for any signed-in person, through the access decision
 * (core/domain/access.ts): a dossier or document the person's role may not read is 403
 * `access.forbidden` alone, and kept in lists with only its code, status and counts.
 */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../context.js';
import {
  DocumentDetail,
  DocumentIdParam,
  DocumentPage,
  DocumentQuery,
  DossierCodeParam,
  DossierDetail,
  DossierPage,
  DossierQuery,
  PdfQuery,
  SignatureCheck,
} from '../contracts.js';
import { auth } from '../auth/auth.js';
import { viewerOf } from '../auth/viewer.js';
import {
  binary,
  createRouter,
  error,
  INVALID,
  json,
  READ_ACCESS,
  SESSION_SECURITY,
  SIGNED_IN,
} from '../openapi.js';
import { sendBlob } from '../services/blob-response.js';
import { getDocument, getDossier, listDocuments, listDossiers } from '../services/catalogue.js';
import { checkDocumentPdf } from '../services/fixity.js';
import { documentPdf } from '../services/pages.js';

/** Routes under /api/dossiers and /api/documents. */
export function catalogueRoutes(deps: AppDeps) {
  const staff = auth(deps.db, { accept: ['user'] });
  const dossiers = createRoute({
    method: 'get',
    path: '/api/dossiers',
    tags: ['dossiers'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Danh sách hồ sơ / List dossiers',
    description:
      'Every dossier; one whose access mode the caller may not read has `restricted: true` and a null title.',
    request: { query: DossierQuery },
    responses: {
      200: json(DossierPage, 'Hồ sơ theo mã / Dossiers in code order'),
      ...INVALID,
      ...SIGNED_IN,
    },
  });

  const dossier = createRoute({
    method: 'get',
    path: '/api/dossiers/{code}',
    tags: ['dossiers'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Xem hồ sơ / Read a dossier',
    request: { params: DossierCodeParam },
    responses: {
      200: json(DossierDetail, 'Hồ sơ, các lô quét và tài liệu / Dossier, batches and documents'),
      ...INVALID,
      ...READ_ACCESS,
      404: error('dossier.not_found'),
    },
  });

  const documents = createRoute({
    method: 'get',
    path: '/api/documents',
    tags: ['documents'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Danh sách tài liệu / List documents',
    description:
      'A document the caller may not read (its own or its dossier’s access mode) has `restricted: true` and null type, number, notation, date, organ, summary and PDF name.',
    request: { query: DocumentQuery },
    responses: { 200: json(DocumentPage, 'Tài liệu / Documents'), ...INVALID, ...SIGNED_IN },
  });

  const document = createRoute({
    method: 'get',
    path: '/api/documents/{id}',
    tags: ['documents'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Xem tài liệu / Read a document',
    request: { params: DocumentIdParam },
    responses: {
      200: json(
        DocumentDetail,
        'Tài liệu, bản nháp siêu dữ liệu, các trang / Document, draft, pages',
      ),
      ...INVALID,
      ...READ_ACCESS,
      404: error('document.not_found'),
    },
  });

  const pdf = createRoute({
    method: 'get',
    path: '/api/documents/{id}/pdf',
    tags: ['documents'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Tệp PDF/A của tài liệu / The document PDF/A',
    description: 'Supports Range and If-None-Match (ETag = SHA-256 of the PDF).',
    request: { params: DocumentIdParam, query: PdfQuery },
    responses: {
      200: binary(['application/pdf'], 'PDF'),
      206: binary(['application/pdf'], 'Một khoảng byte / A byte range'),
      304: { description: 'Không đổi / Not modified' },
      ...INVALID,
      ...READ_ACCESS,
      404: error('document.not_found, document.pdf_missing'),
      416: { description: 'Khoảng byte ngoài tệp / Range not satisfiable' },
    },
  });

  const signature = createRoute({
    method: 'get',
    path: '/api/documents/{id}/signature',
    tags: ['documents'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Kiểm tra tệp PDF/A và chữ ký số / Verify the stored PDF/A and its signature',
    description:
      'Re-hashes the stored PDF against its SHA-256 and verifies the PAdES signature over the bytes it covers. Reports; never repairs.',
    request: { params: DocumentIdParam },
    responses: {
      200: json(SignatureCheck, 'Kết quả kiểm tra / What the check found'),
      ...INVALID,
      ...READ_ACCESS,
      404: error('document.not_found, document.pdf_missing'),
    },
  });

  return createRouter()
    .openapi(signature, async (c) =>
      c.json(
        await checkDocumentPdf(deps.db, deps.blobs, viewerOf(c), c.req.valid('param').id),
        200,
      ),
    )
    .openapi(dossiers, async (c) =>
      c.json(await listDossiers(deps.db, viewerOf(c), c.req.valid('query')), 200),
    )
    .openapi(dossier, async (c) =>
      c.json(await getDossier(deps.db, viewerOf(c), c.req.valid('param').code), 200),
    )
    .openapi(documents, async (c) =>
      c.json(await listDocuments(deps.db, viewerOf(c), c.req.valid('query')), 200),
    )
    .openapi(document, async (c) =>
      c.json(await getDocument(deps.db, viewerOf(c), c.req.valid('param').id), 200),
    )
    .openapi(pdf, async (c) => {
      const ref = await documentPdf(deps.db, viewerOf(c), c.req.valid('param').id);
      return sendBlob(c, deps.blobs, {
        sha256: ref.sha256,
        mediaType: ref.mediaType,
        disposition: {
          kind: c.req.valid('query').download === '1' ? 'attachment' : 'inline',
          fileName: ref.fileName,
        },
        // A rebuilt document gets a new PDF under the same URL.
        caching: 'revalidate',
      });
    });
}
