/** Shared helpers for the agent's tests: temporary folders, a capturing logger, waiting. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { AgentSettings } from '../agent.js';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A debug-level logger whose lines are kept in `lines` (parsed JSON). */
export function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) },
  );
  return { log, lines };
}

/** A fresh folder with `inbox/` and `outbox/` below it; `cleanup` removes it. */
export async function tempStation(): Promise<{
  root: string;
  inbox: string;
  outbox: string;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'sohoa-agent-'));
  const inbox = join(root, 'inbox');
  const outbox = join(root, 'outbox');
  await mkdir(inbox);
  return { root, inbox, outbox, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Settings with short timings for tests; override what a test is about. */
export function testSettings(
  station: { inbox: string; outbox: string },
  serverUrl: string,
  o: Partial<AgentSettings> = {},
): AgentSettings {
  return {
    serverUrl,
    token: 'test-token',
    workstation: 'test-ws',
    inboxDir: station.inbox,
    outboxDir: station.outbox,
    stableMs: 150,
    idleCloseMs: 60_000,
    fondsCode: undefined,
    retry: { baseMs: 20, maxMs: 200 },
    pollMs: 25,
    rescanMs: 500,
    stopGraceMs: 100,
    requestTimeoutMs: 5000,
    ...o,
  };
}

/** Writes a file of random bytes (distinct per call) and returns its SHA-256 (hex). */
export async function dropFile(path: string, bytes = 4096): Promise<string> {
  const data = randomBytes(bytes);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return createHash('sha256').update(data).digest('hex');
}

/** Polls `cond` until it is true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP port that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
