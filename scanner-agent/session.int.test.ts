/**
 * The operator's terminal session, end to end: the real `sohoa-agent` program in a real terminal
 * (tmux), against the real api (this run's PostgreSQL) and SANE's test backend. The operator gives
 * their name, finds a dossier registered from the inventory by typing part of its title without
 * diacritics, scans a 10-sheet ADF stack, watches the bar reach 10 of the 12 pages the inventory
 * expects, is warned of the 2 missing pages, confirms, and the server holds the 10 pages in order
 * in one closed batch with the expected count and the operator's name.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only: the api in this process, served over HTTP, so the agent talks to it as in production.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { createRunHarness, type Harness } from '../api/testing/harness.js';
import { ScannerAgent } from './agent.js';
import { captureLog, testSettings } from './test-support/harness.js';
import { hasTmux, TmuxTerminal } from './test-support/tmux.js';

const ROOT = resolve(import.meta.dirname, '..');

const hasScanimage = (() => {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScanimage || !hasTmux())('sohoa-agent session in a terminal', () => {
  let h: Harness;
  let server: ReturnType<typeof serve>;
  let root: string;
  let term: TmuxTerminal | undefined;

  beforeAll(async () => {
    h = await createRunHarness();
    server = await new Promise<ReturnType<typeof serve>>((done) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(s));
    });
    root = await mkdtemp(join(tmpdir(), 'sohoa-session-'));
  });

  afterAll(async () => {
    term?.kill();
    await new Promise((r) => server.close(r));
    await h.close();
    await rm(root, { recursive: true, force: true });
  });

  const code = `HY.05.${Date.now() % 100000}`;
  const sessionArgv = () => [
    process.execPath,
    '--import',
    'tsx',
    'scanner-agent/main.ts',
    '--config',
    join(root, 'agent.json'),
  ];

  it('picks a registered dossier, scans 10 sheets, warns of the count, closes on confirmation', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fonds = await h.db.fonds.create({
      data: { code: `FS${Date.now() % 100000}`, archiveCode: 'LTLS', name: 'Phông UBND tỉnh' },
    });
    await h.db.dossier.createMany({
      data: [
        {
          code,
          fondsId: fonds.id,
          title: 'Kế hoạch phòng chống lụt bão năm 1998',
          expectedPages: 12,
        },
        {
          code: `${code}-B`,
          fondsId: fonds.id,
          title: 'Quyết định thành lập Sở',
          expectedPages: 3,
        },
      ],
    });

    // SANE's test backend only; the station's settings in a configuration file.
    const sane = join(root, 'sane');
    await mkdir(sane);
    await writeFile(join(sane, 'dll.conf'), 'test\n');
    await writeFile(join(sane, 'test.conf'), 'number_of_devices 1\n');
    await writeFile(join(root, 'token'), h.auth.authorization.replace(/^Bearer /, ''), {
      mode: 0o600,
    });
    await writeFile(
      join(root, 'agent.json'),
      JSON.stringify({
        server: url,
        tokenFile: 'token',
        inbox: 'inbox',
        outbox: 'outbox',
        stableMs: 200,
        scanner: { device: 'test', resolution: 50, mode: 'Gray', source: 'ADF', format: 'png' },
      }),
    );
    term = new TmuxTerminal(sessionArgv(), {
      cwd: ROOT,
      env: { SANE_CONFIG_DIR: join(root, 'sane'), LOG_LEVEL: 'info', NO_COLOR: '1' },
    });
    const t = term;
    try {
      await t.waitFor('Họ và tên người quét / Your full name:');
      t.keys('Trần Văn Quét', 'Enter');
      await t.waitFor('Người quét / Operator: Trần Văn Quét');
      await t.waitFor('Chọn hồ sơ');
      // Part of the title, typed without diacritics: the registered dossier comes up.
      t.keys('phong chong lut');
      await t.waitFor(`${code} — Kế hoạch phòng chống lụt bão năm 1998 · cần 12 trang · chưa quét`);
      t.keys('Enter');
      await t.waitFor('Số trang dự kiến / Expected pages: 12 (theo mục lục / from the inventory)');
      await t.waitFor('làm gì tiếp?');
      t.keys('Enter'); // the first action: scan a stack
      await t.waitFor(/đã lưu 10\/12/, 60_000);
      await t.waitFor(
        `Hồ sơ ${code}: đã quét 10 · an toàn trên đĩa 10 · máy chủ đã lưu 10 / cần 12`,
        60_000,
      );
      await t.waitFor(/làm gì tiếp\?[\s\S]*Quét một xấp giấy/);
      t.keys('Down', 'Down', 'Enter'); // close the dossier
      await t.waitFor(
        `CẢNH BÁO: hồ sơ ${code} thiếu 2 trang: mục lục ghi 12, máy chủ đã lưu 10 / WARNING: 2 page(s) short`,
      );
      await t.waitFor('Vẫn đóng hồ sơ? / Close the dossier anyway?');
      t.keys('Down', 'Enter'); // "Có, đóng hồ sơ"
      await t.waitFor(`Đã đóng hồ sơ ${code} (10 trang) / Dossier closed (10 pages)`, 60_000);
      // The next dossier is offered.
      await t.waitFor(/Đã đóng hồ sơ[\s\S]*Chọn hồ sơ/);
      t.keys('C-c');
      await waitUntil(() => t.exited(), 15_000);
      expect(t.exitStatus()).toBe(130);
    } finally {
      await mkdir(join(ROOT, 'test-output'), { recursive: true });
      await writeFile(
        join(ROOT, 'test-output', 'agent-session.txt'),
        `${t.transcript}\n\n${t.screen()}`,
      );
    }

    const batches = await h.db.scanBatch.findMany({
      where: { dossier: { code } },
      include: { uploads: { orderBy: { seq: 'asc' } }, _count: { select: { pages: true } } },
    });
    expect(batches).toHaveLength(1);
    const b = batches[0];
    expect(b).toMatchObject({ status: 'closed', expectedPages: 12, operatorName: 'Trần Văn Quét' });
    expect(b?._count.pages).toBe(10);
    expect(b?.uploads.map((u) => [u.seq, u.originalName])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, `${String(i + 1).padStart(4, '0')}.png`]),
    );
    // The name is remembered for the next sitting.
    expect(JSON.parse(await readFile(join(root, 'outbox', 'station.json'), 'utf8'))).toEqual({
      operator: 'Trần Văn Quét',
    });
  });

  it('leaves the upload to a watch service on the same outbox and still counts and closes', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = h.auth.authorization.replace(/^Bearer /, '');
    const watch = new ScannerAgent(
      testSettings({ inbox: join(root, 'inbox'), outbox: join(root, 'outbox') }, url, { token }),
      captureLog().log,
    );
    await watch.start();
    term?.kill();
    term = new TmuxTerminal(sessionArgv(), {
      cwd: ROOT,
      env: { SANE_CONFIG_DIR: join(root, 'sane'), NO_COLOR: '1' },
    });
    const t = term;
    try {
      // The name given in the first sitting is remembered: not asked again.
      await t.waitFor('Người quét / Operator: Trần Văn Quét');
      await t.waitFor('Dịch vụ "watch" đang gửi trang của trạm này');
      await t.waitFor('Chọn hồ sơ');
      t.keys('thanh lap');
      await t.waitFor(`${code}-B — Quyết định thành lập Sở · cần 3 trang · chưa quét`);
      t.keys('Enter');
      await t.waitFor('làm gì tiếp?');
      t.keys('Enter');
      await t.waitFor(
        `Hồ sơ ${code}-B: đã quét 10 · an toàn trên đĩa 10 · máy chủ đã lưu 10 / cần 3`,
        60_000,
      );
      await t.waitFor(/máy chủ đã lưu 10 \/ cần 3[\s\S]*làm gì tiếp\?/);
      t.keys('Down', 'Down', 'Enter');
      await t.waitFor(`CẢNH BÁO: hồ sơ ${code}-B thừa 7 trang: mục lục ghi 3, máy chủ đã lưu 10`);
      await t.waitFor('Vẫn đóng hồ sơ?');
      t.keys('Down', 'Enter');
      await t.waitFor(`Đã đóng hồ sơ ${code}-B (10 trang)`, 60_000);
      t.keys('C-c');
      await waitUntil(() => t.exited(), 15_000);
    } finally {
      await writeFile(join(ROOT, 'test-output', 'agent-session-watch.txt'), t.screen());
      await watch.stop();
    }
    const b = await h.db.scanBatch.findFirstOrThrow({
      where: { dossier: { code: `${code}-B` } },
      include: { _count: { select: { uploads: true } } },
    });
    // The watch service opened and closed the batch with what the session told it.
    expect(b).toMatchObject({ status: 'closed', expectedPages: 3, operatorName: 'Trần Văn Quét' });
    expect(b._count.uploads).toBe(10);
  });
});

describe.skipIf(!hasTmux())('sohoa-agent session without the server', () => {
  let root: string;
  let term: TmuxTerminal | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sohoa-offline-'));
  });
  afterAll(async () => {
    term?.kill();
    await rm(root, { recursive: true, force: true });
  });

  it('stops cleanly on a signal as on Ctrl-C at a prompt: during the bar (SIGINT) and at a prompt (SIGTERM)', async () => {
    // Ctrl-C reaches the process as SIGINT whenever no prompt holds the terminal in raw mode (a
    // scan running, between two prompts); the session must then stop its agent and exit 130,
    // never be killed mid-step. Offline: nothing here needs the server.
    for (const [signal, atBar] of [
      ['SIGINT', true],
      ['SIGTERM', false],
    ] as const) {
      term = new TmuxTerminal(
        [
          process.execPath,
          '--import',
          'tsx',
          'scanner-agent/main.ts',
          '--server',
          'http://127.0.0.1:9',
          '--inbox',
          join(root, `inbox-${signal}`),
          '--outbox',
          join(root, `outbox-${signal}`),
          '--operator',
          'Lê Thị Bình',
        ],
        { cwd: ROOT, env: { AGENT_TOKEN: 'offline-token', NO_COLOR: '1' } },
      );
      const t = term;
      await t.waitFor('Gõ mã hồ sơ / Type the dossier code:');
      if (atBar) {
        t.keys('HS-SIGNAL', 'Enter');
        await t.waitFor('Số trang dự kiến (Enter nếu không rõ)');
        t.keys('Enter');
        await t.waitFor('làm gì tiếp?');
        t.keys('Down', 'Enter'); // wait for pages: the bar runs
        await t.waitFor('Enter khi xong / Drop the pages into the folder; Enter when done');
      }
      t.signal(signal);
      await waitUntil(() => t.exited(), 15_000);
      await t.waitFor('Đang dừng; các trang chưa gửi vẫn an toàn trên đĩa');
      expect(t.exitStatus(), signal).toBe(130);
      t.kill();
      term = undefined;
    }
  });

  it('says the server is unreachable, takes a typed code, and counts hot-folder pages safe on disk', async () => {
    // A port nothing listens on: the server is down.
    const down = await new Promise<number>((done) => {
      const s = serve({ fetch: () => new Response(''), hostname: '127.0.0.1', port: 0 }, () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => done(port));
      });
    });
    term = new TmuxTerminal(
      [
        process.execPath,
        '--import',
        'tsx',
        'scanner-agent/main.ts',
        '--server',
        `http://127.0.0.1:${down}`,
        '--inbox',
        join(root, 'inbox'),
        '--outbox',
        join(root, 'outbox'),
        '--operator',
        'Lê Thị Bình',
      ],
      { cwd: ROOT, env: { AGENT_TOKEN: 'offline-token', AGENT_STABLE_MS: '200', NO_COLOR: '1' } },
    );
    const t = term;
    try {
      await t.waitFor('Người quét / Operator: Lê Thị Bình');
      await t.waitFor('Không kết nối được máy chủ (api.unreachable): gõ mã hồ sơ');
      await t.waitFor('Gõ mã hồ sơ / Type the dossier code:');
      t.keys('HS-OFFLINE-7');
      await t.waitFor('Mã hồ sơ mới / New dossier code: HS-OFFLINE-7');
      t.keys('Enter');
      await t.waitFor('Số trang dự kiến (Enter nếu không rõ)');
      t.keys('3', 'Enter');
      await t.waitFor('Số trang dự kiến / Expected pages: 3 (đã nhập / typed in)');
      await t.waitFor('làm gì tiếp?');
      t.keys('Down', 'Enter'); // wait for pages dropped into the folder
      await t.waitFor('Enter khi xong / Drop the pages into the folder; Enter when done');
      const sheets = await Promise.all(
        [40, 200].map((v) =>
          sharp({
            create: { width: 30, height: 40, channels: 3, background: { r: v, g: v, b: v } },
          })
            .png()
            .toBuffer(),
        ),
      );
      const tif = await sharp(sheets, { join: { animated: true } })
        .tiff()
        .toBuffer();
      await writeFile(join(root, 'inbox', 'HS-OFFLINE-7', 'ban-sao.tif'), tif);
      // Two pages of one file, safe on this disk; none stored while the server is down.
      await t.waitFor(/quét 2 · trên đĩa 2 · đã lưu 0\/3/);
      t.keys('Enter');
      await t.waitFor(
        'Hồ sơ HS-OFFLINE-7: đã quét 2 · an toàn trên đĩa 2 · máy chủ đã lưu 0 / cần 3',
      );
      await t.waitFor(/làm gì tiếp\?[\s\S]*Thoát \/ Quit/);
      t.keys('Down', 'Down', 'Down', 'Down', 'Enter');
      await waitUntil(() => t.exited(), 15_000);
      expect(t.exitStatus()).toBe(0);
    } finally {
      await mkdir(join(ROOT, 'test-output'), { recursive: true });
      await writeFile(join(ROOT, 'test-output', 'agent-session-offline.txt'), t.screen());
    }
    // The file waits in the outbox for the server, and is still in the inbox.
    const entries = await readdir(join(root, 'outbox', 'entries'));
    expect(entries.filter((n) => n.endsWith('.json'))).toHaveLength(1);
    expect(await readdir(join(root, 'inbox', 'HS-OFFLINE-7'))).toEqual(['ban-sao.tif']);
    const info = JSON.parse(
      await readFile(join(root, 'outbox', 'dossiers', 'HS-OFFLINE-7.json'), 'utf8'),
    ) as unknown;
    expect(info).toEqual({ operator: 'Lê Thị Bình', expectedPages: 3 });
  });
});

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
