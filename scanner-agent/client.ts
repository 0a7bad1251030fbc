/**
 * HTTP client for the few api calls the agent makes. Built on node:http rather than fetch so that
 * a page file streams from disk with an exact Content-Length and an idle-socket timeout, which
 * a workstation on a flaky LAN needs. Every failure becomes an {@link ApiError} that says whether
 * to retry.
 *
 * Over 300 lines mostly for the bilingual error bodies the agent writes when the server sent none.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  AgentDossierListSchema,
  AgentDossierSchema,
  ErrorBodySchema,
  OpenedBatchSchema,
  UploadResultSchema,
  type AgentDossier,
  type AgentDossierList,
  type CloseBatchBody,
  type ErrorBody,
  type MediaType,
  type OpenBatchBody,
  type OpenedBatch,
  type UploadResult,
} from './api-types.js';
import { AgentError, errnoCode } from './errors.js';

/** Why a call failed: decides retrying and what the operator is told. */
export type ApiFailure =
  /** No HTTP answer: refused, reset, timed out, DNS. Retry. */
  | 'network'
  /** We aborted the request (the agent is stopping). Retry on the next start. */
  | 'aborted'
  /** 5xx, 408, 425, 429, or a 2xx we could not read. Retry. */
  | 'server'
  /** 401 / 403: the token. Retry after the operator fixes it; never blame the file. */
  | 'auth'
  /** Any other 4xx: this request will never succeed. Do not retry. */
  | 'refused';

/**
 * A failed api call. `body` is the server's `{ code, message, hint }` when it sent one (always
 * for `refused`), else one the agent wrote, so a refusal can be recorded as is.
 */
export class ApiError extends AgentError {
  override name = 'ApiError';
  readonly failure: ApiFailure;
  readonly status: number | undefined;
  readonly body: ErrorBody;

  constructor(failure: ApiFailure, body: ErrorBody, status?: number, cause?: unknown) {
    super(body.code, {
      message: body.message,
      hint: body.hint,
      retryable: failure !== 'refused',
      cause,
    });
    this.failure = failure;
    this.status = status;
    this.body = body;
  }
}

export interface ApiClientOptions {
  /** Base URL of the api, e.g. `http://10.0.0.5:3000` (a path prefix is kept). */
  serverUrl: string;
  /** Workstation bearer token. Never logged. */
  token: string;
  /** A request whose socket stays silent this long is abandoned (and retried). */
  requestTimeoutMs: number;
}

/** One page file to upload. */
export interface UploadRequest {
  batchId: string;
  seq: number;
  filePath: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  mediaType: MediaType;
  fileName: string;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// Error bodies and acknowledgements are small; more than this is not our api talking.
const MAX_REPLY_BYTES = 1 << 20;

/**
 * Talks to the sohoa api. Methods resolve with the parsed reply or throw {@link ApiError}.
 *
 * @example
 * const api = new ApiClient({ serverUrl, token, requestTimeoutMs: 120_000 })
 * const batch = await api.createBatch({ dossierCode: 'HY.UBND.1997.12' }, localId)
 */
export class ApiClient {
  readonly #base: URL;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(o: ApiClientOptions) {
    this.#base = new URL(o.serverUrl.replace(/\/*$/, '/'));
    this.#token = o.token;
    this.#timeoutMs = o.requestTimeoutMs;
  }

  /** `GET /livez`, unauthenticated. Resolves with the status and the server's `Date` header. */
  async livez(signal?: AbortSignal): Promise<{ status: number; date: string | undefined }> {
    const r = await this.#send('GET', 'livez', { auth: false, signal });
    return { status: r.status, date: r.headers.date };
  }

