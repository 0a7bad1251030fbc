/**
 * `sohoa-agent scan`: scans a stack through the ADF into the agent's normal durable path.
 *
 * Design: scanned pages are not uploaded by this command directly. Each finished page is moved
 * atomically (a hard link or rename inside one filesystem: the staging folder lives beside the
 * inbox) into `inbox/<mã hồ sơ>/` under the next zero-padded number, and the hot folder takes it
 * from there exactly as it takes any other file: outbox with fsync and SHA-256, retries, exactly
 * once, in name order. So there is one delivery path to trust, not two.
 *
 * Who uploads: if no agent holds the outbox, this command runs the agent in-process for the
 * duration of the scan (a station without the `watch` service still works with one command); if
 * the `watch` agent is running (the outbox lock says so), it leaves the uploading to it. Either
 * way progress is read from the inbox itself: a page has been uploaded once the agent moved it to
 * `.done/<mã hồ sơ>/` (or refused it into `.rejected/`).
 *
 * The closing marker XONG is written only after every scanned page has left the dossier folder,
 * so it can never overtake a page the agent has not taken yet (the batch would close early and
 * the last pages would start a new one).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScannerAgent, type AgentSettings } from '../agent.js';
import { DossierInfoStore } from '../dossier-info.js';
import { fsyncDir } from '../durable-fs.js';
import { AgentError, errnoCode } from '../errors.js';
import { DONE_DIR, REJECTED_DIR } from '../inbox-paths.js';
import { checkDossierCode, closedUpTo } from './dossier-folder.js';
import type { PageFormat, ScanimageOptions } from './scanimage.js';
import { scanStack } from './scan-stack.js';

/** What the operator asked for (flags of `sohoa-agent scan`). */
export interface ScanRequest {
  dossierCode: string;
  /** SANE device name; when unset, the only device found. */
  device: string | undefined;
  resolution: number;
  /** Gray | Color | Lineart, or the device's own mode name; the device's current mode if unset. */
  mode: string | undefined;
  /** ADF | "ADF Duplex" | Flatbed, or the device's own source name. */
  source: string;
  format: PageFormat;
  /** Expected page count from the inventory; a different count is warned before closing. */
  expected: number | undefined;
  /** Write XONG at the end (false: leave the dossier open for another stack). */
  close: boolean;
  /** Người quét, sent with the batch (the remembered operator, or --operator). */
  operator?: string | undefined;
}

export interface ScanDeps {
  agent: AgentSettings;
  log: Logger;
  /** Terminal output for the operator (Vietnamese first). */
  terminal: Terminal;
  scanimage?: ScanimageOptions;
  /** Extra scanimage options (tests: `--test-picture`). */
  extraArgs?: readonly string[];
  /** Asks the operator a yes/no question; undefined when nobody is at a terminal. */
  confirm?: ((question: string) => Promise<boolean>) | undefined;
  signal?: AbortSignal;
  /** How often the inbox is looked at for progress. */
  pollMs?: number;
}

/** Where progress and messages go; a TTY rewrites the progress line in place. */
export interface Terminal {
  line(text: string): void;
  progress(text: string): void;
}

export interface ScanSummary {
  dossierCode: string;
  device: string;
  scanned: number;
  uploaded: number;
  rejected: number;
  /** Pages of the dossier since it was last closed, this stack included. */
  pagesInDossier: number;
  /** File names given to the pages, in scan order. */
  files: string[];
  closed: boolean;
  /** Who uploaded: this process, or the `watch` agent already running. */
  uploader: 'in-process' | 'watch-agent';
}

/**
 * Scans one stack into `inbox/<dossierCode>/`, has it uploaded, and closes the dossier. Throws
 * {@link ScannerError} for device problems (pages scanned before the error are kept and still
 * uploaded), `outbox.*` errors if the outbox cannot be opened.
 */
