/**
 * Pipeline health for managers (`GET /api/progress/pipeline`, `GET /api/progress/failed-pages`,
 * `POST /api/pages/{id}/retry`): queue depths from BullMQ, pages by state, failed pages with the
 * pipeline's code, message and hint, and what is stuck:
 * - `job_active`: a job running longer than PROGRESS_STUCK_MINUTES;
 * - `batch_open`: a batch still open a day after it was opened (its agent stopped before closing);
 * - `batch_unassembled`: a closed batch whose pages are all finished, not assembled that long
 *   after closing;
 * - `dossier_uncatalogued`: approved that long ago and not catalogued yet.
 */
import { z } from 'zod';
import type { PrismaClient } from '../../../core/db/client.js';
import { enqueue, QUEUES, type QueueKey } from '../../../pipeline/jobs.js';
import type { AppDeps, UserPrincipal } from '../../context.js';
import type { FailedPages, PipelineHealth } from '../../contracts/progress.js';
import { HttpError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { nowOf } from './period.js';

const OPEN_BATCH_STUCK_MS = 24 * 3600 * 1000;

type StuckItem = PipelineHealth['stuck'][number];

const minutesSince = (since: Date, now: Date): number =>
  Math.floor((now.getTime() - since.getTime()) / 60_000);

async function queueFigures(deps: AppDeps, now: Date, stuckMs: number) {
  const keys = Object.keys(QUEUES) as QueueKey[];
  const depths = await Promise.all(
    keys.map(async (k) => {
      const c = await deps.queues[k].getJobCounts('waiting', 'active', 'delayed', 'failed');
      return {
        queue: QUEUES[k].name,
        waiting: c['waiting'] ?? 0,
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        failed: c['failed'] ?? 0,
      };
    }),
  );
  const stuck: StuckItem[] = [];
  for (const k of keys) {
    for (const job of await deps.queues[k].getActive(0, 200)) {
      const started = job.processedOn ?? job.timestamp;
      if (now.getTime() - started < stuckMs) continue;
      const since = new Date(started);
      stuck.push({
        kind: 'job_active',
        id: job.id ?? '',
        queue: QUEUES[k].name,
        dossierCode: null,
        since: since.toISOString(),
        minutes: minutesSince(since, now),
      });
    }
  }
  return { depths, stuck };
}

/** Redis may be down while PostgreSQL answers: the rest of the screen still shows. */
const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`không trả lời trong ${ms} ms / no answer within ${ms} ms`)),
        ms,
      ).unref(),
    ),
  ]);

async function stuckInDatabase(db: PrismaClient, now: Date, stuckMs: number): Promise<StuckItem[]> {
  const cut = new Date(now.getTime() - stuckMs);
  const openCut = new Date(now.getTime() - OPEN_BATCH_STUCK_MS);
  const rows = await db.$queryRaw<
    { kind: StuckItem['kind']; id: string; code: string; since: Date }[]
  >`
    SELECT 'batch_open' AS kind, b.id::text AS id, d.code, b.opened_at AS since
    FROM scan_batch b JOIN dossier d ON d.id = b.dossier_id
    WHERE b.status = 'open' AND b.opened_at < ${openCut}
    UNION ALL
    SELECT 'batch_unassembled', b.id::text, d.code, b.closed_at
    FROM scan_batch b JOIN dossier d ON d.id = b.dossier_id
    WHERE b.status IN ('closed', 'assembling') AND b.closed_at < ${cut}
      AND NOT EXISTS (SELECT 1 FROM page p WHERE p.batch_id = b.id
                      AND p.status IN ('queued', 'processing'))
    UNION ALL
    SELECT 'dossier_uncatalogued', d.id::text, d.code, d.approved_at
    FROM dossier d
    WHERE d.status = 'approved' AND d.approved_at < ${cut}
      AND (d.catalogued_at IS NULL OR d.catalogued_at < d.approved_at)
    ORDER BY since
    LIMIT 200`;
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    queue: null,
    dossierCode: r.code,
    since: r.since.toISOString(),
    minutes: minutesSince(r.since, now),
  }));
}

