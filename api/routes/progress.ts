/**
 * The managers' figures (`/api/progress…`): progress against the target, burn-up, throughput,
 * people, quality, pipeline health with the failed pages and their retry, the target settings, and
 * every table as CSV. Managers and admins only; everyone else gets 403 `auth.forbidden`.
 */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../context.js';
import { PageIdParam } from '../contracts.js';
import {
  AsOfQuery,
  Burnup,
  BurnupQuery,
  ExportParam,
  ExportQuery,
  FailedPages,
  FailedPagesQuery,
  Operators,
  PeriodQuery,
  PipelineHealth,
  Progress,
  ProgressSettings,
  ProgressSettingsBody,
  Quality,
  RetryResult,
  Reviewers,
  Throughput,
  ThroughputQuery,
} from '../contracts/progress.js';
import { auth, userOf } from '../auth/auth.js';
import { createRouter, error, INVALID, json, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import { getBurnup } from '../services/progress/burnup.js';
import { vnDay } from '../services/progress/calendar.js';
import { exportTable } from '../services/progress/export.js';
import { getProgress } from '../services/progress/overview.js';
import { getOperators, getReviewers } from '../services/progress/people.js';
import { nowOf } from '../services/progress/period.js';
import { getPipelineHealth, listFailedPages, retryPage } from '../services/progress/pipeline.js';
import { getQuality } from '../services/progress/quality.js';
import { getSettings, updateSettings } from '../services/progress/settings.js';
import { getThroughput } from '../services/progress/throughput.js';
import { contentDisposition } from '../services/blob-response.js';

const TAG = ['progress'];

/** Routes under /api/progress, and the retry of a failed page. */
export function progressRoutes(deps: AppDeps) {
  const managers = auth(deps.db, { accept: ['user'], roles: ['manager', 'admin'] });
  const small = bodyLimit({ maxSize: 16 * 1024 });
  const get = <P extends string>(path: P, summary: string, description: string) => ({
    method: 'get' as const,
    path,
    tags: TAG,
    security: SESSION_SECURITY,
    middleware: [managers],
    summary,
    description,
  });

  const progress = createRoute({
    ...get(
      '/api/progress',
      'Tiến độ so với chỉ tiêu / Progress against the target',
      'Per fonds and overall, as of the end of `date` (today by default): holdings, pages and dossiers scanned, processed, approved and catalogued, the target, high-use progress, and the forecast (finish date at the rolling pace, output needed per day to meet the deadline).',
    ),
    request: { query: AsOfQuery },
    responses: { 200: json(Progress, 'Tiến độ / Progress'), ...INVALID, ...SIGNED_IN },
  });
  const burnup = createRoute({
    ...get(
      '/api/progress/burnup',
      'Biểu đồ tích lũy / Burn-up',
      'Cumulative pages scanned, processed, approved and catalogued per day, with the target and forecast; all fonds counted in pages, or one fonds.',
    ),
    request: { query: BurnupQuery },
    responses: {
      200: json(Burnup, 'Chuỗi theo ngày / Daily series'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('fonds.not_found'),
    },
  });
  const throughput = createRoute({
    ...get(
      '/api/progress/throughput',
      'Năng suất theo ngày, tuần / Throughput per day or week',
      'Output per day or week of the period, by stage.',
    ),
    request: { query: ThroughputQuery },
    responses: { 200: json(Throughput, 'Năng suất / Throughput'), ...INVALID, ...SIGNED_IN },
  });
  const operators = createRoute({
    ...get(
      '/api/progress/operators',
      'Theo người quét và máy trạm / Per operator and workstation',
      'Batches, pages, rescanned pages and rejections in the period.',
    ),
    request: { query: PeriodQuery },
    responses: { 200: json(Operators, 'Người quét / Operators'), ...INVALID, ...SIGNED_IN },
  });
  const reviewers = createRoute({
    ...get(
      '/api/progress/reviewers',
      'Theo người duyệt / Per reviewer',
      'Decisions and fields corrected in the period.',
    ),
    request: { query: PeriodQuery },
    responses: { 200: json(Reviewers, 'Người duyệt / Reviewers'), ...INVALID, ...SIGNED_IN },
  });
  const quality = createRoute({
    ...get(
      '/api/progress/quality',
      'Chất lượng / Quality',
      'OCR confidence distribution, share of draft fields corrected, rejection reasons, rescans, in the period.',
    ),
    request: { query: PeriodQuery },
    responses: { 200: json(Quality, 'Chất lượng / Quality'), ...INVALID, ...SIGNED_IN },
  });
  const pipeline = createRoute({
    ...get(
      '/api/progress/pipeline',
      'Tình trạng xử lý / Pipeline health',
      'Queue depths, pages by state, failed pages by error code, stuck jobs, batches and dossiers.',
    ),
    responses: { 200: json(PipelineHealth, 'Tình trạng / Health'), ...SIGNED_IN },
  });
  const failed = createRoute({
    ...get(
      '/api/progress/failed-pages',
      'Trang bị lỗi / Failed pages',
      "Newest first, with the pipeline's error code, message and hint; `code` keeps one error code.",
    ),
    request: { query: FailedPagesQuery },
    responses: { 200: json(FailedPages, 'Trang lỗi / Failed pages'), ...INVALID, ...SIGNED_IN },
  });
  const settings = createRoute({
    ...get(
      '/api/progress/settings',
      'Chỉ tiêu và thời hạn / Target and deadline',
      'The target percentage, its deadline and the names the report prints.',
    ),
    responses: { 200: json(ProgressSettings, 'Thiết lập / Settings'), ...SIGNED_IN },
  });
  const putSettings = createRoute({
    method: 'put',
    path: '/api/progress/settings',
    tags: TAG,
    security: SESSION_SECURITY,
    middleware: [managers, small] as const,
    summary: 'Đổi chỉ tiêu, thời hạn / Change the target and deadline',
    request: {
      body: { content: { 'application/json': { schema: ProgressSettingsBody } }, required: true },
    },
    responses: {
      200: json(ProgressSettings, 'Thiết lập mới / New settings'),
      ...INVALID,
      ...SIGNED_IN,
    },
  });
  const retry = createRoute({
    method: 'post',
    path: '/api/pages/{id}/retry',
    tags: TAG,
    security: SESSION_SECURITY,
    middleware: [managers] as const,
    summary: 'Xử lý lại trang lỗi / Retry a failed page',
    description: 'Puts a failed page back on the page.process queue (audited as page.retry).',
    request: { params: PageIdParam },
    responses: {
      202: json(RetryResult, 'Đã xếp hàng lại / Queued again'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('page.not_found'),
      409: error('page.not_failed, page.retry_approved'),
    },
  });
  const exporter = createRoute({
    ...get(
      '/api/progress/export/{table}',
      'Tải bảng dạng CSV / A table as CSV',
      'Any table of the dashboard as CSV (UTF-8 with BOM, headers "Tiếng Việt / English"); the query is the one of the table\'s JSON route.',
    ),
    request: { params: ExportParam, query: ExportQuery },
    responses: {
      200: { content: { 'text/csv': { schema: { type: 'string' as const } } }, description: 'CSV' },
      ...INVALID,
      ...SIGNED_IN,
    },
  });

  return createRouter()
    .openapi(progress, async (c) => c.json(await getProgress(deps, c.req.valid('query').date), 200))
    .openapi(burnup, async (c) => c.json(await getBurnup(deps, c.req.valid('query')), 200))
    .openapi(throughput, async (c) => c.json(await getThroughput(deps, c.req.valid('query')), 200))
    .openapi(operators, async (c) => c.json(await getOperators(deps, c.req.valid('query')), 200))
    .openapi(reviewers, async (c) => c.json(await getReviewers(deps, c.req.valid('query')), 200))
    .openapi(quality, async (c) => c.json(await getQuality(deps, c.req.valid('query')), 200))
    .openapi(pipeline, async (c) => c.json(await getPipelineHealth(deps), 200))
    .openapi(failed, async (c) => c.json(await listFailedPages(deps.db, c.req.valid('query')), 200))
    .openapi(settings, async (c) => c.json(await getSettings(deps), 200))
    .openapi(putSettings, async (c) =>
      c.json(await updateSettings(deps, userOf(c), c.req.valid('json'), c.var.requestId), 200),
    )
    .openapi(retry, async (c) =>
      c.json(await retryPage(deps, userOf(c), c.req.valid('param').id, c.var.requestId), 202),
    )
    .openapi(exporter, async (c) => {
      const { table } = c.req.valid('param');
      const body = await exportTable(deps, table, c.req.valid('query'));
      return c.body(body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(
          'attachment',
          `tien-do-${table}-${vnDay(nowOf(deps))}.csv`,
        ),
        'cache-control': 'no-store',
      });
    });
}
