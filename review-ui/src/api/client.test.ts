import { describe, expect, it } from 'vitest';
import {
  ApiError,
  createApiClient,
  fieldErrors,
  parseErrorBody,
  type FetchLike,
  type RequestOptions,
} from './client.js';
import { describeError } from './describe-error.js';

const answer =
  (status: number, body: string, type = 'application/json'): FetchLike =>
  () =>
    Promise.resolve(new Response(body, { status, headers: { 'content-type': type } }));

const getJson = <T>(path: string, o: RequestOptions & { fetch: FetchLike }): Promise<T> =>
  createApiClient({ fetch: o.fetch }).getJson<T>(path, o);

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

/** A fake api: records every request and answers with `reply(method, path, headers)`. */
function fakeApi(reply: (method: string, path: string, headers: Headers) => Response) {
  const seen: { method: string; path: string; headers: Headers; init: RequestInit }[] = [];
  const fetch: FetchLike = (path, init = {}) => {
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    seen.push({ method, path, headers, init });
    return Promise.resolve(reply(method, path, headers));
  };
  return { fetch, seen };
}

const session = (csrfToken: string) =>
  Response.json({
    user: { id: 'u1', username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'reviewer' },
    csrfToken,
  });

const expired = () =>
  Response.json(
    { code: 'auth.invalid', message: 'Phiên đăng nhập đã hết hạn / The session has expired' },
    { status: 401 },
  );

describe('sessions and CSRF', () => {
  it('sends the cookie same-origin and the token learnt at sign-in on unsafe methods only', async () => {
    const api = fakeApi((method, path) =>
      path === '/api/session' ? session('tok-1') : Response.json({ ok: method }),
    );
    const client = createApiClient({ fetch: api.fetch });
    await client.sendJson('POST', '/api/session', { username: 'lan', password: 'x' });
    expect(client.csrfToken()).toBe('tok-1');
    await client.getJson('/api/review/queue');
    await client.sendJson('PATCH', '/api/dossiers/H1', { version: 3, fields: {} });
    await client.sendJson('DELETE', '/api/dossiers/H1/presence');

    expect(api.seen.map((r) => r.init.credentials)).toEqual([
      'same-origin',
      'same-origin',
      'same-origin',
      'same-origin',
    ]);
    // Before sign-in there is no token to send; GET never carries it.
    expect(api.seen.map((r) => r.headers.get('x-csrf-token'))).toEqual([
      null,
      null,
      'tok-1',
      'tok-1',
    ]);
    const patch = api.seen[2];
    expect(patch?.method).toBe('PATCH');
    expect(patch?.headers.get('content-type')).toBe('application/json');
    const sent = patch?.init.body;
    expect(typeof sent).toBe('string');
    expect(JSON.parse(typeof sent === 'string' ? sent : '')).toEqual({ version: 3, fields: {} });
    // No body, no content type.
    expect(api.seen[3]?.headers.get('content-type')).toBeNull();
  });

  it('learns the token from the start-up session check and forgets it on sign-out', async () => {
    const api = fakeApi((method) =>
      method === 'DELETE' ? new Response(null, { status: 204 }) : session('tok-2'),
    );
    const client = createApiClient({ fetch: api.fetch });
    await client.getJson('/api/session');
    expect(client.csrfToken()).toBe('tok-2');
    await expect(client.sendJson('DELETE', '/api/session')).resolves.toBeUndefined();
    expect(api.seen[1]?.headers.get('x-csrf-token')).toBe('tok-2');
    expect(client.csrfToken()).toBeNull();
  });

  it('announces a 401 to the listeners, forgets the token and still throws', async () => {
    const api = fakeApi(() => expired());
    const client = createApiClient({ fetch: api.fetch });
    client.setCsrfToken('tok-3');
    const heard: string[] = [];
    const stop = client.onUnauthorized((e) => heard.push(`${e.status} ${e.code} ${e.path}`));

    const err = await failure(client.getJson('/api/review/queue'));
    expect(err.code).toBe('auth.invalid');
    expect(heard).toEqual(['401 auth.invalid /api/review/queue']);
    expect(client.csrfToken()).toBeNull();

    stop();
    await failure(client.getJson('/api/review/queue'));
    expect(heard).toHaveLength(1);
  });

  it('keeps quiet about a 401 the caller expects (wrong password, no session yet)', async () => {
    const api = fakeApi(() =>
      Response.json(
        { code: 'auth.login_failed', message: 'Sai tên đăng nhập hoặc mật khẩu / Wrong' },
        { status: 401 },
      ),
    );
    const client = createApiClient({ fetch: api.fetch });
    const heard: unknown[] = [];
    client.onUnauthorized((e) => heard.push(e));
    const err = await failure(
      client.sendJson(
        'POST',
        '/api/session',
        { username: 'a', password: 'b' },
        {
          expectUnauthorized: true,
        },
      ),
    );
    expect(err.code).toBe('auth.login_failed');
    expect(heard).toEqual([]);
  });

  it('fetches a fresh token once and resends when the api refuses the CSRF token', async () => {
    const api = fakeApi((method, path, headers) => {
      if (path === '/api/session') return session('fresh');
      if (headers.get('x-csrf-token') === 'fresh') return Response.json({ saved: true });
      return Response.json(
        { code: 'auth.csrf', message: 'Thiếu mã CSRF / No CSRF token' },
        { status: 403 },
      );
    });
    const client = createApiClient({ fetch: api.fetch });
    client.setCsrfToken('stale');
    await expect(client.sendJson('PUT', '/api/x', { a: 1 })).resolves.toEqual({ saved: true });
    expect(api.seen.map((r) => `${r.method} ${r.path} ${r.headers.get('x-csrf-token')}`)).toEqual([
      'PUT /api/x stale',
      'GET /api/session null',
      'PUT /api/x fresh',
    ]);
  });

  it('gives up after one resend so a broken token cannot loop', async () => {
    const api = fakeApi((_m, path) =>
      path === '/api/session'
        ? session('still-bad')
        : Response.json({ code: 'auth.csrf', message: 'a / b' }, { status: 403 }),
    );
    const client = createApiClient({ fetch: api.fetch });
    const err = await failure(client.sendJson('POST', '/api/x', {}));
    expect(err.code).toBe('auth.csrf');
    expect(api.seen).toHaveLength(3);
  });

  it('keeps extra members of an error body for forms and conflicts', async () => {
    const body = {
      code: 'request.invalid',
      message: 'Dữ liệu không hợp lệ / Invalid data',
      fields: { password: 'Mật khẩu quá ngắn / Too short', n: 4 },
      currentVersion: 7,
    };
    const client = createApiClient({ fetch: answer(400, JSON.stringify(body)) });
    const err = await failure(client.sendJson('POST', '/api/admin/users', {}));
    expect(err.data).toEqual(body);
    expect(fieldErrors(err)).toEqual({ password: 'Mật khẩu quá ngắn / Too short' });
    expect(fieldErrors(new Error('x'))).toEqual({});
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
