import { describe, expect, it } from 'vitest';
import { backoffDelay, Wakeup } from './timing.js';

describe('backoffDelay', () => {
  const o = { baseMs: 500, maxMs: 60_000 };
  it('doubles from the base up to the cap, with half of it jittered', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, o, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, o, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(50, o, () => 1)).toBe(60_000);
    expect(backoffDelay(50, o, () => 0)).toBe(30_000);
  });
});

describe('Wakeup', () => {
  // Which of a wait (an hour long) and a short timer ends first.
  const first = (p: Promise<void>) =>
    Promise.race([
      p.then(() => 'woken'),
      new Promise<string>((r) => setTimeout(() => r('still waiting'), 500)),
    ]);

  it('keeps a notify that came before the wait', async () => {
    const w = new Wakeup();
    w.notify();
    expect(await first(w.wait(3_600_000, new AbortController().signal))).toBe('woken');
    // …but only for one wait.
    expect(await first(w.wait(3_600_000, AbortSignal.timeout(1000)))).toBe('still waiting');
  });

  it('ends a wait on notify and on abort', async () => {
    const w = new Wakeup();
    const a = w.wait(3_600_000, new AbortController().signal);
    w.notify();
    expect(await first(a)).toBe('woken');
    const ac = new AbortController();
    const b = w.wait(3_600_000, ac.signal);
    ac.abort();
    expect(await first(b)).toBe('woken');
  });
});
