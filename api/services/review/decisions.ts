/**
 * A reviewer's decisions on a dossier: approve (which starts the final PDF/A build and the
 * catalogue ingest), reject back to the operators with a reason, or return to another reviewer
 * with a message. Each one is a versioned write like an edit (409 on a stale version) and lands
 * in the audit log.
 */
import type { Role } from '../../context.js';
import type { AppDeps } from '../../context.js';
import type { RejectReason, Workspace } from '../../contracts/review.js';
import { describeMissing, missingForApproval } from '../../../core/domain/field-validation.js';
import { enqueue } from '../../../pipeline/jobs.js';
import { audit } from '../audit.js';
import { viewerOfActor, type ReviewActor } from './actor.js';
import { ReviewError } from './errors.js';
import { bumpVersion, dossierIdOf, lockForReview } from './lock.js';
import { getWorkspace } from './workspace.js';

/** Who may receive a returned dossier. */
const REVIEW_ROLES: readonly Role[] = ['reviewer', 'admin'];

/**
 * Approves dossier `code` at `version`: status approved (and its documents), approvedBy/At, and
 * approvedVersion = the new version, then enqueues `dossier.finalize` for that version. Throws
 * `dossier.not_found`, `dossier.version_conflict`, `review.not_in_review`, `review.two_person`
 * (409, REVIEW_TWO_PERSON on and the approver made the last edit), `review.empty` (409, no
 * documents).
 *
 * The job is added after the commit; if Redis fails in between, the approval stands and the
 * maintenance sweep (pipeline/workers/sweep.ts) re-enqueues dossiers approved but not catalogued.
 */
export async function approveDossier(
  deps: AppDeps,
  actor: ReviewActor,
  code: string,
  body: { version: number },
): Promise<Workspace> {
  const id = await dossierIdOf(deps.db, code);
  const approved = await deps.db.$transaction(async (tx) => {
    const d = await lockForReview(tx, id, body.version);
    if (deps.config.review.twoPerson && d.lastEditorId === actor.user.id) {
      throw new ReviewError(409, 'review.two_person', {
        message: `Bạn là người sửa hồ sơ ${d.code} sau cùng nên không tự duyệt được (quy tắc hai người) / You made the last change to dossier ${d.code} and cannot approve it yourself (two-person rule)`,
        hint: 'Nhờ một người duyệt khác duyệt, hoặc chuyển hồ sơ cho họ / Ask another reviewer to approve it, or return it to them',
      });
    }
    const documents = await tx.document.findMany({
      where: { dossierId: id },
      orderBy: { seq: 'asc' },
    });
    if (documents.length === 0) {
      throw new ReviewError(409, 'review.empty', {
        message: `Hồ sơ ${d.code} không có tài liệu nào để duyệt / Dossier ${d.code} has no document to approve`,
        hint: 'Xếp các trang thành tài liệu, hoặc trả lại để quét lại / Arrange the pages into documents, or reject it for a rescan',
      });
    }
    const missing = missingForApproval(d, documents);
    if (missing.length > 0) {
      throw new ReviewError(409, 'review.incomplete', {
        message: `Chưa duyệt được hồ sơ ${d.code}, còn thiếu trường bắt buộc theo Thông tư 05/2025 / Dossier ${d.code} cannot be approved yet, required TT 05/2025 fields are empty: ${describeMissing(missing)}`,
        hint: 'Điền các trường được nêu rồi duyệt lại / Fill in the fields listed, then approve again',
      });
    }
    const now = new Date();
    const version = await bumpVersion(tx, d, {
      status: 'approved',
      approvedById: actor.user.id,
      approvedAt: now,
      approvedVersion: d.version + 1,
      cataloguedAt: null,
    });
    await tx.document.updateMany({ where: { dossierId: id }, data: { status: 'approved' } });
    await audit(tx, {
      actor: actor.user,
      action: 'dossier.approve',
      entityType: 'dossier',
      entityId: id,
      before: { status: d.status, version: d.version },
      after: { status: 'approved', version, approvedVersion: version },
      requestId: actor.requestId,
    });
    return { dossierId: id, version };
  });
  await enqueue(deps.queues, 'dossierFinalize', approved);
  return getWorkspace(deps.db, code, deps.config.review.twoPerson, viewerOfActor(actor));
}

/**
 * Rejects dossier `code` back to the operators: status rejected with the reason, note, who and
 * when. Throws `dossier.not_found`, `dossier.version_conflict`, `review.not_in_review`.
 */
export async function rejectDossier(
  deps: AppDeps,
  actor: ReviewActor,
  code: string,
  body: { version: number; reason: RejectReason; note?: string | undefined },
): Promise<Workspace> {
  const id = await dossierIdOf(deps.db, code);
  await deps.db.$transaction(async (tx) => {
    const d = await lockForReview(tx, id, body.version);
    const note = body.note === undefined || body.note === '' ? null : body.note;
    const now = new Date();
    const version = await bumpVersion(tx, d, {
      status: 'rejected',
      rejectReason: body.reason,
      rejectNote: note,
      rejectedById: actor.user.id,
      rejectedAt: now,
    });
    await audit(tx, {
      actor: actor.user,
      action: 'dossier.reject',
      entityType: 'dossier',
      entityId: id,
      before: {
        status: d.status,
        version: d.version,
        rejectReason: d.rejectReason,
        rejectNote: d.rejectNote,
      },
      after: { status: 'rejected', version, rejectReason: body.reason, rejectNote: note },
      requestId: actor.requestId,
    });
  });
  return getWorkspace(deps.db, code, deps.config.review.twoPerson, viewerOfActor(actor));
}

/**
 * Returns dossier `code` to another active reviewer or admin with a message; it stays in review
 * and keeps its place in the queue. Throws `dossier.not_found`, `dossier.version_conflict`,
 * `review.not_in_review`, `review.return_to_self` (400), `review.return_target` (422: no such
 * active reviewer or admin).
 */
export async function returnDossier(
  deps: AppDeps,
  actor: ReviewActor,
  code: string,
  body: { version: number; toUserId: string; message: string },
): Promise<Workspace> {
  if (body.toUserId === actor.user.id) {
    throw new ReviewError(400, 'review.return_to_self', {
      message: 'Không chuyển hồ sơ cho chính mình được / You cannot return a dossier to yourself',
      hint: 'Chọn một người duyệt khác / Choose another reviewer',
    });
  }
  const id = await dossierIdOf(deps.db, code);
  await deps.db.$transaction(async (tx) => {
    const d = await lockForReview(tx, id, body.version);
    const to = await tx.user.findUnique({
      where: { id: body.toUserId },
      select: { id: true, displayName: true, role: true, active: true },
    });
    if (to === null || !to.active || !REVIEW_ROLES.includes(to.role)) {
      throw new ReviewError(422, 'review.return_target', {
        message: `Người nhận ${body.toUserId} không phải người duyệt đang hoạt động / ${body.toUserId} is not an active reviewer`,
        hint: 'Chọn trong danh sách người duyệt / Choose from the list of reviewers',
      });
    }
    const version = await bumpVersion(tx, d, {
      assignedToId: to.id,
      reviewMessage: body.message,
    });
    await audit(tx, {
      actor: actor.user,
      action: 'dossier.return',
      entityType: 'dossier',
      entityId: id,
      before: { version: d.version, assignedToId: d.assignedToId, reviewMessage: d.reviewMessage },
      after: { version, assignedToId: to.id, reviewMessage: body.message },
      requestId: actor.requestId,
    });
  });
  return getWorkspace(deps.db, code, deps.config.review.twoPerson, viewerOfActor(actor));
}
