/**
 * A small stand-in for the sohoa api, for the agent's tests. It speaks the upload contract over
 * real HTTP (the agent's only boundary), verifies `Content-Digest` and is idempotent the way the
 * real api is: the same bytes at the same seq are acknowledged with 200 and stored once; other
 * bytes at a taken seq get 409 `upload.seq_conflict`; the same bytes at another seq are a new
 * upload that names the earlier one (`identicalTo`); an open repeated with the same
 * `Idempotency-Key` answers 200 with the same batch, and 409 `batch.idempotency_conflict` when
 * its body differs. Faults are switched on per test.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredUpload {
  batchId: string;
  seq: number;
  sha256: string;
  bytes: number;
  mediaType: string;
  fileName: string;
  /** Order in which the server stored it, from 1. */
  order: number;
}

export interface FakeBatch {
  id: string;
  dossierCode: string;
  fondsCode: string | undefined;
  idempotencyKey: string | undefined;
  /** The open request's body as sent, to refuse a key reused with another one. */
  openBody: string;
  closed: boolean;
  closeCalls: number;
  /** The body of the last close request, parsed. */
  closeBody: unknown;
}

export interface FakeApiFaults {
  /** Answer this 4xx body instead of storing, for uploads whose file name matches. */
  refuse?: (
    fileName: string,
  ) => { status: number; code: string; message: string; hint?: string } | undefined;
  /** Open the batch, then never answer (the reply is lost). */
  holdAfterOpen?: (b: FakeBatch) => boolean;
  /** Store the upload, then never answer (the acknowledgement is lost). */
  holdAfterStore?: (u: StoredUpload) => boolean;
  /** Answer 503 to every api call (not /livez) while true. */
  unavailable?: boolean;
}

const TOKEN_HEADER = /^Bearer (.+)$/;

export class FakeApi {
  readonly token: string;
  readonly batches = new Map<string, FakeBatch>();
  readonly uploads: StoredUpload[] = [];
  /** Every PUT that reached the handler, including repeats. */
  putCount = 0;
  /** The `Idempotency-Key` of every batch open that reached the handler, including repeats. */
  readonly openKeys: (string | undefined)[] = [];
  faults: FakeApiFaults = {};
  /** Fixed `Date` header value, to test clock skew. */
  dateHeader: string | undefined;
  readonly #server: Server;
  readonly #held = new Set<ServerResponse>();
  #port = 0;

