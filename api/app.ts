/**
 * The api as a Hono app, built from its collaborators so that tests call `app.request()` without a
 * server. main.ts builds the collaborators and serves it.
 */
import { requestId } from 'hono/request-id';
import type { AppDeps } from './context.js';
import { toErrorResponse } from './errors.js';
import { createRouter } from './openapi.js';
import { batchRoutes } from './routes/batches.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { holdingsRoutes } from './routes/holdings.js';
import { iiifRoutes } from './routes/iiif.js';
import { adminRoutes } from './routes/admin.js';
import { agentRoutes } from './routes/agent.js';
import { exportRoutes } from './routes/exports.js';
import { oaiRoutes } from './routes/oai.js';
import { pageRoutes } from './routes/pages.js';
import { progressRoutes } from './routes/progress.js';
import { readerRoutes } from './routes/reader.js';
import { reportRoutes } from './routes/reports.js';
import { reviewRoutes } from './routes/review.js';
import { sessionRoutes } from './routes/session.js';
import { systemRoutes } from './routes/system.js';
import { reviewUi } from './routes/ui.js';

export type { AppDeps, AppEnv } from './context.js';

/** Probes are polled every few seconds: their requests are logged at debug level only. */
const QUIET = new Set(['/healthz', '/livez']);

/**
 * Builds the api: JSON routes under /api, probes, `/openapi.json` (OpenAPI 3.1 generated from the
 * zod schemas the routes validate with), and the review UI at `/`.
 *
 * @example
 * const app = createApp({ db, blobs, queues, redis, config, log });
 * const res = await app.request('/api/code-lists');
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.use('*', requestId(), async (c, next) => {
    const log = deps.log.child({ requestId: c.var.requestId });
    c.set('log', log);
    c.set('sessionTtlHours', deps.config.session.ttlHours);
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    const fields = { method: c.req.method, path: c.req.path, status: c.res.status, ms };
    if (QUIET.has(c.req.path) && c.res.status < 500) log.debug(fields, 'request served');
    else log.info(fields, 'request served');
  });
  app.onError((err, c) => {
    const r = toErrorResponse(err);
    const log = c.var.log ?? deps.log;
    if (r.serverFault) log.error({ err, code: r.body.code }, 'request failed');
    else log.info({ code: r.body.code, status: r.status }, 'request refused');
    return c.json(r.body, r.status);
  });
  app.notFound((c) =>
    c.json(
      {
        code: 'route.not_found',
        message: `Không có đường dẫn ${c.req.method} ${c.req.path} / No route ${c.req.method} ${c.req.path}`,
        hint: 'Xem danh sách tại /openapi.json / See /openapi.json for the routes',
      },
      404,
    ),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'workstationToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Mã của máy trạm quét (createWorkstation) / The scanning workstation token',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sohoa_session',
    description:
      'Phiên đăng nhập (POST /api/session); kèm X-CSRF-Token cho POST, PUT, PATCH, DELETE / ' +
      'The session cookie; unsafe methods also need the X-CSRF-Token header',
  });

  const routes = app
    .route('/', systemRoutes(deps))
    .route('/', batchRoutes(deps))
    .route('/', agentRoutes(deps))
    .route('/', catalogueRoutes(deps))
    .route('/', pageRoutes(deps))
    .route('/', iiifRoutes(deps))
    .route('/', sessionRoutes(deps))
    .route('/', adminRoutes(deps))
    .route('/', reviewRoutes(deps))
    .route('/', progressRoutes(deps))
    .route('/', holdingsRoutes(deps))
    .route('/', reportRoutes(deps))
    .route('/', readerRoutes(deps))
    .route('/', oaiRoutes(deps))
    .route('/', exportRoutes(deps));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'sohoa api',
      version: '0.1.0',
      description:
        'Số hóa tài liệu lưu trữ: tải ảnh quét, theo dõi xử lý, duyệt hồ sơ và tài liệu. ' +
        'Errors are `{ code, message, hint }` with messages in Vietnamese, then English.',
    },
  });
  app.use('*', reviewUi(deps.config.uiDir));
  return routes;
}

/** The api's routes as types, for the review UI's typed client (`hc<AppType>`). */
export type AppType = ReturnType<typeof createApp>;
