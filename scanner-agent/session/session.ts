/**
 * `sohoa-agent session` (the default at a terminal): the scanning operator's whole sitting.
 * It asks who is scanning (once; remembered by the station), lets the operator choose the dossier
 * for the folder in hand from the server's list or type its code (offline too), shows what the
 * inventory expects, scans stacks through SANE or waits for pages dropped into the hot folder,
 * shows pages scanned / safe on disk / stored by the server on a bar, warns of a page count that
 * differs from the inventory before closing, and then offers the next dossier.
 *
 * Delivery is the agent's usual durable path: this process runs the agent (or leaves it to the
 * `watch` service holding the outbox) and only ever puts pages into the inbox and, to close, the
 * marker XONG once every page has left the dossier's folder.
 */
import { input, number, search, select } from '@inquirer/prompts';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScannerAgent, type AgentSettings } from '../agent.js';
import type { AgentDossier } from '../api-types.js';
import type { ApiClient } from '../client.js';
import type { SessionFlags } from '../config.js';
import { DossierInfoStore } from '../dossier-info.js';
import { AgentError, errnoCode } from '../errors.js';
import { DONE_DIR, REJECTED_DIR, isMarkerName } from '../inbox-paths.js';
import { checkDossierCode, lastPageNumber } from '../sane/dossier-folder.js';
import { closeDossier } from '../sane/scan-command.js';
import type { ScanimageOptions } from '../sane/scanimage.js';
import { scanStack } from '../sane/scan-stack.js';
import { StationState } from '../station-state.js';
import { pickChoices, type DossierPick } from './dossier-choice.js';
import { mismatchWarning, progressLine, type Progress } from './progress.js';
import { PageBar, waitForKeyOr, type Screen } from './terminal-ui.js';
import { SittingTracker } from './tracker.js';

export interface SessionDeps {
  agent: AgentSettings;
  /** The session's log goes to a file: the screen belongs to the operator. */
  log: Logger;
  api: Pick<ApiClient, 'listDossiers' | 'getDossier'>;
  flags: SessionFlags;
  screen: Screen;
  scanimage?: ScanimageOptions;
  /** Extra scanimage options (tests: `--test-picture`). */
  extraArgs?: readonly string[];
}

/** The operator pressed Ctrl-C or chose to quit. */
class Quit extends Error {}

/** Runs the sitting until the operator quits; resolves with the exit code. */
export async function runSession(deps: SessionDeps): Promise<number> {
  const { screen, flags } = deps;
  const say = (text = '') => screen.output.write(`${text}\n`);
  const ctx = { input: screen.input, output: screen.output };
  const a = deps.agent;
  say(`sohoa — trạm quét ${a.workstation} / scanning station · máy chủ / server ${a.serverUrl}`);

  const station = new StationState(a.outboxDir);
  let operator = flags.operator ?? (await station.read()).operator;
  try {
    if (operator === undefined) {
      operator = (
        await input(
          {
            message: 'Họ và tên người quét / Your full name:',
            validate: (v) =>
              v.trim() === '' || v.trim().length > 100
                ? 'Gõ họ tên (tối đa 100 ký tự) / Type your name (up to 100 characters)'
                : true,
          },
          ctx,
        )
      )
        .trim()
        .normalize('NFC');
    }
  } catch (err) {
    if (isPromptExit(err)) return 130;
    throw err;
  }
  if ((await station.read()).operator !== operator) await station.write({ operator });
  say(`Người quét / Operator: ${operator}  (đổi tên / to change: sohoa-agent --operator "Họ tên")`);

  // The operator closes each dossier; an idle close would split a sitting's pages over batches.
  let agent: ScannerAgent | undefined = new ScannerAgent(
    { ...a, idleCloseMs: Math.max(a.idleCloseMs, 86_400_000) },
    deps.log,
  );
  try {
    await agent.start();
  } catch (err) {
    if (!(err instanceof AgentError && err.code === 'outbox.locked')) throw err;
    agent = undefined;
    say(
      'Dịch vụ "watch" đang gửi trang của trạm này; thanh tiến độ chỉ đếm tệp đã gửi xong / The "watch" service uploads for this station; the bar counts finished uploads only',
    );
  }
  const tracker = new SittingTracker(agent, a.inboxDir);
  const info = new DossierInfoStore(a.outboxDir);
  try {
    let first = flags.dossierCode;
    for (;;) {
      const list = await fetchList(deps, say);
      const pick: DossierPick =
        first !== undefined ? { kind: 'new', code: first } : await chooseDossier(deps, list, ctx);
      first = undefined;
      if (pick.kind === 'quit') break;
      const code = pick.kind === 'listed' ? pick.dossier.code : pick.code;
      try {
        checkDossierCode(code);
      } catch (err) {
        printError(say, err);
        continue;
      }
      const known =
        pick.kind === 'listed'
          ? pick.dossier
          : list.online
            ? await deps.api.getDossier(code).catch(() => undefined)
            : undefined;
      const expected =
        flags.expected ?? known?.expectedPages ?? (await askExpected(ctx)) ?? undefined;
      say();
      say(`Hồ sơ / Dossier ${code}${known?.title ? ` — ${known.title}` : ''}`);
      const from =
        expected === undefined
          ? ''
          : flags.expected === undefined && known?.expectedPages === expected
            ? ' (theo mục lục / from the inventory)'
            : ' (đã nhập / typed in)';
      say(
        `  Số trang dự kiến / Expected pages: ${expected ?? 'không rõ / unknown'}${from}` +
          (known !== undefined && known.pagesReceived > 0
            ? ` · máy chủ đã có / already on the server: ${known.pagesReceived}`
            : ''),
      );
      await info.write(code, {
        operator,
        ...(expected === undefined ? {} : { expectedPages: expected }),
      });
      // The folder the operator (or the scanner's own software) drops pages into.
      await mkdir(join(a.inboxDir, code), { recursive: true });
      await tracker.begin(code, expected, known?.pagesReceived ?? 0);
      const next = await dossierLoop(deps, code, tracker, agent, ctx, say);
      if (next === 'quit') break;
    }
    return 0;
  } catch (err) {
    if (err instanceof Quit || isPromptExit(err)) return 130;
    throw err;
  } finally {
    tracker.end();
    say(
      'Đang dừng; các trang chưa gửi vẫn an toàn trên đĩa / Stopping; pages not yet sent are safe on disk',
    );
    await agent?.stop();
  }
}

