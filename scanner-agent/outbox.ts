/**
 * The durable outbox: a copy of every page file waiting for the server's acknowledgement, with a
 * JSON sidecar naming its dossier, batch and seq. It is the agent's source of truth: whatever is
 * in `entries/` is delivered, across restarts, until the server acknowledges or refuses it.
 *
 * Layout of `<outbox>/`:
 * - `entries/<no>.bin` the bytes, `entries/<no>.json` the sidecar ({@link OutboxEntry});
 * - `rejected/<no>/` files the server refused: the bytes under their original name, `entry.json`
 *   and `error.json` (the server's error body);
 * - `tmp/` copies in progress;
 * - `state.json` batch bookkeeping (see `batches.ts`).
 *
 * Crash safety rests on order: the bytes are fsynced and renamed into `entries/` before the sidecar
 * is written atomically, so a sidecar always has its bytes; on acknowledgement the sidecar goes
 * first, so a leftover `.bin` without sidecar is known to be unneeded (its source is still in the
 * inbox, or was acknowledged).
 *
 * Over 300 lines because the whole on-disk protocol (commit order, recovery, refusal) is kept in
 * one file: its crash safety can only be reviewed as a whole.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ErrorBodySchema, MEDIA_TYPES } from './api-types.js';
import {
  copyDurably,
  exists,
  fsyncDir,
  isTmpName,
  linkOrCopy,
  writeFileAtomic,
} from './durable-fs.js';

export const OutboxEntrySchema = z.object({
  version: z.literal(1),
  /** Outbox-wide number, strictly increasing in the order files were taken; delivery order. */
  entryNo: z.number().int().min(1),
  dossierCode: z.string().min(1),
  /** Local batch id (see `batches.ts`); the server id is looked up there. */
  batchLocalId: z.string().min(1),
  seq: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  mediaType: z.enum(MEDIA_TYPES),
  /** Pages in the file (frames of a TIFF, pages of a PDF), for the operator's count; 1 if unknown. */
  pages: z.number().int().min(1).default(1),
  originalName: z.string().min(1),
  /** The inbox file this came from, to move it once acknowledged and never to take it twice. */
  source: z.object({
    relPath: z.string().min(1),
    size: z.number().int().nonnegative(),
    mtimeMs: z.number(),
  }),
  createdAt: z.string(),
  /** How often the entry was moved to a new batch because the server no longer had its batch. */
  rehomed: z.number().int().nonnegative().default(0),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** Why an entry was refused; written as `rejected/<no>/error.json`. */
export const RejectionSchema = z.object({
  rejectedAt: z.string(),
  /** HTTP status of the refusal, absent when the agent itself refused (e.g. a bad reply). */
  status: z.number().int().optional(),
  serverBatchId: z.string().optional(),
  error: ErrorBodySchema,
});
export type Rejection = z.infer<typeof RejectionSchema>;

/** A file copied into `tmp/`, not yet an entry. */
export interface StagedCopy {
  tmpPath: string;
  sha256: string;
  bytes: number;
}

/** What {@link Outbox.open} found and tidied. */
export interface OutboxRecovery {
  /** Entries waiting for delivery, in entry order. */
  pending: number;
  /** Leftovers of interrupted copies and acknowledgements that were removed. */
  removedLeftovers: number;
  /** Sidecars that could not be read, moved to `rejected/corrupt-<name>/`. */
  quarantined: string[];
  /** Entries whose refusal was recorded but not finished; the caller finishes them. */
  interruptedRejections: OutboxEntry[];
}

const NO_WIDTH = 9;
const entryName = (no: number) => String(no).padStart(NO_WIDTH, '0');
const sourceKey = (relPath: string, size: number, mtimeMs: number) =>
  `${relPath}\u0000${size}\u0000${mtimeMs}`;

