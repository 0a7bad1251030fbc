/**
 * Probes for the orchestrator and the code lists for the UI.
 */
import { createRoute } from '@hono/zod-openapi';
import { CODE_LISTS } from '../../core/domain/code-lists.js';
import type { AppDeps } from '../context.js';
import { CodeLists, FixityQuery, FixityRuns, Health } from '../contracts.js';
import { auth } from '../auth/auth.js';
import { createRouter, json, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import { listFixityRuns } from '../services/fixity.js';
import { checkHealth } from '../services/health.js';

/** /healthz, /livez, /api/code-lists and /api/fixity. */
export function systemRoutes(deps: AppDeps) {
  const healthz = createRoute({
    method: 'get',
    path: '/healthz',
    tags: ['system'],
    summary: 'Sẵn sàng phục vụ / Readiness',
    description:
      'ok only when PostgreSQL and Redis answer and a worker listens on page.process and dossier.assemble.',
    responses: {
      200: json(Health, 'Mọi thành phần hoạt động / Everything is up'),
      503: json(Health, 'Có thành phần không hoạt động / Something is down (named in checks)'),
    },
  });

  const livez = createRoute({
    method: 'get',
    path: '/livez',
    tags: ['system'],
    summary: 'Tiến trình còn chạy / Liveness',
    responses: {
      200: json(Health.pick({ status: true }), 'Tiến trình đang chạy / The process runs'),
    },
  });

  const codeLists = createRoute({
    method: 'get',
    path: '/api/code-lists',
    tags: ['system'],
    summary: 'Các bảng mã TT 05/2025 / The TT 05/2025 code lists',
    responses: { 200: json(CodeLists, 'Bảng mã theo tên / Code lists by name') },
  });

  const fixity = createRoute({
    method: 'get',
    path: '/api/fixity',
    tags: ['system'],
    summary: 'Các lần kiểm tra toàn vẹn / Fixity runs',
    description:
      'Managers and admins. The periodic fixity runs (every FIXITY_INTERVAL_HOURS): stored PDFs and masters re-hashed, PDF signatures verified; newest first, with what each found.',
    security: SESSION_SECURITY,
    middleware: [auth(deps.db, { accept: ['user'], roles: ['manager', 'admin'] })] as const,
    request: { query: FixityQuery },
    responses: { 200: json(FixityRuns, 'Các lần kiểm tra / The runs'), ...SIGNED_IN },
  });

  const lists = Object.fromEntries(
    Object.entries(CODE_LISTS).map(([name, entries]) => [
      name,
      entries.map((e) => ('oldAbbr' in e ? { ...e, oldAbbr: [...e.oldAbbr] } : { ...e })),
    ]),
  );

  return createRouter()
    .openapi(healthz, async (c) => {
      const h = await checkHealth(deps.db, deps.queues);
      if (h.status !== 'ok') c.var.log.warn({ checks: h.checks }, 'health check failed');
      return h.status === 'ok' ? c.json(h, 200) : c.json(h, 503);
    })
    .openapi(livez, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(codeLists, (c) => c.json(lists, 200))
    .openapi(fixity, async (c) =>
      c.json(await listFixityRuns(deps.db, c.req.valid('query').limit), 200),
    );
}
