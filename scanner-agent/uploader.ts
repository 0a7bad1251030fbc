/**
 * The delivery loop: sends outbox entries to the api in entry order, opens server batches as
 * needed, and closes batches that are done. It only ever removes an entry after the server has
 * acknowledged the same bytes (201, or 200 with the same SHA-256) or refused them for good (4xx,
 * recorded in `rejected/`). Everything else is retried with exponential backoff and jitter.
 *
 * Over 300 lines because delivering and closing share one request slot and one backoff state:
 * a batch may only close once its pages are through, and both wait out the same outage.
 */
import type { Logger } from 'pino';
import type { ErrorBody, UploadResult } from './api-types.js';
import type { LocalBatch, BatchBook } from './batches.js';
import { ApiError, type ApiClient } from './client.js';
import { AgentError } from './errors.js';
import type { Outbox, OutboxEntry, Rejection } from './outbox.js';
import { backoffDelay, Wakeup, type BackoffOptions } from './timing.js';

/** Codes by which the api says a batch can take no more uploads. */
const BATCH_GONE = new Set(['batch.not_open', 'batch.not_found']);
/** A page moves to a fresh batch at most this often, so a misbehaving api cannot loop us. */
const MAX_REHOMES = 3;
/** Longest sleep with nothing to do: inbox files may become unstuck without an event. */
const IDLE_POLL_MS = 1000;

/** Why a batch is closed. */
export type CloseReason = 'idle' | 'marker';

export interface UploaderDeps {
  outbox: Outbox;
  book: BatchBook;
  api: Pick<ApiClient, 'createBatch' | 'putUpload' | 'closeBatch'>;
  log: Logger;
  fondsCode: string | undefined;
  retry: BackoffOptions;
  idleCloseMs: number;
  /** True while the hot folder still has files of this dossier on the way. */
  hasInboxPending(dossierCode: string): boolean;
  /** True when a closing marker for this dossier is waiting. */
  hasMarker(dossierCode: string): boolean;
  /** Dossier codes with a waiting marker. */
  markedDossiers(): Iterable<string>;
  /** The expected page count to send when the dossier's batch closes (dossier-info.ts). */
  expectedPagesAtClose(dossierCode: string): Promise<number | undefined>;
  /** Called after the acknowledgement, before the entry leaves the outbox (moves the source). */
  onAcknowledged(e: OutboxEntry, ack: UploadResult, status: number): Promise<void>;
  /** Called after the refusal is recorded, before the entry leaves the outbox. */
  onRejected(e: OutboxEntry, why: Rejection, keptIn: string): Promise<void>;
  /** Called after a batch was closed, or a marker found nothing left to close. */
  onClosed(dossierCode: string, batch: LocalBatch | undefined, reason: CloseReason): Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** A snapshot for status displays and tests. */
export interface UploaderStatus {
  /** Consecutive failed attempts of any kind; 0 after any success. */
  failuresInARow: number;
  lastError: { code: string; message: string } | undefined;
  pausedUntil: number;
}

/**
 * Runs until its signal aborts. One request at a time, which keeps pages in order at the server
 * and is plenty for one scanning station.
 *
 * @example
 * const up = new Uploader({ outbox, book, api, log, ... })
 * const done = up.run(controller.signal)
 * up.wake() // after committing a new entry
 */
export class Uploader {
  readonly #d: UploaderDeps;
  readonly #now: () => number;
  readonly #wake = new Wakeup();
  readonly #attempts = new Map<string, number>();
  readonly #notBefore = new Map<string, number>();
  #failures = 0;
  #pausedUntil = 0;
  #lastError: { code: string; message: string } | undefined;
  #stopping = false;

  constructor(d: UploaderDeps) {
    this.#d = d;
    this.#now = d.now ?? Date.now;
  }

  /**
   * Lets the loop end after its current step (a request in flight is finished, not aborted;
   * abort the signal given to {@link run} to abandon it).
   */
  requestStop(): void {
    this.#stopping = true;
    this.#wake.notify();
  }

