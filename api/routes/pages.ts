/**
 * Pages for the review UI: the record, its OCR words and its images; any signed-in person who may
 * read the page (core/domain/access.ts: its document's and its dossier's access modes), else 403
 * `access.forbidden`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../context.js';
import { ImageQuery, OcrResult, PageDetail, PageIdParam } from '../contracts.js';
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
} from '../openapi.js';
import { sendBlob } from '../services/blob-response.js';
import { getPage, pageImage, pageOcr } from '../services/pages.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;

/** Routes under /api/pages. */
export function pageRoutes(deps: AppDeps) {
  const staff = auth(deps.db, { accept: ['user'] });
  const page = createRoute({
    method: 'get',
    path: '/api/pages/{id}',
    tags: ['pages'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Xem trang / Read a page',
    request: { params: PageIdParam },
    responses: {
      200: json(
        PageDetail,
        'Trang, kết quả xử lý, lỗi, chữ OCR / Page, findings, errors, OCR text',
      ),
      ...INVALID,
      ...READ_ACCESS,
      404: error('page.not_found'),
    },
  });

  const ocr = createRoute({
    method: 'get',
    path: '/api/pages/{id}/ocr',
    tags: ['pages'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Kết quả OCR của trang / The OCR result of a page',
    request: { params: PageIdParam },
    responses: {
      200: json(OcrResult, 'Từ, dòng, khung và độ tin cậy / Words, lines, boxes and confidences'),
      304: { description: 'Không đổi / Not modified' },
      ...INVALID,
      ...READ_ACCESS,
      404: error('page.not_found, page.ocr_missing'),
    },
  });

  const image = createRoute({
    method: 'get',
    path: '/api/pages/{id}/image',
    tags: ['pages'],
    security: SESSION_SECURITY,
    middleware: [staff] as const,
    summary: 'Ảnh của trang / The image of a page',
    description:
      'master: the original upload file, byte for byte (for a multi-page TIFF or PDF, the whole ' +
      'file); clean: the upright, deskewed page. Content-addressed: ETag = SHA-256, immutable.',
    request: { params: PageIdParam, query: ImageQuery },
    responses: {
      200: binary(IMAGE_TYPES, 'Ảnh / The image'),
      206: binary(IMAGE_TYPES, 'Một khoảng byte / A byte range'),
      304: { description: 'Không đổi / Not modified' },
      ...INVALID,
      ...READ_ACCESS,
      404: error('page.not_found, page.image_missing'),
      416: { description: 'Khoảng byte ngoài tệp / Range not satisfiable' },
    },
  });

  return createRouter()
    .openapi(page, async (c) =>
      c.json(await getPage(deps.db, viewerOf(c), c.req.valid('param').id), 200),
    )
    .openapi(ocr, async (c) => {
      const ref = await pageOcr(deps.db, viewerOf(c), c.req.valid('param').id);
      // Streamed as stored (with ETag and ranges) instead of parsed and serialised again.
      return sendBlob(c, deps.blobs, {
        sha256: ref.sha256,
        mediaType: ref.mediaType,
        caching: 'immutable',
      });
    })
    .openapi(image, async (c) => {
      const ref = await pageImage(
        deps.db,
        viewerOf(c),
        c.req.valid('param').id,
        c.req.valid('query').variant,
      );
      return sendBlob(c, deps.blobs, {
        sha256: ref.sha256,
        mediaType: ref.mediaType,
        disposition: { kind: 'inline', fileName: ref.fileName },
        caching: 'immutable',
      });
    });
}
