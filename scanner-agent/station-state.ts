/**
 * What a scanning station remembers between sittings: who works at it. Asked once by the terminal
 * session and kept in `<outbox>/station.json` (the agent's own folder on this machine), so the
 * operator is not asked again every morning; `--operator` changes it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './durable-fs.js';
import { errnoCode } from './errors.js';

const StationSchema = z.object({
  /** Người quét: sent with every batch as `operator` */
  operator: z.string().trim().min(1).max(100).optional(),
});
export type Station = z.infer<typeof StationSchema>;

/** `<outbox>/station.json`. */
export class StationState {
  readonly #path: string;
  readonly #dir: string;

  constructor(outboxDir: string) {
    this.#dir = outboxDir;
    this.#path = join(outboxDir, 'station.json');
  }

  /** What was remembered; `{}` when nothing (or the file is unreadable: asked again). */
  async read(): Promise<Station> {
    try {
      const r = StationSchema.safeParse(JSON.parse(await readFile(this.#path, 'utf8')));
      return r.success ? r.data : {};
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) return {};
      throw err;
    }
  }

  /** Remembers `s`, durably. */
  async write(s: Station): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeFileAtomic(this.#path, `${JSON.stringify(StationSchema.parse(s))}\n`);
  }
}
