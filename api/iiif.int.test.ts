import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from './contracts.js';
import { IiifImages } from './services/iiif/images.js';
import type { ImageInfo } from './services/iiif/info.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';
import { scanned } from './testing/scenario.js';

/** The grey level of the seeded clean image at (x, y): every pixel is known. */
const level = (x: number, y: number): number => (x * 3 + y * 7) % 251;
const W = 1000;
const H = 700;

let h: Harness;
let reviewer: TestLogin;
let cleanPng: Buffer;

beforeAll(async () => {
  h = await createRunHarness();
  reviewer = await h.login('reviewer');
  const raw = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) raw[y * W + x] = level(x, y);
  // A one-channel PNG, as the pipeline stores grey pages (sharp writes sRGB unless told).
  cleanPng = await sharp(raw, { raw: { width: W, height: H, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
});

afterAll(async () => {
  await h.close();
});

/** A scanned page whose clean image is the seeded image. */
async function cleanPage(reviewRotation = 0): Promise<string> {
  const s = await scanned(h);
  const pageId = s.upload.pageIds[0] ?? '';
  const blob = await h.blobs.put(cleanPng);
  await h.db.page.update({
    where: { id: pageId },
    data: { imageSha256: blob.sha256, imageMediaType: 'image/png', reviewRotation },
  });
  return pageId;
}

const get = (path: string, headers: Record<string, string> = {}) =>
  h.app.request(path, { headers: { ...reviewer.headers, ...headers } });

/** The response's image as raw grey pixels. */
async function pixels(res: Response) {
  expect(res.status).toBe(200);
  const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x: number, y: number) => data[y * info.width + x],
  };
}