  /**
   * `POST /api/batches`. `idempotencyKey` (the local batch id, kept in the state file) is sent as
   * `Idempotency-Key`, so a retry after a lost reply or a restart gets the batch the first attempt
   * opened (200) instead of a second, empty one. A retry must send the same `req`: the api refuses
   * a key reused with another body (409 `batch.idempotency_conflict`, a refusal).
   */
  async createBatch(
    req: OpenBatchBody,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<OpenedBatch> {
    const r = await this.#send('POST', 'api/batches', {
      json: req,
      headers: { 'idempotency-key': idempotencyKey },
      signal,
    });
    return this.#parseOk(r, OpenedBatchSchema);
  }

  /**
   * `PUT /api/batches/{batchId}/uploads/{seq}` streaming the file, with its `Content-Digest`.
   * Resolves with the acknowledgement and whether it was new (201) or already stored (200).
   */
  async putUpload(
    u: UploadRequest,
    signal?: AbortSignal,
  ): Promise<{ status: number; ack: UploadResult }> {
    const digest = Buffer.from(u.sha256, 'hex').toString('base64');
    const r = await this.#send(
      'PUT',
      `api/batches/${encodeURIComponent(u.batchId)}/uploads/${u.seq}`,
      {
        headers: {
          'content-type': u.mediaType,
          'content-length': String(u.bytes),
          'content-digest': `sha-256=:${digest}:`,
          'x-file-name': encodeURIComponent(u.fileName),
        },
        stream: () => createReadStream(u.filePath),
        signal,
      },
    );
    return { status: r.status, ack: this.#parseOk(r, UploadResultSchema) };
  }

  /**
   * `GET /api/agent/dossiers`: dossiers still to scan, registered ones first; `q` filters by part
   * of the code or title on the server.
   */
  async listDossiers(
    o: { q?: string; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<AgentDossierList> {
    const query = new URLSearchParams();
    if (o.q !== undefined && o.q !== '') query.set('q', o.q);
    if (o.limit !== undefined) query.set('limit', String(o.limit));
    const qs = query.toString();
    const r = await this.#send('GET', `api/agent/dossiers${qs === '' ? '' : `?${qs}`}`, { signal });
    return this.#parseOk(r, AgentDossierListSchema);
  }

  /** `GET /api/agent/dossiers/{code}`; undefined when the server does not know the code. */
  async getDossier(code: string, signal?: AbortSignal): Promise<AgentDossier | undefined> {
    const r = await this.#send('GET', `api/agent/dossiers/${encodeURIComponent(code)}`, {
      signal,
    });
    if (r.status === 404) return undefined;
    return this.#parseOk(r, AgentDossierSchema);
  }

  /** `POST /api/batches/{batchId}/close`; idempotent on the server. */
  async closeBatch(batchId: string, req: CloseBatchBody, signal?: AbortSignal): Promise<void> {
    const r = await this.#send('POST', `api/batches/${encodeURIComponent(batchId)}/close`, {
      json: req,
      signal,
    });
    this.#throwUnlessOk(r);
  }

  /**
   * Whether the server accepts the token, for `doctor`. The api has no "who am I" route, so this
   * closes a batch that cannot exist (the nil UUID): 401/403 means the token was refused, any other
   * answer means it got past authentication. No state changes on the server.
   */
  async probeToken(signal?: AbortSignal): Promise<{ status: number; body: ErrorBody | undefined }> {
    const r = await this.#send('POST', 'api/batches/00000000-0000-0000-0000-000000000000/close', {
      json: {},
      signal,
    });
    return { status: r.status, body: parseErrorBody(r.body) };
  }

  #parseOk<T>(r: RawResponse, schema: z.ZodType<T>): T {
    this.#throwUnlessOk(r);
    const parsed = schema.safeParse(safeJson(r.body));
    if (!parsed.success) {
      throw new ApiError(
        'server',
        {
          code: 'api.bad_reply',
          message: `Máy chủ trả lời ${r.status} nhưng nội dung không đúng định dạng / The server answered ${r.status} with a body that does not fit the contract: ${parsed.error.issues[0]?.message ?? ''}`,
          hint: 'Kiểm tra phiên bản máy chủ và tác tử / Check that the api and agent versions match',
        },
        r.status,
      );
    }
    return parsed.data;
  }

  #throwUnlessOk(r: RawResponse): void {
    if (r.status >= 200 && r.status < 300) return;
    const body = parseErrorBody(r.body);
    const s = r.status;
    const failure: ApiFailure =
      s === 401 || s === 403
        ? 'auth'
        : s >= 500 || s === 408 || s === 425 || s === 429
          ? 'server'
          : s >= 400
            ? 'refused'
            : 'server';
    throw new ApiError(
      failure,
      body ?? {
        code: failure === 'auth' ? 'api.unauthorized' : `api.http_${s}`,
        message:
          failure === 'auth'
            ? `Máy chủ từ chối mã truy cập của trạm quét (HTTP ${s}) / The server refused the workstation token (HTTP ${s})`
            : `Máy chủ trả lời HTTP ${s} / The server answered HTTP ${s}`,
        ...(failure === 'auth'
          ? {
              hint: 'Kiểm tra AGENT_TOKEN hoặc AGENT_TOKEN_FILE / Check AGENT_TOKEN or AGENT_TOKEN_FILE',
            }
          : {}),
      },
      s,
    );
  }

  #send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    o: {
      auth?: boolean;
      json?: unknown;
      stream?: () => Readable;
      headers?: Record<string, string>;
      signal?: AbortSignal | undefined;
    },
  ): Promise<RawResponse> {
    const url = new URL(path, this.#base);
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
    if (o.auth !== false) headers.authorization = `Bearer ${this.#token}`;
    let payload: Buffer | undefined;
    if (o.json !== undefined) {
      payload = Buffer.from(JSON.stringify(o.json), 'utf8');
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        reject(toNetworkError(err, url, o.signal));
      };
      let answered = false;
      const req = request(url, { method, headers, signal: o.signal }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        };
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_REPLY_BYTES) chunks.push(c);
        });
        // A server that refuses an upload may answer before reading the body and then close:
        // its answer counts, not the broken pipe that follows.
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.setTimeout(this.#timeoutMs, () => {
        req.destroy(new TimeoutError(this.#timeoutMs));
      });
      req.on('error', (err) => {
        if (!answered || o.signal?.aborted === true) fail(err);
      });
      if (o.stream !== undefined) {
        const body = o.stream();
        body.on('error', (err) => req.destroy(err));
        body.pipe(req);
      } else {
        req.end(payload);
      }
    });
  }
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(ms: number) {
    super(`no data for ${ms} ms`);
  }
}

