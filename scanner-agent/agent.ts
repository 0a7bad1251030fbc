/**
 * The scanner agent: hot folder → durable outbox → api. Wires the watcher, the outbox, the batch
 * book and the uploader, and owns the inbox side effects (moving acknowledged files to `.done/`,
 * refused ones to `.rejected/`, consuming closing markers).
 *
 * Over 300 lines because it is the one place that knows both the inbox and the outbox; the pieces
 * it joins are in their own files.
 */
import { EventEmitter } from 'node:events';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { UploadResult } from './api-types.js';
import { BatchBook, type LocalBatch } from './batches.js';
import { ApiClient } from './client.js';
import { DossierInfoStore } from './dossier-info.js';
import { moveInto } from './durable-fs.js';
import { AgentError, errnoCode } from './errors.js';
import { DONE_DIR, REJECTED_DIR } from './inbox-paths.js';
import { Outbox, type OutboxEntry, type Rejection } from './outbox.js';
import { countPages, UnreadableFileError, type PageCount } from './page-count.js';
import { lockOutbox, type OutboxLock } from './outbox-lock.js';
import { backoffDelay, Wakeup, type BackoffOptions } from './timing.js';
import { Uploader, type CloseReason, type UploaderStatus } from './uploader.js';
import { HotFolder, type MarkerFile, type StableFile } from './watcher.js';

/** Everything the agent needs; `config.ts` builds it from env and flags. */
export interface AgentSettings {
  serverUrl: string;
  token: string;
  /** Name of this workstation, for the logs. */
  workstation: string;
  inboxDir: string;
  outboxDir: string;
  stableMs: number;
  idleCloseMs: number;
  fondsCode: string | undefined;
  retry: BackoffOptions;
  /** How often pending inbox files are stat'ed. */
  pollMs: number;
  /** How often the inbox is listed in full, in case a watch event was lost. */
  rescanMs: number;
  /** How long a stop waits for a request in flight before abandoning it. */
  stopGraceMs: number;
  /** A request whose socket stays silent this long is abandoned and retried. */
  requestTimeoutMs: number;
}

/** What the agent reports to whoever drives it (tests, later a terminal operator view). */
export interface AgentEvents {
  ingested: [OutboxEntry];
  acknowledged: [OutboxEntry, UploadResult];
  rejected: [OutboxEntry, Rejection];
  /** A file the agent itself could not read, moved to `.rejected/` before it entered the outbox. */
  refused: [{ dossierCode: string; relPath: string; movedTo: string | undefined; why: Rejection }];
  closed: [{ dossierCode: string; batchId: string | null; reason: CloseReason }];
}

export interface AgentStatus {
  running: boolean;
  /** Entries in the outbox waiting for the server. */
  pending: number;
  /** Stable files waiting to be copied into the outbox. */
  queued: number;
  batches: LocalBatch[];
  uploader: UploaderStatus;
}

/**
 * One agent per outbox (enforced by a lock file). `start` resumes every outbox entry left by an
 * earlier run before it takes new files; `stop` leaves the outbox consistent whatever is in
 * flight, so the next `start` delivers every page exactly once, in the same seq order.
 *
 * @example
 * const agent = new ScannerAgent(settings, log)
 * await agent.start()
 * process.once('SIGTERM', () => void agent.stop())
 */
export class ScannerAgent extends EventEmitter<AgentEvents> {
  readonly #s: AgentSettings;
  readonly #log: Logger;
  readonly #api: ApiClient;
  readonly #info: DossierInfoStore;
  #outbox: Outbox | undefined;
  #book: BatchBook | undefined;
  #hot: HotFolder | undefined;
  #uploader: Uploader | undefined;
  #lock: OutboxLock | undefined;
  #abort = new AbortController();
  #uploadLoop: Promise<void> | undefined;
  #ingestLoop: Promise<void> | undefined;
  readonly #queue: StableFile[] = [];
  readonly #queueWake = new Wakeup();
  readonly #markers = new Map<string, MarkerFile[]>();
  readonly #copyFailures = new Map<string, number>();
  #running = false;