  /** Asks the loop to look for work now. */
  wake(): void {
    this.#wake.notify();
  }

  status(): UploaderStatus {
    return {
      failuresInARow: this.#failures,
      lastError: this.#lastError,
      pausedUntil: this.#pausedUntil,
    };
  }

  /**
   * The loop. Resolves after {@link requestStop} once the current step has ended, or as soon as
   * `signal` aborts (abandoning a request in flight; the entry stays in the outbox). Never rejects.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.#stopping = false;
    while (!signal.aborted && !this.#stopping) {
      const now = this.#now();
      if (now < this.#pausedUntil) {
        await this.#wake.wait(this.#pausedUntil - now, signal);
        continue;
      }
      const entry = this.#d.outbox
        .pending()
        .find((e) => (this.#notBefore.get(`e${e.entryNo}`) ?? 0) <= now);
      try {
        if (entry !== undefined) {
          await this.#deliver(entry, signal);
          continue;
        }
        if (await this.#closeOne(signal)) continue;
      } catch (err) {
        this.#failed(err, entry === undefined ? 'close' : `e${entry.entryNo}`, signal);
        continue;
      }
      await this.#wake.wait(this.#nextWakeIn(now), signal);
    }
  }

  async #deliver(e: OutboxEntry, signal: AbortSignal): Promise<void> {
    const batch = this.#d.book.get(e.batchLocalId);
    if (batch === undefined || batch.status === 'closing') {
      // Its batch was forgotten (refused, gone from the server, or the state file was lost).
      await this.#rehome(e, false);
      return;
    }
    const serverId = batch.serverId ?? (await this.#openOnServer(batch, signal));
    if (serverId === undefined) return;
    const log = this.#d.log.child({ batchId: serverId, dossierCode: e.dossierCode });
    let reply;
    try {
      reply = await this.#d.api.putUpload(
        {
          batchId: serverId,
          seq: e.seq,
          filePath: this.#d.outbox.dataPath(e),
          bytes: e.bytes,
          sha256: e.sha256,
          mediaType: e.mediaType,
          fileName: e.originalName,
        },
        signal,
      );
    } catch (err) {
      if (!(err instanceof ApiError) || err.failure !== 'refused') throw err;
      if (BATCH_GONE.has(err.body.code) && e.rehomed < MAX_REHOMES) {
        log.warn(
          { code: err.body.code, seq: e.seq, file: e.originalName },
          'batch no longer open on the server, page moved to a new batch',
        );
        await this.#d.book.remove(batch.localId);
        await this.#rehome(e, true);
        return;
      }
      await this.#reject(e, { status: err.status, serverBatchId: serverId, error: err.body }, log);
      return;
    }
    const { status, ack } = reply;
    if (ack.sha256.toLowerCase() !== e.sha256) {
      await this.#reject(
        e,
        {
          status,
          serverBatchId: serverId,
          error: {
            code: 'upload.ack_mismatch',
            message: `Máy chủ xác nhận tệp ${e.originalName} (lô ${serverId}, số thứ tự ${e.seq}) với SHA-256 ${ack.sha256}, khác bản gửi đi ${e.sha256} / The server acknowledged ${e.originalName} (batch ${serverId}, seq ${e.seq}) with SHA-256 ${ack.sha256}, not the ${e.sha256} that was sent`,
            hint: 'Báo cho quản trị hệ thống; bản sao vẫn nằm trong rejected/ / Tell the administrator; the copy is kept in rejected/',
          },
        },
        log,
      );
      return;
    }
    if (ack.identicalTo !== null) {
      // Stored as a page of its own all the same; the reviewer sees the pair and decides.
      log.warn(
        { seq: e.seq, identicalToSeq: ack.identicalTo.seq, file: e.originalName },
        'page is byte-identical to an earlier page of the batch (a copied file or a sheet scanned twice?)',
      );
    }
    await this.#d.onAcknowledged(e, ack, status);
    await this.#d.outbox.remove(e);
    this.#succeeded(`e${e.entryNo}`);
    log.info(
      {
        seq: e.seq,
        file: e.originalName,
        uploadId: ack.uploadId,
        frames: ack.frameCount,
        created: ack.created,
      },
      ack.created ? 'page uploaded' : 'page was already stored',
    );
  }

  /** Creates the server batch; undefined when the api refused it (its pages are rejected). */
  async #openOnServer(batch: LocalBatch, signal: AbortSignal): Promise<string | undefined> {
    let created;
    try {
      created = await this.#d.api.createBatch(
        {
          dossierCode: batch.dossierCode,
          ...(this.#d.fondsCode === undefined ? {} : { fondsCode: this.#d.fondsCode }),
          ...(batch.openInfo?.operator === undefined ? {} : { operator: batch.openInfo.operator }),
          ...(batch.openInfo?.expectedPages === undefined
            ? {}
            : { expectedPages: batch.openInfo.expectedPages }),
        },
        batch.localId,
        signal,
      );
    } catch (err) {
      if (!(err instanceof ApiError) || err.failure !== 'refused') throw err;
      const log = this.#d.log.child({ dossierCode: batch.dossierCode });
      log.error(
        { code: err.body.code, reason: err.body.message, hint: err.body.hint },
        'batch refused by the server',
      );
      for (const e of this.#d.outbox.pending().filter((x) => x.batchLocalId === batch.localId)) {
        await this.#reject(e, { status: err.status, error: err.body }, log);
      }
      await this.#d.book.remove(batch.localId);
      return undefined;
    }
    await this.#d.book.setServerId(batch.localId, created.id);
    this.#d.log
      .child({ batchId: created.id, dossierCode: batch.dossierCode })
      .info({ dossierId: created.dossierId }, 'batch opened');
    return created.id;
  }

