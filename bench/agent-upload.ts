/**
 * `npm run bench:agent [-- --pages 200] [--keep]`
 *
 * Upload throughput of the scanner agent to an api on the same machine: the api (`api/main.ts`)
 * and the agent (`scanner-agent/main.ts watch`) run as their own processes, as on a scanning
 * station next to the server, against a database of their own (`sohoa_bench_agent`, made here)
 * and a fresh Redis prefix and data directory. No worker runs: this measures the path from the
 * hot folder to the server's acknowledgement (copy into the outbox with fsync, upload with
 * Content-Digest, the api's checks, blob store, database, enqueue), not page processing.
 *
 * Three sets, each a dossier dropped whole into the inbox with its XONG marker: A4 pages rendered
 * at 300 dpi and saved as JPEG, grey and clean (~190 kB) or in colour with paper grain (~2.8 MB),
 * as the archive's scanners write them, and small PNGs (the cost
 * per page without the bytes). Timings come from the agent's own log lines: from the first page
 * taken into the outbox to the last acknowledgement. Prints a table, then one line of JSON.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { grayPng } from '../api/testing/files.js';
import { createWorkstation } from '../api/services/workstations.js';
import { createDb } from '../core/db/client.js';
import { runMain } from '../core/run-main.js';
import { freshDatabase } from './bench-api.js';
import { freePort } from '../scanner-agent/test-support/harness.js';
import { ADMIN_FIRST_PAGE, renderPage } from '../tests/fixtures/render.js';
import { logLines } from '../tests/int/agent-stack.js';
import { startProcess, waitFor, type RunningProcess } from '../tests/int/processes.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** AGENT_STABLE_MS for the run: the files are complete before the agent starts. */
const STABLE_MS = 500;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    pages: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    'database-url': {
      type: 'string',
      default: 'postgresql://postgres@127.0.0.1:5432/sohoa_bench_agent',
    },
  },
});

/** `jpeg` with a comment segment after SOI naming `n`: a valid, distinct file of the same image. */
function variantJpeg(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`sohoa bench page ${n}`, 'latin1');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(text.length + 2);
  return Buffer.concat([
    jpeg.subarray(0, 2),
    Buffer.from([0xff, 0xfe]),
    len,
    text,
    jpeg.subarray(2),
  ]);
}

interface SetResult {
  name: string;
  pages: number;
  bytes: number;
  /** First page taken into the outbox → last acknowledgement. */
  deliveryMs: number;
  /** Agent started → batch closed on the server (includes the stability window). */
  totalMs: number;
}

async function runSet(
  name: string,
  files: Buffer[],
  ext: string,
  o: { serverUrl: string; token: string; dir: string },
): Promise<SetResult> {
  const inbox = join(o.dir, 'inbox');
  const outbox = join(o.dir, 'outbox');
  const dossier = `BENCH-${randomUUID().slice(0, 8)}`;
  await mkdir(join(inbox, dossier), { recursive: true });
  for (const [i, f] of files.entries()) {
    await writeFile(join(inbox, dossier, `trang_${String(i + 1).padStart(4, '0')}.${ext}`), f);
  }
  await writeFile(join(inbox, dossier, 'XONG'), '');
  const agent = startProcess('scanner-agent/main.ts', {
    AGENT_SERVER_URL: o.serverUrl,
    AGENT_TOKEN: o.token,
    AGENT_TOKEN_FILE: '',
    AGENT_INBOX: inbox,
    AGENT_OUTBOX: outbox,
    AGENT_STABLE_MS: String(STABLE_MS),
    AGENT_IDLE_CLOSE_MS: '600000',
    LOG_LEVEL: 'info',
  });
  try {
    await waitFor(
      `the agent to deliver ${files.length} pages`,
      () => {
        if (agent.child.exitCode !== null) {
          throw new Error(`the agent exited:\n${agent.output().slice(-3000)}`);
        }
        return Promise.resolve(agent.output().includes('"msg":"batch closed"') ? true : undefined);
      },
      30 * 60_000,
      100,
    );
  } finally {
    await agent.stop();
  }
  const log = logLines(agent.output());
  const at = (msg: string) => log.filter((l) => l.msg === msg).map((l) => l.time);
  const taken = at('page taken into the outbox');
  const uploaded = at('page uploaded');
  if (uploaded.length !== files.length || taken.length !== files.length) {
    throw new Error(
      `${name}: ${taken.length} taken, ${uploaded.length} uploaded, expected ${files.length}`,
    );
  }
  const started = at('agent started')[0] ?? Number.NaN;
  const closed = at('batch closed')[0] ?? Number.NaN;
  return {
    name,
    pages: files.length,
    bytes: files.reduce((s, f) => s + f.length, 0),
    deliveryMs: Math.max(...uploaded) - Math.min(...taken),
    totalMs: closed - started,
  };
}

