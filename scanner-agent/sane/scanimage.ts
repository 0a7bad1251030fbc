/**
 * The `scanimage` driver (Debian `sane-utils`). Always spawned with an argument vector, never a
 * shell: device names, dossier codes and paths go to the child untouched, whatever they contain.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { errnoCode } from '../errors.js';
import {
  DEVICE_LIST_FORMAT,
  parseBatchPrintLine,
  parseDeviceList,
  parseDeviceOptions,
  type DeviceOptions,
  type SaneDevice,
} from './parse.js';
import {
  classifyScanimageError,
  notInstalled,
  scannerError,
  ScannerError,
} from './scanner-errors.js';

export interface ScanimageOptions {
  /** The program, `scanimage` on the PATH unless set (tests, unusual installs). */
  bin?: string;
  /** Environment for the child; inherited when unset (SANE_CONFIG_DIR is read from it). */
  env?: NodeJS.ProcessEnv;
}

interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

function run(args: string[], o: ScanimageOptions, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.bin ?? 'scanimage', args, {
      ...(o.env === undefined ? {} : { env: o.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal === undefined ? {} : { signal }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err) => reject(errnoCode(err) === 'ENOENT' ? notInstalled(err) : err));
    child.once('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

/** `scanimage --version`'s first line; throws `scanner.not_installed` when there is none. */
export async function scanimageVersion(o: ScanimageOptions = {}): Promise<string> {
  const r = await run(['--version'], o);
  if (r.exitCode !== 0)
    throw scannerError(r.stderr, { device: '-', pagesDone: 0, exitCode: r.exitCode });
  return r.stdout.split('\n')[0]?.trim() ?? '';
}

/**
 * Lists the scanners SANE finds (`scanimage -f`), which may take a few seconds while network
 * backends probe. An empty list is not an error here; callers decide.
 */
export async function listDevices(o: ScanimageOptions = {}): Promise<SaneDevice[]> {
  const r = await run(['-f', DEVICE_LIST_FORMAT], o);
  if (r.exitCode !== 0)
    throw scannerError(r.stderr, { device: '-', pagesDone: 0, exitCode: r.exitCode });
  return parseDeviceList(r.stdout);
}

/** Reads a device's options (`scanimage -d DEV -A`). Throws `scanner.*` when it cannot open. */
export async function readDeviceOptions(
  device: string,
  o: ScanimageOptions = {},
): Promise<DeviceOptions> {
  const r = await run(['-d', device, '-A'], o);
  if (r.exitCode !== 0)
    throw scannerError(r.stderr, { device, pagesDone: 0, exitCode: r.exitCode });
  return parseDeviceOptions(r.stdout);
}

export type PageFormat = 'tiff' | 'png';

export interface BatchScanRequest {
  device: string;
  /** Folder for pages being written; empty, and on the same filesystem as where pages go. */
  stagingDir: string;
  format: PageFormat;
  resolution: number;
  /** The device's own value (`Gray`, `Color` …); omitted to keep the device's current mode. */
  mode?: string | undefined;
  /** The device's own source value (see `resolveSource`); omitted to keep the current one. */
  source?: string | undefined;
  /** One sheet only (flatbed): otherwise scanimage keeps scanning the glass forever. */
  single?: boolean;
  /** More `--option value` pairs for the device (tests: `--test-picture`). */
  extraArgs?: readonly string[];
  signal?: AbortSignal;
}

/** How a batch ended when it did not fail. */
export interface BatchScanResult {
  pages: number;
  /** `feeder-empty`: the ADF ran out of paper after at least one page, the normal end. */
  endedBy: 'feeder-empty' | 'complete';
}

/** What {@link scanBatch} reports while it runs. */
export interface BatchScanEvents {
  /** scanimage started reading sheet `n` (1-based). */
  onScanning?: (n: number) => void;
  /**
   * Sheet `n` is complete at `path` (inside the staging folder). Awaited before the next page is
   * handed on, so a slow consumer keeps pages in order; scanimage itself keeps scanning meanwhile.
   */
  onPage: (path: string, n: number) => Promise<void>;
}

/** Arguments of an ADF batch scan; exported for the unit test. */
export function batchArgs(r: BatchScanRequest): string[] {
  const args = [
    '-d',
    r.device,
    `--batch=${join(r.stagingDir, `p%04d.${r.format === 'tiff' ? 'tif' : 'png'}`)}`,
    '--batch-print',
    `--format=${r.format}`,
    '--resolution',
    String(r.resolution),
  ];
  if (r.single === true) args.push('--batch-count=1');
  if (r.mode !== undefined) args.push('--mode', r.mode);
  if (r.source !== undefined) args.push('--source', r.source);
  args.push(...(r.extraArgs ?? []));
  return args;
}

/**
 * Scans until the feeder is empty (or one sheet for a flatbed), handing on each page as soon as
 * scanimage prints its name (`--batch-print` prints it only once the file is complete), in order.
 * An empty feeder after at least one page is the normal end; before the first page it is
 * `scanner.no_docs`. Any other failure throws a {@link ScannerError} (`scanner.jammed`,
 * `scanner.busy`, `scanner.cover_open`, `scanner.device_gone` …) after every page scanned before
 * it has been handed on, so nothing scanned is lost.
 *
 * @example
 * await scanBatch({ device: 'test', stagingDir, format: 'png', resolution: 300,
 *   source: 'Automatic Document Feeder' }, { onPage: (p) => moveIntoInbox(p) })
 */
export function scanBatch(
  r: BatchScanRequest,
  ev: BatchScanEvents,
  o: ScanimageOptions = {},
): Promise<BatchScanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.bin ?? 'scanimage', batchArgs(r), {
      ...(o.env === undefined ? {} : { env: o.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(r.signal === undefined ? {} : { signal: r.signal }),
    });
    let stderr = '';
    let pages = 0;
    let handOn: Promise<void> = Promise.resolve();
    let handOnError: Error | undefined;
    let spawnError: Error | undefined;
    const stagingPrefix = r.stagingDir;

    createInterface({ input: child.stdout }).on('line', (line) => {
      const path = parseBatchPrintLine(line, stagingPrefix);
      if (path === undefined) return;
      const n = ++pages;
      handOn = handOn.then(async () => {
        if (handOnError !== undefined) return;
        try {
          await ev.onPage(path, n);
        } catch (err) {
          handOnError = err instanceof Error ? err : new Error(String(err));
          // A page that cannot be moved on stops the scan: later pages would come out of order.
          child.kill('SIGTERM');
        }
      });
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += `${line}\n`;
      const m = /^Scanning page (\d+)/.exec(line);
      if (m !== null) ev.onScanning?.(Number(m[1]));
    });
    child.once('error', (err) => {
      spawnError = errnoCode(err) === 'ENOENT' ? notInstalled(err) : err;
    });
    child.once('close', (exitCode, sig) => {
      void handOn.then(() => {
        if (handOnError !== undefined) return reject(handOnError);
        if (spawnError !== undefined && !(r.signal?.aborted ?? false)) return reject(spawnError);
        const ctx = { device: r.device, pagesDone: pages, exitCode };
        if (r.signal?.aborted === true || (sig !== null && exitCode === null)) {
          return reject(
            new ScannerError('scanner.cancelled', {
              message: `Đã dừng quét sau ${pages} trang / Scanning stopped after ${pages} pages`,
              hint: 'Quét lại các tờ chưa có với cùng mã hồ sơ / Scan the missing sheets with the same dossier code',
              retryable: true,
            }),
          );
        }
        const code = classifyScanimageError(stderr);
        if (code === 'scanner.no_docs' || (exitCode === 0 && code === 'scanner.failed')) {
          // Exit 0 with no page and no message also means nothing was in the feeder.
          if (pages === 0) return reject(scannerError(`${stderr}\nno documents`, ctx));
          return resolve({
            pages,
            endedBy: code === 'scanner.no_docs' ? 'feeder-empty' : 'complete',
          });
        }
        reject(scannerError(stderr, ctx));
      });
    });
  });
}
