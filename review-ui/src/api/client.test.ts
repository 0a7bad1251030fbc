import { describe, expect, it } from 'vitest';
import { ApiError, getJson, parseErrorBody, type FetchLike } from './client.js';
import { describeError } from './describe-error.js';

const answer =
  (status: number, body: string, type = 'application/json'): FetchLike =>
  () =>
    Promise.resolve(new Response(body, { status, headers: { 'content-type': type } }));

const failure = async (p: Promise<unknown>): Promise<ApiError> => {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
};

const truncated = {
  code: 'decode.truncated',
  message:
    'Tệp TIFF bị cắt cụt: dải 12 kết thúc ở byte 1048576, tệp chỉ có 524288 byte / Truncated TIFF: strip 12 ends at byte 1048576, the file has 524288',
  hint: 'Sao chép hoặc quét lại tệp / Copy or scan the file again',
};

describe('getJson', () => {
  it('returns the JSON body of a 2xx answer and asks for JSON', async () => {
    let seen: RequestInit | undefined;
    const fetch: FetchLike = (_url, init) => {
      seen = init;
      return Promise.resolve(Response.json({ items: [], nextCursor: null }));
    };
    await expect(getJson('/api/dossiers?limit=50', { fetch })).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    expect(new Headers(seen?.headers).get('accept')).toBe('application/json');
  });

  it("keeps the api's error body, status and path", async () => {
    const err = await failure(
      getJson('/api/pages/x', { fetch: answer(422, JSON.stringify(truncated)) }),
    );
    expect(err.code).toBe('decode.truncated');
    expect(err.status).toBe(422);
    expect(err.path).toBe('/api/pages/x');
    expect(err.body).toEqual(truncated);
  });

  it('names a non-JSON error answer ui.http_error', async () => {
    const err = await failure(
      getJson('/api/x', { fetch: answer(502, 'Bad Gateway', 'text/plain') }),
    );
    expect(err.code).toBe('ui.http_error');
    expect(err.status).toBe(502);
    expect(err.body).toBeNull();
  });

  it('names a JSON error answer without code and message ui.http_error', async () => {
    const err = await failure(getJson('/api/x', { fetch: answer(500, '{"error":"boom"}') }));
    expect(err.code).toBe('ui.http_error');
  });

  it('names an unreadable 2xx body ui.invalid_response', async () => {
    const err = await failure(getJson('/api/x', { fetch: answer(200, '<html>', 'text/html') }));
    expect(err.code).toBe('ui.invalid_response');
    expect(err.status).toBe(200);
  });

  it('names a failed connection ui.network_failed', async () => {
    const fetch: FetchLike = () => Promise.reject(new TypeError('fetch failed'));
    const err = await failure(getJson('/api/x', { fetch }));
    expect(err.code).toBe('ui.network_failed');
    expect(err.status).toBe(0);
  });

  it('lets an abort through untouched', async () => {
    const fetch: FetchLike = () => Promise.reject(new DOMException('aborted', 'AbortError'));
    await expect(getJson('/api/x', { fetch })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('parseErrorBody', () => {
  it('accepts { code, message, hint? } only', () => {
    expect(parseErrorBody({ code: 'a.b', message: 'm' })).toEqual({ code: 'a.b', message: 'm' });
    expect(parseErrorBody({ code: 'a.b', message: 'm', hint: 5 })).toEqual({
      code: 'a.b',
      message: 'm',
    });
    expect(parseErrorBody({ code: 'a.b' })).toBeNull();
    expect(parseErrorBody('a.b')).toBeNull();
    expect(parseErrorBody(null)).toBeNull();
  });
});

describe('describeError', () => {
  it("shows the api's message and hint in the chosen language", () => {
    const err = new ApiError({
      code: truncated.code,
      status: 422,
      path: '/api/x',
      body: truncated,
    });
    expect(describeError(err, 'vi')).toEqual({
      code: 'decode.truncated',
      message: 'Tệp TIFF bị cắt cụt: dải 12 kết thúc ở byte 1048576, tệp chỉ có 524288 byte',
      hint: 'Sao chép hoặc quét lại tệp',
    });
    expect(describeError(err, 'en').hint).toBe('Copy or scan the file again');
  });

  it('words client-side failures with the path and status involved', () => {
    const net = new ApiError({ code: 'ui.network_failed', status: 0, path: '/api/x', body: null });
    expect(describeError(net, 'vi').message).toBe('Không kết nối được tới máy chủ (/api/x)');
    const http = new ApiError({ code: 'ui.http_error', status: 503, path: '/api/y', body: null });
    expect(describeError(http, 'en').message).toBe('The server answered HTTP 503 for /api/y');
    expect(describeError(http, 'en').hint).not.toBeNull();
  });

  it('words anything else as unexpected', () => {
    const d = describeError(new RangeError('boom'), 'vi');
    expect(d.code).toBe('ui.unexpected');
    expect(d.message).toContain('boom');
  });
});
