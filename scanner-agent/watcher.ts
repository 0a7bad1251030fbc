/**
 * The hot folder: finds page files under the inbox and hands each on once it has stopped changing,
 * in natural name order within its dossier. chokidar reports changes quickly; a periodic rescan
 * catches what it misses (network shares, events lost under load), and the stability check is
 * our own because chokidar's `awaitWriteFinish` looks at size only, not mtime.
 *
 * Over 300 lines because discovery, the stability check and the ordering rule all work on one
 * table of tracked files; split apart they would share mutable state across files.
 */
import { EventEmitter } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { MediaType } from './api-types.js';
import { errnoCode } from './errors.js';
import { classifyInboxPath, compareNatural, type InboxPath } from './inbox-paths.js';

/** A page file whose size and mtime have not changed for the stability window. */
export interface StableFile {
  absPath: string;
  relPath: string;
  dossierCode: string;
  fileName: string;
  mediaType: MediaType;
  size: number;
  mtimeMs: number;
}

/** A closing marker (`.done`, `XONG`) found in a dossier folder. */
export interface MarkerFile {
  absPath: string;
  relPath: string;
  dossierCode: string;
}

export interface HotFolderEvents {
  /** A file is ready; call {@link HotFolder.settle} when it has been taken (or not). */
  file: [StableFile];
  marker: [MarkerFile];
  /** A file the agent will not take; reported once per path. */
  unsupported: [{ relPath: string; reason: 'extension' | 'too-deep' | 'marker-in-root' }];
  /** A file that has stayed empty past the grace time and no longer holds its dossier back. */
  stuck: [{ relPath: string; dossierCode: string; size: number }];
  warning: [Error];
}

export interface HotFolderOptions {
  inboxDir: string;
  /** Size and mtime must stay the same this long before a file is handed on (AGENT_STABLE_MS). */
  stableMs: number;
  /** How often pending files are stat'ed. */
  pollMs: number;
  /** How often the whole inbox is listed again, in case an event was missed. */
  rescanMs: number;
  /**
   * An empty file waits (scanners create the file, then warm the lamp up); past this it is
   * reported and stops holding back its dossier's order and closing.
   */
  emptyGraceMs: number;
  /** True when the outbox already holds this file (same path, size and mtime): skip it. */
  isKnown(relPath: string, size: number, mtimeMs: number): boolean;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/** What {@link HotFolder.settle} is told about a handed-on file. */
export type SettleOutcome =
  | { kind: 'taken' }
  | { kind: 'gone' }
  | { kind: 'retry'; afterMs: number }
  /** The file changed while it was copied: wait for it to settle again. */
  | { kind: 'changed' };

interface Tracked {
  info: Extract<InboxPath, { kind: 'page' }>;
  absPath: string;
  size: number;
  mtimeMs: number;
  /** When size/mtime last changed (or the file was first seen). */
  since: number;
  firstSeen: number;
  notBefore: number;
  handed: boolean;
  stuckReported: boolean;
}

/**
 * Watches `inboxDir`. Guarantees: a file is emitted at most once until it is settled; within a
 * dossier files are emitted in natural order of their names, except that a file which appears
 * after a later-named one was already emitted comes after it (arrival wins over name); a file
 * the outbox already holds is never emitted again.
 *
 * @example
 * const hf = new HotFolder({ inboxDir, stableMs: 2000, pollMs: 250, rescanMs: 30000,
 *   emptyGraceMs: 30000, isKnown: (p, s, m) => outbox.holdsSource(p, s, m) })
 * hf.on('file', (f) => queue.push(f))
 * await hf.start()
 */
export class HotFolder extends EventEmitter<HotFolderEvents> {
  readonly #o: HotFolderOptions;
  readonly #now: () => number;
  readonly #tracked = new Map<string, Tracked>();
  readonly #markers = new Set<string>();
  readonly #reported = new Set<string>();
  #watcher: FSWatcher | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #rescanTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #ticking = false;

  constructor(o: HotFolderOptions) {
    super();
    this.#o = o;
    this.#now = o.now ?? Date.now;
  }

