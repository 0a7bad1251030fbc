/**
 * Runs a command as a child process and measures it: wall time, and the peak resident memory of the
 * child together with everything it starts (OCRmyPDF runs Tesseract and Ghostscript as children;
 * our CLI runs Tesseract in worker threads of one process). Linux only: it reads /proc.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface Measured {
  /** Exit code, or null when a signal ended the child */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly wallMs: number;
  /**
   * Peak resident set of the process tree in bytes: the larger of the highest sum of VmRSS seen in
   * one poll and the highest VmHWM of any single process (which catches a peak between polls).
   * 0 when /proc could not be read.
   */
  readonly peakRssBytes: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface MeasureOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Poll interval; default 100 ms */
  readonly pollMs?: number;
  /** Called with each chunk the child writes to stderr (progress lines) */
  readonly onStderr?: (chunk: string) => void;
}

/** Spawns `command` with an argument vector (never through a shell) and waits for it to end. */
export async function runMeasured(
  command: string,
  args: readonly string[],
  o: MeasureOptions = {},
): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => {
    err.push(b);
    o.onStderr?.(b.toString('utf8'));
  });
  let peak = 0;
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling || child.pid === undefined) return;
    polling = true;
    try {
      peak = Math.max(peak, await treePeakBytes(child.pid));
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), o.pollMs ?? 100);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolveExit, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolveExit([c, s]));
    },
  ).finally(() => clearInterval(timer));
  return {
    code,
    signal,
    wallMs: performance.now() - started,
    peakRssBytes: peak,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Current memory of `root` and its descendants: max(Σ VmRSS, max VmHWM), in bytes. */
async function treePeakBytes(root: number): Promise<number> {
  const parents = new Map<number, number[]>();
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return 0;
  }
  await Promise.all(
    names.map(async (name) => {
      if (!/^\d+$/.test(name)) return;
      const ppid = await parentOf(Number(name));
      if (ppid === null) return;
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    }),
  );
  const tree: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(parents.get(pid) ?? []));
  }
  let rss = 0;
  let hwm = 0;
  for (const pid of tree) {
    const m = await memoryOf(pid);
    rss += m.rss;
    hwm = Math.max(hwm, m.hwm);
  }
  return Math.max(rss, hwm);
}

async function parentOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null; // the process ended between readdir and readFile
  }
}

async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { rss: kib(status, 'VmRSS') * 1024, hwm: kib(status, 'VmHWM') * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The kB value of one line of /proc/<pid>/status; 0 when absent (kernel threads, zombies). */
export function kib(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}