/** `GET /api/progress/pipeline`: the state now. */
export async function getPipelineHealth(deps: AppDeps): Promise<PipelineHealth> {
  const now = nowOf(deps);
  const stuckMs = deps.config.progress.stuckMinutes * 60_000;
  const [queues, statuses, byCode, stuck] = await Promise.all([
    within(3_000, queueFigures(deps, now, stuckMs)).then(
      (q) => ({ ...q, error: null }),
      (err: unknown) => ({
        depths: [],
        stuck: [],
        error: `Không đọc được hàng đợi (Redis): ${String(err)} / Could not read the queues (Redis)`,
      }),
    ),
    deps.db.$queryRaw<{ status: string; n: number }[]>`
      SELECT status::text AS status, count(*)::int AS n FROM page
      WHERE status IN ('queued', 'processing', 'failed') GROUP BY status`,
    deps.db.$queryRaw<{ code: string | null; n: number }[]>`
      SELECT error_code AS code, count(*)::int AS n FROM page WHERE status = 'failed'
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    stuckInDatabase(deps.db, now, stuckMs),
  ]);
  const count = (s: string) => statuses.find((r) => r.status === s)?.n ?? 0;
  return {
    at: now.toISOString(),
    stuckMinutes: deps.config.progress.stuckMinutes,
    queues: queues.depths,
    queuesError: queues.error,
    pages: { queued: count('queued'), processing: count('processing'), failed: count('failed') },
    failedByCode: byCode.map((r) => ({ code: r.code ?? 'unknown', pages: r.n })),
    stuck: [...queues.stuck, ...stuck].sort((a, b) => a.since.localeCompare(b.since)),
  };
}

const FailedCursor = z.tuple([z.iso.datetime(), z.uuid()]);

interface FailedRow {
  id: string;
  dossier_code: string;
  batch_id: string;
  operator: string | null;
  workstation: string | null;
  file_name: string | null;
  frame_index: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  error_hint: string | null;
  created_at: Date;
}

/** `GET /api/progress/failed-pages`: newest first, optionally one error code. */
export async function listFailedPages(
  db: PrismaClient,
  q: { limit: number; cursor?: string | undefined; code?: string | undefined },
): Promise<FailedPages> {
  const c = q.cursor === undefined ? null : decodeCursor(q.cursor, FailedCursor);
  const at = c === null ? null : new Date(c[0]);
  const id = c?.[1] ?? null;
  const rows = await db.$queryRaw<FailedRow[]>`
    SELECT p.id::text AS id, d.code AS dossier_code, p.batch_id::text AS batch_id,
           b.operator_name AS operator, w.name AS workstation, u.original_name AS file_name,
           p.frame_index, p.attempts, p.error_code, p.error_message, p.error_hint, p.created_at
    FROM page p
    JOIN dossier d ON d.id = p.dossier_id
    JOIN scan_batch b ON b.id = p.batch_id
    JOIN upload u ON u.id = p.upload_id
    LEFT JOIN workstation w ON w.id = b.workstation_id
    WHERE p.status = 'failed'
      AND (${q.code ?? null}::text IS NULL OR p.error_code = ${q.code ?? null})
      AND (${at}::timestamptz IS NULL OR (p.created_at, p.id) < (${at}::timestamptz, ${id}::uuid))
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      dossierCode: r.dossier_code,
      batchId: r.batch_id,
      operator: r.operator,
      workstation: r.workstation,
      fileName: r.file_name,
      frameIndex: r.frame_index,
      attempts: r.attempts,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      errorHint: r.error_hint,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor:
      rows.length > q.limit && last !== undefined
        ? encodeCursor([last.created_at.toISOString(), last.id])
        : null,
  };
}

/**
 * Puts failed page `id` back on the `page.process` queue: the page is queued again with its
 * error cleared (an audit event `page.retry` keeps what it was), and any finished job of the same
 * id is removed first so that the new one is not taken for a duplicate. Throws `page.not_found`
 * (404), `page.not_failed` (409), `page.retry_approved` (409: the dossier is approved, the page
 * could no longer join it).
 */
export async function retryPage(
  deps: AppDeps,
  user: UserPrincipal,
  id: string,
  requestId: string,
): Promise<{ id: string; status: 'queued' }> {
  await deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      {
        status: string;
        error_code: string | null;
        error_message: string | null;
        dossier_status: string;
        code: string;
      }[]
    >`
      SELECT p.status::text AS status, p.error_code, p.error_message,
             d.status::text AS dossier_status, d.code
      FROM page p JOIN dossier d ON d.id = p.dossier_id
      WHERE p.id = ${id}::uuid FOR UPDATE OF p`;
    const p = locked[0];
    if (p === undefined) throw notFound('page', id);
    if (p.status !== 'failed') {
      throw new HttpError(409, 'page.not_failed', {
        message: `Trang ${id} không ở trạng thái lỗi (đang là ${p.status}) / Page ${id} has not failed (it is ${p.status})`,
        hint: 'Chỉ chạy lại được trang bị lỗi / Only failed pages can be retried',
      });
    }
    if (p.dossier_status === 'approved') {
      throw new HttpError(409, 'page.retry_approved', {
        message: `Hồ sơ ${p.code} đã được duyệt; trang xử lý lại không vào hồ sơ được nữa / Dossier ${p.code} is approved; a page processed again could not join it`,
        hint: 'Nếu thiếu trang, quét bổ sung sau khi hồ sơ được mở lại / If a page is missing, scan it again once the dossier is reopened',
      });
    }
    await tx.page.update({
      where: { id },
      data: { status: 'queued', errorCode: null, errorMessage: null, errorHint: null },
    });
    await audit(tx, {
      actor: user,
      action: 'page.retry',
      entityType: 'page',
      entityId: id,
      before: { status: 'failed', errorCode: p.error_code, errorMessage: p.error_message },
      after: { status: 'queued' },
      requestId,
    });
  });
  const job = await deps.queues.pageProcess.getJob(QUEUES.pageProcess.jobId({ pageId: id }));
  const state = job === undefined ? null : await job.getState();
  if (job !== undefined && (state === 'failed' || state === 'completed')) await job.remove();
  await enqueue(deps.queues, 'pageProcess', { pageId: id });
  return { id, status: 'queued' };
}