  /**
   * Watches the inbox, then lists it once (in that order, so that no file slips between the two).
   * Resolves when the first listing is done.
   */
  async start(): Promise<void> {
    this.#stopped = false;
    const watcher = watch(this.#o.inboxDir, {
      ignoreInitial: true,
      depth: 1,
      ignored: (p: string) => this.#ignoredByWatcher(p),
    });
    this.#watcher = watcher;
    const onPath = (p: string, isDir: boolean) => {
      this.#consider(p, isDir).catch((err: unknown) => this.#warn(err));
    };
    watcher.on('add', (p) => onPath(p, false));
    watcher.on('change', (p) => onPath(p, false));
    watcher.on('addDir', (p) => onPath(p, true));
    watcher.on('unlink', (p) => this.#forget(p));
    watcher.on('error', (err) => this.#warn(err));
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
    await this.rescan();
    this.#pollTimer = setInterval(() => void this.#tick(), this.#o.pollMs);
    this.#rescanTimer = setInterval(() => {
      this.rescan().catch((err: unknown) => this.#warn(err));
    }, this.#o.rescanMs);
  }

  /** Stops watching. Files not yet handed on stay in the inbox for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#pollTimer);
    clearInterval(this.#rescanTimer);
    await this.#watcher?.close();
    this.#watcher = undefined;
  }

  /**
   * True while a file of `dossierCode` is still being written, waiting its turn or being taken:
   * its batch must not close yet. Files stuck empty past the grace time do not count.
   */
  hasPending(dossierCode: string): boolean {
    const now = this.#now();
    for (const t of this.#tracked.values()) {
      if (t.info.dossierCode === dossierCode && !this.#isStuck(t, now)) return true;
    }
    return false;
  }

  /** Reports what became of a file emitted as `file`. */
  settle(relPath: string, outcome: SettleOutcome): void {
    const t = this.#tracked.get(relPath);
    if (t === undefined) return;
    switch (outcome.kind) {
      case 'taken':
      case 'gone':
        this.#tracked.delete(relPath);
        break;
      case 'retry':
        t.handed = false;
        t.notBefore = this.#now() + outcome.afterMs;
        break;
      case 'changed':
        t.handed = false;
        t.since = this.#now();
        break;
    }
  }

  /** Forgets that a marker was seen, so that a new one at the same path is reported again. */
  forgetMarker(relPath: string): void {
    this.#markers.delete(relPath);
  }

  /** Lists the inbox and its dossier folders and considers every entry. */
  async rescan(): Promise<void> {
    const root = this.#o.inboxDir;
    for (const e of await readdir(root, { withFileTypes: true })) {
      const abs = join(root, e.name);
      if (this.#ignoredByWatcher(abs)) continue;
      if (e.isDirectory()) await this.#listDossier(abs);
      else await this.#consider(abs, false);
    }
    await this.#tick();
  }

  /**
   * Considers every file of a dossier folder together. Done when a folder appears as well, because
   * a folder copied in at once must have all its files known before the first is handed on, or
   * a file whose event comes late would be taken as a later arrival.
   */
  async #listDossier(absDir: string): Promise<void> {
    let inner;
    try {
      inner = await readdir(absDir, { withFileTypes: true });
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return;
      throw err;
    }
    for (const f of inner) await this.#consider(join(absDir, f.name), f.isDirectory());
  }

  #ignoredByWatcher(absPath: string): boolean {
    const rel = relative(this.#o.inboxDir, absPath);
    const first = rel.split(sep)[0] ?? '';
    // The agent's own `.done/` and `.rejected/` folders and hidden root entries.
    return first.startsWith('.') || first.startsWith('~$');
  }

  async #consider(absPath: string, isDir: boolean): Promise<void> {
    if (this.#stopped) return;
    const info = classifyInboxPath(this.#o.inboxDir, absPath, isDir);
    switch (info.kind) {
      case 'ignored':
        return;
      case 'dossier-dir':
        await this.#listDossier(absPath);
        return;
      case 'unsupported':
        if (!this.#reported.has(info.relPath)) {
          this.#reported.add(info.relPath);
          this.emit('unsupported', { relPath: info.relPath, reason: info.reason });
        }
        return;
      case 'marker':
        if (!this.#markers.has(info.relPath)) {
          this.#markers.add(info.relPath);
          // A marker lets the batch close as soon as nothing of its dossier is pending, so every
          // page already in the folder must be tracked before it is reported. Without this the
          // marker could be reported while the pages listed after it (directory order is
          // arbitrary, e.g. at a restart's first listing) or whose `add` event was still being
          // stat'ed were unknown: the batch closed early and those pages went to a second batch.
          try {
            await this.#listDossier(dirname(absPath));
          } catch (err) {
            this.#markers.delete(info.relPath); // reported again by the next listing
            throw err;
          }
          if (this.#stopped) return;
          this.emit('marker', { absPath, relPath: info.relPath, dossierCode: info.dossierCode });
        }
        return;
      case 'page':
        break;
    }
    if (this.#tracked.has(info.relPath)) return;
    let st;
    try {
      st = await stat(absPath);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    if (!st.isFile() || this.#tracked.has(info.relPath)) return;
    if (this.#o.isKnown(info.relPath, st.size, st.mtimeMs)) return;
    const now = this.#now();
    this.#tracked.set(info.relPath, {
      info,
      absPath,
      size: st.size,
      mtimeMs: st.mtimeMs,
      since: now,
      firstSeen: now,
      notBefore: 0,
      handed: false,
      stuckReported: false,
    });
  }

  #forget(absPath: string): void {
    const rel = relative(this.#o.inboxDir, absPath).split(sep).join('/');
    const t = this.#tracked.get(rel);
    if (t !== undefined && !t.handed) this.#tracked.delete(rel);
    this.#markers.delete(rel);
    this.#reported.delete(rel);
  }

  #isStuck(t: Tracked, now: number): boolean {
    return !t.handed && t.size === 0 && now - t.firstSeen >= this.#o.emptyGraceMs;
  }

  async #tick(): Promise<void> {
    // One tick at a time: stat calls can outlast the poll interval on a slow share.
    if (this.#ticking || this.#stopped) return;
    this.#ticking = true;
    try {
      await this.#refresh();
      this.#handOn();
    } catch (err) {
      this.#warn(err);
    } finally {
      this.#ticking = false;
    }
  }

  async #refresh(): Promise<void> {
    for (const [rel, t] of [...this.#tracked]) {
      if (t.handed) continue;
      let st;
      try {
        st = await stat(t.absPath);
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
        this.#tracked.delete(rel);
        continue;
      }
      if (st.size !== t.size || st.mtimeMs !== t.mtimeMs) {
        t.size = st.size;
        t.mtimeMs = st.mtimeMs;
        t.since = this.#now();
        if (st.size > 0) t.stuckReported = false;
      }
    }
  }

  #handOn(): void {
    const now = this.#now();
    const byDossier = new Map<string, Tracked[]>();
    for (const t of this.#tracked.values()) {
      const list = byDossier.get(t.info.dossierCode) ?? [];
      list.push(t);
      byDossier.set(t.info.dossierCode, list);
    }
    for (const list of byDossier.values()) {
      list.sort(
        (a, b) =>
          compareNatural(a.info.fileName, b.info.fileName) ||
          compareNatural(a.info.relPath, b.info.relPath),
      );
      for (const t of list) {
        if (t.handed) continue;
        if (this.#isStuck(t, now)) {
          if (!t.stuckReported) {
            t.stuckReported = true;
            this.emit('stuck', {
              relPath: t.info.relPath,
              dossierCode: t.info.dossierCode,
              size: t.size,
            });
          }
          continue;
        }
        const stable = t.size > 0 && now - t.since >= this.#o.stableMs && now >= t.notBefore;
        // An earlier name still being written holds later names back, so pages keep scan order.
        if (!stable) break;
        t.handed = true;
        this.emit('file', {
          absPath: t.absPath,
          relPath: t.info.relPath,
          dossierCode: t.info.dossierCode,
          fileName: t.info.fileName,
          mediaType: t.info.mediaType,
          size: t.size,
          mtimeMs: t.mtimeMs,
        });
      }
    }
  }

  #warn(err: unknown): void {
    this.emit('warning', err instanceof Error ? err : new Error(String(err)));
  }
}
