/**
 * IIIF Image API 3.0 over the pages' clean images: which blob and quarter turn an identifier
 * names, info.json, and encoded image responses with their ETags.
 *
 * An identifier is a page id, optionally pinned to what the page looks like now as
 * `{pageId}~{version}` (version = hash of the clean image and the reviewer's turn). info.json
 * answers with the pinned form, so the tiles a viewer asks for have URLs that never change
 * meaning and may be cached for good, while the bare form (thumbnails in the UI) is revalidated:
 * turning a page changes what `/iiif/3/{pageId}/full/…` shows.
 */
import { createHash } from 'node:crypto';
import type { Viewer } from '../../../core/domain/access.js';
import type { PrismaClient } from '../../../core/db/client.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { HttpError, notFound } from '../../errors.js';
import { assertMayReadPageRow, PAGE_ACCESS_SELECT } from '../access/draft-access.js';
import { ByteLru } from './byte-lru.js';
import { imageInfo, type ImageInfo } from './info.js';
import {
  MEDIA_TYPES,
  parseImageRequest,
  type ImageRequestPath,
  type QuarterTurn,
} from './params.js';
import { resolveImageRequest, type ResolvedRequest } from './resolve.js';
import {
  decodePage,
  renderFromDecoded,
  renderFromEncoded,
  turnedSize,
  type DecodedPage,
} from './render.js';

/** Bumped when the encoding settings change, so that old ETags stop matching. */
const RENDER_VERSION = '1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page image an identifier names, as it is now. */
export interface IiifSource {
  readonly pageId: string;
  readonly sha256: string;
  /** The reviewer's clockwise quarter turn, applied before anything else */
  readonly turn: QuarterTurn;
  /** Hash of `sha256` and `turn`: the `~version` of pinned identifiers */
  readonly version: string;
  /** True when the identifier asked for exactly this version */
  readonly pinned: boolean;
}

/** The version part of a pinned identifier for a clean image turned by `turn`. */
export const versionOf = (sha256: string, turn: QuarterTurn): string =>
  createHash('sha256').update(`${sha256}:${turn}`).digest('hex').slice(0, 16);

const quarterTurn = (deg: number): QuarterTurn => {
  const d = ((deg % 360) + 360) % 360;
  return d === 90 || d === 180 || d === 270 ? d : 0;
};

const quotedHash = (...parts: string[]): string =>
  `"${createHash('sha256').update(parts.join('\n')).digest('base64url')}"`;

/** True when an If-None-Match header names `etag` (weak comparison, RFC 9110). */
export const etagMatches = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  (header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));

/**
 * The page id and the version asked for in `identifier` (`{pageId}` or `{pageId}~{version}`).
 * Throws `page.not_found` for an identifier that is no page id.
 */
export function parseIdentifier(identifier: string): { pageId: string; asked: string | null } {
  const tilde = identifier.indexOf('~');
  const pageId = tilde < 0 ? identifier : identifier.slice(0, tilde);
  const asked = tilde < 0 ? null : identifier.slice(tilde + 1);
  if (!UUID_RE.test(pageId)) throw notFound('page', pageId);
  return { pageId, asked };
}

/**
 * The page and clean image `identifier` (`{pageId}` or `{pageId}~{version}`) names. Throws
 * `page.not_found` (also for an identifier that is no page id) and `page.image_missing` (404).
 * With a `viewer`, the access decision comes first, read in the same query: `access.forbidden`
 * (403) for a page the viewer may not read (the api's routes always pass one).
 */
export async function iiifSource(
  db: PrismaClient,
  identifier: string,
  viewer?: Viewer,
): Promise<IiifSource> {
  const { pageId, asked } = parseIdentifier(identifier);
  const p = await db.page.findUnique({
    where: { id: pageId },
    select: { imageSha256: true, reviewRotation: true, ...PAGE_ACCESS_SELECT },
  });
  if (p === null) throw notFound('page', pageId);
  if (viewer !== undefined) assertMayReadPageRow(viewer, pageId, p);
  if (p.imageSha256 === null) {
    throw new HttpError(404, 'page.image_missing', {
      message: `Trang ${pageId} chưa có ảnh đã làm sạch (chưa xử lý xong) / Page ${pageId} has no clean image yet (not processed)`,
      hint: 'Chờ xử lý xong, hoặc xem ảnh gốc (/api/pages/{id}/image?variant=master) / Wait for processing, or view the master (/api/pages/{id}/image?variant=master)',
    });
  }
  const turn = quarterTurn(p.reviewRotation);
  const version = versionOf(p.imageSha256, turn);
  return { pageId, sha256: p.imageSha256, turn, version, pinned: asked === version };
}

