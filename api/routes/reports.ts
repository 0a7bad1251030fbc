/**
 * The semi-annual progress report (30 June, 31 December) in Vietnamese, as PDF or XLSX.
 * Managers and admins only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../context.js';
import { auth } from '../auth/auth.js';
import { binary, createRouter, INVALID, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import { contentDisposition } from '../services/blob-response.js';
import { reportPdf } from '../services/reports/report-pdf.js';
import { reportXlsx } from '../services/reports/report-xlsx.js';
import { semiannualData } from '../services/reports/semiannual.js';

export const ReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2999).openapi({ type: 'integer', example: 2026 }),
  /** 1: January–June (report of 30 June); 2: July–December (report of 31 December) */
  half: z.enum(['1', '2']),
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/reports/semiannual. */
export function reportRoutes(deps: AppDeps) {
  const managers = auth(deps.db, { accept: ['user'], roles: ['manager', 'admin'] });
  const semiannual = createRoute({
    method: 'get',
    path: '/api/reports/semiannual',
    tags: ['progress'],
    security: SESSION_SECURITY,
    middleware: [managers] as const,
    summary: 'Báo cáo 6 tháng / Semi-annual progress report',
    description:
      'The report of 30 June (half=1) or 31 December (half=2) of `year`: target and holdings, results to date and in the period, pace and forecast, quality, people. A period still running is reported up to today, marked provisional. 400 report.future_period for a period that has not started.',
    request: { query: ReportQuery },
    responses: {
      200: binary(['application/pdf', XLSX], 'Báo cáo / The report'),
      ...INVALID,
      ...SIGNED_IN,
    },
  });
  return createRouter().openapi(semiannual, async (c) => {
    const q = c.req.valid('query');
    const half = q.half === '1' ? 1 : 2;
    const data = await semiannualData(deps, q.year, half);
    const name = `bao-cao-so-hoa-${q.year}-${half === 1 ? '6-thang-dau-nam' : '6-thang-cuoi-nam'}.${q.format}`;
    const bytes = q.format === 'pdf' ? await reportPdf(data) : await reportXlsx(data);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': q.format === 'pdf' ? 'application/pdf' : XLSX,
      'content-disposition': contentDisposition('attachment', name),
      'cache-control': 'no-store',
    });
  });
}
