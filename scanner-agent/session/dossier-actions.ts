/**
 * What the operator does with the dossier on the desk: scan a stack (SANE), wait for pages dropped
 * into its folder, close it (after every page is delivered, with the count check), or leave it.
 * The bar runs while pages move; Enter stops watching it, Ctrl-C ends the session.
 */
import { select } from '@inquirer/prompts';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScannerAgent } from '../agent.js';
import { errnoCode } from '../errors.js';
import { DONE_DIR, REJECTED_DIR, isMarkerName } from '../inbox-paths.js';
import { lastPageNumber } from '../sane/dossier-folder.js';
import { closeDossier } from '../sane/scan-command.js';
import { scanStack } from '../sane/scan-stack.js';
import { mismatchWarning, progressLine, type Progress } from './progress.js';
import { printError, Quit, type PromptContext, type SessionDeps } from './session-deps.js';
import { PageBar, waitForKeyOr } from './terminal-ui.js';
import type { SittingTracker } from './tracker.js';

type Action = 'scan' | 'wait' | 'close' | 'leave' | 'quit';

/** The actions on one dossier until it is closed or left. */
export async function dossierLoop(
  deps: SessionDeps,
  code: string,
  tracker: SittingTracker,
  agent: ScannerAgent | undefined,
  ctx: PromptContext,
  say: (text?: string) => void,
): Promise<'next' | 'quit'> {
  const inbox = deps.agent.inboxDir;
  const dossierDir = join(inbox, code);
  const f = deps.flags;
  for (;;) {
    const action = await select<Action>(
      {
        message: `Hồ sơ ${code}: làm gì tiếp? / What next?`,
        choices: [
          {
            value: 'scan',
            name: 'Quét một xấp giấy qua khay nạp / Scan a stack through the feeder',
            description: `${f.device ?? 'máy quét duy nhất / the only scanner'} · ${f.source} · ${f.resolution} dpi · ${f.mode ?? 'chế độ màu của máy / device mode'} · ${f.format}`,
          },
          {
            value: 'wait',
            name: 'Chờ trang thả vào thư mục / Wait for pages dropped into the folder',
            description: dossierDir,
          },
          { value: 'close', name: 'Đóng hồ sơ / Close the dossier' },
          { value: 'leave', name: 'Để hồ sơ mở, chọn hồ sơ khác / Leave it open, choose another' },
          { value: 'quit', name: 'Thoát / Quit' },
        ],
      },
      ctx,
    );
    if (action === 'quit') return 'quit';
    if (action === 'leave') return 'next';
    if (action === 'scan') await scanOnce(deps, code, tracker, agent, say);
    if (action === 'wait') {
      say(
        `Thả trang vào ${dossierDir}; Enter khi xong / Drop the pages into the folder; Enter when done`,
      );
      await watchProgress(deps, code, tracker, agent, new Promise(() => undefined));
    }
    if (action === 'close' && (await closeFlow(deps, code, tracker, agent, ctx, say)))
      return 'next';
  }
}

/** Scans one stack into the dossier's folder with the bar running, then waits for its upload. */
async function scanOnce(
  deps: SessionDeps,
  code: string,
  tracker: SittingTracker,
  agent: ScannerAgent | undefined,
  say: (text?: string) => void,
): Promise<void> {
  const f = deps.flags;
  const p = tracker.progress;
  if (p === undefined) return;
  const bar = new PageBar(deps.screen, p);
  tracker.onChange(() => {
    if (tracker.progress !== undefined) bar.update(tracker.progress);
  });
  let failed: unknown;
  try {
    const stack = await scanStack(
      {
        dossierCode: code,
        device: f.device,
        resolution: f.resolution,
        mode: f.mode,
        source: f.source,
        format: f.format,
      },
      {
        inboxDir: deps.agent.inboxDir,
        log: deps.log,
        scanimage: deps.scanimage,
        extraArgs: deps.extraArgs,
        line: (text) => bar.log(text),
        onPage: () => tracker.scanned(),
        signal: deps.interrupt,
      },
    );
    failed = stack.error;
  } catch (err) {
    failed = err;
  }
  bar.stop();
  tracker.onChange(undefined);
  if (failed !== undefined) printError(say, failed);
  await watchProgress(deps, code, tracker, agent, allDelivered(deps, code, tracker));
}

