/**
 * Runs a command as a child process and measures it: wall time, and the peak resident memory of the
 * child together with everything it starts (OCRmyPDF runs Tesseract and Ghostscript as children;
 * our CLI runs Tesseract in worker threads of one process), and of its largest single process.
 * Linux only: it reads /proc.
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
  /**
   * Peak resident set of the largest single process of the tree: the highest VmHWM of any one
   * process (threads share theirs, so worker threads count with their process). 0 when /proc could
   * not be read.
   */
  readonly peakProcessRssBytes: number;
  /** Most processes seen in the tree at one poll */
  readonly peakProcesses: number;
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
  let peak: TreeMemory = { totalBytes: 0, processBytes: 0, processes: 0 };
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling || child.pid === undefined) return;
    polling = true;
    try {
      peak = maxMemory(peak, await treeMemory(child.pid));
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
    peakRssBytes: peak.totalBytes,
    peakProcessRssBytes: peak.processBytes,
    peakProcesses: peak.processes,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** One poll of a process tree. */
export interface TreeMemory {
  /** max(Σ VmRSS, max VmHWM) over the tree, in bytes */
  readonly totalBytes: number;
  /** max VmHWM of one process of the tree, in bytes */
  readonly processBytes: number;
  readonly processes: number;
}

/** Field-wise maximum of two polls: each figure is a peak of its own. */
export function maxMemory(a: TreeMemory, b: TreeMemory): TreeMemory {
  return {
    totalBytes: Math.max(a.totalBytes, b.totalBytes),
    processBytes: Math.max(a.processBytes, b.processBytes),
    processes: Math.max(a.processes, b.processes),
  };
}

/** Current memory of `root` and its descendants. */
async function treeMemory(root: number): Promise<TreeMemory> {
  const parents = new Map<number, number[]>();
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return { totalBytes: 0, processBytes: 0, processes: 0 };
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
  let processes = 0;
  for (const pid of tree) {
    const m = await memoryOf(pid);
    if (m === null) continue;
    processes++;
    rss += m.rss;
    hwm = Math.max(hwm, m.hwm, m.rss);
  }
  return { totalBytes: Math.max(rss, hwm), processBytes: hwm, processes };
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

async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { rss: kib(status, 'VmRSS') * 1024, hwm: kib(status, 'VmHWM') * 1024 };
  } catch {
    return null; // the process ended since the tree was read
  }
}

/** The kB value of one line of /proc/<pid>/status; 0 when absent (kernel threads, zombies). */
export function kib(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}