async function main(): Promise<number> {
  const url = values['database-url'];
  const pages = Number(values.pages);
  if (!Number.isInteger(pages) || pages < 1) {
    process.stderr.write('--pages phải là số nguyên ≥ 1 / must be an integer ≥ 1\n');
    return 2;
  }
  await freshDatabase(url, values.keep);
  const db = createDb(url, { poolSize: 1 });
  const ws = await createWorkstation(db, `bench-${randomUUID().slice(0, 8)}`);
  await db.$disconnect();

  const dir = join(tmpdir(), `sohoa-bench-agent-${randomUUID().slice(0, 8)}`);
  const prefix = `bench-agent-${randomUUID()}`;
  const port = await freePort();
  let api: RunningProcess | undefined;
  try {
    process.stderr.write(`bench: tạo / rendering ${pages} trang A4 300 dpi…\n`);
    const page = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: 300 });
    const jpeg = await sharp(page.png).greyscale().jpeg({ quality: 85 }).toBuffer();
    const scans = Array.from({ length: pages }, (_, i) => variantJpeg(jpeg, i));
    // Paper grain in colour, as a colour scan of an old sheet has it: ~2.8 MB a page.
    const grain = await sharp({
      create: {
        width: page.width,
        height: page.height,
        channels: 3,
        background: '#ffffff',
        noise: { type: 'gaussian', mean: 225, sigma: 18 },
      },
    })
      .png()
      .toBuffer();
    const colour = await sharp(page.png)
      .composite([{ input: grain, blend: 'multiply' }])
      .jpeg({ quality: 85 })
      .toBuffer();
    const colourScans = Array.from({ length: pages }, (_, i) => variantJpeg(colour, i));
    const small = Array.from({ length: pages }, (_, i) => grayPng(64, 64, i));

    api = startProcess('api/main.ts', {
      DATABASE_URL: url,
      REDIS_URL: REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: join(dir, 'api'),
      UI_DIR: join(dir, 'no-ui'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
    });
    const serverUrl = `http://127.0.0.1:${port}`;
    await waitFor(
      'the api to listen',
      () =>
        fetch(`${serverUrl}/livez`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      60_000,
      50,
    );
    const results: SetResult[] = [];
    const o = { serverUrl, token: ws.token };
    // Untimed: the api's first requests pay for JIT and connection pools, not for uploads.
    await runSet(
      'warm-up',
      Array.from({ length: 20 }, (_, i) => grayPng(64, 64, pages + i)),
      'png',
      { ...o, dir: join(dir, 'warm-up') },
    );
    results.push(
      await runSet('A4 300 dpi, JPEG xám / grey', scans, 'jpg', { ...o, dir: join(dir, 'a4') }),
    );
    results.push(
      await runSet('A4 300 dpi, JPEG màu có hạt / colour, grain', colourScans, 'jpg', {
        ...o,
        dir: join(dir, 'colour'),
      }),
    );
    results.push(
      await runSet('PNG 64×64 (chi phí mỗi trang / per page)', small, 'png', {
        ...o,
        dir: join(dir, 'small'),
      }),
    );

    const rows = results.map((r) => {
      const s = r.deliveryMs / 1000;
      return {
        ...r,
        avgKiB: r.bytes / r.pages / 1024,
        pagesPerMin: (r.pages / s) * 60,
        mbPerS: r.bytes / 1e6 / s,
        msPerPage: r.deliveryMs / r.pages,
      };
    });
    const pad = (v: string, n: number) => v.padStart(n);
    process.stdout.write(
      `Tác tử → api trên cùng máy, ${pages} trang mỗi bộ / agent → api on one machine, ${pages} pages per set\n` +
        `${'bộ / set'.padEnd(42)} ${pad('KiB/tr', 8)} ${pad('tr/phút', 9)} ${pad('MB/s', 7)} ${pad('ms/tr', 7)} ${pad('tổng s', 7)}\n` +
        rows
          .map(
            (r) =>
              `${r.name.padEnd(42)} ${pad(r.avgKiB.toFixed(0), 8)} ${pad(r.pagesPerMin.toFixed(0), 9)} ${pad(r.mbPerS.toFixed(2), 7)} ${pad(r.msPerPage.toFixed(1), 7)} ${pad((r.totalMs / 1000).toFixed(1), 7)}`,
          )
          .join('\n') +
        `\n(tr/phút, MB/s: trang đầu vào hàng đợi → xác nhận cuối / first page into the outbox → last acknowledgement;` +
        ` tổng / total: agent started → batch closed, incl. AGENT_STABLE_MS=${STABLE_MS})\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'agent-upload',
        pages,
        stableMs: STABLE_MS,
        sets: rows.map((r) => ({
          name: r.name,
          pages: r.pages,
          bytes: r.bytes,
          pagesPerMin: Math.round(r.pagesPerMin),
          mbPerS: Number(r.mbPerS.toFixed(2)),
          msPerPage: Number(r.msPerPage.toFixed(1)),
          deliveryMs: r.deliveryMs,
          totalMs: r.totalMs,
        })),
      })}\n`,
    );
    return 0;
  } finally {
    await api?.stop();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

runMain(main);
