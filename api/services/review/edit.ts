/**
 * A reviewer's field edits: `PATCH /api/dossiers/{code}` and `PATCH /api/documents/{id}`. Values
 * arrive validated by core/domain/field-validation.ts; here they are compared with the stored
 * ones, and only what really changed is written, bumps the dossier version once and lands in the
 * audit log with its before and after. Sending the values already stored changes nothing.
 */
import {
  partialDateNotAfter,
  type DocumentFieldsPatch,
  type DossierFieldsPatch,
} from '../../../core/domain/field-validation.js';
import type { Prisma } from '../../../core/db/client.js';
import type { AppDeps } from '../../context.js';
import type { Workspace } from '../../contracts/review.js';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { viewerOfActor, type ReviewActor } from './actor.js';
import { fieldsInvalid } from './errors.js';
import { bumpVersion, dossierIdOf, lockForReview } from './lock.js';
import { getWorkspace } from './workspace.js';

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of `patch` whose value differs from `current`, as before/after maps of exactly those
 * fields.
 */
export function changedFields<P extends object>(
  current: Record<string, unknown>,
  patch: P,
): { before: Record<string, unknown>; after: Defined<P>; changed: boolean } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || same(current[k], v)) continue;
    before[k] = current[k] ?? null;
    after[k] = v;
  }
  return { before, after: after as Defined<P>, changed: Object.keys(after).length > 0 };
}

const json = (v: Record<string, unknown>) => v as Prisma.InputJsonObject;

/** Refuses an end date before the start date (the one the patch sets carries the message). */
function checkDateRange(start: string | null, end: string | null, patch: DossierFieldsPatch): void {
  if (start === null || end === null || partialDateNotAfter(start, end)) return;
  const field = patch.endDate !== undefined ? 'endDate' : 'startDate';
  throw fieldsInvalid({
    [field]: `Thời gian kết thúc (${end}) trước thời gian bắt đầu (${start}) / The end date (${end}) is before the start date (${start})`,
  });
}

/**
 * Changes dossier `code`'s fields (already validated) as `actor`, against dossier version
 * `version`, and answers the workspace. Throws `dossier.not_found`, `dossier.version_conflict`,
 * `review.not_in_review`, `request.invalid` (end before start).
 */
export async function patchDossier(
  deps: AppDeps,
  actor: ReviewActor,
  code: string,
  body: { version: number; fields: DossierFieldsPatch },
): Promise<Workspace> {
  const id = await dossierIdOf(deps.db, code);
  await deps.db.$transaction(async (tx) => {
    const d = await lockForReview(tx, id, body.version);
    const { before, after, changed } = changedFields(d, body.fields);
    if (!changed) return;
    checkDateRange(
      after.startDate !== undefined ? after.startDate : d.startDate,
      after.endDate !== undefined ? after.endDate : d.endDate,
      body.fields,
    );
    await bumpVersion(tx, d, { ...after, lastEditorId: actor.user.id });
    await audit(tx, {
      actor: actor.user,
      action: 'dossier.update',
      entityType: 'dossier',
      entityId: d.id,
      before: json(before),
      after: json(after),
      requestId: actor.requestId,
    });
  });
  return getWorkspace(deps.db, code, deps.config.review.twoPerson, viewerOfActor(actor));
}

/**
 * Changes document `id`'s fields (already validated) as `actor`, against DOSSIER version
 * `version`, and answers the workspace of its dossier. Throws `document.not_found`,
 * `dossier.version_conflict`, `review.not_in_review`.
 */
export async function patchDocument(
  deps: AppDeps,
  actor: ReviewActor,
  id: string,
  body: { version: number; fields: DocumentFieldsPatch },
): Promise<Workspace> {
  const found = await deps.db.document.findUnique({
    where: { id },
    select: { dossierId: true, dossier: { select: { code: true } } },
  });
  if (found === null) throw notFound('document', id);
  await deps.db.$transaction(async (tx) => {
    const d = await lockForReview(tx, found.dossierId, body.version);
    // The structure may have removed it while this request waited for the lock.
    const doc = await tx.document.findUnique({ where: { id } });
    if (doc === null || doc.dossierId !== d.id) throw notFound('document', id);
    const { before, after, changed } = changedFields(doc, body.fields);
    if (!changed) return;
    await tx.document.update({ where: { id }, data: { ...after, version: { increment: 1 } } });
    await bumpVersion(tx, d, { lastEditorId: actor.user.id });
    await audit(tx, {
      actor: actor.user,
      action: 'document.update',
      entityType: 'document',
      entityId: id,
      before: json(before),
      after: json(after),
      requestId: actor.requestId,
    });
  });
  return getWorkspace(
    deps.db,
    found.dossier.code,
    deps.config.review.twoPerson,
    viewerOfActor(actor),
  );
}
