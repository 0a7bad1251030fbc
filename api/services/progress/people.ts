/**
 * Who did the work in a period: operators and workstations (`GET /api/progress/operators`) and
 * reviewers (`GET /api/progress/reviewers`).
 *
 * Scanning figures come from the batches (`scan_batch.operator_name` as the agent sends it, null
 * when it sends none, and the workstation):
 * - batches: opened in the period; pages: received in the period;
 * - rescanned pages: pages received in the period for batches opened after the dossier's first
 *   rejection (throughput.ts, REJECTED);
 * - rejections: reviewers' rejections in the period, each charged to the batch of the dossier
 *   opened last before the rejection (the scan that was refused).
 *
 * Reviewing figures come from the audit log: decisions (`dossier.approve`, `dossier.reject`) in
 * the period, and fields corrected: distinct (record, field) pairs the person changed in the
 * period (`document.update` and `dossier.update` events of people). The audit log rather than a
 * comparison of draft and approved values because it names who made each change, counts a field
 * corrected twice once, and needs no second copy of the pipeline's draft-to-column mapping.
 */
import type { PrismaClient } from '../../../core/db/client.js';
import type { AppDeps } from '../../context.js';
import type { Operators, Reviewers } from '../../contracts/progress.js';
import type { Day } from './calendar.js';
import { resolvePeriod, todayOf, type Period } from './period.js';
import { REJECTED } from './throughput.js';

interface ScanRow {
  operator: string | null;
  workstation_id: string | null;
  workstation: string | null;
  batches: number;
  pages: number;
  rescanned: number;
  rejections: number;
}

async function scanRows(db: PrismaClient, period: Period): Promise<ScanRow[]> {
  const { from, to, start, end } = period;
  return db.$queryRaw<ScanRow[]>`
    WITH rejected AS (${REJECTED}),
    pages AS (
      SELECT batch_id, sum(scanned)::int AS n
      FROM page_daily WHERE day BETWEEN ${from}::date AND ${to}::date
      GROUP BY batch_id
    ), batches AS (
      SELECT sb.operator_name AS operator, sb.workstation_id,
             (count(*) FILTER (WHERE sb.opened_at >= ${start} AND sb.opened_at < ${end}))::int AS batches,
             coalesce(sum(pages.n), 0)::int AS pages,
             coalesce(sum(pages.n) FILTER (WHERE r.first_at < sb.opened_at), 0)::int AS rescanned
      FROM scan_batch sb
      LEFT JOIN pages ON pages.batch_id = sb.id
      LEFT JOIN rejected r ON r.dossier_id = sb.dossier_id
      WHERE (sb.opened_at >= ${start} AND sb.opened_at < ${end}) OR pages.n IS NOT NULL
      GROUP BY 1, 2
    ), rejections AS (
      SELECT last.operator_name AS operator, last.workstation_id, count(*)::int AS rejections
      FROM audit_event e
      CROSS JOIN LATERAL (
        SELECT sb.operator_name, sb.workstation_id FROM scan_batch sb
        WHERE sb.dossier_id = e.entity_id::uuid AND sb.opened_at < e.at
        ORDER BY sb.opened_at DESC LIMIT 1
      ) last
      WHERE e.action = 'dossier.reject' AND e.entity_type = 'dossier'
        AND e.at >= ${start} AND e.at < ${end}
      GROUP BY 1, 2
    )
    SELECT k.operator, k.workstation_id::text AS workstation_id, w.name AS workstation,
           coalesce(b.batches, 0) AS batches, coalesce(b.pages, 0) AS pages,
           coalesce(b.rescanned, 0) AS rescanned, coalesce(r.rejections, 0) AS rejections
    FROM (SELECT operator, workstation_id FROM batches
          UNION SELECT operator, workstation_id FROM rejections) k
    LEFT JOIN batches b ON b.operator IS NOT DISTINCT FROM k.operator
                       AND b.workstation_id IS NOT DISTINCT FROM k.workstation_id
    LEFT JOIN rejections r ON r.operator IS NOT DISTINCT FROM k.operator
                          AND r.workstation_id IS NOT DISTINCT FROM k.workstation_id
    LEFT JOIN workstation w ON w.id = k.workstation_id
    ORDER BY k.operator NULLS LAST, w.name NULLS LAST`;
}

