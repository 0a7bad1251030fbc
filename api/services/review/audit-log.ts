/**
 * The history shown on a dossier: audit events of the dossier, its batches, its documents and its
 * pages, newest first, with the actor's name. The access decision (core/domain/access.ts) governs
 * it like the records themselves: a dossier the viewer may not read is 403 `access.forbidden`; an
 * event about a document (or a page of one) the viewer may not read keeps who, when and what, with
 * its values blanked (`restricted: true`). A document deleted since has no mode left to read, so
 * its events count as secret (the decision fails closed).
 */
import { z } from 'zod';
import { draftModes, mayRead, type Viewer } from '../../../core/domain/access.js';
import type { PrismaClient } from '../../../core/db/client.js';
import type { AuditPage } from '../../contracts/review.js';
import { readableDossier } from '../access/draft-access.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

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
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The events of `rows` that `viewer` may not read: those about a document or a page governed by a
 * mode the viewer may not read (the dossier itself was checked before).
 */
async function restrictedEvents(
  db: PrismaClient,
  viewer: Viewer,
  dossierMode: string,
  rows: readonly Row[],
): Promise<Set<bigint>> {
  const ids = (type: string) => [
    ...new Set(
      rows
        .filter((r) => r.entity_type === type && UUID_RE.test(r.entity_id))
        .map((r) => r.entity_id),
    ),
  ];
  const [docs, pages] = await Promise.all([
    db.document.findMany({
      where: { id: { in: ids('document') } },
      select: { id: true, accessModeCode: true },
    }),
    db.documentPage.findMany({
      where: { pageId: { in: ids('page') } },
      select: { pageId: true, document: { select: { accessModeCode: true } } },
    }),
  ]);
  const docMode = new Map(docs.map((d) => [d.id, d.accessModeCode]));
  const pageMode = new Map(pages.map((p) => [p.pageId, p.document.accessModeCode]));
  const hidden = new Set<bigint>();
  for (const r of rows) {
    let modes: (string | null | undefined)[];
    if (r.entity_type === 'document') {
      // A deleted document's mode is gone: null reads as secret.
      modes = docMode.has(r.entity_id) ? draftModes(dossierMode, docMode.get(r.entity_id)) : [null];
    } else if (r.entity_type === 'page') {
      modes = draftModes(dossierMode, pageMode.get(r.entity_id));
    } else continue;
    if (!mayRead(viewer, modes)) hidden.add(r.id);
  }
  return hidden;
}

/**
 * One page of dossier `code`'s history as `viewer` may read it. Documents a reviewer deleted are
 * found through the `before` of the dossier's `dossier.structure` events. Throws
 * `dossier.not_found`, `access.forbidden`, `request.invalid` (bad cursor).
 */
export async function listAudit(
  db: PrismaClient,
  viewer: Viewer,
  code: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<AuditPage> {
  const dossier = await readableDossier(db, viewer, code);
  const id = dossier.id;
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
  const hidden = await restrictedEvents(db, viewer, dossier.accessModeCode, page);
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
      before: hidden.has(r.id) ? null : (r.before ?? null),
      after: hidden.has(r.id) ? null : (r.after ?? null),
      restricted: hidden.has(r.id),
    })),
    nextCursor:
      rows.length > q.limit && last !== undefined ? encodeCursor(last.id.toString()) : null,
  };
}
