/**
 * Feeds the agent's events into the progress of the dossier on the operator's desk. Only what
 * happens to pages taken during this sitting counts: a page the agent resumes from an earlier run
 * is delivered all the same, but it was counted when it was scanned.
 */
import type { ScannerAgent } from '../agent.js';
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

  constructor(agent: ScannerAgent | undefined) {
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
  begin(dossierCode: string, expected: number | undefined, earlier: number): Progress {
    this.#mine.clear();
    const p = startProgress(dossierCode, expected, earlier);
    this.#progress = p;
    return p;
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
