/**
 * The terminal pieces of the operator's session: the progress bar (cli-progress) with a line of
 * counts beside it, messages printed above it, and waiting for a key while it runs. Prompts come
 * from @inquirer/prompts; the bar is stopped before any prompt, since both own the screen.
 */
import cliProgress from 'cli-progress';
import { barLabel, barTotal, type Progress } from './progress.js';

export interface Screen {
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

/** A bar over the stored pages of one dossier; `log` prints above it while it runs. */
export class PageBar {
  readonly #multi: cliProgress.MultiBar;
  readonly #bar: cliProgress.SingleBar;

  constructor(screen: Screen, p: Progress) {
    this.#multi = new cliProgress.MultiBar(
      {
        stream: screen.output,
        format: '{bar} {label}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        // Redrawn on every change, and at least every second (a terminal left open all day).
        fps: 5,
        forceRedraw: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar = this.#multi.create(barTotal(p), p.stored, { label: barLabel(p) });
  }

  update(p: Progress): void {
    this.#bar.setTotal(barTotal(p));
    this.#bar.update(p.stored, { label: barLabel(p) });
  }

  log(text: string): void {
    this.#multi.log(`${text}\n`);
  }

  stop(): void {
    this.#multi.stop();
  }
}

/**
 * Resolves with `'enter'` when the operator presses Enter, `'interrupt'` on Ctrl-C, or `'done'`
 * when `until` resolves first. The terminal is in raw mode meanwhile, so keys are not echoed into
 * the bar.
 */
export function waitForKeyOr(
  screen: Screen,
  until: Promise<unknown>,
): Promise<'enter' | 'interrupt' | 'done'> {
  const { input } = screen;
  return new Promise((resolve) => {
    const wasRaw = input.isTTY ? input.isRaw : false;
    let settled = false;
    const finish = (how: 'enter' | 'interrupt' | 'done') => {
      if (settled) return;
      settled = true;
      input.off('data', onData);
      if (input.isTTY) input.setRawMode(wasRaw);
      input.pause();
      resolve(how);
    };
    const onData = (d: Buffer) => {
      const s = d.toString('latin1');
      if (s.includes('\x03')) finish('interrupt');
      else if (s.includes('\r') || s.includes('\n')) finish('enter');
    };
    if (input.isTTY) input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    until.then(
      () => finish('done'),
      () => finish('done'),
    );
  });
}
