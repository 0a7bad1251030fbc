/** Backoff and interruptible waiting for the agent's loops. */

export interface BackoffOptions {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  /** Longest delay, before jitter. */
  maxMs: number;
}

/**
 * Delay before the next attempt after `failures` failures in a row (≥ 1): exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so that many
 * workstations coming back after an api outage do not all retry in the same instant, while no
 * delay collapses to zero.
 */
export function backoffDelay(
  failures: number,
  o: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exp = Math.min(Math.max(failures, 1) - 1, 30);
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** exp);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * A wake-up call between loops: {@link wait} resolves after `ms`, on {@link notify}, or when
 * `signal` aborts, whichever is first. A notify that comes while nobody waits is kept for the next
 * wait, so no wake-up is lost between checking for work and going to sleep.
 */
export class Wakeup {
  #pending = false;
  #resolve: (() => void) | undefined;

  notify(): void {
    if (this.#resolve === undefined) {
      this.#pending = true;
      return;
    }
    this.#resolve();
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      this.#resolve = done;
    });
  }
}