  constructor(token = 'test-token') {
    this.token = token;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ code: 'fake.crash', message: String(err) }));
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Listens on `port` (0 = any free one). */
  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** Stops listening and cuts every connection, held ones included. */
  async close(): Promise<void> {
    for (const res of this.#held) res.destroy();
    this.#held.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Uploads of one batch by seq. */
  uploadsOf(batchId: string): StoredUpload[] {
    return this.uploads.filter((u) => u.batchId === batchId).sort((a, b) => a.seq - b.seq);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.dateHeader !== undefined) res.setHeader('date', this.dateHeader);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && url.pathname === '/livez') return send(res, 200, { ok: true });
    const body = await readBody(req);
    if (this.faults.unavailable === true) {
      return send(res, 503, {
        code: 'api.unavailable',
        message: 'Máy chủ tạm ngừng / Unavailable',
      });
    }
    const auth = TOKEN_HEADER.exec(req.headers.authorization ?? '');
    if (auth?.[1] !== this.token) {
      return send(res, 401, {
        code: 'auth.invalid_token',
        message: 'Mã truy cập không hợp lệ / Invalid token',
      });
    }
    if (req.method === 'POST' && url.pathname === '/api/batches') {
      const json = JSON.parse(body.toString('utf8')) as {
        dossierCode?: string;
        fondsCode?: string;
      };
      if (typeof json.dossierCode !== 'string' || json.dossierCode === '') {
        return send(res, 400, {
          code: 'batch.invalid',
          message: 'Thiếu mã hồ sơ / dossierCode missing',
        });
      }
      const key = header(req, 'idempotency-key');
      this.openKeys.push(key);
      const openBody = body.toString('utf8');
      const earlier = [...this.batches.values()].find(
        (x) => key !== undefined && x.idempotencyKey === key,
      );
      if (earlier !== undefined) {
        if (earlier.openBody !== openBody) {
          return send(res, 409, {
            code: 'batch.idempotency_conflict',
            message: `Khóa ${key} đã dùng với nội dung khác / Key ${key} was used with another body`,
          });
        }
        return send(res, 200, batchReply(earlier));
      }
      const b: FakeBatch = {
        id: randomUUID(),
        dossierCode: json.dossierCode,
        fondsCode: json.fondsCode,
        idempotencyKey: key,
        openBody,
        closed: false,
        closeCalls: 0,
        closeBody: undefined,
      };
      this.batches.set(b.id, b);
      if (this.faults.holdAfterOpen?.(b) === true) {
        this.#held.add(res);
        return;
      }
      return send(res, 201, batchReply(b));
    }
    const close = /^\/api\/batches\/([^/]+)\/close$/.exec(url.pathname);
    if (req.method === 'POST' && close !== null) {
      const b = this.batches.get(decodeURIComponent(close[1] ?? ''));
      if (b === undefined)
        return send(res, 404, { code: 'batch.not_found', message: 'Không có lô / No such batch' });
      b.closed = true;
      b.closeCalls += 1;
      b.closeBody = body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown);
      return send(res, 200, { id: b.id, status: 'closed' });
    }
    const put = /^\/api\/batches\/([^/]+)\/uploads\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PUT' && put !== null) {
      this.putCount += 1;
      const b = this.batches.get(decodeURIComponent(put[1] ?? ''));
      const seq = Number(put[2]);
      if (b === undefined)
        return send(res, 404, { code: 'batch.not_found', message: 'Không có lô / No such batch' });
      const sha = createHash('sha256').update(body).digest();
      const digest = /^sha-256=:([A-Za-z0-9+/=]+):$/.exec(header(req, 'content-digest') ?? '');
      if (digest?.[1] !== sha.toString('base64')) {
        return send(res, 400, {
          code: 'upload.checksum_mismatch',
          message: 'Sai tổng kiểm / Checksum mismatch',
        });
      }
      const fileName = decodeURIComponent(header(req, 'x-file-name') ?? '');
      const refusal = this.faults.refuse?.(fileName);
      if (refusal !== undefined) {
        const { status, ...err } = refusal;
        return send(res, status, err);
      }
      const hex = sha.toString('hex');
      const existing = this.uploads.find((u) => u.batchId === b.id && u.seq === seq);
      if (existing !== undefined) {
        if (existing.sha256 !== hex) {
          return send(res, 409, {
            code: 'upload.seq_conflict',
            message: `Số thứ tự ${seq} đã có tệp khác / Seq ${seq} holds other bytes`,
          });
        }
        return send(res, 200, ack(existing, false, this.#twinOf(existing)));
      }
      if (b.closed)
        return send(res, 409, { code: 'batch.not_open', message: 'Lô đã đóng / Batch closed' });
      const u: StoredUpload = {
        batchId: b.id,
        seq,
        sha256: hex,
        bytes: body.length,
        mediaType: header(req, 'content-type') ?? '',
        fileName,
        order: this.uploads.length + 1,
      };
      this.uploads.push(u);
      if (this.faults.holdAfterStore?.(u) === true) {
        this.#held.add(res);
        return;
      }
      return send(res, 201, ack(u, true, this.#twinOf(u)));
    }
    return send(res, 404, { code: 'route.not_found', message: 'Không có / Not found' });
  }

  /** The first other upload of the batch with the same bytes (the real api's `identicalTo`). */
  #twinOf(u: StoredUpload): StoredUpload | undefined {
    return this.uploadsOf(u.batchId).find((x) => x.sha256 === u.sha256 && x.seq !== u.seq);
  }
}

function batchReply(b: FakeBatch) {
  return {
    id: b.id,
    dossierId: `d-${b.dossierCode}`,
    dossierCode: b.dossierCode,
    status: b.closed ? 'closed' : 'open',
    expectedPages: null,
    openedAt: new Date().toISOString(),
  };
}

function ack(u: StoredUpload, created: boolean, twin: StoredUpload | undefined) {
  return {
    identicalTo:
      twin === undefined ? null : { uploadId: `u-${twin.batchId}-${twin.seq}`, seq: twin.seq },
    uploadId: `u-${u.batchId}-${u.seq}`,
    batchId: u.batchId,
    seq: u.seq,
    sha256: u.sha256,
    bytes: u.bytes,
    mediaType: u.mediaType,
    frameCount: 1,
    pageIds: [`p-${u.batchId}-${u.seq}`],
    created,
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
