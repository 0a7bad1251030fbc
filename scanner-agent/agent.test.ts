import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScannerAgent } from './agent.js';
import { FakeApi } from './test-support/fake-api.js';
import {
  captureLog,
  dropFile,
  fakePage,
  freePort,
  tempStation,
  testSettings,
  waitFor,
} from './test-support/harness.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('ScannerAgent', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  let api: FakeApi;
  const agents: ScannerAgent[] = [];

  beforeEach(async () => {
    station = await tempStation();
    api = new FakeApi();
    await api.listen();
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.stop();
    await api.close();
    await station.cleanup();
  });

  /** An agent not yet started, so that a test can listen before anything happens. */
  const makeAgent = (o: Parameters<typeof testSettings>[2] = {}, url = api.url) => {
    const { log, lines } = captureLog();
    const agent = new ScannerAgent(testSettings(station, url, o), log);
    agents.push(agent);
    return { agent, lines };
  };
  const startAgent = async (o: Parameters<typeof testSettings>[2] = {}, url = api.url) => {
    const made = makeAgent(o, url);
    await made.agent.start();
    return made;
  };

  it('delivers dropped files exactly once, in natural order, later arrivals last', async () => {
    const hs = join(station.inbox, 'HS-001');
    const sums: Record<string, string> = {};
    // Written out of order on purpose: the order must come from the names.
    for (const n of ['scan_10.jpg', 'scan_2.JPG', 'scan_1.jpg', 'scan_3.jpeg']) {
      sums[n] = await dropFile(join(hs, n));
    }
    await writeFile(join(hs, 'notes.txt'), 'ghi chú');
    sums['HS-002.pdf'] = await dropFile(join(station.inbox, 'HS-002.pdf'));
    const { agent, lines } = await startAgent();

    await waitFor(() => api.uploads.length === 5 && agent.status().pending === 0, '5 uploads');
    sums['scan_0.png'] = await dropFile(join(hs, 'scan_0.png'));
    await waitFor(() => api.uploads.length === 6 && agent.status().pending === 0, '6th upload');

    const byCode = new Map([...api.batches.values()].map((b) => [b.dossierCode, b.id]));
    expect([...byCode.keys()].sort()).toEqual(['HS-001', 'HS-002']);
    const hs1 = api.uploadsOf(byCode.get('HS-001') ?? '');
    expect(hs1.map((u) => [u.seq, u.fileName])).toEqual([
      [1, 'scan_1.jpg'],
      [2, 'scan_2.JPG'],
      [3, 'scan_3.jpeg'],
      [4, 'scan_10.jpg'],
      [5, 'scan_0.png'],
    ]);
    for (const u of api.uploads) expect(u.sha256).toBe(sums[u.fileName]);
    expect(hs1.map((u) => u.mediaType)).toEqual([
      'image/jpeg',
      'image/jpeg',
      'image/jpeg',
      'image/jpeg',
      'image/png',
    ]);
    expect(api.putCount).toBe(6);
    expect(api.uploadsOf(byCode.get('HS-002') ?? '').map((u) => u.mediaType)).toEqual([
      'application/pdf',
    ]);
    // Acknowledged files left the inbox for .done/; the text file stayed and was reported.
    await waitFor(async () => (await readdir(hs)).length === 1, 'inbox emptied');
    expect(await readdir(hs)).toEqual(['notes.txt']);
    expect((await readdir(join(station.inbox, '.done', 'HS-001'))).sort()).toHaveLength(5);
    expect(existsSync(join(station.inbox, '.done', 'HS-002', 'HS-002.pdf'))).toBe(true);
    expect(lines.some((l) => l.file === 'HS-001/notes.txt' && l.reason === 'extension')).toBe(true);
    expect(await readdir(join(station.outbox, 'entries'))).toEqual([]);
  });

  it('takes a file written in slow chunks only once it is complete', async () => {
    const { agent } = await startAgent({ stableMs: 400 });
    const path = join(station.inbox, 'HS-SLOW', 'trang_1.tif');
    const page = fakePage('.tif', 6 * 64 * 1024);
    const chunks: Buffer[] = [];
    await mkdir(join(station.inbox, 'HS-SLOW'));
    // Each pause is shorter than the stability window, the whole write much longer.
    for (let i = 0; i < 6; i++) {
      const c = page.subarray(i * 64 * 1024, (i + 1) * 64 * 1024);
      chunks.push(c);
      await appendFile(path, c);
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor(() => api.uploads.length === 1 && agent.status().pending === 0, 'upload');
    await new Promise((r) => setTimeout(r, 500));
    expect(api.putCount).toBe(1);
    expect(api.uploads[0]?.sha256).toBe(sha(Buffer.concat(chunks)));
    expect(api.uploads[0]?.bytes).toBe(6 * 64 * 1024);
  });

  it('keeps pages through an api outage and delivers them once it is back', async () => {
    const port = await freePort();
    const { agent, lines } = await startAgent({}, `http://127.0.0.1:${port}`);
    const sums = [];
    for (let i = 1; i <= 3; i++)
      sums.push(await dropFile(join(station.inbox, 'HS-DOWN', `p${i}.png`)));
    await waitFor(
      () => agent.status().pending === 3 && agent.status().uploader.failuresInARow >= 3,
      'failed attempts while down',
    );
    expect(agent.status().uploader.lastError?.code).toBe('api.unreachable');
    expect(existsSync(join(station.inbox, 'HS-DOWN', 'p1.png'))).toBe(true);

    const back = new FakeApi();
    await back.listen(port);
    try {
      await waitFor(() => back.uploads.length === 3 && agent.status().pending === 0, 'delivery');
      expect(back.uploads.map((u) => [u.seq, u.sha256])).toEqual(sums.map((s, i) => [i + 1, s]));
      expect(back.putCount).toBe(3);
      expect(lines.some((l) => l.msg === 'server not available, will retry')).toBe(true);
    } finally {
      await agent.stop();
      await back.close();
    }
  });

  it('moves a page the api refuses to rejected/ with the reason, and delivers the rest', async () => {
    const message =
      'Tệp TIFF bị cắt cụt: dải 3 kết thúc ở byte 9000, tệp chỉ có 4096 byte / Truncated TIFF: strip 3 ends at byte 9000, the file has 4096';
    api.faults.refuse = (name) =>
      name === 'scan_2.tif'
        ? { status: 422, code: 'decode.truncated', message, hint: 'Quét lại tệp / Scan it again' }
        : undefined;
    const hs = join(station.inbox, 'HS-BAD');
    await dropFile(join(hs, 'scan_1.tif'));
    const badSum = await dropFile(join(hs, 'scan_2.tif'));
    await dropFile(join(hs, 'scan_3.tif'));
    const rejected: number[] = [];
    const { agent, lines } = makeAgent();
    agent.on('rejected', (e) => rejected.push(e.seq));
    await agent.start();

    await waitFor(() => api.uploads.length === 2 && agent.status().pending === 0, 'delivery');
    expect(api.uploads.map((u) => u.seq)).toEqual([1, 3]);
    expect(rejected).toEqual([2]);

    const dirs = await readdir(join(station.outbox, 'rejected'));
    expect(dirs).toHaveLength(1);
    const kept = join(station.outbox, 'rejected', dirs[0] ?? '');
    const entry = JSON.parse(await readFile(join(kept, 'entry.json'), 'utf8')) as { seq: number };
    const error = JSON.parse(await readFile(join(kept, 'error.json'), 'utf8')) as {
      status: number;
      error: { code: string; message: string };
    };
    expect(entry.seq).toBe(2);
    expect(error.status).toBe(422);
    expect(error.error).toMatchObject({ code: 'decode.truncated', message });
    expect(sha(await readFile(join(kept, 'scan_2.tif')))).toBe(badSum);
    // The inbox copy moved aside with the reason, so it is not taken again.
    expect(existsSync(join(station.inbox, '.rejected', 'HS-BAD', 'scan_2.tif'))).toBe(true);
    expect(existsSync(join(station.inbox, '.rejected', 'HS-BAD', 'scan_2.tif.error.json'))).toBe(
      true,
    );
    const logged = lines.find((l) => l.msg === 'page rejected by the server');
    expect(logged).toMatchObject({ code: 'decode.truncated', reason: message, seq: 2 });
  });

  it('after a stop mid-upload, a new agent on the same outbox delivers every page once, in order', async () => {
    const hs = join(station.inbox, 'HS-RESTART');
    const sums: string[] = [];
    for (let i = 1; i <= 6; i++) sums.push(await dropFile(join(hs, `trang_${i}.jpg`)));
    let held = false;
    api.faults.holdAfterStore = (u) => {
      if (u.seq !== 3 || held) return false;
      held = true;
      return true;
    };
    const first = await startAgent();
    await waitFor(() => held, 'page 3 stored without acknowledgement');
    await first.agent.stop();
    // Page 3 is still owed: its entry stays in the outbox and its file in the inbox.
    expect(first.agent.status().pending).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(hs, 'trang_3.jpg'))).toBe(true);
    expect(existsSync(join(station.inbox, '.done', 'HS-RESTART', 'trang_3.jpg'))).toBe(false);

    // Pages scanned while the agent was down come after the others.
    for (let i = 7; i <= 8; i++) sums.push(await dropFile(join(hs, `trang_${i}.jpg`)));
    const acks: { seq: number; created: boolean }[] = [];
    const second = makeAgent();
    second.agent.on('acknowledged', (e, ack) => acks.push({ seq: e.seq, created: ack.created }));
    await second.agent.start();
    await waitFor(() => api.uploads.length === 8 && second.agent.status().pending === 0, 'all 8');

    expect(api.batches.size).toBe(1);
    expect(api.uploads.map((u) => [u.seq, u.fileName, u.sha256])).toEqual(
      sums.map((s, i) => [i + 1, `trang_${i + 1}.jpg`, s]),
    );
    // Page 3 was sent twice and stored once: the repeat was acknowledged as already stored.
    expect(api.putCount).toBe(9);
    expect(acks[0]).toEqual({ seq: 3, created: false });
    expect(await readdir(hs)).toEqual([]);
    expect(await readdir(join(station.inbox, '.done', 'HS-RESTART'))).toHaveLength(8);
  });

  it('after a restart later than the idle time, keeps the pages still in the inbox in their batch', async () => {
    const hs = join(station.inbox, 'HS-LATE');
    const sums = [await dropFile(join(hs, 'trang_1.jpg'))];
    const first = await startAgent({ idleCloseMs: 60_000 });
    await waitFor(() => api.uploads.length === 1 && first.agent.status().pending === 0, 'page 1');
    await first.agent.stop();
    // The rest of the dossier arrives while the agent is down, longer than the idle time.
    for (let i = 2; i <= 4; i++) sums.push(await dropFile(join(hs, `trang_${i}.jpg`)));
    await new Promise((r) => setTimeout(r, 1100));
    const closed: string[] = [];
    const second = makeAgent({ idleCloseMs: 1000 });
    second.agent.on('closed', (c) => closed.push(c.dossierCode));
    await second.agent.start();
    await waitFor(() => closed.length === 1, 'idle close after the last page');
    expect(api.batches.size).toBe(1);
    expect(api.uploads.map((u) => [u.seq, u.sha256])).toEqual(sums.map((s, i) => [i + 1, s]));
  });

  it('after a stop while the batch open went unanswered, a new agent gets the same batch', async () => {
    const hs = join(station.inbox, 'HS-REOPEN');
    const sum = await dropFile(join(hs, 'trang_1.jpg'));
    let held = false;
    api.faults.holdAfterOpen = () => {
      if (held) return false;
      held = true;
      return true;
    };
    // The first agent opens the batch on the server and never hears back.
    const first = await startAgent();
    await waitFor(() => held, 'batch opened without a reply');
    await first.agent.stop();
    expect(api.uploads).toEqual([]);

    const second = await startAgent();
    await waitFor(() => api.uploads.length === 1 && second.agent.status().pending === 0, 'upload');
    // One batch on the server: the retry carried the key the first attempt sent.
    const [batch, ...others] = [...api.batches.values()];
    expect(others).toEqual([]);
    expect(batch?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.openKeys).toEqual([batch?.idempotencyKey, batch?.idempotencyKey]);
    expect(api.uploadsOf(batch?.id ?? '').map((u) => [u.seq, u.sha256])).toEqual([[1, sum]]);
  });

  it('closes an idle batch once, and opens a new batch for files that come later', async () => {
    const { agent } = makeAgent({ idleCloseMs: 600 });
    const closed: { batchId: string | null; reason: string }[] = [];
    agent.on('closed', (c) => closed.push(c));
    await agent.start();
    await dropFile(join(station.inbox, 'HS-IDLE', 'a1.jpg'));
    await dropFile(join(station.inbox, 'HS-IDLE', 'a2.jpg'));
    await waitFor(() => closed.length === 1, 'idle close');
    const firstId = closed[0]?.batchId ?? '';
    expect(api.batches.get(firstId)?.closed).toBe(true);
    expect(api.uploadsOf(firstId)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1800));
    expect(closed).toHaveLength(1);
    expect(api.batches.get(firstId)?.closeCalls).toBe(1);

    await dropFile(join(station.inbox, 'HS-IDLE', 'a3.jpg'));
    await waitFor(() => closed.length === 2, 'second close');
    const secondId = closed[1]?.batchId ?? '';
    expect(secondId).not.toBe(firstId);
    expect(api.uploadsOf(secondId).map((u) => [u.seq, u.fileName])).toEqual([[1, 'a3.jpg']]);
    expect([...api.batches.values()].map((b) => b.closeCalls)).toEqual([1, 1]);
    expect(closed.map((c) => c.reason)).toEqual(['idle', 'idle']);
  });

  it('closes a batch when the operator drops XONG, after its pages are acknowledged', async () => {
    const { agent } = makeAgent();
    const closed: { batchId: string | null; reason: string }[] = [];
    agent.on('closed', (c) => closed.push(c));
    await agent.start();
    const hs = join(station.inbox, 'HS-XONG');
    await dropFile(join(hs, 'p1.jpg'));
    await dropFile(join(hs, 'p2.jpg'));
    await writeFile(join(hs, 'XONG'), '');
    await waitFor(() => closed.length === 1, 'marker close');
    const b = api.batches.get(closed[0]?.batchId ?? '');
    expect(b?.closeCalls).toBe(1);
    expect(api.uploadsOf(b?.id ?? '')).toHaveLength(2);
    expect(closed[0]?.reason).toBe('marker');
    expect(await readdir(hs)).toEqual([]);
    expect(existsSync(join(station.inbox, '.done', 'HS-XONG', 'XONG'))).toBe(true);
  });
});
