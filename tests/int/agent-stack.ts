/**
 * The real api and the real scanner agent, each its own OS process started the way `npm run api`
 * and `npm run agent` start them, for the agent's integration tests. The api runs on this test
 * run's database, a Redis prefix and data directory of its own (no worker: pages stay queued);
 * the agent gets the token of a workstation registered through the harness.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Harness } from '../../api/testing/harness.js';
import { grayPng } from '../../api/testing/files.js';
import { startProcess, waitFor, type RunningProcess } from './processes.js';

/** One line of a pino JSON log. */
export interface LogLine {
  level: number;
  time: number;
  msg: string;
  [k: string]: unknown;
}

/** The JSON lines of a process's output (other lines, e.g. a stack trace, are skipped). */
export function logLines(output: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogLine);
    } catch {
      // A line cut off by SIGKILL.
    }
  }
  return out;
}

/** The api as a process on `port`, serving the harness's database, Redis prefix and data dir. */
export async function startApiProcess(
  h: Harness,
  port: number,
  o: { databaseUrl: string; redisUrl: string },
): Promise<RunningProcess> {
  const api = startProcess('api/main.ts', {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: h.prefix,
    DATA_DIR: h.config.dataDir,
    UI_DIR: join(h.config.dataDir, 'no-ui'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
  });
  await waitFor(
    `the api to answer on port ${port}`,
    async () => {
      if (api.child.exitCode !== null || api.child.signalCode !== null) {
        throw new Error(`the api exited at start:\n${api.output().slice(-3000)}`);
      }
      const ok = await fetch(`http://127.0.0.1:${port}/livez`).then(
        (r) => r.ok,
        () => false,
      );
      return ok ? true : undefined;
    },
    30_000,
    25,
  ).catch(async (err: unknown) => {
    await api.kill({ group: true });
    throw err;
  });
  return api;
}

export interface AgentProcessOptions {
  serverUrl: string;
  token: string;
  inbox: string;
  outbox: string;
  stableMs: number;
  idleCloseMs: number;
}

/** `sohoa-agent watch` as a process; resolves once it has opened its outbox ("agent started"). */
export async function startAgentProcess(o: AgentProcessOptions): Promise<RunningProcess> {
  const agent = startProcess('scanner-agent/main.ts', {
    AGENT_SERVER_URL: o.serverUrl,
    AGENT_TOKEN: o.token,
    AGENT_TOKEN_FILE: '',
    AGENT_INBOX: o.inbox,
    AGENT_OUTBOX: o.outbox,
    AGENT_STABLE_MS: String(o.stableMs),
    AGENT_IDLE_CLOSE_MS: String(o.idleCloseMs),
    AGENT_FONDS_CODE: '',
    LOG_LEVEL: 'info',
  });
  await waitFor(
    'the agent to open its outbox',
    () => {
      if (agent.child.exitCode !== null || agent.child.signalCode !== null) {
        throw new Error(`the agent exited at start:\n${agent.output().slice(-3000)}`);
      }
      return Promise.resolve(agent.output().includes('"msg":"agent started"') ? true : undefined);
    },
    30_000,
    20,
  ).catch(async (err: unknown) => {
    await agent.kill({ group: true });
    throw err;
  });
  return agent;
}

/** The bearer token of the harness's workstation. */
export const workstationToken = (h: Harness): string =>
  h.auth.authorization.replace(/^Bearer /, '');

/**
 * A small page image whose bytes differ for every `n`: a grey PNG, or (odd `n`) the same turned
 * into a JPEG, so both kinds the scanners write go through the api's checks.
 */
export async function distinctPage(n: number): Promise<{ bytes: Buffer; ext: 'png' | 'jpg' }> {
  const png = grayPng(48 + (n % 7), 64 + (n % 5), n);
  if (n % 2 === 0) return { bytes: png, ext: 'png' };
  return { bytes: await sharp(png).jpeg({ quality: 90 }).toBuffer(), ext: 'jpg' };
}

/** mulberry32: a small seeded generator, so a failing schedule can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh station folder (inbox and outbox) under the run's data directory. */
export async function stationDirs(root: string): Promise<{ inbox: string; outbox: string }> {
  const inbox = join(root, 'inbox');
  const outbox = join(root, 'outbox');
  await mkdir(inbox, { recursive: true });
  return { inbox, outbox };
}