  async #rehome(e: OutboxEntry, counts: boolean): Promise<void> {
    const r = await this.#d.book.reserve(e.dossierCode);
    try {
      await this.#d.outbox.rehome(e, r.batch.localId, r.seq, counts);
    } finally {
      this.#d.book.release(r.batch.localId);
    }
  }

  async #reject(
    e: OutboxEntry,
    o: { status?: number | undefined; serverBatchId?: string; error: ErrorBody },
    log: Logger,
  ): Promise<void> {
    const why: Rejection = {
      rejectedAt: new Date(this.#now()).toISOString(),
      ...(o.status === undefined ? {} : { status: o.status }),
      ...(o.serverBatchId === undefined ? {} : { serverBatchId: o.serverBatchId }),
      error: o.error,
    };
    const keptIn = await this.#d.outbox.recordRejection(e, why);
    await this.#d.onRejected(e, why, keptIn);
    await this.#d.outbox.remove(e);
    this.#succeeded(`e${e.entryNo}`);
    log.error(
      {
        code: o.error.code,
        reason: o.error.message,
        hint: o.error.hint,
        status: o.status,
        seq: e.seq,
        file: e.originalName,
        keptIn,
      },
      'page rejected by the server',
    );
  }

  /** Closes one batch that is due, or consumes one marker with nothing left to close. */
  async #closeOne(signal: AbortSignal): Promise<boolean> {
    const { book, outbox } = this.#d;
    const now = this.#now();
    for (const b of book.list()) {
      const key = `b${b.localId}`;
      if ((this.#notBefore.get(key) ?? 0) > now) continue;
      let reason: CloseReason = this.#d.hasMarker(b.dossierCode) ? 'marker' : 'idle';
      if (b.status === 'open') {
        const quiet = () =>
          !outbox.hasPendingFor(b.localId) && !this.#d.hasInboxPending(b.dossierCode);
        const due = reason === 'marker' || now - b.lastFileAt >= this.#d.idleCloseMs;
        if (!due || !quiet() || !(await book.tryMarkClosing(b.localId, quiet))) continue;
      } else if (outbox.hasPendingFor(b.localId)) {
        // Pages of a batch found closing after a restart are moved on by #deliver first.
        continue;
      } else {
        reason = this.#d.hasMarker(b.dossierCode) ? 'marker' : 'idle';
      }
      try {
        await this.#closeOnServer(b, signal);
      } catch (err) {
        this.#failed(err, key, signal);
        return true;
      }
      await book.remove(b.localId);
      this.#succeeded(key);
      this.#d.log
        .child({ batchId: b.serverId, dossierCode: b.dossierCode })
        .info({ reason, pages: b.nextSeq - 1 }, 'batch closed');
      await this.#d.onClosed(b.dossierCode, b, reason);
      return true;
    }
    for (const code of [...this.#d.markedDossiers()]) {
      const busy =
        book.list().some((b) => b.dossierCode === code) ||
        outbox.pending().some((e) => e.dossierCode === code) ||
        this.#d.hasInboxPending(code);
      if (busy) continue;
      await this.#d.onClosed(code, undefined, 'marker');
      return true;
    }
    return false;
  }

  async #closeOnServer(b: LocalBatch, signal: AbortSignal): Promise<void> {
    if (b.serverId === null) return;
    const expectedPages = await this.#d.expectedPagesAtClose(b.dossierCode);
    try {
      await this.#d.api.closeBatch(
        b.serverId,
        expectedPages === undefined ? {} : { expectedPages },
        signal,
      );
    } catch (err) {
      // Closed or removed by someone else: the outcome we wanted.
      if (err instanceof ApiError && err.failure === 'refused' && BATCH_GONE.has(err.body.code)) {
        return;
      }
      throw err;
    }
  }

  #succeeded(key: string): void {
    this.#failures = 0;
    this.#pausedUntil = 0;
    this.#lastError = undefined;
    this.#attempts.delete(key);
    this.#notBefore.delete(key);
  }

  #failed(err: unknown, key: string, signal: AbortSignal): void {
    if (signal.aborted || (err instanceof ApiError && err.failure === 'aborted')) return;
    const now = this.#now();
    const random = this.#d.random ?? Math.random;
    this.#failures += 1;
    const pause = backoffDelay(this.#failures, this.#d.retry, random);
    this.#pausedUntil = now + pause;
    // An unreachable server or a refused token is nobody's page's fault: everything waits and the
    // same page goes first again. A 5xx (or a local error) on one page also defers that page on
    // its own, so one file the server keeps failing on cannot hold back the others.
    const wholeServer =
      err instanceof ApiError && (err.failure === 'network' || err.failure === 'auth');
    let attempts = this.#failures;
    if (!wholeServer) {
      attempts = (this.#attempts.get(key) ?? 0) + 1;
      this.#attempts.set(key, attempts);
      this.#notBefore.set(key, now + backoffDelay(attempts, this.#d.retry, random));
    }
    const e =
      err instanceof AgentError
        ? err
        : new AgentError('agent.unexpected', {
            message: err instanceof Error ? err.message : String(err),
            retryable: true,
            cause: err,
          });
    this.#lastError = { code: e.code, message: e.message };
    const fields = { code: e.code, reason: e.message, hint: e.hint, attempts, retryInMs: pause };
    if (err instanceof ApiError && err.failure === 'auth') {
      this.#d.log.error(fields, 'server refused the workstation token, will retry');
    } else if (err instanceof ApiError) {
      this.#d.log.warn(fields, 'server not available, will retry');
    } else {
      this.#d.log.error({ ...fields, err }, 'delivery step failed, will retry');
    }
  }

  #nextWakeIn(now: number): number {
    let next = now + IDLE_POLL_MS;
    for (const t of this.#notBefore.values()) if (t > now) next = Math.min(next, t);
    for (const b of this.#d.book.list()) {
      const due = b.lastFileAt + this.#d.idleCloseMs;
      if (due > now) next = Math.min(next, due);
    }
    return next - now;
  }
}