/**
 * Shows the bar until `until` resolves or the operator presses Enter (Ctrl-C quits the session),
 * then prints the counts.
 */
async function watchProgress(
  deps: SessionDeps,
  code: string,
  tracker: SittingTracker,
  agent: ScannerAgent | undefined,
  until: Promise<unknown>,
): Promise<void> {
  const p = tracker.progress;
  if (p === undefined) return;
  const bar = new PageBar(deps.screen, p);
  tracker.onChange(() => {
    if (tracker.progress !== undefined) bar.update(tracker.progress);
  });
  const retrying = setInterval(() => {
    const st = agent?.status().uploader;
    if (st?.lastError !== undefined && st.failuresInARow > 2) {
      bar.log(
        `Chưa gửi được, đang thử lại (${st.lastError.code}); các trang vẫn an toàn trên đĩa / Not sent yet, retrying; the pages are safe on disk`,
      );
    }
  }, 10_000);
  let how: 'enter' | 'interrupt' | 'done';
  try {
    how = await waitForKeyOr(deps.screen, Promise.race([until, aborted(deps.interrupt)]));
  } finally {
    clearInterval(retrying);
    bar.stop();
    tracker.onChange(undefined);
  }
  const now = tracker.progress;
  if (now !== undefined) deps.screen.output.write(`Hồ sơ ${code}: ${progressLine(now)}\n`);
  if (how === 'interrupt' || deps.interrupt?.aborted === true) throw new Quit();
}

/** Resolves once `signal` is aborted (never without one). */
const aborted = (signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * Resolves once the dossier's folder holds no page file (every page stored or set aside) and the
 * counts have caught up with it.
 */
async function allDelivered(deps: SessionDeps, code: string, tracker: SittingTracker) {
  const dir = join(deps.agent.inboxDir, code);
  for (;;) {
    if ((await pageFilesIn(dir)).length === 0 && (await tracker.settled())) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function pageFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.') && !isMarkerName(n));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Closing: waits for every page to be delivered, warns of a count that differs from the
 * inventory and asks to confirm, then writes XONG and waits for the agent to close the batch.
 * True when the dossier was closed.
 */
async function closeFlow(
  deps: SessionDeps,
  code: string,
  tracker: SittingTracker,
  agent: ScannerAgent | undefined,
  ctx: PromptContext,
  say: (text?: string) => void,
): Promise<boolean> {
  const inbox = deps.agent.inboxDir;
  const dossierDir = join(inbox, code);
  if ((await pageFilesIn(dossierDir)).length > 0) {
    say('Chờ gửi nốt các trang trước khi đóng… / Waiting for the last pages before closing…');
    await watchProgress(deps, code, tracker, agent, allDelivered(deps, code, tracker));
    if ((await pageFilesIn(dossierDir)).length > 0) {
      say('Chưa gửi hết, hồ sơ chưa đóng / Not every page is sent; the dossier stays open');
      return false;
    }
  }
  const p = tracker.progress as Progress;
  if (p.stored === 0) {
    say('Chưa có trang nào trong lần quét này / No page in this sitting yet');
    return false;
  }
  const warning = mismatchWarning(p);
  if (warning !== undefined) {
    say(warning);
    deps.log.warn(
      { dossierCode: code, expected: p.expected, stored: p.stored },
      'page count differs from the inventory',
    );
    const sure = await select<boolean>(
      {
        message: 'Vẫn đóng hồ sơ? / Close the dossier anyway?',
        choices: [
          { value: false, name: 'Không, quét tiếp / No, scan more' },
          { value: true, name: 'Có, đóng hồ sơ / Yes, close it' },
        ],
      },
      ctx,
    );
    if (!sure) return false;
  }
  const last = await lastPageNumber([
    dossierDir,
    join(inbox, DONE_DIR, code),
    join(inbox, REJECTED_DIR, code),
  ]);
  say('Đang đóng hồ sơ… / Closing the dossier…');
  await closeDossier(dossierDir, { last, pages: p.stored }, {});
  say(`Đã đóng hồ sơ ${code} (${p.stored} trang) / Dossier closed (${p.stored} pages)`);
  deps.log.info({ dossierCode: code, pages: p.stored, expected: p.expected }, 'dossier closed');
  return true;
}
