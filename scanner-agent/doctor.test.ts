import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from './client.js';
import { loadConfig } from './config.js';
import { DISK_FAIL_BYTES, formatDoctorReport, runDoctor } from './doctor.js';
import { FakeApi } from './test-support/fake-api.js';
import { freePort, tempStation } from './test-support/harness.js';

describe('runDoctor', () => {
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

  const configFor = (url: string, token: string, tokenFile?: string) =>
    loadConfig(tokenFile === undefined ? { AGENT_TOKEN: token } : { AGENT_TOKEN_FILE: tokenFile }, [
      'doctor',
      '--server',
      url,
      '--inbox',
      station.inbox,
      '--outbox',
      station.outbox,
    ]);
  const clientFor = (url: string, token: string) =>
    new ApiClient({ serverUrl: url, token, requestTimeoutMs: 2000 });

  it('passes a healthy station and measures the clock against the Date header', async () => {
    const now = Date.parse('2025-07-01T08:00:00Z');
    api.dateHeader = new Date(now - 45_000).toUTCString();
    const cfg = configFor(api.url, api.token);
    const checks = await runDoctor(cfg, {
      api: clientFor(api.url, api.token),
      now: () => now,
      freeBytes: () => Promise.resolve(200 * 1024 ** 3),
    });
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.server?.status).toBe('ok');
    expect(byId.token?.status).toBe('ok');
    expect(byId.disk?.status).toBe('ok');
    expect(byId.outbox?.status).toBe('ok');
    expect(byId.inbox?.status).toBe('ok');
    expect(byId.clock).toMatchObject({ status: 'warn' });
    expect(byId.clock?.message).toContain('45.0 s');
    expect(formatDoctorReport(checks)).toMatch(/Trạm quét sẵn sàng \/ The station is ready$/);
  });

  it('fails a refused token, low disk and an unreachable server, Vietnamese first', async () => {
    const tokenFile = join(station.root, 'token');
    await writeFile(tokenFile, 'wrong-token\n');
    await chmod(tokenFile, 0o644);
    const refused = await runDoctor(configFor(api.url, '', tokenFile), {
      api: clientFor(api.url, 'wrong-token'),
      freeBytes: () => Promise.resolve(DISK_FAIL_BYTES - 1),
    });
    const byId = Object.fromEntries(refused.map((c) => [c.id, c]));
    expect(byId.token).toMatchObject({ status: 'fail' });
    expect(byId.token?.message).toMatch(/^Máy chủ từ chối mã truy cập \(HTTP 401/);
    expect(byId.disk?.status).toBe('fail');
    if (process.platform !== 'win32') {
      expect(byId['token-file']?.status).toBe('warn');
    }
    expect(formatDoctorReport(refused)).toMatch(/2 kiểm tra không đạt \/ 2 check\(s\) failed$/);

    const url = `http://127.0.0.1:${await freePort()}`;
    const down = await runDoctor(configFor(url, 't'), { api: clientFor(url, 't') });
    const d = Object.fromEntries(down.map((c) => [c.id, c]));
    expect(d.server?.status).toBe('fail');
    expect(d.server?.message).toMatch(/^Không kết nối được máy chủ/);
    expect(d.token?.status).toBe('warn');
  });
});
