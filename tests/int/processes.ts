/**
 * Real processes for integration tests: the worker (and, when a test needs it, the api) started with
 * tsx exactly as `npm start` starts them, against this run's database, Redis prefix and data dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Output so far (stdout + stderr), for failure messages */
  output(): string;
  /** SIGTERM, then wait for exit */
  stop(): Promise<void>;
  /**
   * SIGKILL the process, then wait. `group: true` kills every process it started too, as a machine
   * crash would; otherwise its sandboxed children are left to notice on their own.
   */
  kill(o?: { group?: boolean }): Promise<void>;
}

export function startProcess(entry: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so kill() reaches the sandboxed children too, as a machine crash would.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill(o = {}) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        if (o.group === true) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
