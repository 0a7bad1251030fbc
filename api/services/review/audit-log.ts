/**
 * The history shown on a dossier: audit events of the dossier, its batches, its documents and its
 * pages, newest first, with the actor's name.
 */
import { z } from 'zod';
import type { PrismaClient } from '../../../core/db/client.js';
import type { AuditPage } from '../../contracts/review.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { dossierIdOf } from './lock.js';

interface Row {
  id: bigint;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

const AuditCursor = z.string().regex(/^\d{1,19}$/);

/**
 * One page of dossier `code`'s history. Documents a reviewer deleted are found through the
 * `before` of the dossier's `dossier.structure` events. Throws `dossier.not_found`,
 * `request.invalid` (bad cursor).
 */
export async function listAudit(
  db: PrismaClient,
  code: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<AuditPage> {
  const id = await dossierIdOf(db, code);
  const before = q.cursor === undefined ? null : BigInt(decodeCursor(q.cursor, AuditCursor));
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id, e.at, e.actor_type, e.actor_id, coalesce(u.display_name, w.name) AS actor_name,
           e.action, e.entity_type, e.entity_id, e.before, e.after
    FROM audit_event e
    LEFT JOIN app_user u ON e.actor_type = 'user' AND u.id::text = e.actor_id
    LEFT JOIN workstation w ON e.actor_type = 'workstation' AND w.id::text = e.actor_id
    WHERE ((e.entity_type = 'dossier' AND e.entity_id = ${id})
        OR (e.entity_type = 'document' AND e.entity_id IN (
              SELECT id::text FROM document WHERE dossier_id = ${id}::uuid
              UNION
              SELECT jsonb_array_elements(s.before->'documents')->>'id'
              FROM audit_event s
              WHERE s.entity_type = 'dossier' AND s.entity_id = ${id}
                AND s.action = 'dossier.structure'))
        OR (e.entity_type = 'page' AND e.entity_id IN (
              SELECT id::text FROM page WHERE dossier_id = ${id}::uuid))
        OR (e.entity_type = 'scan_batch' AND e.entity_id IN (
              SELECT id::text FROM scan_batch WHERE dossier_id = ${id}::uuid)))
      AND (${before}::bigint IS NULL OR e.id < ${before}::bigint)
    ORDER BY e.id DESC
    LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor:
        r.actor_type === 'user' || r.actor_type === 'workstation'
          ? { type: r.actor_type, id: r.actor_id ?? '', name: r.actor_name ?? r.actor_id ?? '' }
          : null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    nextCursor:
      rows.length > q.limit && last !== undefined ? encodeCursor(last.id.toString()) : null,
  };
}
