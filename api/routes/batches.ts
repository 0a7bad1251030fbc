/**
 * Scan batches and uploads: what the scanner agent calls (workstation token) and what the review
 * UI reads (no authentication yet).
 */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { auth, principalOf } from '../auth/auth.js';
import type { AppDeps } from '../context.js';
import {
  Batch,
  BatchDetail,
  BatchIdParam,
  CloseBatchBody,
  OpenBatchBody,
  OpenBatchHeaders,
  UploadHeaders,
  UploadParams,
  UploadResult,
} from '../contracts.js';
import {
  createRouter,
  error,
  INVALID,
  json,
  SESSION_SECURITY,
  UNAUTHORIZED,
  WORKSTATION_SECURITY,
} from '../openapi.js';
import { closeBatch, getBatch, openBatch } from '../services/batches.js';
import { receiveUpload } from '../services/uploads.js';

const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;

/** Routes under /api/batches. */
export function batchRoutes(deps: AppDeps) {
  const workstation = auth(deps.db, { accept: ['workstation'] });
  // JSON bodies here are a few fields; anything bigger is a mistake or an attack.
  const smallJson = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) =>
      c.json(
        {
          code: 'request.too_large',
          message: 'Phần thân yêu cầu lớn hơn 64 KiB / The request body is larger than 64 KiB',
        },
        413,
      ),
  });

  const open = createRoute({
    method: 'post',
    path: '/api/batches',
    tags: ['batches'],
    summary: 'Mở lô quét / Open a scan batch',
    description:
      'Creates the dossier (and the default fonds) on first use; the dossier moves to scanning. ' +
      'With an `Idempotency-Key` (scoped to the workstation), sending the same open again answers ' +
      '200 with the batch the first one made, as it is now, and changes nothing; the same key ' +
      'with another body is 409 `batch.idempotency_conflict`.',
    security: WORKSTATION_SECURITY,
    middleware: [workstation, smallJson] as const,
    request: {
      headers: OpenBatchHeaders,
      body: { content: { 'application/json': { schema: OpenBatchBody } }, required: true },
    },
    responses: {
      201: json(Batch, 'Lô đã mở / The batch is open'),
      200: json(
        Batch,
        'Lô đã mở trước đó với cùng Idempotency-Key / Opened earlier with the same Idempotency-Key',
      ),
      ...INVALID,
      ...UNAUTHORIZED,
      409: error(
        'Hồ sơ thuộc phông khác hoặc đã duyệt, hoặc khóa đã dùng với nội dung khác / dossier.fonds_mismatch, dossier.approved, batch.idempotency_conflict',
      ),
      422: error('Phông không tồn tại / fonds.not_found'),
    },
  });

  const get = createRoute({
    method: 'get',
    path: '/api/batches/{id}',
    tags: ['batches'],
    summary: 'Xem lô quét / Read a scan batch',
    description: 'The workstation that scans, or any signed-in person.',
    security: [...WORKSTATION_SECURITY, ...SESSION_SECURITY],
    middleware: [auth(deps.db, { accept: ['workstation', 'user'] })] as const,
    request: { params: BatchIdParam },
    responses: {
      200: json(
        BatchDetail,
        'Lô, số trang theo trạng thái, tệp và trang / Batch, page counts, uploads and pages',
      ),
      ...INVALID,
      404: error('batch.not_found'),
    },
  });

  const close = createRoute({
    method: 'post',
    path: '/api/batches/{id}/close',
    tags: ['batches'],
    summary: 'Đóng lô quét / Close a scan batch',
    description:
      'Idempotent. When every page is done or failed, enqueues dossier.assemble (job id = batch id).',
    security: WORKSTATION_SECURITY,
    middleware: [workstation, smallJson] as const,
    request: {
      params: BatchIdParam,
      body: { content: { 'application/json': { schema: CloseBatchBody } }, required: false },
    },
    responses: {
      200: json(Batch, 'Lô đã đóng / The batch is closed'),
      ...INVALID,
      ...UNAUTHORIZED,
      404: error('batch.not_found'),
    },
  });

  const upload = createRoute({
    method: 'put',
    path: '/api/batches/{id}/uploads/{seq}',
    tags: ['batches'],
    summary: 'Tải lên một tệp quét / Upload one scanned file',
    description:
      'Raw body (not multipart) of the declared type, with Content-Digest: sha-256=:<base64>: ' +
      '(RFC 9530). Idempotent by (batch, seq): the same bytes again at the same seq answer 200 ' +
      'with `created: false`; other bytes at a taken seq are 409 `upload.seq_conflict`. The same ' +
      'bytes at another seq are a new upload with pages of their own, flagged with `identicalTo` ' +
      '(the earlier upload) for the reviewer. One page per frame (TIFF directory, PDF page) is ' +
      'queued for processing.',
    security: WORKSTATION_SECURITY,
    middleware: [workstation] as const,
    request: {
      params: UploadParams,
      headers: UploadHeaders,
      body: {
        required: true,
        content: Object.fromEntries(
          UPLOAD_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
        ),
      },
    },
    responses: {
      201: json(UploadResult, 'Đã lưu tệp và tạo trang / Stored, pages created'),
      200: json(
        UploadResult,
        'Vị trí này đã có đúng tệp này (gửi lại) / This seq already holds these bytes (a retry)',
      ),
      400: error(
        'request.invalid, upload.checksum_mismatch, upload.digest_invalid, upload.empty, upload.bad_file_name',
      ),
      ...UNAUTHORIZED,
      404: error('batch.not_found'),
      409: error('batch.not_open, upload.seq_conflict'),
      413: error('upload.too_large'),
      415: error('upload.unsupported_type, upload.type_mismatch'),
      422: error('upload.truncated, upload.too_many_pixels, upload.corrupt'),
    },
  });

  return createRouter()
    .openapi(open, async (c) => {
      const body = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const { batch, created } = await openBatch(
        deps,
        { principal: principalOf(c), requestId: c.var.requestId },
        body,
        key,
      );
      const fields = { batchId: batch.id, dossierCode: batch.dossierCode };
      if (!created) {
        c.var.log.info(
          fields,
          'batch open repeated with the same Idempotency-Key, nothing changed',
        );
        return c.json(batch, 200);
      }
      c.var.log.info(fields, 'batch opened');
      return c.json(batch, 201);
    })
    .openapi(get, async (c) => c.json(await getBatch(deps.db, c.req.valid('param').id), 200))
    .openapi(close, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const batch = await closeBatch(
        deps,
        { principal: principalOf(c), requestId: c.var.requestId },
        id,
        body,
        c.var.log,
      );
      return c.json(batch, 200);
    })
    .openapi(upload, async (c) => {
      const { id, seq } = c.req.valid('param');
      const h = c.req.valid('header');
      const length = c.req.header('content-length');
      const { result, created } = await receiveUpload(deps, {
        batchId: id,
        seq,
        declaredType: h['content-type'],
        contentDigest: h['content-digest'],
        fileName: h['x-file-name'],
        contentLength: length === undefined || !/^\d+$/.test(length) ? undefined : Number(length),
        body: c.req.raw.body,
        principal: principalOf(c),
        requestId: c.var.requestId,
        log: c.var.log,
      });
      return created ? c.json(result, 201) : c.json(result, 200);
    });
}
