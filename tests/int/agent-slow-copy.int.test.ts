/**
 * The hot folder takes a file only once it is complete (issue 7), with the real api and the real
 * agent as processes. Two ways a slow copy arrives: appended chunk by chunk (a scanner writing,
 * `cp` over a slow link), and preallocated at its full size and then filled in (Windows Explorer
 * and SMB copies), where only the modification time tells that the file is still changing. Every
 * pause between chunks is longer than the agent's poll interval and shorter than its stability
 * window, so the agent looks at each file many times while it is incomplete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRunHarness, type Harness } from '../../api/testing/harness.js';
import { freePort } from '../../scanner-agent/test-support/harness.js';
import {
  logLines,
  startAgentProcess,
  startApiProcess,
  stationDirs,
  workstationToken,
} from './agent-stack.js';
import { waitFor, type RunningProcess } from './processes.js';

/** AGENT_STABLE_MS; the agent polls every quarter of it (375 ms). */
const STABLE_MS = 1500;
const PAUSE_MS = 700;
const CHUNKS = 6;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness;
let root: string;
let api: RunningProcess | undefined;
let agent: RunningProcess | undefined;

beforeAll(async () => {
  h = await createRunHarness();
  root = join(h.config.dataDir, 'slow-station');
});

afterAll(async () => {
  await agent?.stop();
  await api?.stop();
  await h.close();
  await rm(root, { recursive: true, force: true });
});

/** A noisy page image of a few hundred kB, different for every `seed`. */
const scan = (seed: number) =>
  sharp({
    create: {
      width: 900,
      height: 1200,
      channels: 3,
      background: { r: seed % 256, g: 200, b: 180 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

const chunksOf = (b: Buffer) => {
  const size = Math.ceil(b.length / CHUNKS);
  return Array.from({ length: CHUNKS }, (_, i) => ({
    at: i * size,
    bytes: b.subarray(i * size, (i + 1) * size),
  }));
};

describe('hot folder with a slow copy', () => {
  it('takes a file that arrives in slow chunks only once it is complete', async () => {
    const port = await freePort();
    api = await startApiProcess(h, port, {
      databaseUrl: inject('databaseUrl'),
      redisUrl: inject('redisUrl'),
    });
    const { inbox, outbox } = await stationDirs(root);
    agent = await startAgentProcess({
      serverUrl: `http://127.0.0.1:${port}`,
      token: workstationToken(h),
      inbox,
      outbox,
      stableMs: STABLE_MS,
      idleCloseMs: 600_000,
    });
    const code = `SLOW-${randomUUID().slice(0, 8)}`;
    const dir = join(inbox, code);
    await mkdir(dir);
    const appended = await scan(1);
    const filledIn = await scan(2);
    expect(appended.length).toBeGreaterThan(100_000);

    const appendPath = join(dir, 'trang_1.jpg');
    const fillPath = join(dir, 'trang_2.jpg');
    const a = await open(appendPath, 'w');
    const f = await open(fillPath, 'w');
    try {
      await f.truncate(filledIn.length);
      const fills = chunksOf(filledIn);
      for (const [i, c] of chunksOf(appended).entries()) {
        await a.write(c.bytes);
        const fill = fills[i];
        if (fill !== undefined) await f.write(fill.bytes, 0, fill.bytes.length, fill.at);
        if (i < CHUNKS - 1) await sleep(PAUSE_MS);
      }
    } finally {
      await a.close();
      await f.close();
    }
    // The copies took 3.5 s, far longer than the stability window: a check of size alone, or
    // of one look, would have taken them partial by now. They are complete from here on.
    await writeFile(join(dir, 'XONG'), '');

    await waitFor(
      'the batch to be closed',
      async () => {
        const b = await h.db.scanBatch.findFirst({
          where: { workstationId: h.workstationId, dossier: { code } },
        });
        return b?.status === 'closed' ? true : undefined;
      },
      60_000,
      100,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- agent ---\n${agent?.output().slice(-4000)}`);
    });

    const batch = await h.db.scanBatch.findFirstOrThrow({
      where: { workstationId: h.workstationId, dossier: { code } },
      include: { uploads: { orderBy: { seq: 'asc' } } },
    });
    // The server holds the two complete files and nothing else.
    expect(batch.uploads.map((u) => [u.originalName, u.sha256, Number(u.bytes)])).toEqual([
      ['trang_1.jpg', sha(appended), appended.length],
      ['trang_2.jpg', sha(filledIn), filledIn.length],
    ]);
    // The agent took each file into its outbox once, complete, and sent each once.
    const log = logLines(agent.output());
    expect(
      log
        .filter((l) => l.msg === 'page taken into the outbox')
        .map((l) => [l['file'], l['sha256'], l['bytes']]),
    ).toEqual([
      [`${code}/trang_1.jpg`, sha(appended), appended.length],
      [`${code}/trang_2.jpg`, sha(filledIn), filledIn.length],
    ]);
    expect(log.filter((l) => l.msg === 'page uploaded')).toHaveLength(2);
    expect(log.filter((l) => l.msg === 'page rejected by the server')).toEqual([]);
    expect(existsSync(join(inbox, '.rejected'))).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    expect((await readdir(join(inbox, '.done', code))).sort()).toEqual([
      'XONG',
      'trang_1.jpg',
      'trang_2.jpg',
    ]);
  });
});
