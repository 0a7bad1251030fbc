/**
 * `sohoa-agent session` (the default at a terminal): the scanning operator's whole sitting.
 * It asks who is scanning (once; remembered by the station), lets the operator choose the dossier
 * for the folder in hand from the server's list or type its code (offline too), shows what the
 * inventory expects, then hands over to dossier-actions.ts (scan through SANE or wait for pages
 * dropped into the hot folder, a bar of pages scanned / safe on disk / stored by the server, the
 * count check before closing) and offers the next dossier.
 *
 * Delivery is the agent's usual durable path: this process runs the agent (or leaves it to the
 * `watch` service holding the outbox) and only ever puts pages into the inbox and, to close, the
 * marker XONG once every page has left the dossier's folder.
 */
import { input, number, search } from '@inquirer/prompts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ScannerAgent } from '../agent.js';
import type { AgentDossier } from '../api-types.js';
import { DossierInfoStore } from '../dossier-info.js';
import { AgentError } from '../errors.js';
import { checkDossierCode } from '../sane/dossier-folder.js';
import { StationState } from '../station-state.js';
import { pickChoices, type DossierPick } from './dossier-choice.js';
import { dossierLoop } from './dossier-actions.js';
import { printError, Quit, type PromptContext, type SessionDeps } from './session-deps.js';
import { SittingTracker } from './tracker.js';

export type { SessionDeps } from './session-deps.js';

/** Runs the sitting until the operator quits; resolves with the exit code. */
export async function runSession(deps: SessionDeps): Promise<number> {
  const { screen, flags } = deps;
  const say = (text = '') => screen.output.write(`${text}\n`);
  const ctx: PromptContext = {
    input: screen.input,
    output: screen.output,
    ...(deps.interrupt === undefined ? {} : { signal: deps.interrupt }),
  };
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
  ctx: PromptContext,
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
        // (it matches every word whatever the case and diacritics, as the local filter does).
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

async function askExpected(ctx: PromptContext): Promise<number | undefined> {
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

/** @inquirer's Ctrl-C at a prompt, or a prompt ended by the session's interrupt signal. */
const isPromptExit = (err: unknown): boolean =>
  err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
