/**
 * The agent's persisted bookkeeping of scan batches: which local batch each dossier is filling,
 * the server's batch id once created, the next seq to hand out, and the next outbox entry number.
 * Every change is written atomically before it is used, so seqs and entry numbers are never handed
 * out twice, even across crashes (a crash can leave a gap, never a repeat).
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { AgentError, errnoCode } from './errors.js';
import { writeFileAtomic } from './durable-fs.js';

const LocalBatchSchema = z.object({
  /** Our id; also sent as `Idempotency-Key` when the batch is created on the server. */
  localId: z.string().min(1),
  dossierCode: z.string().min(1),
  /** `open` takes new files; `closing` takes none and is being (or about to be) closed. */
  status: z.enum(['open', 'closing']),
  serverId: z.string().min(1).nullable(),
  nextSeq: z.number().int().min(1),
  openedAt: z.string(),
  /** Epoch ms of the last file taken into this batch; idle closing counts from here. */
  lastFileAt: z.number(),
  /**
   * Operator and expected pages as known when the batch was started (dossier-info.ts), sent with
   * every attempt to open it on the server: a retry must send the same body as the first one.
   */
  openInfo: z
    .object({ operator: z.string().optional(), expectedPages: z.number().int().optional() })
    .optional(),
});
export type LocalBatch = z.infer<typeof LocalBatchSchema>;

const StateSchema = z.object({
  version: z.literal(1),
  nextEntryNo: z.number().int().min(1),
  batches: z.array(LocalBatchSchema),
});
type State = z.infer<typeof StateSchema>;

/** What {@link BatchBook.reserve} hands out. */
export interface Reservation {
  batch: LocalBatch;
  seq: number;
  entryNo: number;
}

/**
 * Persisted batch state in one JSON file (`<outbox>/state.json`). All mutations are serialised
 * (one at a time) and durable when their promise resolves.
 */
export class BatchBook {
  readonly #path: string;
  readonly #now: () => number;
  #state: State = { version: 1, nextEntryNo: 1, batches: [] };
  #chain: Promise<unknown> = Promise.resolve();
  /** Seqs handed out whose outbox entry is not committed yet, per local batch (memory only). */
  readonly #reserved = new Map<string, number>();

  constructor(path: string, now: () => number = Date.now) {
    this.#path = path;
    this.#now = now;
  }

  /**
   * Reads the state file. A missing file starts empty; an unreadable one is moved aside to
   * `state.json.corrupt-<time>` (returned) and the agent starts empty, because the outbox
   * entries, not this file, are the source of truth for pages. `minNextEntryNo` keeps entry
   * numbers above those already in the outbox.
   */
  async load(minNextEntryNo: number): Promise<{ movedAside?: string }> {
    let raw: string | undefined;
    try {
      raw = await readFile(this.#path, 'utf8');
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    let movedAside: string | undefined;
    if (raw !== undefined) {
      const parsed = safeJson(raw);
      const r = StateSchema.safeParse(parsed);
      if (r.success) {
        this.#state = r.data;
      } else {
        movedAside = `${this.#path}.corrupt-${this.#now()}`;
        await rename(this.#path, movedAside);
      }
    }
    this.#state.nextEntryNo = Math.max(this.#state.nextEntryNo, minNextEntryNo);
    return movedAside === undefined ? {} : { movedAside };
  }

  /** A copy of one batch, or undefined if it is closed or unknown. */
  get(localId: string): LocalBatch | undefined {
    const b = this.#state.batches.find((x) => x.localId === localId);
    return b === undefined ? undefined : { ...b };
  }

  /** Copies of all batches not yet closed. */
  list(): LocalBatch[] {
    return this.#state.batches.map((b) => ({ ...b }));
  }

  /** True while a reserved seq of the batch has no committed outbox entry yet. */
  isReserved(localId: string): boolean {
    return (this.#reserved.get(localId) ?? 0) > 0;
  }

  /**
   * Hands out the next seq of the dossier's open batch (opening a new local batch, with
   * `openInfo`, if it has none, or only a closing one) and the next outbox entry number, durably. Call {@link release} once
   * the outbox entry is committed or abandoned.
   */
  reserve(dossierCode: string, openInfo: LocalBatch['openInfo'] = {}): Promise<Reservation> {
    return this.#exclusive(async () => {
      const now = this.#now();
      let b = this.#state.batches.find((x) => x.dossierCode === dossierCode && x.status === 'open');
      if (b === undefined) {
        b = {
          localId: randomUUID(),
          dossierCode,
          status: 'open',
          serverId: null,
          nextSeq: 1,
          openedAt: new Date(now).toISOString(),
          lastFileAt: now,
          openInfo,
        };
        this.#state.batches.push(b);
      }
      const seq = b.nextSeq;
      const entryNo = this.#state.nextEntryNo;
      b.nextSeq += 1;
      b.lastFileAt = now;
      this.#state.nextEntryNo += 1;
      await this.#save();
      this.#reserved.set(b.localId, (this.#reserved.get(b.localId) ?? 0) + 1);
      return { batch: { ...b }, seq, entryNo };
    });
  }

  /** Ends a reservation made by {@link reserve}. */
  release(localId: string): void {
    const n = (this.#reserved.get(localId) ?? 0) - 1;
    if (n > 0) this.#reserved.set(localId, n);
    else this.#reserved.delete(localId);
  }

  /** Records the server's id for a local batch. */
  setServerId(localId: string, serverId: string): Promise<void> {
    return this.#exclusive(async () => {
      const b = this.#mustGet(localId);
      b.serverId = serverId;
      await this.#save();
    });
  }

  /**
   * Stops the batch from taking new files if nothing is reserved in it and `canClose()` agrees,
   * both decided under the same lock as {@link reserve}, so no file can slip into a batch that is
   * being closed. True if the batch is now (or already was) closing.
   */
  tryMarkClosing(localId: string, canClose: () => boolean): Promise<boolean> {
    return this.#exclusive(async () => {
      const b = this.#state.batches.find((x) => x.localId === localId);
      if (b === undefined) return false;
      if (b.status === 'closing') return true;
      if (this.isReserved(localId) || !canClose()) return false;
      b.status = 'closing';
      await this.#save();
      return true;
    });
  }

  /** Forgets a batch: closed on the server, refused by it, or gone from it. */
  remove(localId: string): Promise<void> {
    return this.#exclusive(async () => {
      const before = this.#state.batches.length;
      this.#state.batches = this.#state.batches.filter((x) => x.localId !== localId);
      if (this.#state.batches.length !== before) await this.#save();
    });
  }

  #mustGet(localId: string): LocalBatch {
    const b = this.#state.batches.find((x) => x.localId === localId);
    if (b === undefined) {
      throw new AgentError('outbox.batch_unknown', {
        message: `Lô quét cục bộ ${localId} không còn trong trạng thái / Local batch ${localId} is no longer in the state file`,
        retryable: false,
      });
    }
    return b;
  }

  #save(): Promise<void> {
    return writeFileAtomic(this.#path, `${JSON.stringify(this.#state, null, 2)}\n`);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
