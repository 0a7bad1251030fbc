import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from './client.js';
import { loadConfig } from './config.js';
import { DISK_FAIL_BYTES, formatDoctorReport, runDoctor } from './doctor.js';
import { FakeApi } from './test-support/fake-api.js';
import { checkScanner, type SaneProbe } from './doctor-scanner.js';
import { parseDeviceOptions } from './sane/parse.js';
import { notInstalled, ScannerError } from './sane/scanner-errors.js';
import { freePort, tempStation } from './test-support/harness.js';

const noScanimage: SaneProbe = {
  version: () => Promise.reject(notInstalled(new Error('spawn scanimage ENOENT'))),
  devices: () => Promise.reject(new Error('not reached')),
  options: () => Promise.reject(new Error('not reached')),
};

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
      sane: noScanimage,
    });
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.server?.status).toBe('ok');
    expect(byId.token?.status).toBe('ok');
    expect(byId.disk?.status).toBe('ok');
    expect(byId.outbox?.status).toBe('ok');
    expect(byId.inbox?.status).toBe('ok');
    // A station without scanimage and no scanner configured takes hot-folder pages: a warning.
    expect(byId.scanner?.status).toBe('warn');
    expect(byId.scanner?.message).toMatch(/^Không có scanimage \(gói sane-utils\)/);
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
      sane: noScanimage,
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
    const down = await runDoctor(configFor(url, 't'), {
      api: clientFor(url, 't'),
      sane: noScanimage,
    });
    const d = Object.fromEntries(down.map((c) => [c.id, c]));
    expect(d.server?.status).toBe('fail');
    expect(d.server?.message).toMatch(/^Không kết nối được máy chủ/);
    expect(d.token?.status).toBe('warn');
  });
});

describe('checkScanner', () => {
  const fi = { name: 'fujitsu:fi-7160:1', vendor: 'FUJITSU', model: 'fi-7160', type: 'scanner' };
  const options = parseDeviceOptions(`
Options specific to device \`fujitsu:fi-7160:1':
  Standard:
    --source Flatbed|ADF Front|ADF Back|ADF Duplex [ADF Front]
    --mode Lineart|Halftone|Gray|Color [Lineart]
    --resolution 50..600dpi [300]
`);
  const probe = (o: Partial<SaneProbe>): SaneProbe => ({
    version: () => Promise.resolve('scanimage (sane-backends) 1.1.1; backend version 1.1.1'),
    devices: () => Promise.resolve([fi]),
    options: () => Promise.resolve(options),
    ...o,
  });

  it('finds scanimage and the devices, and has the configured device answer -A', async () => {
    const checks = await checkScanner('fujitsu:fi-7160:1', probe({}));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['scanner', 'ok'],
      ['scanner-device', 'ok'],
    ]);
    expect(checks[0]?.message).toContain(
      'tìm thấy 1 máy quét / found 1 scanner(s): fujitsu:fi-7160:1',
    );
    expect(checks[1]?.message).toMatch(
      /^Máy quét fujitsu:fi-7160:1 trả lời: khay Flatbed, ADF Front, ADF Back, ADF Duplex, hai mặt \/ duplex; chế độ Lineart, Halftone, Gray, Color; 50–600 dpi/,
    );
    // No device configured: the only one found is the one checked.
    expect((await checkScanner(undefined, probe({}))).map((c) => c.status)).toEqual(['ok', 'ok']);
  });

  it('fails a configured device that is missing or does not answer, with what to do', async () => {
    const gone = new ScannerError('scanner.device_gone', {
      message: 'Không mở được máy quét fujitsu:fi-7160:1 / The scanner cannot be opened',
      hint: 'Chạy "sohoa-agent devices" / Run "sohoa-agent devices"',
      retryable: true,
    });
    const silent = await checkScanner(
      'fujitsu:fi-7160:1',
      probe({ devices: () => Promise.resolve([]), options: () => Promise.reject(gone) }),
    );
    expect(silent.map((c) => [c.id, c.status])).toEqual([
      ['scanner', 'fail'],
      ['scanner-device', 'fail'],
    ]);
    expect(silent[1]?.message).toContain('→ Chạy "sohoa-agent devices"');
    const none = await checkScanner('fujitsu:fi-7160:1', noScanimage);
    expect(none).toMatchObject([{ id: 'scanner', status: 'fail' }]);
    expect(none[0]?.message).toContain('Cài gói sane-utils');
  });

  it('asks to choose when several scanners are found and none is configured', async () => {
    const two = await checkScanner(
      undefined,
      probe({ devices: () => Promise.resolve([fi, { ...fi, name: 'test:0' }]) }),
    );
    expect(two.map((c) => [c.id, c.status])).toEqual([
      ['scanner', 'ok'],
      ['scanner-device', 'warn'],
    ]);
  });
});
