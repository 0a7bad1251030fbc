import type { ApiErrorBody } from './types.js';

/** Codes the client gives failures that never reached the api's error handler. */
export type ClientErrorCode = 'ui.network_failed' | 'ui.invalid_response' | 'ui.http_error';

/**
 * A failed api call. When the api answered with its `{ code, message, hint }` body, `body` holds it
 * verbatim (message and hint are "Tiếng Việt / English"); otherwise `code` is a {@link
 * ClientErrorCode} and the UI words the failure itself.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  /** HTTP status, or 0 when no response arrived */
  readonly status: number;
  readonly body: ApiErrorBody | null;
  readonly path: string;

  constructor(o: {
    code: string;
    status: number;
    path: string;
    body: ApiErrorBody | null;
    cause?: unknown;
  }) {
    super(o.body?.message ?? `${o.code} (${o.status}) ${o.path}`, { cause: o.cause });
    this.code = o.code;
    this.status = o.status;
    this.body = o.body;
    this.path = o.path;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Replaces the global fetch (tests) */
  fetch?: FetchLike;
}

/** The api's error body if `value` is one, else null. */
export function parseErrorBody(value: unknown): ApiErrorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, hint } = value as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return typeof hint === 'string' ? { code, message, hint } : { code, message };
}

const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';

/**
 * GETs `path` (same origin, e.g. `/api/dossiers?limit=50`) and returns its JSON body, typed by the
 * caller: the api is trusted to keep its contract, so the body is not validated here.
 *
 * Throws {@link ApiError}: with the api's own code for an error body; `ui.http_error` for any other
 * non-2xx answer; `ui.invalid_response` when a 2xx body is not JSON; `ui.network_failed` when no
 * answer arrived. An aborted request rethrows the `AbortError` untouched, so callers can ignore it.
 */
export async function getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(path, {
      headers: { accept: 'application/json' },
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError({ code: 'ui.network_failed', status: 0, path, body: null, cause: err });
  }
  let json: unknown;
  let jsonError: unknown = null;
  try {
    json = await res.json();
  } catch (err) {
    if (isAbort(err)) throw err;
    jsonError = err ?? new Error('unreadable body');
  }
  if (!res.ok) {
    const body = jsonError === null ? parseErrorBody(json) : null;
    throw new ApiError({ code: body?.code ?? 'ui.http_error', status: res.status, path, body });
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
  return json as T;
}
