/**
 * The review api: the queue, the dossier workspace, field and structure edits, the decisions
 * (approve, reject, return), presence and the audit history. Any signed-in person reads what the
 * access decision lets their role read (core/domain/access.ts: 403 `access.forbidden` for a
 * dossier, blanked documents and history entries inside one); only reviewers and admins change
 * anything (operators and managers get 403 `auth.forbidden`).
 *
 * Over 300 lines because it declares eleven routes, each with the responses the OpenAPI document
 * lists; the work is in api/services/review/.
 */
import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { fieldErrors } from '../../core/domain/field-validation.js';
import { auth, userOf } from '../auth/auth.js';
import { viewerOf } from '../auth/viewer.js';
import type { AppDeps, AppEnv } from '../context.js';
import { DocumentIdParam, DossierCodeParam } from '../contracts.js';
import {
  ApproveBody,
  AuditPage,
  AuditQuery,
  DocumentPatchBody,
  DossierPatchBody,
  FieldErrorBody,
  Presence,
  QueuePage,
  QueueQuery,
  RejectBody,
  ReturnBody,
  StructureBody,
  VersionConflictBody,
  Workspace,
} from '../contracts/review.js';
import {
  createRouter,
  error,
  INVALID,
  json,
  READ_ACCESS,
  SESSION_SECURITY,
  SIGNED_IN,
  validationBody,
} from '../openapi.js';
import type { ReviewActor } from '../services/review/actor.js';
import { listAudit } from '../services/review/audit-log.js';
import { ReviewError } from '../services/review/errors.js';
import { approveDossier, rejectDossier, returnDossier } from '../services/review/decisions.js';
import { patchDocument, patchDossier } from '../services/review/edit.js';
import { dossierIdOf } from '../services/review/lock.js';
import { heartbeat, leave } from '../services/review/presence.js';
import { listQueue } from '../services/review/queue.js';
import { putStructure } from '../services/review/structure.js';
import { getWorkspace } from '../services/review/workspace.js';

const CONFLICT = {
  409: json(
    VersionConflictBody,
    'Hồ sơ đã đổi, hoặc không còn chờ duyệt / dossier.version_conflict (with currentVersion), review.not_in_review',
  ),
} as const;

/**
 * Hook of the field edits: the request schema's 400, with one message per field in `fields`
 * (thrown, so that app.onError answers it like any refusal).
 */
function fieldHook(result: { success: boolean; target: string; error?: z.ZodError }): undefined {
  if (result.success || result.error === undefined) return undefined;
  const { code, message, hint, issues } = validationBody(result.target, result.error);
  const fields = result.target === 'json' ? fieldErrors(result.error.issues, ['fields']) : {};
  throw new ReviewError(400, code, { message, hint, extra: { issues, fields } });
}

const actorOf = (c: Context<AppEnv>): ReviewActor => ({
  user: userOf(c),
  requestId: c.var.requestId,
});

