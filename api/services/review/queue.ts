/**
 * The review queue: dossiers in review, high-use first, then the longest waiting (keyset paging
 * on the partial index dossier_review_queue_idx). The confidences that make doubtful dossiers
 * stand out are computed with LATERAL joins for the page's rows only, so a page costs the same
 * with 100,000 documents in the database. A dossier whose access mode the person may not read
 * (core/domain/access.ts) stays in the queue with its title blanked (`restricted: true`).
 */
import { z } from 'zod';
import { mayRead, viewerFor } from '../../../core/domain/access.js';
import { Prisma } from '../../../core/db/client.js';
import type { AppDeps, UserPrincipal } from '../../context.js';
import type { QueuePage } from '../../contracts/review.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { openBy } from './presence.js';
import { LOW_CONFIDENCE } from './workspace.js';

/** Sort key of the last item: high use, in-review time (ISO or null), id. */
const QueueCursor = z.tuple([z.boolean(), z.iso.datetime().nullable(), z.uuid()]);

interface Row {
  id: string;
  code: string;
  title: string | null;
  access_mode_code: string;
  fonds_code: string;
  high_use: boolean;
  in_review_at: Date | null;
  review_message: string | null;
  assigned_id: string | null;
  assigned_name: string | null;
  document_count: number;
  page_count: number;
  ocr_confidence: number | null;
  draft_confidence: number | null;
  low_fields: number;
}

/** Rows after the cursor in queue order: high_use DESC, in_review_at ASC NULLS LAST, id ASC. */
function after(c: z.infer<typeof QueueCursor> | undefined): Prisma.Sql {
  if (c === undefined) return Prisma.sql`TRUE`;
  const [highUse, at, id] = c;
  const sameUse =
    at === null
      ? Prisma.sql`d.in_review_at IS NULL AND d.id > ${id}::uuid`
      : Prisma.sql`(d.in_review_at > ${new Date(at)} OR (d.in_review_at = ${new Date(at)} AND d.id > ${id}::uuid) OR d.in_review_at IS NULL)`;
  return highUse
    ? Prisma.sql`(d.high_use = false OR (d.high_use = true AND ${sameUse}))`
    : Prisma.sql`(d.high_use = false AND ${sameUse})`;
}

/**
 * One page of the review queue for `user`; `mine` keeps only dossiers returned to them. Throws
 * `request.invalid` for a bad cursor.
 */
export async function listQueue(
  deps: AppDeps,
  user: UserPrincipal,
  q: { limit: number; cursor?: string | undefined; mine: '0' | '1' },
): Promise<QueuePage> {
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, QueueCursor);
  const mine = q.mine === '1' ? Prisma.sql`d.assigned_to_id = ${user.id}::uuid` : Prisma.sql`TRUE`;
  const rows = await deps.db.$queryRaw<Row[]>`
    WITH head AS (
      SELECT d.id, d.code, d.title, d.access_mode_code, d.fonds_id, d.high_use, d.in_review_at,
             d.review_message, d.assigned_to_id
      FROM dossier d
      WHERE d.status = 'in_review' AND ${mine} AND ${after(cursor)}
      ORDER BY d.high_use DESC, d.in_review_at ASC NULLS LAST, d.id ASC
      LIMIT ${q.limit + 1}
    )
    SELECT h.id, h.code, h.title, h.access_mode_code, f.code AS fonds_code, h.high_use, h.in_review_at,
           h.review_message, u.id AS assigned_id, u.display_name AS assigned_name,
           docs.document_count, docs.draft_confidence, docs.low_fields,
           pages.page_count, pages.ocr_confidence
    FROM head h
    JOIN fonds f ON f.id = h.fonds_id
    LEFT JOIN app_user u ON u.id = h.assigned_to_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS document_count,
             avg(fc.mean_confidence)::float8 AS draft_confidence,
             coalesce(sum(fc.low), 0)::int AS low_fields
      FROM document doc
      LEFT JOIN LATERAL (
        SELECT avg((e.value->>'confidence')::float8) AS mean_confidence,
               count(*) FILTER (WHERE (e.value->>'confidence')::float8 < ${LOW_CONFIDENCE}) AS low
        FROM jsonb_each(CASE WHEN jsonb_typeof(doc.draft) = 'object' THEN doc.draft
                             ELSE '{}'::jsonb END) e
        WHERE jsonb_typeof(e.value) = 'object'
          AND jsonb_typeof(e.value->'confidence') = 'number'
          AND coalesce(jsonb_typeof(e.value->'value'), 'null') <> 'null'
      ) fc ON TRUE
      WHERE doc.dossier_id = h.id
    ) docs
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS page_count, avg(p.ocr_mean_confidence)::float8 AS ocr_confidence
      FROM page p
      WHERE p.dossier_id = h.id
    ) pages
    ORDER BY h.high_use DESC, h.in_review_at ASC NULLS LAST, h.id ASC`;
  const page = rows.slice(0, q.limit);
  const present = await openBy(
    deps,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  const viewer = viewerFor(user.role);
  return {
    items: page.map((r) => ({
      id: r.id,
      code: r.code,
      title: mayRead(viewer, [r.access_mode_code]) ? r.title : null,
      restricted: !mayRead(viewer, [r.access_mode_code]),
      fondsCode: r.fonds_code,
      highUse: r.high_use,
      inReviewAt: r.in_review_at?.toISOString() ?? null,
      documentCount: r.document_count,
      pageCount: r.page_count,
      ocrConfidence: r.ocr_confidence,
      draftConfidence: r.draft_confidence,
      lowConfidenceFields: r.low_fields,
      assignedTo:
        r.assigned_id === null ? null : { id: r.assigned_id, displayName: r.assigned_name ?? '' },
      reviewMessage: r.review_message,
      openBy: (present.get(r.id) ?? []).filter((p) => p.id !== user.id),
    })),
    nextCursor:
      rows.length > q.limit && last !== undefined
        ? encodeCursor([last.high_use, last.in_review_at?.toISOString() ?? null, last.id])
        : null,
  };
}
