/**
 * The catalogue for readers: search, record versions, their signed PDFs, page images (IIIF Image
 * API 3) and manifests (IIIF Presentation 3), dossier records, the fonds list. Public: no account
 * needed; a signed-in member of staff sees more (core/domain/access.ts decides, for every route).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { optionalSession, viewerOf } from '../auth/viewer.js';
import type { AppDeps, AppEnv } from '../context.js';
import {
  DossierIdParam,
  DossierRecord,
  FondsList,
  PdfVersionQuery,
  RecordDetail,
  RecordIdParam,
  SearchQuery,
  SearchResult,
  VersionQuery,
} from '../contracts/catalogue.js';
import { binary, createRouter, error, INVALID, json } from '../openapi.js';
import { sendBlob } from '../services/blob-response.js';
import { IiifImages } from '../services/iiif/images.js';
import { buildManifest } from '../services/reader/manifest.js';
import {
  getDossierRecord,
  getRecord,
  listFonds,
  recordImage,
  recordPdf,
} from '../services/reader/records.js';
import { searchCatalogue } from '../services/reader/search.js';
import { readableModes } from '../../core/domain/access.js';

const PUBLIC = 'Công khai; cán bộ đăng nhập thấy thêm / Public; signed-in staff see more.';
const HIDDEN = error(
  'catalogue.not_found (also for records an anonymous reader may not see), catalogue.forbidden (staff without the right)',
);
const NO_STORE = { 'Cache-Control': 'private, no-cache' } as const;
const IMAGE_LD = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"';

const ImageId = z.string().openapi({
  param: { name: 'id', in: 'path' },
  description: '{mã phiên bản}~{số trang} / {recordId}~{page number}, from the record',
  example: '0b8f3a52-5c1e-4a39-9d57-0f6b3f7e2a11~1',
});

/** Routes under /api/catalogue and /iiif/3/records. */
export function readerRoutes(deps: AppDeps) {
  const viewer = optionalSession(deps.db);
  // Record images are immutable and small next to the review's pages: a cache of their own.
  const iiif = new IiifImages(deps.db, deps.blobs, { cacheBytes: 64 * 1024 * 1024 });
  const origin = (c: Context<AppEnv>): string => deps.config.publicUrl ?? new URL(c.req.url).origin;

  const search = createRoute({
    method: 'get',
    path: '/api/catalogue/search',
    tags: ['catalogue'],
    middleware: [viewer] as const,
    summary: 'Tra cứu mục lục / Search the catalogue',
    description: `Full text (OCR and metadata), number and symbol, filters; newest first, oldest first, or by relevance over the newest 2,000 matches. ${PUBLIC}`,
    request: { query: SearchQuery },
    responses: {
      200: json(SearchResult, 'Kết quả / Results'),
      ...INVALID,
      403: error('catalogue.staff_only (allVersions without a session)'),
    },
  });

  const fonds = createRoute({
    method: 'get',
    path: '/api/catalogue/fonds',
    tags: ['catalogue'],
    middleware: [viewer] as const,
    summary: 'Các phông có tài liệu / Fonds with catalogued records',
    description: PUBLIC,
    responses: { 200: json(FondsList, 'Phông / Fonds') },
  });

  const record = createRoute({
    method: 'get',
    path: '/api/catalogue/records/{id}',
    tags: ['catalogue'],
    middleware: [viewer] as const,
    summary: 'Xem tài liệu trong mục lục / Read a catalogued record',
    description: `The latest version, or \`version\`; old versions stay readable. ${PUBLIC}`,
    request: { params: RecordIdParam, query: VersionQuery },
    responses: {
      200: json(RecordDetail, 'Tài liệu / The record'),
      ...INVALID,
      403: HIDDEN,
      404: HIDDEN,
    },
  });

  const pdf = createRoute({
    method: 'get',
    path: '/api/catalogue/records/{id}/pdf',
    tags: ['catalogue'],
    middleware: [viewer] as const,
    summary: 'Bản PDF/A có chữ ký số / The signed PDF/A',
    description: `Range and If-None-Match supported. ${PUBLIC}`,
    request: { params: RecordIdParam, query: PdfVersionQuery },
    responses: {
      200: binary(['application/pdf'], 'PDF'),
      206: binary(['application/pdf'], 'Một khoảng byte / A byte range'),
      304: { description: 'Không đổi / Not modified' },
      ...INVALID,
      403: HIDDEN,
      404: HIDDEN,
      416: { description: 'Khoảng byte ngoài tệp / Range not satisfiable' },
    },
  });

  const manifest = createRoute({
    method: 'get',
    path: '/api/catalogue/records/{id}/manifest',
    tags: ['catalogue', 'iiif'],
    middleware: [viewer] as const,
    summary: 'IIIF Presentation 3 manifest của tài liệu / IIIF Presentation 3 manifest',
    description: PUBLIC,
    request: { params: RecordIdParam, query: VersionQuery },
    responses: {
      200: json(z.object({}).passthrough().openapi('IiifManifest'), 'Manifest (JSON-LD)'),
      ...INVALID,
      403: HIDDEN,
      404: HIDDEN,
    },
  });

  const dossier = createRoute({
    method: 'get',
    path: '/api/catalogue/dossiers/{id}',
    tags: ['catalogue'],
    middleware: [viewer] as const,
    summary: 'Hồ sơ trong mục lục / A catalogued dossier',
    description: `Its latest approved version and the documents this viewer may read. ${PUBLIC}`,
    request: { params: DossierIdParam },
    responses: {
      200: json(DossierRecord, 'Hồ sơ / The dossier'),
      ...INVALID,
      403: HIDDEN,
      404: HIDDEN,
    },
  });

  const imageInfo = createRoute({
    method: 'get',
    path: '/iiif/3/records/{id}/info.json',
    tags: ['iiif'],
    middleware: [viewer] as const,
    summary: 'Thông tin ảnh IIIF của trang tài liệu / IIIF image information of a record page',
    description: PUBLIC,
    request: { params: z.object({ id: ImageId }) },
    responses: {
      200: {
        content: {
          'application/json': { schema: z.object({}).passthrough() },
          'application/ld+json': { schema: z.object({}).passthrough() },
        },
        description: 'info.json',
      },
      304: { description: 'Không đổi / Not modified' },
      403: HIDDEN,
      404: HIDDEN,
    },
  });

  const image = createRoute({
    method: 'get',
    path: '/iiif/3/records/{id}/{region}/{size}/{rotation}/{file}',
    tags: ['iiif'],
    middleware: [viewer] as const,
    summary: 'Ảnh IIIF của trang tài liệu / An IIIF image of a record page',
    description: `As /iiif/3/{id}/…; record images never change. ${PUBLIC}`,
    request: {
      params: z.object({
        id: ImageId,
        region: z.string().openapi({ param: { name: 'region', in: 'path' }, example: 'full' }),
        size: z.string().openapi({ param: { name: 'size', in: 'path' }, example: '!1200,1600' }),
        rotation: z.string().openapi({ param: { name: 'rotation', in: 'path' }, example: '0' }),
        file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'default.jpg' }),
      }),
    },
    responses: {
      200: binary(['image/jpeg', 'image/png', 'image/webp'], 'Ảnh / The image'),
      304: { description: 'Không đổi / Not modified' },
      400: error('iiif.invalid'),
      403: HIDDEN,
      404: HIDDEN,
      501: error('iiif.unsupported'),
    },
  });

  return createRouter()
    .openapi(search, async (c) =>
      c.json(await searchCatalogue(deps.db, viewerOf(c), c.req.valid('query')), 200, NO_STORE),
    )
    .openapi(fonds, async (c) =>
      c.json(await listFonds(deps.db, readableModes(viewerOf(c))), 200, NO_STORE),
    )
    .openapi(record, async (c) => {
      const { id } = c.req.valid('param');
      const r = await getRecord(deps.db, viewerOf(c), id, c.req.valid('query').version, {
        origin: origin(c),
      });
      return c.json(r, 200, NO_STORE);
    })
    .openapi(pdf, async (c) => {
      const q = c.req.valid('query');
      const ref = await recordPdf(deps.db, viewerOf(c), c.req.valid('param').id, q.version);
      return sendBlob(c, deps.blobs, {
        sha256: ref.sha256,
        mediaType: 'application/pdf',
        disposition: { kind: q.download === '1' ? 'attachment' : 'inline', fileName: ref.fileName },
        caching: 'revalidate',
      });
    })
    .openapi(manifest, async (c) => {
      const v = viewerOf(c);
      const r = await getRecord(deps.db, v, c.req.valid('param').id, c.req.valid('query').version, {
        origin: origin(c),
      });
      const body = await buildManifest(r, {
        origin: origin(c),
        archiveName: deps.config.archive.name,
        sizeOf: async (n) => {
          const id = `${r.recordId}~${n}`;
          const s = await recordImage(deps.db, v, id);
          return (await iiif.infoOf(s, id)).info;
        },
      });
      // application/json, which IIIF clients accept beside application/ld+json.
      return c.json(body as unknown as Record<string, unknown>, 200, {
        ...NO_STORE,
        'Access-Control-Allow-Origin': '*',
      });
    })
    .openapi(dossier, async (c) =>
      c.json(await getDossierRecord(deps.db, viewerOf(c), c.req.valid('param').id), 200, NO_STORE),
    )
    .openapi(imageInfo, async (c) => {
      const { id } = c.req.valid('param');
      const s = await recordImage(deps.db, viewerOf(c), id);
      const r = await iiif.infoOf(s, `${origin(c)}/iiif/3/records/${id}`);
      const headers = {
        ETag: r.etag,
        ...NO_STORE,
        'Access-Control-Allow-Origin': '*',
        Vary: 'Accept',
      };
      const inm = c.req.header('if-none-match');
      if (inm !== undefined && inm.split(',').some((t) => t.trim() === r.etag)) {
        return c.body(null, 304, headers);
      }
      const ld = (c.req.header('accept') ?? '').includes('application/ld+json');
      return c.body(JSON.stringify(r.info), 200, {
        ...headers,
        'Content-Type': ld ? IMAGE_LD : 'application/json',
      });
    })
    .openapi(image, async (c) => {
      const { id, region, size, rotation, file } = c.req.valid('param');
      const s = await recordImage(deps.db, viewerOf(c), id);
      const r = await iiif.imageOf(
        s,
        { region, size, rotation, file },
        c.req.header('if-none-match'),
      );
      // The access decision runs on every request, so browsers may keep a copy but must ask again.
      const headers = {
        ETag: r.etag,
        ...NO_STORE,
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      };
      if (r.body === null) return c.body(null, 304, headers);
      return c.body(new Uint8Array(r.body), 200, { ...headers, 'Content-Type': r.mediaType });
    });
}