export async function runScan(req: ScanRequest, deps: ScanDeps): Promise<ScanSummary> {
  checkDossierCode(req.dossierCode);
  const t = deps.terminal;
  const log = deps.log.child({ dossierCode: req.dossierCode });
  const inbox = deps.agent.inboxDir;
  const dossierDir = join(inbox, req.dossierCode);
  const doneDir = join(inbox, DONE_DIR, req.dossierCode);
  const rejectedDir = join(inbox, REJECTED_DIR, req.dossierCode);
  // Told to the uploading agent before the first page: it opens the batch with them.
  await new DossierInfoStore(deps.agent.outboxDir).write(req.dossierCode, {
    ...(req.operator === undefined ? {} : { operator: req.operator }),
    ...(req.expected === undefined ? {} : { expectedPages: req.expected }),
  });
  // Started before scanning; from here on the `finally` below stops it.
  let agent: ScannerAgent | undefined = new ScannerAgent(deps.agent, deps.log);
  let uploader: ScanSummary['uploader'] = 'in-process';
  try {
    await agent.start();
  } catch (err) {
    if (!(err instanceof AgentError && err.code === 'outbox.locked')) throw err;
    agent = undefined;
    uploader = 'watch-agent';
  }
  t.line(
    uploader === 'in-process'
      ? 'Tác tử gửi trang chạy trong lệnh này / Uploading from this command'
      : 'Tác tử "watch" đang chạy sẽ gửi các trang / The running "watch" agent uploads the pages',
  );

  const files: string[] = [];
  let scanning = 0;
  const countIn = async (dir: string) => {
    try {
      const names = new Set(await readdir(dir));
      return files.filter((f) => names.has(f)).length;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 0;
      throw err;
    }
  };
  let uploaded = 0;
  let rejected = 0;
  let serverNote = '';
  const show = () =>
    t.progress(
      `Hồ sơ ${req.dossierCode}: đang quét tờ ${scanning} · đã quét ${files.length} trang · đã gửi ${uploaded}/${files.length}${rejected > 0 ? ` · bị từ chối ${rejected}` : ''}${req.expected === undefined ? '' : ` · cần ${req.expected}`}${serverNote}`,
    );
  const refresh = async () => {
    uploaded = await countIn(doneDir);
    rejected = await countIn(rejectedDir);
    // Only the in-process agent can say why uploads wait (server down, token refused …).
    const st = agent?.status().uploader;
    serverNote =
      st?.lastError !== undefined && st.failuresInARow > 0
        ? ` · chưa gửi được, đang thử lại (${st.lastError.code}) / retrying`
        : '';
    show();
  };
  const poll = setInterval(() => void refresh().catch(() => undefined), deps.pollMs ?? 250);

  try {
    const openFrom = await closedUpTo(doneDir);
    const stack = await scanStack(req, {
      inboxDir: inbox,
      log: deps.log,
      scanimage: deps.scanimage,
      extraArgs: deps.extraArgs,
      signal: deps.signal,
      line: (text) => t.line(text),
      onScanning: (n) => {
        scanning = n;
        show();
      },
      onPage: (name) => {
        files.push(name);
        show();
      },
    });

    if (files.length > 0) {
      t.line(
        `Đang chờ gửi ${files.length} trang lên máy chủ… (Ctrl-C để dừng; các trang đã an toàn trên đĩa) / Waiting for the upload…`,
      );
      await waitUntil(async () => {
        await refresh();
        return (await countIn(dossierDir)) === 0;
      }, deps);
      t.line(
        `Đã gửi ${uploaded}/${files.length} trang / Uploaded ${uploaded} of ${files.length} pages`,
      );
    }
    if (stack.error !== undefined) throw stack.error;

    // Pages of the open dossier: this stack and earlier stacks scanned with --no-close.
    const total = stack.lastNo - openFrom;
    if (total !== files.length)
      t.line(
        `Hồ sơ có ${total} trang (lần này ${files.length}) / The dossier has ${total} pages (${files.length} in this stack)`,
      );
    let close = req.close;
    if (close && req.expected !== undefined && req.expected !== total) {
      const warning = `CẢNH BÁO: hồ sơ ${req.dossierCode} cần ${req.expected} trang theo mục lục nhưng đã quét ${total} / WARNING: the inventory expects ${req.expected} pages, ${total} were scanned`;
      t.line(warning);
      log.warn({ expected: req.expected, scanned: total }, 'page count differs from the inventory');
      if (deps.confirm !== undefined) {
        close = await deps.confirm('Vẫn đóng hồ sơ? / Close the dossier anyway? [c/K] ');
        if (!close)
          t.line(
            'Hồ sơ để mở: quét tiếp với cùng mã hồ sơ, số trang sẽ nối tiếp / Left open: scan again with the same code to add pages',
          );
      }
    }
    if (close && total > 0) {
      await closeDossier(dossierDir, { last: stack.lastNo, pages: total }, deps);
      t.line(`Đã đóng hồ sơ ${req.dossierCode} (${total} trang) / Dossier closed (${total} pages)`);
      log.info({ pages: total }, 'dossier closed');
    }
    return {
      dossierCode: req.dossierCode,
      device: stack.device,
      scanned: files.length,
      uploaded,
      rejected,
      files,
      pagesInDossier: total,
      closed: close && total > 0,
      uploader,
    };
  } finally {
    clearInterval(poll);
    await agent?.stop();
  }
}

/**
 * Writes the closing marker XONG (`last=<n> pages=<n>`: where the closed dossier ends, for the
 * numbering of a later stack) and waits until the agent has closed the batch and consumed it.
 * Only call it once every page has left the dossier folder, so the marker cannot overtake one.
 */
export async function closeDossier(
  dossierDir: string,
  o: { last: number; pages: number },
  deps: Pick<ScanDeps, 'signal' | 'pollMs'>,
): Promise<void> {
  await writeFile(
    join(dossierDir, 'XONG'),
    `last=${o.last} pages=${o.pages} closed=${new Date().toISOString()}\n`,
  );
  await fsyncDir(dossierDir);
  // The agent consumes the marker (moves it to .done/) once the batch is closed on the server.
  await waitUntil(async () => !(await readdir(dossierDir)).includes('XONG'), deps);
}

/** Polls `cond` until true; an abort ends the wait with `scan.interrupted` (pages stay safe). */
export async function waitUntil(
  cond: () => Promise<boolean>,
  deps: Pick<ScanDeps, 'signal' | 'pollMs'>,
): Promise<void> {
  while (!(await cond())) {
    if (deps.signal?.aborted === true) {
      throw new AgentError('scan.interrupted', {
        message: 'Đã dừng khi các trang chưa gửi xong / Stopped before every page was uploaded',
        hint: 'Các trang vẫn an toàn trong thư mục quét và hàng đợi; chạy "sohoa-agent watch" để gửi tiếp / The pages are safe in the inbox and outbox; run "sohoa-agent watch" to finish the upload',
        retryable: true,
      });
    }
    await new Promise((r) => setTimeout(r, deps.pollMs ?? 250));
  }
}
