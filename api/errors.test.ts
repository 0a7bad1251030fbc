import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { AppError, InputError, NotFoundError } from '../core/errors.js';
import { HttpError, notFound, toErrorResponse } from './errors.js';

describe('toErrorResponse', () => {
  it('maps each kind of error to its status and keeps code, message and hint', () => {
    const input = new InputError('upload.truncated', { message: 'm', hint: 'h', status: 422 });
    expect(toErrorResponse(input)).toEqual({
      status: 422,
      body: { code: 'upload.truncated', message: 'm', hint: 'h' },
      serverFault: false,
    });
    expect(toErrorResponse(new NotFoundError('page', 'p1')).status).toBe(404);
    expect(toErrorResponse(new HttpError(409, 'batch.not_open', { message: 'm' })).status).toBe(
      409,
    );
    expect(
      toErrorResponse(new AppError('storage.missing', { message: 'm', retryable: false })),
    ).toMatchObject({
      status: 500,
      body: { code: 'storage.missing' },
      serverFault: true,
    });
    expect(toErrorResponse(new AppError('db.busy', { message: 'm', retryable: true })).status).toBe(
      503,
    );
    expect(
      toErrorResponse(new HTTPException(415, { message: 'Unsupported Media Type' })),
    ).toMatchObject({
      status: 415,
      body: { code: 'request.unsupported_media_type' },
    });
  });

  it('hides the details of unexpected errors', () => {
    const r = toErrorResponse(new TypeError('secret detail at /srv/x'));
    expect(r).toMatchObject({ status: 500, body: { code: 'internal' }, serverFault: true });
    expect(JSON.stringify(r.body)).not.toContain('secret');
  });

  it('writes not-found messages in Vietnamese, then English, naming the id', () => {
    const e = notFound('dossier', 'HS.1');
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.code).toBe('dossier.not_found');
    expect(e.message).toBe('Không tìm thấy hồ sơ HS.1 / dossier HS.1 does not exist');
  });
});
