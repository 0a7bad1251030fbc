/**
 * SANE's `test` backend (Debian sane-utils) through `sohoa-agent scan` into the real api: an ADF
 * batch is scanned, moved into the inbox, taken by the agent and stored by the api on the run's
 * PostgreSQL, exactly once and in scan order; a jammed feeder is reported with its code.
 *
 * The test backend's feeder is "empty" after 10 sheets (not configurable), so a batch is 10 pages
 * of 50 dpi: well under a second of scanning.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only: the api in this process, served over HTTP, so the agent talks to it as in production.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { createRunHarness, type Harness } from '../api/testing/harness.js';
import { ScannerAgent } from './agent.js';
import { runScan } from './sane/scan-command.js';
import { ScannerError } from './sane/scanner-errors.js';
import { captureLog, tempStation, testSettings } from './test-support/harness.js';

const hasScanimage = (() => {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!hasScanimage)('scan with the SANE test backend into the api', () => {
  let h: Harness;
  let server: ReturnType<typeof serve>;
  let url: string;
  let token: string;
  let saneDir: string;
  let station: Awaited<ReturnType<typeof tempStation>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    h = await createRunHarness();
    token = h.auth.authorization.replace(/^Bearer /, '');
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Only the test backend, one device, a grid picture: no probing of real hardware.
    saneDir = await mkdtemp(join(tmpdir(), 'sohoa-sane-'));
    await writeFile(join(saneDir, 'dll.conf'), 'test\n');
    await writeFile(
      join(saneDir, 'test.conf'),
      'number_of_devices 1\nmode Gray\nresolution 50\ntest-picture "Grid"\n',
    );
    env = { ...process.env, SANE_CONFIG_DIR: saneDir };
    station = await tempStation();
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await h.close();
    await station.cleanup();
    await rm(saneDir, { recursive: true, force: true });
  });

  const uploadsOf = (dossierCode: string) =>
    h.db.upload.findMany({
      where: { batch: { dossier: { code: dossierCode } } },
      orderBy: [{ batch: { openedAt: 'asc' } }, { seq: 'asc' }],
      include: { batch: true },
    });

  it('stores an ADF batch exactly once, in scan order, and closes the dossier', async () => {
    const code = `HS-SANE-${Date.now()}`;
    const { log } = captureLog();
    const progress: string[] = [];
    const summary = await runScan(
      {
        dossierCode: code,
        device: 'test',
        resolution: 50,
        mode: 'Gray',
        source: 'ADF',
        format: 'png',
        expected: 10,
        close: true,
        operator: 'Lê Thị Quét',
      },
      {
        agent: testSettings(station, url, { token }),
        log,
        terminal: { line: (l) => progress.push(l), progress: (l) => progress.push(l) },
        scanimage: { env },
        pollMs: 50,
      },
    );
    const names = Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(4, '0')}.png`);
    expect(summary).toMatchObject({ scanned: 10, uploaded: 10, rejected: 0, closed: true });
    expect(summary.files).toEqual(names);
    expect(progress).toContain(
      `Hồ sơ ${code}: đang quét tờ 11 · đã quét 10 trang · đã gửi 10/10 · cần 10`,
    );
    expect(progress.some((l) => l.startsWith('CẢNH BÁO'))).toBe(false);

    // The files the agent moved to .done/ are the bytes the api stored, in the same order.
    const done = join(station.inbox, '.done', code);
    const sums = await Promise.all(names.map(async (n) => sha(await readFile(join(done, n)))));
    expect(new Set(sums).size).toBe(10);
    const ups = await uploadsOf(code);
    expect(ups.map((u) => [u.seq, u.originalName, u.sha256])).toEqual(
      names.map((n, i) => [i + 1, n, sums[i]]),
    );
    expect(new Set(ups.map((u) => u.batchId)).size).toBe(1);
    expect(ups[0]?.batch.status).not.toBe('open');
    // The operator and the expected count went with the batch.
    expect(ups[0]?.batch).toMatchObject({ expectedPages: 10, operatorName: 'Lê Thị Quét' });
    expect(await h.db.page.count({ where: { batchId: ups[0]?.batchId ?? '' } })).toBe(10);
    expect((await readdir(done)).sort()).toEqual([...names, 'XONG']);
    expect(await readdir(join(station.inbox, code))).toEqual([]);
  });

  it('via the sohoa-agent command, numbers a second stack after the first', async () => {
    const code = `HS-SANE-CLI-${Date.now()}`;
    // Registered from the inventory with its page count: scan takes it when --expected is absent.
    const fonds = await h.db.fonds.create({
      data: { code: `FC${Date.now() % 100000}`, archiveCode: 'LTLS', name: 'Phông thử' },
    });
    await h.db.dossier.create({ data: { code, fondsId: fonds.id, expectedPages: 20 } });
    const run = (extra: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'scanner-agent/main.ts', 'scan', '--dossier', code, ...extra],
          {
            env: {
              ...env,
              AGENT_SERVER_URL: url,
              AGENT_TOKEN: token,
              AGENT_INBOX: station.inbox,
              AGENT_OUTBOX: station.outbox,
              AGENT_STABLE_MS: '200',
              LOG_LEVEL: 'warn',
            },
          },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (c) => resolve({ code: c, out }));
      });
    const common = ['--device', 'test', '--resolution', '50', '--format', 'png'];
    const first = await run([...common, '--no-close']);
    expect(first.out).toContain('Xong: 10 trang đã quét, 10 đã gửi');
    expect(first.code).toBe(0);
    const second = await run(common);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain(`Mục lục: hồ sơ ${code} có 20 trang`);
    expect(second.out).toContain('hồ sơ đã đóng');
    expect(second.out).toContain('Hồ sơ có 20 trang (lần này 10)');
    expect(second.out).not.toContain('CẢNH BÁO');

    const ups = await uploadsOf(code);
    expect(ups.map((u) => u.originalName)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(4, '0')}.png`),
    );
    expect(new Set(ups.map((u) => u.sha256)).size).toBe(20);
    expect(ups[0]?.batch.expectedPages).toBe(20);
  });

  it('leaves the uploading to a watch agent that holds the outbox', async () => {
    const code = `HS-SANE-WATCH-${Date.now()}`;
    const watch = new ScannerAgent(testSettings(station, url, { token }), captureLog().log);
    await watch.start();
    try {
      const summary = await runScan(
        {
          dossierCode: code,
          device: 'test',
          resolution: 50,
          mode: 'Color',
          source: 'ADF',
          format: 'tiff',
          expected: undefined,
          close: true,
        },
        {
          agent: testSettings(station, url, { token }),
          log: captureLog().log,
          terminal: { line: () => undefined, progress: () => undefined },
          scanimage: { env },
          // Every sheet of the test backend is the same picture: the stamp (ImageDescription)
          // makes each TIFF page its own bytes, so none is flagged as a copy of another.
          extraArgs: ['--test-picture', 'Color pattern'],
          pollMs: 50,
        },
      );
      expect(summary).toMatchObject({ uploader: 'watch-agent', scanned: 10, uploaded: 10 });
    } finally {
      await watch.stop();
    }
    const ups = await uploadsOf(code);
    expect(ups.map((u) => [u.seq, u.originalName, u.mediaType])).toEqual(
      Array.from({ length: 10 }, (_, i) => [
        i + 1,
        `${String(i + 1).padStart(4, '0')}.tif`,
        'image/tiff',
      ]),
    );
    expect(new Set(ups.map((u) => u.sha256)).size).toBe(10);
    expect(ups.every((u) => u.identicalToId === null)).toBe(true);
  });

  it('npx sohoa-agent doctor: the scanner, the server and the token all pass', async () => {
    const out = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn(
        process.execPath,
        ['scanner-agent/bin/sohoa-agent.js', 'doctor', '--device', 'test'],
        {
          env: {
            ...env,
            AGENT_SERVER_URL: url,
            AGENT_TOKEN: token,
            AGENT_TOKEN_FILE: '',
            AGENT_CONFIG: '',
            AGENT_INBOX: station.inbox,
            AGENT_OUTBOX: station.outbox,
          },
        },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (code) => done({ code, text }));
    });
    expect(out.text).toMatch(/^✔ scanimage \(sane-backends\) .*tìm thấy 1 máy quét/m);
    expect(out.text).toMatch(/^✔ Máy quét test trả lời: khay .*Automatic Document Feeder/m);
    expect(out.text).toContain('✔ Máy chủ chấp nhận mã truy cập / The server accepts the token');
    expect(out.text).toContain('Trạm quét sẵn sàng / The station is ready');
    expect(out.code, out.text).toBe(0);
  });

  it('reports a paper jam as scanner.jammed, in Vietnamese, with what to do', async () => {
    const { log } = captureLog();
    const err = await runScan(
      {
        dossierCode: `HS-JAM-${Date.now()}`,
        device: 'test',
        resolution: 50,
        mode: undefined,
        source: 'ADF',
        format: 'png',
        expected: undefined,
        close: true,
      },
      {
        agent: testSettings(station, url, { token }),
        log,
        terminal: { line: () => undefined, progress: () => undefined },
        scanimage: { env },
        extraArgs: ['--read-return-value', 'SANE_STATUS_JAMMED'],
        pollMs: 50,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).code).toBe('scanner.jammed');
    expect((err as ScannerError).message).toMatch(/^Kẹt giấy/);
    expect((err as ScannerError).hint).toMatch(/gỡ tờ bị kẹt/);
  });
});