/** The outbox directory. Call {@link open} once before anything else. */
export class Outbox {
  readonly dir: string;
  readonly #entries = new Map<number, OutboxEntry>();
  readonly #sources = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  get entriesDir(): string {
    return join(this.dir, 'entries');
  }
  get rejectedDir(): string {
    return join(this.dir, 'rejected');
  }
  get tmpDir(): string {
    return join(this.dir, 'tmp');
  }
  get statePath(): string {
    return join(this.dir, 'state.json');
  }

  /**
   * Creates the layout if needed, removes leftovers of interrupted steps and loads every pending
   * entry. Throws only on I/O errors (the agent cannot run without its outbox).
   */
  async open(): Promise<OutboxRecovery> {
    for (const d of [this.entriesDir, this.rejectedDir, this.tmpDir]) {
      await mkdir(d, { recursive: true });
    }
    let removed = 0;
    // Temporary files of an atomic write of state.json that a crash cut off before its rename:
    // nothing else cleans the outbox's root, so each such crash left one behind for good. No
    // writer can be running: the agent holds the outbox lock before it opens the outbox.
    for (const name of await readdir(this.dir)) {
      if (isTmpName(name)) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    for (const name of await readdir(this.tmpDir)) {
      await rm(join(this.tmpDir, name), { recursive: true, force: true });
      removed++;
    }
    for (const name of await readdir(this.rejectedDir)) {
      if (name.startsWith('.tmp-')) {
        await rm(join(this.rejectedDir, name), { recursive: true, force: true });
        removed++;
      }
    }
    const names = new Set(await readdir(this.entriesDir));
    const quarantined: string[] = [];
    this.#entries.clear();
    this.#sources.clear();
    for (const name of names) {
      if (isTmpName(name)) {
        await rm(join(this.entriesDir, name), { force: true });
        removed++;
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const stem = name.slice(0, -'.json'.length);
      const parsed = OutboxEntrySchema.safeParse(
        safeJson(await readFile(join(this.entriesDir, name), 'utf8')),
      );
      if (!parsed.success || !names.has(`${stem}.bin`) || entryName(parsed.data.entryNo) !== stem) {
        quarantined.push(await this.#quarantine(stem, names));
        continue;
      }
      this.#add(parsed.data);
    }
    // A .bin without its sidecar: the copy was never committed, or the acknowledgement was.
    for (const name of names) {
      if (!name.endsWith('.bin')) continue;
      const stem = name.slice(0, -'.bin'.length);
      if (!names.has(`${stem}.json`)) {
        await rm(join(this.entriesDir, name), { force: true });
        removed++;
      }
    }
    await fsyncDir(this.entriesDir);
    const interruptedRejections: OutboxEntry[] = [];
    for (const e of this.pending()) {
      if (await exists(join(this.rejectedDir, entryName(e.entryNo)))) interruptedRejections.push(e);
    }
    return {
      pending: this.#entries.size,
      removedLeftovers: removed,
      quarantined,
      interruptedRejections,
    };
  }

  /** Entries waiting for delivery, lowest entry number first. */
  pending(): OutboxEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.entryNo - b.entryNo);
  }

  /** The highest entry number present, 0 if none. */
  maxEntryNo(): number {
    let max = 0;
    for (const no of this.#entries.keys()) max = Math.max(max, no);
    return max;
  }

  /** True if an entry of the local batch is waiting. */
  hasPendingFor(batchLocalId: string): boolean {
    for (const e of this.#entries.values()) if (e.batchLocalId === batchLocalId) return true;
    return false;
  }

  /** True when a pending entry came from this inbox file as it is now (path, size, mtime). */
  holdsSource(relPath: string, size: number, mtimeMs: number): boolean {
    return this.#sources.has(sourceKey(relPath, size, mtimeMs));
  }

  /** Path of an entry's bytes. */
  dataPath(e: Pick<OutboxEntry, 'entryNo'>): string {
    return join(this.entriesDir, `${entryName(e.entryNo)}.bin`);
  }

  /** Folder where a refused entry is kept. */
  rejectedPath(e: Pick<OutboxEntry, 'entryNo'>): string {
    return join(this.rejectedDir, entryName(e.entryNo));
  }

  /** Number of refused entries kept in `rejected/`. */
  async rejectedCount(): Promise<number> {
    return (await readdir(this.rejectedDir)).filter((n) => !n.startsWith('.')).length;
  }

  /**
   * Copies `src` into `tmp/`, hashing it, fsynced. Nothing is committed: pair with
   * {@link commit} or {@link discard}. Throws the file system's error (ENOENT, ENOSPC …).
   */
  async stage(src: string): Promise<StagedCopy> {
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
    const r = await copyDurably(src, tmpPath);
    return { tmpPath, ...r };
  }

  /** Removes a staged copy that will not become an entry. */
  async discard(staged: StagedCopy): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  /**
   * Turns a staged copy into a pending entry: bytes renamed into `entries/`, then the sidecar
   * written atomically. When this resolves the entry survives any crash.
   */
  async commit(
    staged: StagedCopy,
    e: Omit<OutboxEntry, 'version' | 'sha256' | 'bytes' | 'rehomed' | 'createdAt' | 'pages'> & {
      pages?: number;
    },
  ): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      version: 1,
      ...e,
      pages: e.pages ?? 1,
      sha256: staged.sha256,
      bytes: staged.bytes,
      createdAt: new Date().toISOString(),
      rehomed: 0,
    };
    await rename(staged.tmpPath, this.dataPath(entry));
    await fsyncDir(this.entriesDir);
    await this.#writeSidecar(entry);
    this.#add(entry);
    return entry;
  }

  /** Moves a pending entry to another batch and seq (its batch is gone from the server). */
  async rehome(
    e: OutboxEntry,
    batchLocalId: string,
    seq: number,
    countsAsRehome: boolean,
  ): Promise<OutboxEntry> {
    const next: OutboxEntry = {
      ...e,
      batchLocalId,
      seq,
      rehomed: e.rehomed + (countsAsRehome ? 1 : 0),
    };
    await this.#writeSidecar(next);
    this.#remove(e);
    this.#add(next);
    return next;
  }

  /**
   * Drops an acknowledged entry: sidecar first (the commit point), then the bytes. Only call this
   * after the server's acknowledgement and after the inbox source has been moved.
   */
  async remove(e: OutboxEntry): Promise<void> {
    const stem = join(this.entriesDir, entryName(e.entryNo));
    await rm(`${stem}.json`, { force: true });
    await fsyncDir(this.entriesDir);
    await rm(`${stem}.bin`, { force: true });
    this.#remove(e);
  }

  /**
   * Records a refusal: `rejected/<no>/` gets the bytes (under the original name), `entry.json` and
   * `error.json`, built in a temporary folder and renamed into place. The entry stays pending
   * until {@link remove} is called, so a crash in between only repeats this step. Returns the folder.
   */
  async recordRejection(e: OutboxEntry, why: Rejection): Promise<string> {
    const dest = this.rejectedPath(e);
    if (await exists(dest)) return dest;
    const tmp = join(
      this.rejectedDir,
      `.tmp-${entryName(e.entryNo)}-${randomBytes(4).toString('hex')}`,
    );
    await mkdir(tmp);
    await linkOrCopy(this.dataPath(e), join(tmp, safeFileName(e.originalName)));
    await writeFileAtomic(join(tmp, 'entry.json'), `${JSON.stringify(e, null, 2)}\n`);
    await writeFileAtomic(join(tmp, 'error.json'), `${JSON.stringify(why, null, 2)}\n`);
    await rename(tmp, dest);
    await fsyncDir(this.rejectedDir);
    return dest;
  }

  /** Reads back the refusal recorded for an entry. */
  async readRejection(e: Pick<OutboxEntry, 'entryNo'>): Promise<Rejection | undefined> {
    const r = RejectionSchema.safeParse(
      safeJson(await readFile(join(this.rejectedPath(e), 'error.json'), 'utf8').catch(() => '')),
    );
    return r.success ? r.data : undefined;
  }

  async #quarantine(stem: string, names: Set<string>): Promise<string> {
    const dest = join(this.rejectedDir, `corrupt-${stem}-${Date.now()}`);
    await mkdir(dest);
    for (const ext of ['.json', '.bin']) {
      if (names.has(stem + ext))
        await rename(join(this.entriesDir, stem + ext), join(dest, stem + ext));
    }
    await fsyncDir(this.entriesDir);
    await fsyncDir(this.rejectedDir);
    return dest;
  }

  async #writeSidecar(e: OutboxEntry): Promise<void> {
    await writeFileAtomic(
      join(this.entriesDir, `${entryName(e.entryNo)}.json`),
      `${JSON.stringify(e, null, 2)}\n`,
    );
  }

  #add(e: OutboxEntry): void {
    this.#entries.set(e.entryNo, e);
    this.#sources.add(sourceKey(e.source.relPath, e.source.size, e.source.mtimeMs));
  }

  #remove(e: OutboxEntry): void {
    this.#entries.delete(e.entryNo);
    const key = sourceKey(e.source.relPath, e.source.size, e.source.mtimeMs);
    if (
      ![...this.#entries.values()].some(
        (x) => sourceKey(x.source.relPath, x.source.size, x.source.mtimeMs) === key,
      )
    ) {
      this.#sources.delete(key);
    }
  }
}

// Original names come from the inbox, so they are valid file names already; this only guards
// the two names the rejected folder uses for itself.
const safeFileName = (name: string) =>
  name === 'entry.json' || name === 'error.json' ? `file-${name}` : name;

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
