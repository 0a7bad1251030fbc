/**
 * The review UI: static files built by Vite, with the SPA fallback to index.html for any path
 * outside the api. When the build is missing, a short page says how to build it. The folder is
 * looked up per request, so building the UI while the api runs needs no restart.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

const NOT_BUILT = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>sohoa</title></head>
<body>
<h1>Giao diện duyệt hồ sơ chưa được xây dựng</h1>
<p>Chạy <code>npm run build:ui</code> rồi tải lại trang này.</p>
<p lang="en">The review UI is not built yet: run <code>npm run build:ui</code>, then reload this page.</p>
</body>
</html>
`;

/** Paths that belong to the api, never to the UI. */
const isApiPath = (path: string): boolean =>
  path === '/api' ||
  path.startsWith('/api/') ||
  path === '/iiif' ||
  path.startsWith('/iiif/') ||
  path === '/openapi.json' ||
  path === '/healthz' ||
  path === '/livez';

/**
 * Middleware for GET/HEAD outside the api: a file of `uiDir`, else its index.html (client-side
 * routes), else the "not built" page at `/`.
 */
export function reviewUi(uiDir: string): MiddlewareHandler<AppEnv> {
  const index = join(uiDir, 'index.html');
  // Created on first use: serveStatic complains on the console about a root that does not exist.
  let handlers: { files: MiddlewareHandler<AppEnv>; fallback: MiddlewareHandler<AppEnv> } | null =
    null;
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isApiPath(c.req.path)) return next();
    if (!existsSync(index)) {
      if (c.req.path === '/' || c.req.path === '/index.html') return c.html(NOT_BUILT, 200);
      return next();
    }
    handlers ??= {
      files: serveStatic<AppEnv>({ root: uiDir }),
      fallback: serveStatic<AppEnv>({ path: index }),
    };
    const served =
      (await handlers.files(c, () => Promise.resolve())) ??
      (await handlers.fallback(c, () => Promise.resolve()));
    if (!(served instanceof Response)) return next();
    // Vite names assets by content hash, so they never change; index.html must always be fresh.
    const asset =
      !(served.headers.get('content-type') ?? '').startsWith('text/html') &&
      c.req.path.startsWith('/assets/');
    served.headers.set('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    return served;
  };
}