describe('IIIF info.json', () => {
  it('describes the page with tiles, sizes and an id pinned to its version', async () => {
    const id = await cleanPage();
    const res = await get(`/iiif/3/${id}/info.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const info = (await res.json()) as ImageInfo;
    expect(info).toMatchObject({
      '@context': 'http://iiif.io/api/image/3/context.json',
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: W,
      height: H,
      tiles: [{ width: 512, scaleFactors: [1, 2] }],
      sizes: [
        { width: 500, height: 350 },
        { width: 1000, height: 700 },
      ],
      extraQualities: ['color', 'gray', 'bitonal'],
      extraFormats: ['webp'],
    });
    expect(info.id).toMatch(new RegExp(`^http://localhost/iiif/3/${id}~[0-9a-f]{16}$`));

    const ld = await get(`/iiif/3/${id}/info.json`, { accept: 'application/ld+json' });
    expect(ld.headers.get('content-type')).toBe(
      'application/ld+json;profile="http://iiif.io/api/image/3/context.json"',
    );
    const etag = res.headers.get('etag') ?? '';
    expect((await get(`/iiif/3/${id}/info.json`, { 'if-none-match': etag })).status).toBe(304);

    const base = await get(`/iiif/3/${id}`);
    expect(base.status).toBe(303);
    expect(base.headers.get('location')).toBe(`http://localhost/iiif/3/${id}/info.json`);
  });

  it('writes ids under PUBLIC_URL when the api sits behind a proxy', async () => {
    const id = await cleanPage();
    const app = h.withEnv({ PUBLIC_URL: 'https://sohoa.example.vn/' });
    const res = await app.request(`/iiif/3/${id}/info.json`, { headers: reviewer.headers });
    const body = (await res.json()) as { id: string };
    expect(body.id).toMatch(new RegExp(`^https://sohoa\\.example\\.vn/iiif/3/${id}~`));
  });

  it('swaps width and height when the reviewer turned the page', async () => {
    const id = await cleanPage(90);
    const info = (await (await get(`/iiif/3/${id}/info.json`)).json()) as ImageInfo;
    expect([info.width, info.height]).toEqual([H, W]);
    expect(info.sizes.at(-1)).toEqual({ width: H, height: W });
  });
});

describe('IIIF image requests', () => {
  it('cuts a region pixel for pixel, in pixels and in percent', async () => {
    const id = await cleanPage();
    const img = await pixels(await get(`/iiif/3/${id}/100,50,64,32/max/0/default.png`));
    expect([img.width, img.height]).toEqual([64, 32]);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 64; x++) expect(img.at(x, y), `${x},${y}`).toBe(level(100 + x, 50 + y));
    }
    const pct = await pixels(await get(`/iiif/3/${id}/pct:50,50,10,10/max/0/default.png`));
    expect([pct.width, pct.height]).toEqual([100, 70]);
    expect([pct.at(0, 0), pct.at(99, 69)]).toEqual([level(500, 350), level(599, 419)]);
    // A region past the edge is cut at the edge.
    const edge = await pixels(await get(`/iiif/3/${id}/960,680,512,512/max/0/default.png`));
    expect([edge.width, edge.height]).toEqual([40, 20]);
  });

  it('turns clockwise after cutting, mirrors first with !, and swaps dimensions', async () => {
    const id = await cleanPage();
    const r90 = await pixels(await get(`/iiif/3/${id}/0,0,64,32/max/90/default.png`));
    expect([r90.width, r90.height]).toEqual([32, 64]);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 32; x++) expect(r90.at(x, y)).toBe(level(y, 31 - x));
    }
    const m0 = await pixels(await get(`/iiif/3/${id}/0,0,64,32/max/!0/default.png`));
    expect([m0.at(0, 0), m0.at(63, 5)]).toEqual([level(63, 0), level(0, 5)]);
    const r180 = await pixels(await get(`/iiif/3/${id}/0,0,64,32/max/180/default.png`));
    expect([r180.width, r180.height, r180.at(0, 0)]).toEqual([64, 32, level(63, 31)]);
  });

  it('applies the review rotation before everything else', async () => {
    const id = await cleanPage(90);
    // Turned clockwise: the turned image at (x, y) is the clean image at (y, H - 1 - x).
    const img = await pixels(await get(`/iiif/3/${id}/10,20,30,40/max/0/default.png`));
    expect([img.width, img.height]).toEqual([30, 40]);
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 30; x++) expect(img.at(x, y)).toBe(level(20 + y, H - 1 - (10 + x)));
    }
    const full = await pixels(await get(`/iiif/3/${id}/full/max/0/default.png`));
    expect([full.width, full.height]).toEqual([H, W]);
  });

  it('scales, with thumbnails, formats and qualities', async () => {
    const id = await cleanPage();
    const thumb = await get(`/iiif/3/${id}/full/,160/0/default.jpg`);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const t = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([t.format, t.width, t.height]).toEqual(['jpeg', 229, 160]);
    const tile = await pixels(await get(`/iiif/3/${id}/0,0,1000,700/500,350/0/default.webp`));
    expect([tile.width, tile.height]).toEqual([500, 350]);
    const bitonal = await pixels(await get(`/iiif/3/${id}/0,0,200,100/max/0/bitonal.png`));
    const seen = new Set<number | undefined>();
    for (let y = 0; y < 100; y++) for (let x = 0; x < 200; x++) seen.add(bitonal.at(x, y));
    expect([...seen].sort()).toEqual([0, 255]);
    const up = await pixels(await get(`/iiif/3/${id}/0,0,10,10/^20,20/0/gray.png`));
    expect([up.width, up.height]).toEqual([20, 20]);
    // Clients may percent-encode ^ , ! and :
    const encoded = await pixels(
      await get(`/iiif/3/${id}/pct%3A0%2C0%2C1%2C1/%5E20%2C/%210/default.png`),
    );
    expect([encoded.width, encoded.height]).toEqual([20, 14]);
  });

  it('answers 304 to its ETag, pins cache for versioned ids and changes when the page turns', async () => {
    const id = await cleanPage();
    const path = `/0,0,64,64/max/0/default.jpg`;
    const res = await get(`/iiif/3/${id}${path}`);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/iiif/3/${id}${path}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    const info = (await (await get(`/iiif/3/${id}/info.json`)).json()) as ImageInfo;
    const pinned = await get(`${new URL(info.id).pathname}${path}`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(pinned.headers.get('etag')).toBe(etag);

    await h.db.page.update({ where: { id }, data: { reviewRotation: 270 } });
    const turned = await get(`/iiif/3/${id}${path}`, { 'if-none-match': etag });
    expect(turned.status).toBe(200);
    expect(turned.headers.get('etag')).not.toBe(etag);
    // The old pinned URL now names another version: answered, but not cached for good.
    const stale = await get(`${new URL(info.id).pathname}${path}`);
    expect(stale.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('answers 400 iiif.invalid naming the parameter, 501 for arbitrary angles', async () => {
    const id = await cleanPage();
    const cases: [string, string][] = [
      ['bogus/max/0/default.jpg', 'Tham số region (vùng ảnh) "bogus"'],
      ['full/0,/0/default.jpg', 'Tham số size (kích thước) "0,"'],
      ['full/2000,/0/default.jpg', 'prefix ^ to upscale'],
      ['full/max/-90/default.jpg', 'Tham số rotation'],
      ['full/max/0/sepia.jpg', 'Tham số quality'],
      ['full/max/0/default.bmp', 'Tham số format'],
      ['1000,0,10,10/max/0/default.jpg', 'outside the 1000×700 image'],
    ];
    for (const [path, text] of cases) {
      const res = await get(`/iiif/3/${id}/${path}`);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('iiif.invalid');
      expect(body.message).toContain(text);
    }
    const odd = await get(`/iiif/3/${id}/full/max/45/default.jpg`);
    expect(odd.status).toBe(501);
    expect(((await odd.json()) as ErrorBody).code).toBe('iiif.unsupported');
  });

  it('answers 404 for unknown pages and pages without a clean image, 401 without a session', async () => {
    for (const id of [randomUUID(), 'not-a-page']) {
      const res = await get(`/iiif/3/${id}/full/max/0/default.jpg`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).code).toBe('page.not_found');
      expect((await get(`/iiif/3/${id}/info.json`)).status).toBe(404);
    }
    const s = await scanned(h);
    const raw = await get(`/iiif/3/${s.upload.pageIds[0]}/info.json`);
    expect(raw.status).toBe(404);
    expect(((await raw.json()) as ErrorBody).code).toBe('page.image_missing');

    const id = await cleanPage();
    const anonymous = await h.app.request(`/iiif/3/${id}/info.json`);
    expect(anonymous.status).toBe(401);
    const workstation = await h.app.request(`/iiif/3/${id}/info.json`, { headers: h.auth });
    expect(workstation.status).toBe(401);
  });
});

describe('IIIF in /openapi.json', () => {
  it('documents the routes', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/iiif/3/{id}',
        '/iiif/3/{id}/info.json',
        '/iiif/3/{id}/{region}/{size}/{rotation}/{file}',
      ]),
    );
  });
});

describe('IiifImages cache', () => {
  it('decodes a page once for all its tiles, not for thumbnails', async () => {
    const id = await cleanPage();
    const iiif = new IiifImages(h.db, h.blobs, { cacheBytes: 10 * W * H });
    const req = (region: string, size = 'max') =>
      iiif.image(id, { region, size, rotation: '0', file: 'default.jpg' });
    await req('full', ',100');
    expect(iiif.decoded.size).toBe(0);
    await Promise.all(['0,0,512,512', '512,0,512,512', '0,512,512,512'].map((r) => req(r)));
    expect(iiif.decoded.size).toBe(1);
    expect(iiif.decoded.bytes).toBe(W * H);
  });
});
