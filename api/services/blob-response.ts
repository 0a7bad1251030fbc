/**
 * Serving content-addressed blobs over HTTP: strong ETag = the SHA-256, conditional GET, single byte
 * ranges (PDF viewers fetch pages by range), and long immutable caching since a blob name never
 * changes meaning. By hand because hono's serveStatic serves paths, not blobs, and has no ETag.
 */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { BlobStore } from '../../core/storage/blob-store.js';
import type { AppEnv } from '../context.js';

export type ByteRange = { readonly start: number; readonly end: number };

/**
 * The one range of a `Range` header against a blob of `size` bytes: a range (end exclusive),
 * `'unsatisfiable'`, or null when the header is absent, malformed or asks for several ranges
 * (RFC 9110 lets a server answer those with the whole content).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (m === null) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(a);
  const last = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== '' && Number(b) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last + 1 };
}

/** An RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const etagOf = (sha256: string): string => `"${sha256}"`;

/** True when an If-None-Match / If-Range list names the ETag (weak comparison, as RFC 9110 says for If-None-Match). */
const matches = (header: string, etag: string): boolean =>
  header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

export interface BlobResponseOptions {
  readonly sha256: string;
  readonly mediaType: string;
  /** Content-Disposition; none when absent */
  readonly disposition?: { readonly kind: 'inline' | 'attachment'; readonly fileName: string };
  /**
   * `immutable` for blobs addressed by their hash in the URL's meaning (page images, OCR);
   * `revalidate` where the URL may come to name another blob (a rebuilt document PDF)
   */
  readonly caching: 'immutable' | 'revalidate';
}

/**
 * Answers a GET or HEAD with the blob: 200, 206 with Content-Range, 304 on a matching
 * If-None-Match, or 416. Throws `storage.missing` (500) when the database names a blob the store
 * does not have.
 */
export async function sendBlob(
  c: Context<AppEnv>,
  blobs: BlobStore,
  o: BlobResponseOptions,
): Promise<Response> {
  const size = await blobs.size(o.sha256);
  const etag = etagOf(o.sha256);
  const headers: Record<string, string> = {
    ETag: etag,
    'Accept-Ranges': 'bytes',
    'Cache-Control':
      o.caching === 'immutable' ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    'Content-Type': o.mediaType,
    'X-Content-Type-Options': 'nosniff',
  };
  if (o.disposition !== undefined) {
    headers['Content-Disposition'] = contentDisposition(o.disposition.kind, o.disposition.fileName);
  }
  const inm = c.req.header('if-none-match');
  if (inm !== undefined && matches(inm, etag)) return c.body(null, 304, headers);

  const ifRange = c.req.header('if-range');
  const rangeAllowed = ifRange === undefined || ifRange.trim() === etag;
  const range = rangeAllowed ? parseRange(c.req.header('range'), size) : null;
  if (range === 'unsatisfiable') {
    return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
  }
  const status = range === null ? 200 : 206;
  const part = range ?? { start: 0, end: size };
  headers['Content-Length'] = String(part.end - part.start);
  if (range !== null) headers['Content-Range'] = `bytes ${part.start}-${part.end - 1}/${size}`;
  if (c.req.method === 'HEAD' || part.end === part.start) return c.body(null, status, headers);
  const stream = await blobs.open(o.sha256, part);
  return c.body(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, status, headers);
}
