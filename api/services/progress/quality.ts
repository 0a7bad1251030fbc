/**
 * Quality in a period (`GET /api/progress/quality`):
 * - OCR confidence of the text pages the pipeline finished (blank and separator sheets left out),
 *   as a mean and ten buckets of 10 points, from the daily rollup;
 * - the share of draft fields reviewers corrected: over the documents of dossiers whose current
 *   approval falls in the period, the (document, field) pairs among the fields the pipeline
 *   drafts that a person changed before the approval (the audit log's `document.update` events,
 *   as the `document_correction` table keeps them), divided by documents × drafted fields;
 * - rejections by reason (audit log, `dossier.reject`);
 * - rescanned pages against all pages received.
 */
import type { AppDeps } from '../../context.js';
import { REJECT_REASONS, type RejectReason } from '../../contracts.js';
import type { Quality } from '../../contracts/progress.js';
import type { Day } from './calendar.js';
import { resolvePeriod, todayOf } from './period.js';
import { REJECTED } from './throughput.js';

/**
 * The document columns the pipeline fills from its draft (pipeline/workers/dossier-assemble.ts,
 * documentColumns): a person's change to one of them is a correction of the draft.
 */
export const DRAFTED_FIELDS = [
  'typeCode',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'place',
  'organName',
  'organParent',
  'subject',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'secrecyCode',
  'urgencyCode',
] as const;

const isReason = (r: string): r is RejectReason =>
  (REJECT_REASONS as readonly string[]).includes(r);

/** `GET /api/progress/quality`. */
export async function getQuality(
  deps: AppDeps,
  q: { from?: Day | undefined; to?: Day | undefined },
): Promise<Quality> {
  const period = resolvePeriod(todayOf(deps), deps.config.progress.windowDays, q);
  const { from, to, start, end } = period;
  const drafted = [...DRAFTED_FIELDS];
  const [ocr, docs, fields, reasons, rescans] = await Promise.all([
    deps.db.$queryRaw<{ n: number; s: number; h: number[] }[]>`
      SELECT coalesce(sum(confidence_n), 0)::int AS n, coalesce(sum(confidence_sum), 0)::float8 AS s,
             ARRAY(SELECT coalesce(sum(p.confidence_hist[i]), 0)::int
                   FROM page_daily p, generate_series(1, 10) i
                   WHERE p.day BETWEEN ${from}::date AND ${to}::date
                   GROUP BY i ORDER BY i) AS h
      FROM page_daily WHERE day BETWEEN ${from}::date AND ${to}::date`,
    // The dossier's document count is kept by assembly and structure edits (total_docs).
    deps.db.$queryRaw<{ n: number }[]>`
      SELECT coalesce(sum(total_docs), 0)::int AS n
      FROM dossier
      WHERE status = 'approved' AND approved_at >= ${start} AND approved_at < ${end}`,
    deps.db.$queryRaw<{ field: string; n: number }[]>`
      SELECT c.field, count(*)::int AS n
      FROM dossier d
      JOIN document_correction c ON c.dossier_id = d.id
      WHERE d.status = 'approved' AND d.approved_at >= ${start} AND d.approved_at < ${end}
        AND c.first_at <= d.approved_at AND c.field = ANY(${drafted}::text[])
      GROUP BY c.field ORDER BY n DESC, c.field`,
    deps.db.$queryRaw<{ reason: string | null; n: number }[]>`
      SELECT after->>'rejectReason' AS reason, count(*)::int AS n
      FROM audit_event
      WHERE action = 'dossier.reject' AND entity_type = 'dossier' AND at >= ${start} AND at < ${end}
      GROUP BY 1`,
    deps.db.$queryRaw<{ scanned: number; rescanned: number }[]>`
      WITH rejected AS (${REJECTED})
      SELECT coalesce(sum(p.scanned), 0)::int AS scanned,
             coalesce(sum(p.scanned) FILTER (WHERE r.first_at < sb.opened_at), 0)::int AS rescanned
      FROM page_daily p
      JOIN scan_batch sb ON sb.id = p.batch_id
      LEFT JOIN rejected r ON r.dossier_id = sb.dossier_id
      WHERE p.day BETWEEN ${from}::date AND ${to}::date`,
  ]);
  const o = ocr[0] ?? { n: 0, s: 0, h: [] };
  const documents = docs[0]?.n ?? 0;
  const corrected = fields.reduce((a, f) => a + f.n, 0);
  const draftedFields = documents * DRAFTED_FIELDS.length;
  const byReason = new Map<RejectReason, number>();
  for (const r of reasons) {
    const reason = r.reason !== null && isReason(r.reason) ? r.reason : 'other';
    byReason.set(reason, (byReason.get(reason) ?? 0) + r.n);
  }
  const rs = rescans[0] ?? { scanned: 0, rescanned: 0 };
  return {
    period: { from, to },
    ocr: {
      pages: o.n,
      mean: o.n === 0 ? null : o.s / o.n,
      buckets: Array.from({ length: 10 }, (_, i) => ({
        from: i * 10,
        to: (i + 1) * 10,
        pages: o.h[i] ?? 0,
      })),
    },
    corrections: {
      documents,
      draftedFields,
      corrected,
      share: draftedFields === 0 ? null : corrected / draftedFields,
      byField: fields.map((f) => ({ field: f.field, corrected: f.n })),
    },
    rejections: {
      total: reasons.reduce((a, r) => a + r.n, 0),
      byReason: REJECT_REASONS.filter((r) => byReason.has(r)).map((reason) => ({
        reason,
        count: byReason.get(reason) ?? 0,
      })),
    },
    rescans: {
      pages: rs.rescanned,
      scannedPages: rs.scanned,
      share: rs.scanned === 0 ? null : rs.rescanned / rs.scanned,
    },
  };
}
