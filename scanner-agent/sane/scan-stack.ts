/**
 * One stack of paper through the scanner into `inbox/<mã hồ sơ>/`: the part of scanning that the
 * `scan` command and the operator's terminal session share. Pages are written by scanimage into a
 * staging folder beside the inbox, stamped with their provenance, and published into the dossier
 * folder one by one under the next free number, so the hot folder takes each page through the
 * agent's normal durable path (outbox with fsync and SHA-256, exactly once, in name order).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { DONE_DIR, REJECTED_DIR } from '../inbox-paths.js';
import { chooseSettings, pickDevice } from './choose-settings.js';
import { checkDossierCode, lastPageNumber, publishPage } from './dossier-folder.js';
import { isPng, stampPng, stampTiff } from './page-stamp.js';
import {
  readDeviceOptions,
  scanBatch,
  type PageFormat,
  type ScanimageOptions,
} from './scanimage.js';

/** What to scan: the dossier and the scanner settings the operator asked for. */
export interface StackRequest {
  dossierCode: string;
  /** SANE device name; when unset, the only device found. */
  device: string | undefined;
  resolution: number;
  /** Gray | Color | Lineart, or the device's own mode name; the device's current mode if unset. */
  mode: string | undefined;
  /** ADF | "ADF Duplex" | Flatbed, or the device's own source name. */
  source: string;
  format: PageFormat;
}

export interface StackDeps {
  inboxDir: string;
  log: Logger;
  scanimage?: ScanimageOptions | undefined;
  /** Extra scanimage options (tests: `--test-picture`). */
  extraArgs?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
  /** Messages for the operator (Vietnamese first). */
  line?: (text: string) => void;
  /** scanimage started on sheet `n`. */
  onScanning?: (n: number) => void;
  /** Page file `name` is in the dossier folder (sheet `n` of this stack). */
  onPage?: (name: string, n: number) => void;
}

export interface StackResult {
  device: string;
  /** File names given to the pages, in scan order. */
  files: string[];
  /** The highest page number in the dossier folder after this stack. */
  lastNo: number;
  /** The device error that ended the stack early (pages before it are kept), if any. */
  error: Error | undefined;
}

/**
 * Scans one stack. Device and settings problems are thrown before anything is scanned
 * (`scanner.no_devices`, `scanner.option_invalid`, …); a device error in the middle of the stack
 * is returned in `error` with the pages scanned before it, which are already in the inbox.
 */
export async function scanStack(req: StackRequest, deps: StackDeps): Promise<StackResult> {
  checkDossierCode(req.dossierCode);
  const sc = deps.scanimage ?? {};
  const say = deps.line ?? (() => undefined);
  const log = deps.log.child({ dossierCode: req.dossierCode });
  const device = await pickDevice(req, sc);
  const options = await readDeviceOptions(device, sc);
  const chosen = chooseSettings(device, options, req);

  const inbox = deps.inboxDir;
  const dossierDir = join(inbox, req.dossierCode);
  const doneDir = join(inbox, DONE_DIR, req.dossierCode);
  const rejectedDir = join(inbox, REJECTED_DIR, req.dossierCode);
  // Beside the inbox, not inside it (the watcher must never see a page being written), and on
  // the same filesystem, so that publishing a page is a link or rename, not a copy.
  const stagingRoot = join(dirname(inbox), `.${basename(inbox)}-scanning`);
  const staging = join(stagingRoot, randomUUID());
  await mkdir(dossierDir, { recursive: true });
  await mkdir(staging, { recursive: true });
  const files: string[] = [];
  let next = 1;
  try {
    // Pages left by a scan that crashed are sheets that exist nowhere else: point at them, never
    // delete them. Another scan running at this station right now has a fresh folder: skipped.
    for (const old of await readdir(stagingRoot)) {
      const dir = join(stagingRoot, old);
      if (dir === staging || Date.now() - (await stat(dir)).mtimeMs < 10 * 60_000) continue;
      const names = await readdir(dir);
      if (names.some((n) => /^p\d+/.test(n)))
        say(
          `CẢNH BÁO: còn trang của lần quét trước bị gián đoạn ở ${dir} / WARNING: pages of an interrupted scan are in ${dir}`,
        );
    }
    next = (await lastPageNumber([dossierDir, doneDir, rejectedDir])) + 1;
    say(
      `Quét hồ sơ ${req.dossierCode} trên ${device}: ${req.resolution} dpi, ${chosen.mode ?? options.defaultMode ?? '?'}, ${chosen.source ?? req.source} → ${dossierDir}`,
    );
    let error: Error | undefined;
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
          onScanning: (n) => deps.onScanning?.(n),
          onPage: async (path, n) => {
            const page = await stampPage(path, {
              format: req.format,
              text: `${req.dossierCode} · tờ/sheet ${n} · ${device} · ${new Date().toISOString()}`,
            });
            const p = await publishPage(page, dossierDir, next, req.format);
            next = p.no + 1;
            files.push(p.name);
            log.info({ file: p.name, sheet: n, device }, 'page scanned into the inbox');
            deps.onPage?.(p.name, n);
          },
        },
        sc,
      );
      log.info({ pages: result.pages, endedBy: result.endedBy, device }, 'scan finished');
      say(`Đã quét xong ${result.pages} trang / Scanned ${result.pages} pages`);
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
    }
    return { device, files, lastNo: next - 1, error };
  } finally {
    await leaveOrRemoveStaging(staging, say, log);
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
async function leaveOrRemoveStaging(
  staging: string,
  say: (text: string) => void,
  log: Logger,
): Promise<void> {
  const left = (await readdir(staging).catch(() => [] as string[])).filter((n) => /^p\d+/.test(n));
  if (left.length === 0) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  log.warn({ staging, files: left.length }, 'scanned pages left in the staging folder');
  say(
    `CẢNH BÁO: ${left.length} trang đã quét còn ở ${staging}, chưa vào thư mục quét; kiểm tra rồi chép vào inbox/<mã hồ sơ>/ hoặc quét lại / WARNING: ${left.length} scanned pages are still in ${staging}`,
  );
}
