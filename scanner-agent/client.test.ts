import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './client.js';
import { FakeApi } from './test-support/fake-api.js';
import { dropFile, freePort, tempStation } from './test-support/harness.js';

const failureOf = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected an ApiError');
};

describe('ApiClient', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  let api: FakeApi;
  beforeEach(async () => {
    station = await tempStation();
    api = new FakeApi();
    await api.listen();
  });
  afterEach(async () => {
    await api.close();
    await station.cleanup();
  });

  const client = (o: { url?: string; token?: string } = {}) =>
    new ApiClient({
      serverUrl: o.url ?? api.url,
      token: o.token ?? api.token,
      requestTimeoutMs: 2000,
    });

  it('uploads with a digest the server verifies, and is acknowledged once', async () => {
    const file = join(station.inbox, 'Hồ sơ 1', 'trang 1.tif');
    const sum = await dropFile(file, 300_000);
    const c = client();
    const batch = await c.createBatch({ dossierCode: 'HS-1', fondsCode: 'P1' }, 'local-1');
    expect(api.batches.get(batch.id)).toMatchObject({ fondsCode: 'P1', idempotencyKey: 'local-1' });
    const req = {
      batchId: batch.id,
      seq: 1,
      filePath: file,
      bytes: 300_000,
      sha256: sum,
      mediaType: 'image/tiff' as const,
      fileName: 'trang 1.tif',
    };
    const first = await c.putUpload(req);
    const again = await c.putUpload(req);
    expect([first.status, first.ack.created, again.status, again.ack.created]).toEqual([
      201,
      true,
      200,
      false,
    ]);
    expect(api.uploads).toHaveLength(1);
    expect(api.uploads[0]).toMatchObject({
      sha256: sum,
      fileName: 'trang 1.tif',
      mediaType: 'image/tiff',
    });
    // A wrong digest is refused by the server, and classed as a permanent refusal.
    const bad = await failureOf(
      c.putUpload({ ...req, seq: 2, sha256: createHash('sha256').update('x').digest('hex') }),
    );
    expect([bad.failure, bad.status, bad.body.code]).toEqual([
      'refused',
      400,
      'upload.checksum_mismatch',
    ]);
    await c.closeBatch(batch.id, {});
    expect(api.batches.get(batch.id)?.closed).toBe(true);
  });

  it('sends the Idempotency-Key, so a repeated open gets the same batch back', async () => {
    const c = client();
    const first = await c.createBatch({ dossierCode: 'HS-K' }, 'local-k');
    const again = await c.createBatch({ dossierCode: 'HS-K' }, 'local-k');
    expect(again.id).toBe(first.id);
    expect(api.batches.size).toBe(1);
    expect(api.openKeys).toEqual(['local-k', 'local-k']);
    // A key reused with another body is refused for good, not retried.
    const reused = await failureOf(c.createBatch({ dossierCode: 'HS-OTHER' }, 'local-k'));
    expect([reused.failure, reused.status, reused.body.code]).toEqual([
      'refused',
      409,
      'batch.idempotency_conflict',
    ]);
  });

  it('classes failures: token, server trouble, refusal, network', async () => {
    const auth = await failureOf(client({ token: 'wrong' }).createBatch({ dossierCode: 'X' }, 'k'));
    expect([auth.failure, auth.retryable, auth.body.code]).toEqual([
      'auth',
      true,
      'auth.invalid_token',
    ]);

    api.faults.unavailable = true;
    const down = await failureOf(client().createBatch({ dossierCode: 'X' }, 'k'));
    expect([down.failure, down.retryable, down.status]).toEqual(['server', true, 503]);
    api.faults.unavailable = false;

    const refused = await failureOf(client().createBatch({ dossierCode: '' }, 'k'));
    expect([refused.failure, refused.retryable, refused.body.code]).toEqual([
      'refused',
      false,
      'batch.invalid',
    ]);

    const port = await freePort();
    const net = await failureOf(client({ url: `http://127.0.0.1:${port}` }).livez());
    expect([net.failure, net.retryable, net.body.code]).toEqual([
      'network',
      true,
      'api.unreachable',
    ]);
    expect(net.message).toMatch(/^Không kết nối được máy chủ .+ \/ Cannot reach the server/);
  });

  it('takes an early refusal over the broken pipe of an unread upload body', async () => {
    // Answers before reading a byte, as a server does for a body that is too large, and drops the
    // connection while the client is still sending: once with the whole answer, once cut short.
    const server: Server = createServer((req, res) => {
      const whole = req.headers['x-file-name'] === 'whole.tif';
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      const body = JSON.stringify({ code: 'upload.too_large', message: 'Tệp quá lớn / Too large' });
      const drop = () => setTimeout(() => req.socket.destroy(), 50);
      if (whole) res.end(body, drop);
      else res.write(body.slice(0, 10), drop);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file = join(station.inbox, 'big.tif');
    const sum = await dropFile(file, 8 << 20);
    const put = (fileName: string) =>
      failureOf(
        client({ url }).putUpload({
          batchId: 'b',
          seq: 1,
          filePath: file,
          bytes: 8 << 20,
          sha256: sum,
          mediaType: 'image/tiff',
          fileName,
        }),
      );
    try {
      const whole = await put('whole.tif');
      expect([whole.failure, whole.status, whole.body.code]).toEqual([
        'refused',
        413,
        'upload.too_large',
      ]);
      const cut = await put('cut.tif');
      expect([cut.failure, cut.status, cut.body.code]).toEqual(['refused', 413, 'api.http_413']);
      expect(cut.message).toBe('Máy chủ trả lời HTTP 413 / The server answered HTTP 413');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('rejects a 2xx reply that does not fit the contract, as retryable', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"id": 5}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`;
      const err = await failureOf(client({ url }).createBatch({ dossierCode: 'X' }, 'k'));
      expect([err.failure, err.retryable, err.body.code]).toEqual([
        'server',
        true,
        'api.bad_reply',
      ]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('abandons a request when asked to stop', async () => {
    api.faults.holdAfterStore = () => true;
    const c = client();
    const batch = await c.createBatch({ dossierCode: 'HS' }, 'k');
    const file = join(station.inbox, 'a.jpg');
    const sum = await dropFile(file);
    const ac = new AbortController();
    const p = c.putUpload(
      {
        batchId: batch.id,
        seq: 1,
        filePath: file,
        bytes: 4096,
        sha256: sum,
        mediaType: 'image/jpeg',
        fileName: 'a.jpg',
      },
      ac.signal,
    );
    setTimeout(() => ac.abort(), 100);
    const err = await failureOf(p);
    expect([err.failure, err.code]).toEqual(['aborted', 'agent.stopped']);
  });
});