type Action = 'scan' | 'wait' | 'close' | 'leave' | 'quit';

/** The actions on one dossier until it is closed or left. */
async function dossierLoop(
  deps: SessionDeps,
  code: string,
  tracker: SittingTracker,
  agent: ScannerAgent | undefined,
  ctx: { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
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
    how = await waitForKeyOr(deps.screen, until);
  } finally {
    clearInterval(retrying);
    bar.stop();
    tracker.onChange(undefined);
  }
  const now = tracker.progress;
  if (now !== undefined) deps.screen.output.write(`Hồ sơ ${code}: ${progressLine(now)}\n`);
  if (how === 'interrupt') throw new Quit();
}

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
  ctx: { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
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

/** The server's list of dossiers to scan, or an empty offline list (said once per fetch). */
async function fetchList(
  deps: SessionDeps,
  say: (text?: string) => void,
): Promise<{ items: AgentDossier[]; truncated: boolean; online: boolean }> {
  try {
    const r = await deps.api.listDossiers({ limit: 500 });
    return { ...r, online: true };
  } catch (err) {
    const why = err instanceof AgentError ? err.code : String(err);
    say(
      `Không kết nối được máy chủ (${why}): gõ mã hồ sơ; các trang được giữ trên đĩa và gửi khi có mạng / Cannot reach the server: type the dossier code; pages are kept and sent once it is back`,
    );
    return { items: [], truncated: false, online: false };
  }
}

async function chooseDossier(
  deps: SessionDeps,
  list: { items: AgentDossier[]; truncated: boolean; online: boolean },
  ctx: { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
): Promise<DossierPick> {
  return search<DossierPick>(
    {
      message: list.online
        ? 'Chọn hồ sơ (gõ mã hoặc tên để lọc) / Choose the dossier (type code or title):'
        : 'Gõ mã hồ sơ / Type the dossier code:',
      pageSize: 12,
      source: async (term, { signal }) => {
        const t = term ?? '';
        let items = list.items;
        // The first fetch did not hold every dossier: ask the server for this term as well
        // (its match is by case only; the local filter below adds the diacritic-free one).
        if (list.truncated && t.trim().length >= 2) {
          const more = await deps.api
            .listDossiers({ q: t.trim(), limit: 50 }, signal)
            .catch(() => undefined);
          if (more !== undefined) {
            const seen = new Set(items.map((d) => d.code));
            items = [...items, ...more.items.filter((d) => !seen.has(d.code))];
          }
        }
        return pickChoices(items, t, { truncated: list.truncated });
      },
    },
    ctx,
  );
}

async function askExpected(ctx: {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}): Promise<number | undefined> {
  return number(
    {
      message: 'Số trang dự kiến (Enter nếu không rõ) / Expected pages (Enter if unknown):',
      required: false,
      min: 1,
      max: 100_000,
    },
    ctx,
  );
}

function printError(say: (text?: string) => void, err: unknown): void {
  if (err instanceof AgentError) {
    say(`LỖI / ERROR [${err.code}] ${err.message}`);
    if (err.hint !== undefined) say(`→ ${err.hint}`);
  } else say(`LỖI / ERROR ${err instanceof Error ? err.message : String(err)}`);
}

/** @inquirer's Ctrl-C. */
const isPromptExit = (err: unknown): boolean =>
  err instanceof Error && err.name === 'ExitPromptError';
