/**
 * A real terminal for tests of the interactive session: tmux (Debian) runs the program in a
 * detached session on a private socket, `send-keys` types, `capture-pane` reads the screen.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDER = fileURLToPath(new URL('./exit-recorder.mjs', import.meta.url));

export const hasTmux = (): boolean => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export class TmuxTerminal {
  readonly #socket = `sohoa-test-${randomUUID().slice(0, 8)}`;
  readonly #target = 'main';
  /** Where exit-recorder.mjs writes the program's pid and how it ended. */
  readonly #record = mkdtempSync(join(tmpdir(), 'sohoa-tmux-'));
  #screens: string[] = [];

  /** Starts `argv` in a `width`×`height` terminal, in `cwd`, with `env` added. */
  constructor(
    argv: string[],
    o: { cwd: string; env: Record<string, string>; width?: number; height?: number },
  ) {
    const env = Object.entries(o.env).map(([k, v]) => `${k}=${v}`);
    this.#tmux([
      'new-session',
      '-d',
      '-s',
      this.#target,
      '-x',
      String(o.width ?? 160),
      '-y',
      String(o.height ?? 45),
      '-c',
      o.cwd,
      'env',
      ...env,
      process.execPath,
      RECORDER,
      this.#record,
      ...argv,
    ]);
    // Keep the pane after the program exits, to read its last words.
    this.#tmux(['set-option', '-t', this.#target, 'remain-on-exit', 'on']);
  }

  #tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
    });
  }

  /** The visible screen plus scrollback, as text. */
  screen(): string {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', this.#target]);
  }

  /** Types `keys` (tmux key names such as Enter, Down, C-c; other strings literally). */
  keys(...keys: string[]): void {
    for (const k of keys) {
      if (/^(Enter|Down|Up|Escape|Tab|BSpace|C-[a-z])$/.test(k)) {
        this.#tmux(['send-keys', '-t', this.#target, k]);
      } else {
        this.#tmux(['send-keys', '-t', this.#target, '-l', k]);
      }
    }
  }

  /** Waits until the screen matches `pattern`; fails with the screen after `timeoutMs`. */
  async waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) {
        this.#screens.push(s);
        return s;
      }
      if (Date.now() > end) {
        throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${s}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** True once the program has exited. */
  exited(): boolean {
    return existsSync(join(this.#record, 'exit'));
  }

  /** The program's exit code once it has exited, or `signal SIGxxx` when a signal killed it. */
  exitStatus(): number | string | undefined {
    if (!this.exited()) return undefined;
    const end = JSON.parse(readFileSync(join(this.#record, 'exit'), 'utf8')) as {
      code?: number;
      signal?: string;
    };
    return end.signal === undefined ? (end.code ?? -1) : `signal ${end.signal}`;
  }

  /** Sends `signal` to the program itself (not through the terminal's keys). */
  signal(signal: NodeJS.Signals): void {
    process.kill(Number(readFileSync(join(this.#record, 'pid'), 'utf8')), signal);
  }

  /** Every screen a `waitFor` matched, for the test's record. */
  get transcript(): string {
    return this.#screens.join('\n──────── ────────\n');
  }

  kill(): void {
    try {
      this.#tmux(['kill-server']);
    } catch {
      // Already gone.
    }
    rmSync(this.#record, { recursive: true, force: true });
  }
}
