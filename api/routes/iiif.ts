/**
 * IIIF Image API 3.0 (level 2, plus mirroring, upscaling and webp) over each page's clean image,
 * turned by the reviewer's quarter turn: the review UI's thumbnails and its OpenSeadragon viewer.
 * Staff only, so responses are `private`; a page the person's role may not read (its document's
 * or dossier's access mode, core/domain/access.ts) is 403 `access.forbidden` on every route.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { auth } from '../auth/auth.js';
import { viewerOf } from '../auth/viewer.js';
import type { AppDeps, AppEnv } from '../context.js';
import { binary, createRouter, error, READ_ACCESS, SESSION_SECURITY } from '../openapi.js';
import { assertMayReadPage } from '../services/access/draft-access.js';
import {
  IiifImages,
  iiifSource,
  parseIdentifier,
  type IiifImagesOptions,
} from '../services/iiif/images.js';
import { parseImageRequest } from '../services/iiif/params.js';

const PREFIX = '/iiif/3';
const IMMUTABLE = 'private, max-age=31536000, immutable';
const REVALIDATE = 'private, no-cache';
const LD_JSON = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"';

const Identifier = z.string().openapi({
  param: { name: 'id', in: 'path' },
  description:
    'Mã trang, hoặc {mã trang}~{phiên bản} như info.json trả về / Page id, or {pageId}~{version} as info.json gives it',
  example: '0b8f3a52-5c1e-4a39-9d57-0f6b3f7e2a11',
});

const ImageInfoSchema = z
  .object({
    '@context': z.literal('http://iiif.io/api/image/3/context.json'),
    id: z.string(),
    type: z.literal('ImageService3'),
    protocol: z.literal('http://iiif.io/api/image'),
    profile: z.literal('level2'),
    width: z.number().int(),
    height: z.number().int(),
    tiles: z.array(z.object({ width: z.number().int(), scaleFactors: z.array(z.number().int()) })),
    sizes: z.array(z.object({ width: z.number().int(), height: z.number().int() })),
    extraQualities: z.array(z.string()),
    extraFormats: z.array(z.string()),
    extraFeatures: z.array(z.string()),
  })
  .openapi('IiifImageInfo');

const ERRORS = {
  401: READ_ACCESS[401],
  403: READ_ACCESS[403],
  404: error('page.not_found, page.image_missing'),
} as const;

/** Routes under /iiif/3 (any signed-in person who may read the page). */
export function iiifRoutes(deps: AppDeps, o: IiifImagesOptions = {}) {
  const iiif = new IiifImages(deps.db, deps.blobs, o);
  const signedIn = auth(deps.db, { accept: ['user'] });

  const base = createRoute({
    method: 'get',
    path: `${PREFIX}/{id}`,
    tags: ['iiif'],
    security: SESSION_SECURITY,
    summary: 'Chuyển tới info.json / Redirect to info.json',
    middleware: [signedIn] as const,
    request: { params: z.object({ id: Identifier }) },
    responses: { 303: { description: 'Location: …/info.json' }, ...ERRORS },
  });

  const info = createRoute({
    method: 'get',
    path: `${PREFIX}/{id}/info.json`,
    tags: ['iiif'],
    security: SESSION_SECURITY,
    summary: 'Thông tin ảnh IIIF của trang / IIIF image information of a page',
    description:
      'IIIF Image API 3.0 info.json of the clean page image turned by the review rotation. ' +
      '`id` pins the current version ({pageId}~{version}); its image URLs are immutable.',
    middleware: [signedIn] as const,
    request: { params: z.object({ id: Identifier }) },
    responses: {
      200: {
        content: {
          'application/json': { schema: ImageInfoSchema },
          'application/ld+json': { schema: ImageInfoSchema },
        },
        description: 'info.json',
      },
      304: { description: 'Không đổi / Not modified' },
      ...ERRORS,
    },
  });

  const image = createRoute({
    method: 'get',
    path: `${PREFIX}/{id}/{region}/{size}/{rotation}/{file}`,
    tags: ['iiif'],
    security: SESSION_SECURITY,
    summary: 'Ảnh IIIF / An IIIF image request',
    description:
      'region: full | square | x,y,w,h | pct:x,y,w,h; size: max | w, | ,h | pct:n | w,h | !w,h, ' +
      'each optionally after ^ to upscale; rotation: 0 | 90 | 180 | 270, ! first to mirror; ' +
      'file: {default|color|gray|bitonal}.{jpg|png|webp}. ETag and 304; immutable for pinned ids.',
    middleware: [signedIn] as const,
    request: {
      params: z.object({
        id: Identifier,
        region: z.string().openapi({ param: { name: 'region', in: 'path' }, example: 'full' }),
        size: z.string().openapi({ param: { name: 'size', in: 'path' }, example: ',160' }),
        rotation: z.string().openapi({ param: { name: 'rotation', in: 'path' }, example: '0' }),
        file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'default.jpg' }),
      }),
    },
    responses: {
      200: binary(['image/jpeg', 'image/png', 'image/webp'], 'Ảnh / The image'),
      304: { description: 'Không đổi / Not modified' },
      400: error('iiif.invalid (names the parameter)'),
      ...ERRORS,
      501: error('iiif.unsupported (arbitrary angles; tif, gif, pdf, jp2)'),
    },
  });

  // IIIF ids are absolute URLs: behind a TLS-terminating proxy the request's origin is the
  // proxy's inside address, so PUBLIC_URL names the one browsers use.
  const baseUrl = (c: Context<AppEnv>): string =>
    `${deps.config.publicUrl ?? new URL(c.req.url).origin}${PREFIX}`;

  return createRouter()
    .openapi(base, async (c) => {
      const { id } = c.req.valid('param');
      await assertMayReadPage(deps.db, viewerOf(c), parseIdentifier(id).pageId);
      return c.redirect(`${baseUrl(c)}/${encodeURIComponent(id)}/info.json`, 303);
    })
    .openapi(info, async (c) => {
      const r = await iiif.info(c.req.valid('param').id, baseUrl(c), viewerOf(c));
      const ld = (c.req.header('accept') ?? '').includes('application/ld+json');
      const headers = {
        ETag: r.etag,
        'Cache-Control': REVALIDATE,
        'Access-Control-Allow-Origin': '*',
        Vary: 'Accept',
      };
      const inm = c.req.header('if-none-match');
      if (inm !== undefined && inm.split(',').some((t) => t.trim() === r.etag)) {
        return c.body(null, 304, headers);
      }
      return c.body(JSON.stringify(r.info), 200, {
        ...headers,
        'Content-Type': ld ? LD_JSON : 'application/json',
      });
    })
    .openapi(image, async (c) => {
      const { id, region, size, rotation, file } = c.req.valid('param');
      const path = { region, size, rotation, file };
      // Parameters first (400 without asking the database), then the page and the access
      // decision in one query.
      parseImageRequest(path);
      const source = await iiifSource(deps.db, id, viewerOf(c));
      const r = await iiif.imageOf(source, path, c.req.header('if-none-match'));
      const headers = {
        ETag: r.etag,
        'Cache-Control': r.immutable ? IMMUTABLE : REVALIDATE,
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      };
      if (r.body === null) return c.body(null, 304, headers);
      return c.body(new Uint8Array(r.body), 200, { ...headers, 'Content-Type': r.mediaType });
    });
}