  constructor(settings: AgentSettings, log: Logger) {
    super();
    this.#s = settings;
    this.#log = log.child({ workstation: settings.workstation });
    this.#info = new DossierInfoStore(settings.outboxDir);
    this.#api = new ApiClient({
      serverUrl: settings.serverUrl,
      token: settings.token,
      requestTimeoutMs: settings.requestTimeoutMs,
    });
  }

  /**
   * Takes the outbox lock, tidies and loads the outbox, finishes interrupted refusals, then
   * watches the inbox and starts delivering. Throws `outbox.locked` if another agent holds the
   * outbox, and file system errors if the folders cannot be created.
   */
  async start(): Promise<void> {
    if (this.#running) return;
    const s = this.#s;
    await mkdir(s.inboxDir, { recursive: true });
    await mkdir(s.outboxDir, { recursive: true });
    this.#lock = await lockOutbox(join(s.outboxDir, 'agent.lock'));
    try {
      await this.#open();
    } catch (err) {
      await this.#lock.release();
      this.#lock = undefined;
      throw err;
    }
  }

  async #open(): Promise<void> {
    const s = this.#s;
    const outbox = new Outbox(s.outboxDir);
    const recovery = await outbox.open();
    const book = new BatchBook(outbox.statePath);
    const loaded = await book.load(outbox.maxEntryNo() + 1);
    if (loaded.movedAside !== undefined) {
      this.#log.error(
        { code: 'outbox.state_corrupt', movedTo: loaded.movedAside },
        'state file unreadable, moved aside; pages will go to new batches',
      );
    }
    for (const q of recovery.quarantined) {
      this.#log.error(
        { code: 'outbox.corrupt_entry', keptIn: q },
        'unreadable outbox entry moved aside',
      );
    }
    this.#outbox = outbox;
    this.#book = book;
    for (const e of recovery.interruptedRejections) {
      const why = await outbox.readRejection(e);
      if (why !== undefined) await this.#moveRefusedSource(e, why);
      await outbox.remove(e);
    }
    this.#abort = new AbortController();
    const hot = new HotFolder({
      inboxDir: s.inboxDir,
      stableMs: s.stableMs,
      pollMs: s.pollMs,
      rescanMs: s.rescanMs,
      emptyGraceMs: Math.max(s.idleCloseMs, s.stableMs),
      isKnown: (rel, size, mtime) => outbox.holdsSource(rel, size, mtime),
    });
    this.#hot = hot;
    hot.on('file', (f) => {
      this.#queue.push(f);
      this.#queueWake.notify();
    });
    hot.on('marker', (m) => {
      const list = this.#markers.get(m.dossierCode) ?? [];
      list.push(m);
      this.#markers.set(m.dossierCode, list);
      this.#log.info({ dossierCode: m.dossierCode, file: m.relPath }, 'closing marker found');
      this.#uploader?.wake();
    });
    hot.on('unsupported', ({ relPath, reason }) => {
      this.#log.warn(
        { file: relPath, reason },
        'file left in the inbox: not a page file the agent sends',
      );
    });
    hot.on('stuck', ({ relPath, dossierCode }) => {
      this.#log.warn(
        { file: relPath, dossierCode },
        'file has stayed empty, no longer waiting for it',
      );
    });
    hot.on('warning', (err) => this.#log.warn({ err }, 'inbox watch problem'));
    this.#uploader = new Uploader({
      outbox,
      book,
      api: this.#api,
      log: this.#log,
      fondsCode: s.fondsCode,
      retry: s.retry,
      idleCloseMs: s.idleCloseMs,
      hasInboxPending: (code) =>
        hot.hasPending(code) || this.#queue.some((f) => f.dossierCode === code),
      hasMarker: (code) => (this.#markers.get(code)?.length ?? 0) > 0,
      markedDossiers: () => this.#markers.keys(),
      expectedPagesAtClose: async (code) => (await this.#info.read(code)).expectedPages,
      onAcknowledged: (e, ack) => this.#acknowledged(e, ack),
      onRejected: (e, why) => this.#rejected(e, why),
      onClosed: (code, b, reason) => this.#closed(code, b, reason),
    });
    this.#running = true;
    this.#log.info(
      {
        pending: recovery.pending,
        batches: book.list().length,
        removedLeftovers: recovery.removedLeftovers,
      },
      'agent started',
    );
    this.#ingestLoop = this.#runIngest();
    try {
      await hot.start();
    } catch (err) {
      await this.stop();
      throw err;
    }
    // Delivery starts only after the first listing of the inbox. Started before it, the uploader
    // saw a dossier with nothing tracked yet as quiet: after a restart that came later than
    // AGENT_IDLE_CLOSE_MS after the batch's last file, it closed the batch at once, and the pages
    // still waiting in the inbox went to a second batch of the same dossier.
    if (this.#running) this.#uploadLoop = this.#uploader.run(this.#abort.signal);
  }

  /**
   * Stops taking files, lets a request in flight finish for `stopGraceMs`, then abandons it. Every
   * file stays either in the inbox or in the outbox; nothing is acknowledged that the server did
   * not acknowledge. Safe to call twice.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#hot?.stop();
    this.#queue.length = 0;
    this.#queueWake.notify();
    this.#uploader?.requestStop();
    const grace = setTimeout(() => this.#abort.abort(), this.#s.stopGraceMs);
    await Promise.all([this.#uploadLoop, this.#ingestLoop]);
    clearTimeout(grace);
    this.#abort.abort();
    this.#markers.clear();
    await this.#lock?.release();
    this.#lock = undefined;
    this.#log.info({ pending: this.#outbox?.pending().length ?? 0 }, 'agent stopped');
  }

  status(): AgentStatus {
    return {
      running: this.#running,
      pending: this.#outbox?.pending().length ?? 0,
      queued: this.#queue.length,
      batches: this.#book?.list() ?? [],
      uploader: this.#uploader?.status() ?? {
        failuresInARow: 0,
        lastError: undefined,
        pausedUntil: 0,
      },
    };
  }

  async #runIngest(): Promise<void> {
    const signal = this.#abort.signal;
    while (this.#running) {
      const f = this.#queue.shift();
      if (f === undefined) {
        await this.#queueWake.wait(1000, signal);
        continue;
      }
      try {
        await this.#ingest(f);
      } catch (err) {
        // Only tidying a failed copy can land here; the file is still in the inbox.
        this.#log.error({ err, file: f.relPath }, 'file could not be taken, will retry');
        this.#hot?.settle(f.relPath, { kind: 'retry', afterMs: this.#s.retry.maxMs });
      }
    }
  }

  /** Copies one stable file into the outbox with its seq; reports the outcome to the hot folder. */
  async #ingest(f: StableFile): Promise<void> {
    const hot = this.#hot;
    const outbox = this.#outbox;
    const book = this.#book;
    if (hot === undefined || outbox === undefined || book === undefined) return;
    const log = this.#log.child({ dossierCode: f.dossierCode });
    let staged;
    try {
      staged = await outbox.stage(f.absPath);
      const now = await stat(f.absPath);
      if (now.size !== f.size || now.mtimeMs !== f.mtimeMs || staged.bytes !== f.size) {
        await outbox.discard(staged);
        hot.settle(f.relPath, { kind: 'changed' });
        log.info({ file: f.relPath }, 'file changed while being copied, waiting for it to settle');
        return;
      }
    } catch (err) {
      if (staged !== undefined) await outbox.discard(staged);
      if (errnoCode(err) === 'ENOENT') {
        hot.settle(f.relPath, { kind: 'gone' });
        return;
      }
      this.#copyFailed(f, err, log);
      return;
    }
    // Counted on the copy, the bytes that will be sent: progress and the expected-count check
    // count pages, and a file that cannot be read is set aside now, not refused by the server later.
    let count: PageCount;
    try {
      count = await countPages(staged.tmpPath, f.mediaType);
    } catch (err) {
      await outbox.discard(staged);
      if (err instanceof UnreadableFileError) await this.#refuseUnreadable(f, err, log);
      else this.#copyFailed(f, err, log);
      return;
    }
    if (!count.exact) {
      log.warn(
        { file: f.relPath },
        'encrypted PDF: its pages cannot be counted here, the server counts them',
      );
    }
    let reservation;
    try {
      reservation = await book.reserve(f.dossierCode, await this.#info.read(f.dossierCode));
      const entry = await outbox.commit(staged, {
        entryNo: reservation.entryNo,
        dossierCode: f.dossierCode,
        batchLocalId: reservation.batch.localId,
        seq: reservation.seq,
        mediaType: f.mediaType,
        pages: count.pages,
        originalName: f.fileName,
        source: { relPath: f.relPath, size: f.size, mtimeMs: f.mtimeMs },
      });
      this.#copyFailures.delete(f.relPath);
      hot.settle(f.relPath, { kind: 'taken' });
      this.#uploader?.wake();
      log.info(
        {
          file: f.relPath,
          seq: entry.seq,
          bytes: entry.bytes,
          pages: entry.pages,
          sha256: entry.sha256,
        },
        'page taken into the outbox',
      );
      this.emit('ingested', entry);
    } catch (err) {
      await outbox.discard(staged);
      this.#copyFailed(f, err, log);
    } finally {
      if (reservation !== undefined) book.release(reservation.batch.localId);
    }
  }

  /**
   * Sets aside a file the agent cannot read: moved (never deleted) to `.rejected/<mã hồ sơ>/`
   * beside a note saying why, as a file the server refused would be. If it cannot be moved it
   * stays in the inbox and is tried again later.
   */
  async #refuseUnreadable(f: StableFile, err: UnreadableFileError, log: Logger): Promise<void> {
    const why: Rejection = {
      rejectedAt: new Date().toISOString(),
      error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) },
    };
    let movedTo: string | undefined;
    try {
      const now = await stat(f.absPath);
      if (now.size !== f.size || now.mtimeMs !== f.mtimeMs) {
        this.#hot?.settle(f.relPath, { kind: 'changed' });
        return;
      }
      movedTo = await moveInto(f.absPath, join(this.#s.inboxDir, REJECTED_DIR, f.dossierCode));
      await writeFile(`${movedTo}.error.json`, `${JSON.stringify(why, null, 2)}\n`);
    } catch (moveErr) {
      if (errnoCode(moveErr) === 'ENOENT' && movedTo === undefined) {
        this.#hot?.settle(f.relPath, { kind: 'gone' });
        return;
      }
      if (movedTo === undefined) {
        this.#copyFailed(f, moveErr, log);
        return;
      }
    }
    this.#hot?.settle(f.relPath, { kind: 'gone' });
    log.error(
      { code: err.code, reason: err.message, hint: err.hint, file: f.relPath, movedTo },
      'file set aside: the agent cannot read it',
    );
    this.emit('refused', { dossierCode: f.dossierCode, relPath: f.relPath, movedTo, why });
  }

  #copyFailed(f: StableFile, err: unknown, log: Logger): void {
    const n = (this.#copyFailures.get(f.relPath) ?? 0) + 1;
    this.#copyFailures.set(f.relPath, n);
    const afterMs = backoffDelay(n, this.#s.retry);
    const code = errnoCode(err) === 'ENOSPC' ? 'outbox.disk_full' : 'outbox.copy_failed';
    log.error(
      {
        err,
        code,
        file: f.relPath,
        retryInMs: afterMs,
        hint: 'Kiểm tra dung lượng và quyền ghi của AGENT_OUTBOX / Check free space and write access of AGENT_OUTBOX',
      },
      'file could not be copied into the outbox, will retry',
    );
    this.#hot?.settle(f.relPath, { kind: 'retry', afterMs });
  }

  async #acknowledged(e: OutboxEntry, ack: UploadResult): Promise<void> {
    await this.#moveSource(e, join(this.#s.inboxDir, DONE_DIR, e.dossierCode));
    this.emit('acknowledged', e, ack);
  }

  async #rejected(e: OutboxEntry, why: Rejection): Promise<void> {
    await this.#moveRefusedSource(e, why);
    this.emit('rejected', e, why);
  }

  /** Moves the inbox copy of a refused file beside a note saying why, so it is not taken again. */
  async #moveRefusedSource(e: OutboxEntry, why: Rejection): Promise<void> {
    const moved = await this.#moveSource(e, join(this.#s.inboxDir, REJECTED_DIR, e.dossierCode));
    if (moved !== undefined) {
      await writeFile(`${moved}.error.json`, `${JSON.stringify(why, null, 2)}\n`);
    }
  }

  /**
   * Moves the inbox file an entry came from into `dir`, if it is still the same file (a file
   * replaced under the same name is a new page and stays). Returns the new path.
   */
  async #moveSource(e: OutboxEntry, dir: string): Promise<string | undefined> {
    const src = join(this.#s.inboxDir, ...e.source.relPath.split('/'));
    let st;
    try {
      st = await stat(src);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    if (st.size !== e.source.size || st.mtimeMs !== e.source.mtimeMs) return undefined;
    return moveInto(src, dir);
  }

  async #closed(
    dossierCode: string,
    b: LocalBatch | undefined,
    reason: CloseReason,
  ): Promise<void> {
    for (const m of this.#markers.get(dossierCode) ?? []) {
      try {
        await moveInto(
          m.absPath,
          join(this.#s.inboxDir, DONE_DIR, dossierCode),
          basename(m.absPath),
        );
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') {
          throw new AgentError('inbox.marker_move_failed', {
            message: `Không chuyển được tệp đánh dấu ${m.relPath} / Cannot move the marker ${m.relPath}`,
            retryable: true,
            cause: err,
          });
        }
      }
      this.#hot?.forgetMarker(m.relPath);
    }
    this.#markers.delete(dossierCode);
    // The operator closed the dossier: its info is spent. After an idle close it stays, for the
    // pages of the same sitting that may still come (a jam cleared after a long pause).
    if (reason === 'marker') await this.#info.remove(dossierCode);
    if (b !== undefined) this.emit('closed', { dossierCode, batchId: b.serverId, reason });
  }
}