function toNetworkError(err: unknown, url: URL, signal: AbortSignal | undefined): AgentError {
  if (signal?.aborted === true) {
    return new ApiError(
      'aborted',
      {
        code: 'agent.stopped',
        message: `Đã dừng yêu cầu tới ${url.origin} vì tác tử đang dừng / Request to ${url.origin} abandoned because the agent is stopping`,
      },
      undefined,
      err,
    );
  }
  if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'EACCES') {
    // The upload body could not be read from the outbox: a local fault, not the network's.
    return new AgentError('outbox.unreadable', {
      message: `Không đọc được tệp trong hàng đợi gửi / Cannot read the outbox file: ${(err as Error).message}`,
      hint: 'Kiểm tra thư mục AGENT_OUTBOX / Check the AGENT_OUTBOX folder',
      retryable: true,
      cause: err,
    });
  }
  const detail =
    err instanceof Error ? `${errnoCode(err) ?? err.name}: ${err.message}` : String(err);
  return new ApiError(
    'network',
    {
      code: 'api.unreachable',
      message: `Không kết nối được máy chủ ${url.origin} (${detail}) / Cannot reach the server ${url.origin} (${detail})`,
      hint: 'Kiểm tra mạng và AGENT_SERVER_URL; tác tử sẽ tự thử lại / Check the network and AGENT_SERVER_URL; the agent retries by itself',
    },
    undefined,
    err,
  );
}

function parseErrorBody(body: Buffer): ErrorBody | undefined {
  const r = ErrorBodySchema.safeParse(safeJson(body));
  return r.success ? r.data : undefined;
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
