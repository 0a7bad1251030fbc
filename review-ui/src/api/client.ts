import type { ApiErrorBody } from './types.js';

/** Codes the client gives failures that never reached the api's error handler. */
export type ClientErrorCode = 'ui.network_failed' | 'ui.invalid_response' | 'ui.http_error';

/**
 * A failed api call. When the api answered with its `{ code, message, hint }` body, `body` holds it
 * verbatim (message and hint are "Tiếng Việt / English") and `data` the whole JSON object, with any
 * extra members the route sends (`fields` of a 400, `currentVersion` of a 409); otherwise `code` is
 * a {@link ClientErrorCode} and the UI words the failure itself.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  /** HTTP status, or 0 when no response arrived */
  readonly status: number;
  readonly body: ApiErrorBody | null;
  /** The whole JSON error object, or null when the answer was not one */
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly path: string;

  constructor(o: {
    code: string;
    status: number;
    path: string;
    body: ApiErrorBody | null;
    data?: Readonly<Record<string, unknown>> | null;
    cause?: unknown;
  }) {
    super(o.body?.message ?? `${o.code} (${o.status}) ${o.path}`, { cause: o.cause });
    this.code = o.code;
    this.status = o.status;
    this.body = o.body;
    this.data = o.data ?? null;
    this.path = o.path;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Methods that change state: the api wants the session's CSRF token on each of them. */
export type UnsafeMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * A 401 is an expected answer of this call (the login form, the start-up session check): it is
   * thrown as usual but does not announce an ended session to {@link ApiClient.onUnauthorized}.
   */
  expectUnauthorized?: boolean;
}

/** The path of the session resource, whose answers carry the CSRF token. */
export const SESSION_PATH = '/api/session';
/** The header the api reads the CSRF token from on unsafe methods. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The api's error body if `value` is one, else null. */
export function parseErrorBody(value: unknown): ApiErrorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, hint } = value as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return typeof hint === 'string' ? { code, message, hint } : { code, message };
}

/**
 * The per-field messages of a 400 `request.invalid` (`fields: { name: "vi / en" }`), or an empty
 * object for any other failure.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.data === null) return {};
  const fields = err.data.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
  return out;
}

const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The review UI's way to the api: same-origin requests with the session cookie, the CSRF token on
 * unsafe methods, and one place that learns when the session has ended.
 */
export interface ApiClient {
  /**
   * GETs `path` (same origin, e.g. `/api/dossiers?limit=50`) and returns its JSON body, typed by
   * the caller: the api is trusted to keep its contract, so the body is not validated here.
   *
   * Throws {@link ApiError}: with the api's own code for an error body; `ui.http_error` for any
   * other non-2xx answer; `ui.invalid_response` when a 2xx body is not JSON; `ui.network_failed`
   * when no answer arrived. An aborted request rethrows the `AbortError` untouched.
   */
  getJson<T>(path: string, opts?: RequestOptions): Promise<T>;
  /**
   * Sends `body` as JSON with `method` and returns the JSON answer (undefined for 204 or an empty
   * body). Carries `X-CSRF-Token`; when the api refuses it (403 `auth.csrf`, e.g. after the api
   * restarted) the token is fetched again from `GET /api/session` and the request is sent once
   * more: the api checks the token before doing anything, so nothing can happen twice.
   * Throws as {@link getJson}.
   */
  sendJson<T>(
    method: UnsafeMethod,
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ): Promise<T>;
  /** The CSRF token in use, null before sign-in and after sign-out. */
  csrfToken(): string | null;
  setCsrfToken(token: string | null): void;
  /**
   * Calls `listener` whenever a request is answered 401 (the session expired or was revoked),
   * except requests marked `expectUnauthorized`. Returns the unsubscribe function.
   */
  onUnauthorized(listener: (err: ApiError) => void): () => void;
}

/**
 * An {@link ApiClient} over `deps.fetch` (the browser's fetch when left out). The CSRF token is
 * learnt from every successful answer of `/api/session` (sign-in, session check) and forgotten
 * on sign-out and on any 401.
 */
export function createApiClient(deps: { fetch?: FetchLike } = {}): ApiClient {
  const doFetch: FetchLike = deps.fetch ?? ((input, init) => fetch(input, init));
  let token: string | null = null;
  const listeners = new Set<(err: ApiError) => void>();

  async function request<T>(
    method: 'GET' | UnsafeMethod,
    path: string,
    body: unknown,
    opts: RequestOptions,
    retried: boolean,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && token !== null) headers[CSRF_HEADER] = token;
    let res: Response;
    try {
      res = await doFetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      });
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new ApiError({ code: 'ui.network_failed', status: 0, path, body: null, cause: err });
    }

    let json: unknown;
    let jsonError: unknown = null;
    try {
      const text = await res.text();
      json = text === '' && res.ok ? undefined : JSON.parse(text);
    } catch (err) {
      if (isAbort(err)) throw err;
      jsonError = err ?? new Error('unreadable body');
    }

    if (!res.ok) {
      const errBody = jsonError === null ? parseErrorBody(json) : null;
      const err = new ApiError({
        code: errBody?.code ?? 'ui.http_error',
        status: res.status,
        path,
        body: errBody,
        data: errBody !== null && isObject(json) ? json : null,
      });
      if (res.status === 401) {
        token = null;
        if (opts.expectUnauthorized !== true) for (const l of [...listeners]) l(err);
      }
      if (res.status === 403 && err.code === 'auth.csrf' && method !== 'GET' && !retried) {
        const session = await request<unknown>('GET', SESSION_PATH, undefined, {}, true);
        if (isObject(session) && typeof session.csrfToken === 'string') {
          return request<T>(method, path, body, opts, true);
        }
      }
      throw err;
    }
    if (jsonError !== null) {
      throw new ApiError({
        code: 'ui.invalid_response',
        status: res.status,
        path,
        body: null,
        cause: jsonError,
      });
    }
    if (path === SESSION_PATH) {
      if (method === 'DELETE') token = null;
      else if (isObject(json) && typeof json.csrfToken === 'string') token = json.csrfToken;
    }
    return json as T;
  }

  return {
    getJson: (path, opts = {}) => request('GET', path, undefined, opts, false),
    sendJson: (method, path, body, opts = {}) => request(method, path, body, opts, false),
    csrfToken: () => token,
    setCsrfToken: (t) => {
      token = t;
    },
    onUnauthorized: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The client every screen uses. */
export const apiClient: ApiClient = createApiClient();

/** {@link ApiClient.getJson} of {@link apiClient}. */
export const getJson = <T>(path: string, opts?: RequestOptions): Promise<T> =>
  apiClient.getJson<T>(path, opts);

/** {@link ApiClient.sendJson} of {@link apiClient}. */
export const sendJson = <T>(
  method: UnsafeMethod,
  path: string,
  body?: unknown,
  opts?: RequestOptions,
): Promise<T> => apiClient.sendJson<T>(method, path, body, opts);
