/**
 * How the api turns errors into HTTP responses. Errors thrown anywhere below carry a stable code;
 * this file decides the status and the body `{ code, message, hint }`.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, InputError, NotFoundError } from '../core/errors.js';

/** An AppError with the HTTP status it maps to (401, 404, 409 … beyond InputError's set). */
export class HttpError extends AppError {
  override name = 'HttpError';
  readonly status: ContentfulStatusCode;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    o: { message: string; hint?: string; cause?: unknown },
  ) {
    super(code, { ...o, retryable: false });
    this.status = status;
  }
}

/** Vietnamese and English names of the records the api serves, for not-found messages. */
const ENTITIES = {
  batch: ['lô quét', 'batch'],
  dossier: ['hồ sơ', 'dossier'],
  document: ['tài liệu', 'document'],
  page: ['trang', 'page'],
  upload: ['tệp tải lên', 'upload'],
  fonds: ['phông', 'fonds'],
} as const;

/** `<entity>.not_found` (404) with a bilingual message naming the id. */
export function notFound(entity: keyof typeof ENTITIES, id: string): NotFoundError {
  const err = new NotFoundError(entity, id);
  const [vi, en] = ENTITIES[entity];
  err.message = `Không tìm thấy ${vi} ${id} / ${en} ${id} does not exist`;
  return err;
}

export interface ErrorResponse {
  readonly status: ContentfulStatusCode;
  readonly body: { code: string; message: string; hint?: string };
  /** False for errors the client caused: they are not logged as failures of the service */
  readonly serverFault: boolean;
}

/** The response for any thrown value. Unknown errors become a 500 `internal` without details. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof AppError) {
    const status: ContentfulStatusCode =
      err instanceof InputError || err instanceof HttpError
        ? err.status
        : err instanceof NotFoundError
          ? 404
          : err.retryable
            ? 503
            : 500;
    return { status, body: err.toJSON(), serverFault: status >= 500 };
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 415
        ? 'request.unsupported_media_type'
        : status === 413
          ? 'request.too_large'
          : 'request.invalid';
    return {
      status,
      body: {
        code,
        message: `Yêu cầu không hợp lệ: ${err.message} / Invalid request: ${err.message}`,
        hint: 'Kiểm tra phần thân và tiêu đề của yêu cầu / Check the request body and headers',
      },
      serverFault: status >= 500,
    };
  }
  return {
    status: 500,
    body: {
      code: 'internal',
      message: 'Lỗi nội bộ của máy chủ; đã ghi nhật ký / Internal server error; it has been logged',
    },
    serverFault: true,
  };
}
