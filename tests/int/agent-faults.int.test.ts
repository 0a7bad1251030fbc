/**
 * Exactly-once delivery under crashes (issue 7): the real api and the real agent each run as their
 * own process; 200 pages are dropped into the hot folder across four dossiers while the test kills
 * the agent (SIGKILL, 30 times) and, separately, the api (SIGKILL, 25 times) at random moments and
 * restarts each. Afterwards the server must hold every page exactly once, byte for byte, in scan
 * order, and every source file must be in `.done/`, never deleted before the server acknowledged
 * it (checked while the trials run, too).
 *
 * The schedule (which process, when, how many pages are dropped in between) comes from a seeded
 * generator; the seed is printed, and `SOHOA_FAULT_SEED=<seed>` replays the same schedule (the
 * moments a kill lands in the processes' work still vary with the machine's timing). Nothing about
 * timings is asserted.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRunHarness, type Harness } from '../../api/testing/harness.js';
import { blobDir } from '../../api/config.js';
import { FsBlobStore } from '../../core/storage/fs-blob-store.js';
import { freePort } from '../../scanner-agent/test-support/harness.js';
import {
  distinctPage,
  logLines,
  seededRandom,
  startAgentProcess,
  startApiProcess,
  stationDirs,
  workstationToken,
} from './agent-stack.js';
import { ROOT, waitFor } from './processes.js';

const SEED = Number(process.env['SOHOA_FAULT_SEED'] ?? randomInt(2 ** 31));
const DOSSIERS = 4;
const PAGES_PER_DOSSIER = 50;
const AGENT_KILLS = 30;
const API_KILLS = 25;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface SourcePage {
  dossier: string;
  name: string;
  sha256: string;
  bytes: Buffer;
}

let h: Harness;
let root: string;

beforeAll(async () => {
  h = await createRunHarness();
  root = join(h.config.dataDir, 'station');
});

afterAll(async () => {
  await h.close();
  if (process.env['SOHOA_KEEP_TEST_DATA'] !== '1') await rm(root, { recursive: true, force: true });
});

describe('scanner agent under crashes', () => {
  it(`delivers 200 pages exactly once while agent and api are killed ${AGENT_KILLS + API_KILLS} times`, async () => {
    process.stderr.write(
      `agent fault test: seed ${SEED} (replay the schedule with SOHOA_FAULT_SEED=${SEED})\n`,
    );
    const random = seededRandom(SEED);
    const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const { inbox, outbox } = await stationDirs(root);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const dbOpts = { databaseUrl: inject('databaseUrl'), redisUrl: inject('redisUrl') };
    const agentOpts = {
      serverUrl,
      token: workstationToken(h),
      inbox,
      outbox,
      stableMs: 200,
      // Batches close on the XONG markers only, so each dossier is one batch.
      idleCloseMs: 600_000,
    };

    // The pages, named so that only a natural sort gets the scan order right (trang_2 < trang_10).
    const run = randomUUID().slice(0, 8);
    const codes = Array.from({ length: DOSSIERS }, (_, d) => `FLT-${run}-${d + 1}`);
    const pages = new Map<string, SourcePage[]>();
    let n = 0;
    for (const dossier of codes) {
      const list: SourcePage[] = [];
      for (let i = 1; i <= PAGES_PER_DOSSIER; i++) {
        const p = await distinctPage(n++);
        list.push({ dossier, name: `trang_${i}.${p.ext}`, sha256: sha(p.bytes), bytes: p.bytes });
      }
      pages.set(dossier, list);
    }
    const all = [...pages.values()].flat();
    expect(new Set(all.map((p) => p.sha256)).size, 'the generated pages are distinct').toBe(200);
    const bySha = new Map(all.map((p) => [p.sha256, p]));

    // Drops the next page of a random dossier, in scan order within it; XONG after its last page.
    const dropped = new Map(codes.map((c) => [c, 0]));
    const dropNext = async (): Promise<boolean> => {
      const open = codes.filter((c) => (dropped.get(c) ?? 0) < PAGES_PER_DOSSIER);
      const code = open[Math.floor(random() * open.length)];
      if (code === undefined) return false;
      const i = dropped.get(code) ?? 0;
      const page = pages.get(code)?.[i];
      if (page === undefined) return false;
      await mkdir(join(inbox, code), { recursive: true });
      await writeFile(join(inbox, code, page.name), page.bytes);
      dropped.set(code, i + 1);
      if (i + 1 === PAGES_PER_DOSSIER) await writeFile(join(inbox, code, 'XONG'), '');
      return true;
    };

    // While the trials run: a source file may leave the inbox only for .done/, and only once the
    // server has recorded it. Inbox first, then .done/, then the database: a file moved between
    // two reads is seen twice, never missed, and an acknowledgement is committed before the move.
    const violations: string[] = [];
    let checks = 0;
    const listDir = (dir: string) => readdir(dir).catch(() => [] as string[]);
    const checkInvariant = async () => {
      // Counted before the listing: a page counted here was written before the inbox was read.
      const written = new Map(dropped);
      const seenInInbox = new Set<string>();
      for (const c of codes)
        for (const f of await listDir(join(inbox, c))) seenInInbox.add(`${c}/${f}`);
      const inDone = new Set<string>();
      for (const c of codes)
        for (const f of await listDir(join(inbox, '.done', c))) inDone.add(`${c}/${f}`);
      const stored = new Set(
        (
          await h.db.upload.findMany({
            where: { batch: { workstationId: h.workstationId } },
            select: { sha256: true },
          })
        ).map((u) => u.sha256),
      );
      for (const c of codes) {
        for (const p of (pages.get(c) ?? []).slice(0, written.get(c) ?? 0)) {
          const key = `${c}/${p.name}`;
          if (seenInInbox.has(key)) continue;
          if (!inDone.has(key)) violations.push(`${key} vanished from the inbox`);
          else if (!stored.has(p.sha256))
            violations.push(`${key} moved to .done before the server recorded it`);
        }
      }
      checks++;
    };
    let monitoring = true;
    const monitor = (async () => {
      while (monitoring) {
        await checkInvariant();
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    let api = await startApiProcess(h, port, dbOpts);
    let agent = await startAgentProcess(agentOpts);
    const outputs: { agent: string[]; api: string[] } = { agent: [], api: [] };
    const tail = () =>
      `seed ${SEED}\n--- agent ---\n${agent.output().slice(-4000)}\n--- api ---\n${api.output().slice(-3000)}`;

    const schedule: ('agent' | 'api')[] = [
      ...Array<'agent'>(AGENT_KILLS).fill('agent'),
      ...Array<'api'>(API_KILLS).fill('api'),
    ];
    for (let i = schedule.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [schedule[i], schedule[j]] = [schedule[j] ?? 'agent', schedule[i] ?? 'agent'];
    }
    const killedWhile: number[] = [];
    try {
      for (const [t, target] of schedule.entries()) {
        // Enough pages per trial that all 200 are dropped by the last one, so kills land in flow.
        const left = schedule.length - t;
        const remaining = codes.reduce((s, c) => s + PAGES_PER_DOSSIER - (dropped.get(c) ?? 0), 0);
        const drop = Math.min(remaining, between(1, Math.ceil((2 * remaining) / left)));
        for (let k = 0; k < drop; k++) await dropNext();
        await new Promise((r) => setTimeout(r, between(0, 1200)));
        killedWhile.push(
          await h.db.upload.count({ where: { batch: { workstationId: h.workstationId } } }),
        );
        if (target === 'agent') {
          await agent.kill({ group: true });
          outputs.agent.push(agent.output());
          agent = await startAgentProcess(agentOpts);
        } else {
          await api.kill({ group: true });
          outputs.api.push(api.output());
          // Down for a moment longer than the restart itself, sometimes.
          await new Promise((r) => setTimeout(r, between(0, 400)));
          api = await startApiProcess(h, port, dbOpts);
        }
      }
      while (await dropNext());

      await waitFor(
        'every page acknowledged and every batch closed',
        async () => {
          const done = await Promise.all(codes.map((c) => listDir(join(inbox, '.done', c))));
          const closed = await h.db.scanBatch.count({
            where: { workstationId: h.workstationId, status: 'closed' },
          });
          return done.every((d) => d.length === PAGES_PER_DOSSIER + 1) && closed === DOSSIERS
            ? true
            : undefined;
        },
        120_000,
        250,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${tail()}`);
      });
    } finally {
      monitoring = false;
      await agent.stop();
      await api.stop();
      outputs.agent.push(agent.output());
      outputs.api.push(api.output());
      await monitor;
    }
    await checkInvariant();
    // The processes' logs, for a failure to be read afterwards (test-output/ is git-ignored).
    const logDir = join(ROOT, 'test-output', 'agent-faults');
    await mkdir(logDir, { recursive: true });
    await writeFile(join(logDir, `${SEED}-agent.log`), outputs.agent.join('\n'));
    await writeFile(join(logDir, `${SEED}-api.log`), outputs.api.join('\n'));

    // Every trial happened, and pages were on their way through the whole series.
    expect(outputs.agent.length + outputs.api.length - 2, `seed ${SEED}`).toBe(
      AGENT_KILLS + API_KILLS,
    );
    expect(violations, `seed ${SEED}`).toEqual([]);
    expect(checks).toBeGreaterThan(10);

    // The server: one closed batch per dossier, its uploads the dossier's pages in scan order,
    // each once, byte-identical.
    const batches = await h.db.scanBatch.findMany({
      where: { workstationId: h.workstationId },
      include: { dossier: true, uploads: { orderBy: { seq: 'asc' } } },
    });
    expect(batches.map((b) => b.dossier.code).sort(), `seed ${SEED}`).toEqual(codes);
    const blobs = new FsBlobStore(blobDir(h.config.dataDir));
    for (const b of batches) {
      const expected = pages.get(b.dossier.code) ?? [];
      expect(b.status).toBe('closed');
      expect(
        b.uploads.map((u) => [u.originalName, u.sha256]),
        `${b.dossier.code}, seed ${SEED}`,
      ).toEqual(expected.map((p) => [p.name, p.sha256]));
      for (const u of b.uploads) {
        expect(sha(await blobs.read(u.sha256)), u.originalName ?? '').toBe(u.sha256);
        expect(Number(u.bytes)).toBe(bySha.get(u.sha256)?.bytes.length);
      }
    }
    const uploads = batches.flatMap((b) => b.uploads);
    expect(uploads).toHaveLength(200);
    expect(new Set(uploads.map((u) => u.sha256)).size).toBe(200);
    expect(await h.db.page.count({ where: { batchId: { in: batches.map((b) => b.id) } } })).toBe(
      200,
    );

    // The station: every source file in .done/ with its bytes, the markers too; nothing refused,
    // nothing left in the inbox or the outbox.
    for (const p of all) {
      const moved = join(inbox, '.done', p.dossier, p.name);
      expect(sha(await readFile(moved)), moved).toBe(p.sha256);
    }
    for (const c of codes) {
      expect(await readdir(join(inbox, c)), c).toEqual([]);
      expect(existsSync(join(inbox, '.done', c, 'XONG')), `${c}/XONG`).toBe(true);
    }
    expect(existsSync(join(inbox, '.rejected'))).toBe(false);
    expect(await readdir(join(outbox, 'entries'))).toEqual([]);
    expect(await readdir(join(outbox, 'rejected'))).toEqual([]);
    expect((await readdir(outbox)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const agentLog = outputs.agent.flatMap(logLines);
    expect(agentLog.filter((l) => l.msg === 'page rejected by the server')).toEqual([]);

    // What the kills hit, for the record: how many pages the server held at each kill, and how
    // often a restarted agent found pages waiting in its outbox.
    const resumed = agentLog.filter(
      (l) => l.msg === 'agent started' && typeof l['pending'] === 'number' && l['pending'] > 0,
    ).length;
    const repeats = agentLog.filter((l) => l.msg === 'page was already stored').length;
    process.stderr.write(
      `agent fault test: seed ${SEED}, ${AGENT_KILLS} agent kills, ${API_KILLS} api kills; ` +
        `server held ${killedWhile.join(',')} pages at the kills; ${resumed} restarts resumed ` +
        `a non-empty outbox; ${repeats} re-sent pages answered "already stored"\n`,
    );
  });
});