export interface IiifImagesOptions {
  /** Bytes of decoded pages kept for tiles; default 256 MB (about 29 grey A4 pages at 300 dpi) */
  readonly cacheBytes?: number;
}

export interface EncodedImage {
  readonly etag: string;
  readonly mediaType: string;
  /** Null when the request's If-None-Match named the ETag (answer 304) */
  readonly body: Buffer | null;
  /** True for pinned identifiers: the URL's answer never changes */
  readonly immutable: boolean;
}

/**
 * The IIIF image service of the api: one per process, holding the cache of decoded pages.
 *
 * @example
 * const iiif = new IiifImages(db, blobs);
 * const { body } = await iiif.image(pageId, { region: '0,0,512,512', size: 'max', rotation: '0', file: 'default.jpg' });
 */
export class IiifImages {
  /** Raw pixels by `{sha256}:{turn}`: the tiles of a page decode its file once */
  readonly decoded: ByteLru<DecodedPage>;
  /** Turned sizes by `{sha256}:{turn}`, so that a thumbnail request reads only the header */
  private readonly sizes = new ByteLru<{ width: number; height: number }>(10_000, () => 1);

  constructor(
    private readonly db: PrismaClient,
    private readonly blobs: BlobStore,
    o: IiifImagesOptions = {},
  ) {
    this.decoded = new ByteLru(o.cacheBytes ?? 256 * 1024 * 1024, (p) => p.data.length);
  }

  private async size(
    s: IiifSource,
    key: string,
    encoded: () => Promise<Buffer>,
  ): Promise<{ width: number; height: number }> {
    const known = this.decoded.get(key) ?? this.sizes.get(key);
    if (known !== undefined) return { width: known.width, height: known.height };
    const size = await turnedSize(await encoded(), s.turn);
    this.sizes.set(key, size);
    return size;
  }

  /**
   * info.json of `identifier` with `id` = `base`/`{pageId}~{version}` (`base`: origin + `/iiif/3`),
   * after the access decision for `viewer` when given (see {@link iiifSource}).
   */
  async info(
    identifier: string,
    base: string,
    viewer?: Viewer,
  ): Promise<{ info: ImageInfo; etag: string }> {
    const s = await iiifSource(this.db, identifier, viewer);
    return this.infoOf(s, `${base}/${s.pageId}~${s.version}`);
  }

  /** info.json of an image source already resolved (and access-checked) by the caller, as `id`. */
  async infoOf(s: IiifSource, id: string): Promise<{ info: ImageInfo; etag: string }> {
    const key = `${s.sha256}:${s.turn}`;
    const { width, height } = await this.size(s, key, () => this.blobs.read(s.sha256));
    const info = imageInfo(id, width, height);
    return { info, etag: quotedHash(JSON.stringify(info)) };
  }

  /**
   * The encoded image of one request. Parameters are checked before the database is asked
   * (`iiif.invalid` 400, `iiif.unsupported` 501); the ETag is known before any pixel work, so a
   * revalidation costs one query.
   */
  async image(
    identifier: string,
    path: ImageRequestPath,
    ifNoneMatch?: string,
  ): Promise<EncodedImage> {
    parseImageRequest(path);
    return this.imageOf(await iiifSource(this.db, identifier), path, ifNoneMatch);
  }

  /** The encoded image of one request on a source resolved (and access-checked) by the caller. */
  async imageOf(
    s: IiifSource,
    path: ImageRequestPath,
    ifNoneMatch?: string,
  ): Promise<EncodedImage> {
    const req = parseImageRequest(path);
    const etag = quotedHash(
      RENDER_VERSION,
      s.sha256,
      String(s.turn),
      path.region,
      path.size,
      path.rotation,
      path.file,
    );
    const head = { etag, mediaType: MEDIA_TYPES[req.format], immutable: s.pinned };
    if (etagMatches(ifNoneMatch, etag)) return { ...head, body: null };

    const key = `${s.sha256}:${s.turn}`;
    let encoded: Buffer | undefined;
    const read = async (): Promise<Buffer> => (encoded ??= await this.blobs.read(s.sha256));
    const full = await this.size(s, key, read);
    const r = resolveImageRequest(req, full, path);
    if (this.decoded.get(key) === undefined && isOverview(r, full)) {
      return { ...head, body: await renderFromEncoded(await read(), s.turn, full, r) };
    }
    const page = await this.decoded.getOrLoad(key, async () => decodePage(await read(), s.turn));
    return { ...head, body: await renderFromDecoded(page, r) };
  }
}

/** A small view of the whole page (thumbnail, navigator): cheaper from the file than decoded. */
function isOverview(r: ResolvedRequest, full: { width: number; height: number }): boolean {
  const whole = r.region.width === full.width && r.region.height === full.height;
  return whole && r.width * r.height * 16 <= full.width * full.height;
}
