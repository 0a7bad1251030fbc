/**
 * Feeds the agent's events into the progress of the dossier on the operator's desk. Only what
 * happens to pages taken during this sitting counts: a page the agent resumes from an earlier run
 * is delivered all the same, but it was counted when it was scanned.
 *
 * When a `watch` service uploads instead (it holds the outbox, so there are no events here), the
 * counts come from the inbox: files that arrive in `.done/<mã hồ sơ>/` were stored, files in
 * `.rejected/<mã hồ sơ>/` were set aside, each counted by its pages.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScannerAgent } from '../agent.js';
import { mediaTypeOf, DONE_DIR, REJECTED_DIR } from '../inbox-paths.js';
import { countPages } from '../page-count.js';
import {
  filesRefused,
  filesSafe,
  filesStored,
  pageScanned,
  startProgress,
  type Progress,
} from './progress.js';

export class SittingTracker {
  #progress: Progress | undefined;
  /** Outbox entries (by entry number) taken in this sitting, with their page counts. */
  readonly #mine = new Map<number, number>();
  #listener: (() => void) | undefined;
  readonly #inboxDir: string | undefined;
  #poll: NodeJS.Timeout | undefined;
  #tallyNow: (() => Promise<void>) | undefined;

  /** `inboxDir`: count from the inbox's folders (no `agent`: a `watch` service uploads). */
  constructor(agent: ScannerAgent | undefined, inboxDir?: string) {
    this.#inboxDir = agent === undefined ? inboxDir : undefined;
    agent?.on('ingested', (e) => {
      if (e.dossierCode !== this.#progress?.dossierCode) return;
      this.#mine.set(e.entryNo, e.pages);
      this.#set(filesSafe(this.#progress, e.pages));
    });
    agent?.on('acknowledged', (e, ack) => {
      if (this.#progress === undefined || !this.#mine.has(e.entryNo)) return;
      this.#mine.delete(e.entryNo);
      this.#set(filesStored(this.#progress, ack.frameCount));
    });
    agent?.on('rejected', (e) => {
      const pages = this.#mine.get(e.entryNo);
      if (this.#progress === undefined || pages === undefined) return;
      this.#mine.delete(e.entryNo);
      this.#set(filesRefused(this.#progress, pages, true));
    });
    agent?.on('refused', (r) => {
      if (r.dossierCode !== this.#progress?.dossierCode) return;
      this.#set(filesRefused(this.#progress, 1, false));
    });
  }

  /** Starts following `dossierCode`. */
  async begin(dossierCode: string, expected: number | undefined, earlier: number): Promise<void> {
    this.end();
    this.#mine.clear();
    this.#progress = startProgress(dossierCode, expected, earlier);
    const inbox = this.#inboxDir;
    if (inbox === undefined) return;
    const done = join(inbox, DONE_DIR, dossierCode);
    const rejected = join(inbox, REJECTED_DIR, dossierCode);
    const before = new Set([...(await names(done)), ...(await names(rejected))]);
    const pagesOf = new Map<string, number>();
    const tally = async (dir: string) => {
      let pages = 0;
      for (const n of await names(dir)) {
        const type = mediaTypeOf(n);
        if (before.has(n) || type === undefined) continue;
        if (!pagesOf.has(n)) {
          pagesOf.set(
            n,
            await countPages(join(dir, n), type).then(
              (c) => c.pages,
              () => 1,
            ),
          );
        }
        pages += pagesOf.get(n) ?? 1;
      }
      return pages;
    };
    const update = async () => {
      const [stored, refused] = await Promise.all([tally(done), tally(rejected)]);
      const p = this.#progress;
      if (p === undefined || p.dossierCode !== dossierCode) return;
      if (p.stored === stored && p.refused === refused) return;
      const safe = Math.max(p.safe, stored);
      this.#set({ ...p, stored, refused, safe, scanned: Math.max(p.scanned, safe + refused) });
    };
    this.#tallyNow = update;
    let busy = false;
    this.#poll = setInterval(() => {
      if (busy) return;
      busy = true;
      update()
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, 500);
  }

  /**
   * True once the counts have caught up with the inbox: every page taken in this sitting has been
   * acknowledged or refused (events), or the folders were counted just now (`watch` service).
   * Call it after the dossier's folder has emptied, before showing or checking the counts.
   */
  async settled(): Promise<boolean> {
    if (this.#tallyNow !== undefined) {
      await this.#tallyNow();
      return true;
    }
    return this.#mine.size === 0;
  }

  /** Stops following (the folder poll, when there is one). */
  end(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
    this.#tallyNow = undefined;
  }

  /** The scanner produced a page of the followed dossier. */
  scanned(): void {
    if (this.#progress !== undefined) this.#set(pageScanned(this.#progress));
  }

  get progress(): Progress | undefined {
    return this.#progress;
  }

  /** Called after every change (the bar redraws). */
  onChange(listener: (() => void) | undefined): void {
    this.#listener = listener;
  }

  #set(p: Progress): void {
    this.#progress = p;
    this.#listener?.();
  }
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}
