/**
 * A fixed set of long-lived workers and a first-in first-out queue of jobs for them.
 *
 * tesseract.js has a scheduler, but it neither notices a worker thread that died (its jobs then
 * never settle) nor replaces it, and closing it leaves queued jobs pending for ever. This pool does
 * both in a few lines.
 */
import { StageError } from '../../../core/errors.js';

/** A worker as the pool sees it. */
export interface PoolMember<W> {
  readonly worker: W;
  /** Rejects when the worker can no longer run jobs (its thread exited or failed) */
  readonly died: Promise<never>;
  terminate(): Promise<void>;
}

interface Waiter<W> {
  resolve(m: PoolMember<W>): void;
  reject(e: Error): void;
}

export class WorkerPool<W> {
  private readonly live = new Set<PoolMember<W>>();
  private readonly idle: PoolMember<W>[] = [];
  private readonly waiting: Waiter<W>[] = [];
  private starting = 0;
  private closed = false;

  private constructor(
    private readonly create: () => Promise<PoolMember<W>>,
    private readonly name: string,
  ) {}

  /**
   * Starts `size` workers with `create` and resolves once all are ready; rejects with the first
   * start failure (after stopping the others). `name` is used in error messages, e.g. "OCR".
   */
  static async start<W>(
    create: () => Promise<PoolMember<W>>,
    size: number,
    name: string,
  ): Promise<WorkerPool<W>> {
    const pool = new WorkerPool(create, name);
    const started = await Promise.allSettled(Array.from({ length: size }, () => pool.spawn()));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /**
   * Runs `job` on the next free worker. Throws `ocr.closed` once the pool is closed, and
   * `ocr.worker_failed` (retryable) when the worker died during the job; the worker is replaced.
   */
  async run<T>(job: (worker: W) => Promise<T>): Promise<T> {
    const member = await this.acquire();
    try {
      return await Promise.race([job(member.worker), member.died]);
    } catch (err) {
      if (!(await isDead(member))) throw err;
      this.live.delete(member);
      void member.terminate().catch(() => undefined);
      if (!this.closed) void this.spawn().catch(() => this.failWaitingIfNone());
      throw new StageError('ocr.worker_failed', {
        message: `Luồng ${this.name} dừng đột ngột khi đang xử lý / The ${this.name} worker thread stopped during the job`,
        hint: 'Việc sẽ được thử lại; nếu lặp lại, kiểm tra bộ nhớ của máy / The job is retried; if it repeats, check the memory of the machine',
        retryable: true,
        cause: err,
      });
    } finally {
      if (this.live.has(member)) this.release(member);
    }
  }

  /** Terminates every worker; queued and later calls of `run` fail with `ocr.closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(closedError(this.name));
    const members = [...this.live];
    this.live.clear();
    this.idle.length = 0;
    await Promise.allSettled(members.map((m) => m.terminate()));
  }

  private async spawn(): Promise<void> {
    this.starting += 1;
    try {
      const m = await this.create();
      // `died` rejects on every exit, a normal close included: nobody may be left to catch it.
      m.died.catch(() => undefined);
      if (this.closed) {
        await m.terminate();
        return;
      }
      this.live.add(m);
      this.release(m);
    } finally {
      this.starting -= 1;
    }
  }

  private acquire(): Promise<PoolMember<W>> {
    if (this.closed) return Promise.reject(closedError(this.name));
    const m = this.idle.pop();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(m: PoolMember<W>): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.resolve(m);
    else this.idle.push(m);
  }

  /** With no worker left and none starting, queued jobs would wait for ever. */
  private failWaitingIfNone(): void {
    if (this.live.size > 0 || this.starting > 0) return;
    for (const w of this.waiting.splice(0)) {
      w.reject(
        new StageError('ocr.worker_failed', {
          message: `Không khởi động lại được luồng ${this.name} nào / No ${this.name} worker thread could be restarted`,
          hint: 'Kiểm tra bộ nhớ của máy rồi khởi động lại tiến trình / Check the memory of the machine, then restart the process',
          retryable: true,
        }),
      );
    }
  }
}

/** True when `m.died` has already rejected (a rejection is seen within one macrotask). */
async function isDead<W>(m: PoolMember<W>): Promise<boolean> {
  return Promise.race([
    m.died.then(
      () => false,
      () => true,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}

function closedError(name: string): StageError {
  return new StageError('ocr.closed', {
    message: `Bộ ${name} đã đóng / The ${name} engine is closed`,
    retryable: true,
  });
}
