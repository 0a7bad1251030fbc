/** Shared helpers for the agent's tests: temporary folders, a capturing logger, waiting. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
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

/**
 * Writes a page file whose bytes differ on every call and returns its SHA-256 (hex). It reads as
 * one page of its extension as far as the agent looks (the fake api reads nothing): a JPEG or PNG
 * signature, a one-page TIFF or PDF; random bytes make up the rest.
 */
export async function dropFile(path: string, bytes = 4096): Promise<string> {
  const data = fakePage(extname(path).toLowerCase(), bytes);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return createHash('sha256').update(data).digest('hex');
}

/** `bytes` bytes (at least the header's own size) that the agent takes as one page of `ext`. */
export function fakePage(ext: string, bytes: number): Buffer {
  let head: Buffer;
  if (ext === '.jpg' || ext === '.jpeg') head = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  else if (ext === '.png') head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  else if (ext === '.tif' || ext === '.tiff') head = oneByOneTiff();
  else if (ext === '.pdf')
    return onePagePdf(randomBytes(Math.max(Math.floor(bytes / 2), 8)).toString('hex'));
  else head = Buffer.alloc(0);
  return Buffer.concat([head, randomBytes(Math.max(bytes - head.length, 16))]);
}

/** A classic little-endian TIFF of one 1×1 grey pixel (the pixel is the byte after the IFD). */
function oneByOneTiff(): Buffer {
  const entries: [number, number, number][] = [
    [256, 3, 1],
    [257, 3, 1],
    [258, 3, 8],
    [262, 3, 1],
    [273, 4, 8 + 2 + 6 * 12 + 4],
    [279, 4, 1],
  ];
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + 1);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const o = 10 + i * 12;
    b.writeUInt16LE(tag, o);
    b.writeUInt16LE(type, o + 2);
    b.writeUInt32LE(1, o + 4);
    if (type === 3) b.writeUInt16LE(value, o + 8);
    else b.writeUInt32LE(value, o + 8);
  });
  return b;
}

/** A one-page PDF with a classic cross-reference table and `comment` as its second line. */
function onePagePdf(comment: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = `%PDF-1.4\n%${comment}\n`;
  const offsets: number[] = [];
  for (const [i, o] of objects.entries()) {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  }
  const xrefAt = text.length;
  text += `xref\n0 4\n0000000000 65535 f \n`;
  text += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
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