/** Routes under /api/review and the review routes of /api/dossiers and /api/documents. */
export function reviewRoutes(deps: AppDeps) {
  const signedIn = auth(deps.db, { accept: ['user'] });
  const reviewer = auth(deps.db, { accept: ['user'], roles: ['reviewer', 'admin'] });
  const tooLarge = (max: string) => ({
    code: 'request.too_large',
    message: `Phần thân yêu cầu lớn hơn ${max} / The request body is larger than ${max}`,
  });
  const small = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(tooLarge('64 KiB'), 413) });
  const large = bodyLimit({ maxSize: 8 << 20, onError: (c) => c.json(tooLarge('8 MiB'), 413) });
  const common = { security: SESSION_SECURITY };
  const twoPerson = deps.config.review.twoPerson;

  const queue = createRoute({
    ...common,
    method: 'get',
    path: '/api/review/queue',
    tags: ['review'],
    summary: 'Hồ sơ chờ duyệt / The review queue',
    description:
      'Dossiers in review: high-use first, then the longest waiting. `mine=1`: only those returned to the caller.',
    middleware: [signedIn] as const,
    request: { query: QueueQuery },
    responses: { 200: json(QueuePage, 'Một trang hàng đợi / One page'), ...INVALID, ...SIGNED_IN },
  });

  const workspace = createRoute({
    ...common,
    method: 'get',
    path: '/api/dossiers/{code}/workspace',
    tags: ['review'],
    summary: 'Không gian duyệt hồ sơ / The dossier workspace',
    description:
      'Everything the workspace screen needs in one answer. Documents the caller may not read come with `restricted: true` and their content blanked.',
    middleware: [signedIn] as const,
    request: { params: DossierCodeParam },
    responses: {
      200: json(Workspace, 'Hồ sơ, tài liệu và trang / Dossier, documents and pages'),
      ...INVALID,
      ...READ_ACCESS,
      404: error('dossier.not_found'),
    },
  });

  const patchDossierRoute = createRoute({
    ...common,
    method: 'patch',
    path: '/api/dossiers/{code}',
    tags: ['review'],
    summary: 'Sửa thông tin hồ sơ / Edit the dossier fields',
    middleware: [reviewer, small] as const,
    request: {
      params: DossierCodeParam,
      body: { content: { 'application/json': { schema: DossierPatchBody } }, required: true },
    },
    responses: {
      200: json(Workspace, 'Không gian duyệt sau khi sửa / The workspace after the edit'),
      400: json(FieldErrorBody, 'Giá trị không hợp lệ / request.invalid with `fields`'),
      ...SIGNED_IN,
      404: error('dossier.not_found'),
      ...CONFLICT,
    },
  });

  const patchDocumentRoute = createRoute({
    ...common,
    method: 'patch',
    path: '/api/documents/{id}',
    tags: ['review'],
    summary: 'Sửa thông tin tài liệu / Edit a document’s fields',
    description: '`version` is the version of the document’s DOSSIER.',
    middleware: [reviewer, small] as const,
    request: {
      params: DocumentIdParam,
      body: { content: { 'application/json': { schema: DocumentPatchBody } }, required: true },
    },
    responses: {
      200: json(Workspace, 'Không gian duyệt của hồ sơ / The dossier workspace'),
      400: json(FieldErrorBody, 'Giá trị không hợp lệ / request.invalid with `fields`'),
      ...SIGNED_IN,
      404: error('document.not_found'),
      ...CONFLICT,
    },
  });

  const structure = createRoute({
    ...common,
    method: 'put',
    path: '/api/dossiers/{code}/structure',
    tags: ['review'],
    summary: 'Sắp xếp trang thành tài liệu / Arrange the pages into documents',
    description:
      'Split, merge, reorder, move and exclude in one call: the whole arrangement, plus page marks.',
    middleware: [reviewer, large] as const,
    request: {
      params: DossierCodeParam,
      body: { content: { 'application/json': { schema: StructureBody } }, required: true },
    },
    responses: {
      200: json(Workspace, 'Không gian duyệt sau khi sắp xếp / The workspace after the change'),
      400: error('request.invalid, structure.invalid'),
      ...SIGNED_IN,
      404: error('dossier.not_found'),
      409: json(
        VersionConflictBody,
        'dossier.version_conflict, review.not_in_review, structure.catalogued',
      ),
    },
  });

  const approve = createRoute({
    ...common,
    method: 'post',
    path: '/api/dossiers/{code}/approve',
    tags: ['review'],
    summary: 'Duyệt hồ sơ / Approve the dossier',
    description:
      'The final PDF/A files are rebuilt with the approved metadata, signed and catalogued by the dossier.finalize job.',
    middleware: [reviewer, small] as const,
    request: {
      params: DossierCodeParam,
      body: { content: { 'application/json': { schema: ApproveBody } }, required: true },
    },
    responses: {
      202: json(Workspace, 'Đã duyệt; đang lập danh mục / Approved; cataloguing has started'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('dossier.not_found'),
      409: json(
        VersionConflictBody,
        'dossier.version_conflict, review.not_in_review, review.two_person, review.empty',
      ),
    },
  });

  const reject = createRoute({
    ...common,
    method: 'post',
    path: '/api/dossiers/{code}/reject',
    tags: ['review'],
    summary: 'Trả hồ sơ cho bộ phận quét / Reject the dossier back to the operators',
    middleware: [reviewer, small] as const,
    request: {
      params: DossierCodeParam,
      body: { content: { 'application/json': { schema: RejectBody } }, required: true },
    },
    responses: {
      200: json(Workspace, 'Đã trả lại / Rejected'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('dossier.not_found'),
      ...CONFLICT,
    },
  });

  const giveBack = createRoute({
    ...common,
    method: 'post',
    path: '/api/dossiers/{code}/return',
    tags: ['review'],
    summary: 'Chuyển hồ sơ cho người duyệt khác / Return the dossier to another reviewer',
    middleware: [reviewer, small] as const,
    request: {
      params: DossierCodeParam,
      body: { content: { 'application/json': { schema: ReturnBody } }, required: true },
    },
    responses: {
      200: json(Workspace, 'Đã chuyển / Returned'),
      400: error('request.invalid, review.return_to_self'),
      ...SIGNED_IN,
      404: error('dossier.not_found'),
      ...CONFLICT,
      422: error('review.return_target'),
    },
  });

  const presence = createRoute({
    ...common,
    method: 'put',
    path: '/api/dossiers/{code}/presence',
    tags: ['review'],
    summary: 'Đang mở hồ sơ / I have the dossier open (heartbeat)',
    description: 'Send every 15 s while the workspace is open; entries older than 45 s drop out.',
    middleware: [signedIn] as const,
    request: { params: DossierCodeParam },
    responses: {
      200: json(Presence, 'Những người khác đang mở / The others who have it open'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('dossier.not_found'),
    },
  });

  const away = createRoute({
    ...common,
    method: 'delete',
    path: '/api/dossiers/{code}/presence',
    tags: ['review'],
    summary: 'Đã đóng hồ sơ / I closed the dossier',
    middleware: [signedIn] as const,
    request: { params: DossierCodeParam },
    responses: {
      204: { description: 'Đã ghi nhận / Noted' },
      ...INVALID,
      ...SIGNED_IN,
      404: error('dossier.not_found'),
    },
  });

  const history = createRoute({
    ...common,
    method: 'get',
    path: '/api/dossiers/{code}/audit',
    tags: ['review'],
    summary: 'Lịch sử thay đổi / Change history',
    description:
      'Audit events of the dossier, its batches, documents and pages; newest first. Events about a document the caller may not read have `restricted: true` and no values.',
    middleware: [signedIn] as const,
    request: { params: DossierCodeParam, query: AuditQuery },
    responses: {
      200: json(AuditPage, 'Sự kiện / Events'),
      ...INVALID,
      ...READ_ACCESS,
      404: error('dossier.not_found'),
    },
  });

  return createRouter()
    .openapi(queue, async (c) =>
      c.json(await listQueue(deps, userOf(c), c.req.valid('query')), 200),
    )
    .openapi(workspace, async (c) =>
      c.json(await getWorkspace(deps.db, c.req.valid('param').code, twoPerson, viewerOf(c)), 200),
    )
    .openapi(
      patchDossierRoute,
      async (c) =>
        c.json(
          await patchDossier(deps, actorOf(c), c.req.valid('param').code, c.req.valid('json')),
          200,
        ),
      fieldHook,
    )
    .openapi(
      patchDocumentRoute,
      async (c) =>
        c.json(
          await patchDocument(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          200,
        ),
      fieldHook,
    )
    .openapi(structure, async (c) =>
      c.json(
        await putStructure(deps, actorOf(c), c.req.valid('param').code, c.req.valid('json')),
        200,
      ),
    )
    .openapi(approve, async (c) =>
      c.json(
        await approveDossier(deps, actorOf(c), c.req.valid('param').code, c.req.valid('json')),
        202,
      ),
    )
    .openapi(reject, async (c) =>
      c.json(
        await rejectDossier(deps, actorOf(c), c.req.valid('param').code, c.req.valid('json')),
        200,
      ),
    )
    .openapi(giveBack, async (c) =>
      c.json(
        await returnDossier(deps, actorOf(c), c.req.valid('param').code, c.req.valid('json')),
        200,
      ),
    )
    .openapi(presence, async (c) => {
      const id = await dossierIdOf(deps.db, c.req.valid('param').code);
      return c.json(await heartbeat(deps, id, userOf(c)), 200);
    })
    .openapi(away, async (c) => {
      const id = await dossierIdOf(deps.db, c.req.valid('param').code);
      await leave(deps, id, userOf(c));
      return c.body(null, 204);
    })
    .openapi(history, async (c) =>
      c.json(
        await listAudit(deps.db, viewerOf(c), c.req.valid('param').code, c.req.valid('query')),
        200,
      ),
    );
}