interface Figures {
  batches: number;
  pages: number;
  rescannedPages: number;
  rescanShare: number | null;
  rejections: number;
}

const figures = (rows: readonly ScanRow[]): Figures => {
  const f = { batches: 0, pages: 0, rescannedPages: 0, rejections: 0 };
  for (const r of rows) {
    f.batches += r.batches;
    f.pages += r.pages;
    f.rescannedPages += r.rescanned;
    f.rejections += r.rejections;
  }
  return { ...f, rescanShare: f.pages === 0 ? null : f.rescannedPages / f.pages };
};

function groupBy<K>(rows: readonly ScanRow[], key: (r: ScanRow) => K): [K, ScanRow[]][] {
  const out = new Map<string, [K, ScanRow[]]>();
  for (const r of rows) {
    const k = key(r);
    const id = JSON.stringify(k);
    const entry = out.get(id) ?? [k, []];
    entry[1].push(r);
    out.set(id, entry);
  }
  return [...out.values()];
}

/** `GET /api/progress/operators`. */
export async function getOperators(
  deps: AppDeps,
  q: { from?: Day | undefined; to?: Day | undefined },
): Promise<Operators> {
  const period = resolvePeriod(todayOf(deps), deps.config.progress.windowDays, q);
  const rows = await scanRows(deps.db, period);
  return {
    period: { from: period.from, to: period.to },
    operators: groupBy(rows, (r) => r.operator).map(([operator, rs]) => ({
      operator,
      ...figures(rs),
    })),
    workstations: groupBy(rows, (r) => [r.workstation_id, r.workstation] as const).map(
      ([[workstationId, workstation], rs]) => ({ workstationId, workstation, ...figures(rs) }),
    ),
    pairs: rows.map((r) => ({
      operator: r.operator,
      workstationId: r.workstation_id,
      workstation: r.workstation,
      ...figures([r]),
    })),
  };
}

interface ReviewRow {
  user_id: string;
  username: string | null;
  display_name: string | null;
  approved: number;
  rejected: number;
  fields: number;
}

/** `GET /api/progress/reviewers`: everyone who decided on a dossier or corrected a field. */
export async function getReviewers(
  deps: AppDeps,
  q: { from?: Day | undefined; to?: Day | undefined },
): Promise<Reviewers> {
  const period = resolvePeriod(todayOf(deps), deps.config.progress.windowDays, q);
  const { start, end } = period;
  const rows = await deps.db.$queryRaw<ReviewRow[]>`
    WITH decisions AS (
      SELECT actor_id,
             (count(*) FILTER (WHERE action = 'dossier.approve'))::int AS approved,
             (count(*) FILTER (WHERE action = 'dossier.reject'))::int AS rejected
      FROM audit_event
      WHERE action IN ('dossier.approve', 'dossier.reject') AND actor_type = 'user'
        AND at >= ${start} AND at < ${end}
      GROUP BY actor_id
    ), fields AS (
      SELECT actor_id, count(*)::int AS fields
      FROM (
        SELECT DISTINCT e.actor_id, e.entity_type, e.entity_id, k.key
        FROM audit_event e
        CROSS JOIN LATERAL jsonb_object_keys(
          CASE WHEN jsonb_typeof(e.after) = 'object' THEN e.after ELSE '{}'::jsonb END) AS k(key)
        WHERE e.action IN ('document.update', 'dossier.update') AND e.actor_type = 'user'
          AND e.at >= ${start} AND e.at < ${end}
      ) x
      GROUP BY actor_id
    )
    SELECT k.actor_id AS user_id, u.username, u.display_name,
           coalesce(d.approved, 0) AS approved, coalesce(d.rejected, 0) AS rejected,
           coalesce(f.fields, 0) AS fields
    FROM (SELECT actor_id FROM decisions UNION SELECT actor_id FROM fields) k
    LEFT JOIN decisions d ON d.actor_id = k.actor_id
    LEFT JOIN fields f ON f.actor_id = k.actor_id
    LEFT JOIN app_user u ON u.id::text = k.actor_id
    ORDER BY u.display_name NULLS LAST, k.actor_id`;
  return {
    period: { from: period.from, to: period.to },
    reviewers: rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      reviewed: r.approved + r.rejected,
      approved: r.approved,
      rejected: r.rejected,
      fieldsCorrected: r.fields,
    })),
  };
}
