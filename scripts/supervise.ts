/**
 * Runs the service's processes as children and restarts any that dies, with backoff; forwards
 * SIGTERM/SIGINT and waits for every child to stop. Used by `npm start` and `npm run up` on a
 * single machine; production runs each process in its own container (docker-compose.yml).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ProcessSpec {
  readonly name: string;
  /** Path of the TypeScript entry point, relative to the repository root */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const say = (line: string): void => {
  process.stderr.write(`[sohoa] ${line}\n`);
};

/** Starts every spec and keeps it running until a signal arrives; resolves when all have stopped. */
export async function supervise(specs: readonly ProcessSpec[]): Promise<void> {
  const running = new Map<string, ChildProcess>();
  let stopping = false;
  const start = (spec: ProcessSpec, failures: number): void => {
    const child = spawn(process.execPath, ['--import', 'tsx', spec.entry, ...(spec.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...spec.env },
      stdio: 'inherit',
    });
    const startedAt = Date.now();
    running.set(spec.name, child);
    child.on('exit', (code, signal) => {
      running.delete(spec.name);
      if (stopping) return;
      // A process that ran for a while before dying starts again at once; one that dies at start
      // waits longer each time, so a broken setting does not spin the machine.
      const n = Date.now() - startedAt > 60_000 ? 0 : failures + 1;
      const delay = Math.min(30_000, n === 0 ? 500 : 1000 * 2 ** Math.min(n, 5));
      say(
        `${spec.name} dừng (mã ${code ?? signal}); khởi động lại sau ${delay} ms / ` +
          `${spec.name} exited (${code ?? signal}); restarting in ${delay} ms`,
      );
      setTimeout(() => {
        if (!stopping) start(spec, n);
      }, delay);
    });
  };
  for (const spec of specs) start(spec, 0);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      say(`nhận ${signal}, đang dừng / got ${signal}, stopping`);
      for (const child of running.values()) child.kill(signal);
      const check = setInterval(() => {
        if (running.size === 0) {
          clearInterval(check);
          resolve();
        }
      }, 100);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
