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
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { ScannerAgent, type AgentSettings } from '../agent.js';
import { fsyncDir } from '../durable-fs.js';
import { AgentError, errnoCode } from '../errors.js';
import { DONE_DIR, REJECTED_DIR } from '../inbox-paths.js';
import { chooseSettings, pickDevice } from './choose-settings.js';
import { checkDossierCode, closedUpTo, lastPageNumber, publishPage } from './dossier-folder.js';
import { isPng, stampPng, stampTiff } from './page-stamp.js';
import {
  readDeviceOptions,
  scanBatch,
  type PageFormat,
  type ScanimageOptions,
} from './scanimage.js';

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
  const sc = deps.scanimage ?? {};
  const t = deps.terminal;
  const log = deps.log.child({ dossierCode: req.dossierCode });
  const device = await pickDevice(req, sc);
  const options = await readDeviceOptions(device, sc);
  const chosen = chooseSettings(device, options, req);

  const inbox = deps.agent.inboxDir;
  const dossierDir = join(inbox, req.dossierCode);
  const doneDir = join(inbox, DONE_DIR, req.dossierCode);
  const rejectedDir = join(inbox, REJECTED_DIR, req.dossierCode);
  // Beside the inbox, not inside it (the watcher must never see a page being written), and on
  // the same filesystem, so that publishing a page is a link or rename, not a copy.
  const stagingRoot = join(dirname(inbox), `.${basename(inbox)}-scanning`);
  const staging = join(stagingRoot, randomUUID());
  await mkdir(dossierDir, { recursive: true });
  // Started before the staging folder exists; from here on the `finally` below stops it.
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
    await mkdir(staging, { recursive: true });
    // Pages left by a scan that crashed are sheets that exist nowhere else: point at them, never
    // delete them. Another scan running at this station right now has a fresh folder: skipped.
    for (const old of await readdir(stagingRoot)) {
      const dir = join(stagingRoot, old);
      if (dir === staging || Date.now() - (await stat(dir)).mtimeMs < 10 * 60_000) continue;
      const names = await readdir(dir);
      if (names.some((n) => /^p\d+/.test(n)))
        t.line(
          `CẢNH BÁO: còn trang của lần quét trước bị gián đoạn ở ${dir} / WARNING: pages of an interrupted scan are in ${dir}`,
        );
    }
    let next = (await lastPageNumber([dossierDir, doneDir, rejectedDir])) + 1;
    const openFrom = await closedUpTo(doneDir);
    t.line(
      `Quét hồ sơ ${req.dossierCode} trên ${device}: ${req.resolution} dpi, ${chosen.mode ?? options.defaultMode ?? '?'}, ${chosen.source ?? req.source} → ${dossierDir}`,
    );
    let scanError: Error | undefined;
    try {
      const result = await scanBatch(
        {
          device,
          stagingDir: staging,
          format: req.format,
          resolution: req.resolution,
          mode: chosen.mode,
          source: chosen.source,
          single: chosen.single,
          ...(deps.extraArgs === undefined ? {} : { extraArgs: deps.extraArgs }),
          ...(deps.signal === undefined ? {} : { signal: deps.signal }),
        },
        {
          onScanning: (n) => {
            scanning = n;
            show();
          },
          onPage: async (path, n) => {
            const page = await stampPage(path, {
              format: req.format,
              text: `${req.dossierCode} · tờ/sheet ${n} · ${device} · ${new Date().toISOString()}`,
            });
            const p = await publishPage(page, dossierDir, next, req.format);
            next = p.no + 1;
            files.push(p.name);
            log.info({ file: p.name, sheet: n, device }, 'page scanned into the inbox');
            show();
          },
        },
        sc,
      );
      log.info({ pages: result.pages, endedBy: result.endedBy, device }, 'scan finished');
      t.line(`Đã quét xong ${result.pages} trang / Scanned ${result.pages} pages`);
    } catch (err) {
      // Kept until the pages scanned before the failure are uploaded, then thrown.
      scanError = err instanceof Error ? err : new Error(String(err));
    }

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
    if (scanError !== undefined) throw scanError;

    // Pages of the open dossier: this stack and earlier stacks scanned with --no-close.
    const total = next - 1 - openFrom;
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
      await writeFile(
        join(dossierDir, 'XONG'),
        `last=${next - 1} pages=${total} closed=${new Date().toISOString()}\n`,
      );
      await fsyncDir(dossierDir);
      // The agent consumes the marker (moves it to .done/) once the batch is closed on the server.
      await waitUntil(async () => !(await readdir(dossierDir)).includes('XONG'), deps);
      t.line(`Đã đóng hồ sơ ${req.dossierCode} (${total} trang) / Dossier closed (${total} pages)`);
      log.info({ pages: total }, 'dossier closed');
    }
    return {
      dossierCode: req.dossierCode,
      device,
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
    await leaveOrRemoveStaging(staging, t, log);
  }
}

/**
 * Writes the provenance stamp (page-stamp.ts) into a finished page under a new name in the
 * staging folder, then removes the original: a crash leaves one whole page, never half of one.
 * Returns the path of the page to publish (the original if it could not be stamped).
 */
async function stampPage(path: string, o: { format: PageFormat; text: string }): Promise<string> {
  const bytes = await readFile(path);
  const stamped =
    o.format === 'png'
      ? isPng(bytes)
        ? stampPng(bytes, 'sohoa:scan', o.text)
        : undefined
      : stampTiff(bytes, o.text);
  if (stamped === undefined) return path;
  const out = path.replace(/(\.[a-z]+)$/, '-stamped$1');
  await writeFile(out, stamped);
  await rm(path);
  return out;
}

/**
 * Removes this run's staging folder when it is empty. Pages left in it (a page could not be
 * moved into the inbox, so the scan stopped) are scanned sheets that exist nowhere else: they are
 * kept, and the operator is told where.
 */
async function leaveOrRemoveStaging(staging: string, t: Terminal, log: Logger): Promise<void> {
  const left = (await readdir(staging).catch(() => [] as string[])).filter((n) => /^p\d+/.test(n));
  if (left.length === 0) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  log.warn({ staging, files: left.length }, 'scanned pages left in the staging folder');
  t.line(
    `CẢNH BÁO: ${left.length} trang đã quét còn ở ${staging}, chưa vào thư mục quét; kiểm tra rồi chép vào inbox/<mã hồ sơ>/ hoặc quét lại / WARNING: ${left.length} scanned pages are still in ${staging}`,
  );
}

/** Polls `cond` until true; an abort ends the wait with `scan.interrupted` (pages stay safe). */
async function waitUntil(
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
