/**
 * What the operator's side knows about a dossier that the uploading agent sends with its batch:
 * who is scanning it and how many pages the inventory expects. The terminal session and `scan`
 * write it; the agent that uploads (the same process, or the `watch` service on the same outbox)
 * reads it when it opens the dossier's batch and again when it closes it. One small JSON file per
 * dossier in `<outbox>/dossiers/`, written atomically; never inside the inbox, where the hot folder
 * would have to step around it.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './durable-fs.js';
import { errnoCode } from './errors.js';

const DossierInfoSchema = z.object({
  /** Người quét: sent as the batch's `operator` */
  operator: z.string().trim().min(1).max(100).optional(),
  /** Số trang dự kiến (inventory or --expected): sent as `expectedPages` */
  expectedPages: z.number().int().min(1).max(100_000).optional(),
});
export type DossierInfo = z.infer<typeof DossierInfoSchema>;

/** The store under `<outbox>/dossiers/`. */
export class DossierInfoStore {
  readonly #dir: string;

  constructor(outboxDir: string) {
    this.#dir = join(outboxDir, 'dossiers');
  }

  // Codes may hold characters a file name cannot (the api allows all but '/' and controls).
  #path(code: string): string {
    return join(this.#dir, `${encodeURIComponent(code.normalize('NFC'))}.json`);
  }

  /** The dossier's info; `{}` when none was written or the file is unreadable. */
  async read(code: string): Promise<DossierInfo> {
    let raw: string;
    try {
      raw = await readFile(this.#path(code), 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return {};
      throw err;
    }
    try {
      const r = DossierInfoSchema.safeParse(JSON.parse(raw));
      return r.success ? r.data : {};
    } catch {
      return {};
    }
  }

  /** Replaces the dossier's info, durably. */
  async write(code: string, info: DossierInfo): Promise<void> {
    const clean = DossierInfoSchema.parse(info);
    await mkdir(this.#dir, { recursive: true });
    await writeFileAtomic(this.#path(code), `${JSON.stringify(clean)}\n`);
  }

  /** Forgets the dossier's info (its batch is closed). */
  async remove(code: string): Promise<void> {
    await rm(this.#path(code), { force: true });
  }
}
