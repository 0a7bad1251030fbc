/**
 * `sohoa-agent`: the scanner agent's entry point (`npx sohoa-agent`, `npm run agent --
 * [session|watch|doctor|scan|devices|help]`). Reads the configuration once, builds the one
 * logger, and runs the command: at a terminal with no command, the operator's session.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvFile } from 'node:process';
import { pino, type Logger } from 'pino';
import { ScannerAgent } from './agent.js';
import { ApiClient } from './client.js';
import { loadConfig, USAGE, type AgentConfig } from './config.js';
import { formatDoctorReport, runDoctor } from './doctor.js';
import { AgentError } from './errors.js';
import { formatDevices, inspectDevices } from './sane/devices-command.js';
import { runScan, type Terminal } from './sane/scan-command.js';
import { runSession } from './session/session.js';
import { StationState } from './station-state.js';

// Settings from ./.env when present; the environment wins (core/env-file.ts, which the agent
// cannot import: it runs alone on workstations).
if (existsSync('.env')) loadEnvFile('.env');

function createLogger(cfg: AgentConfig): Logger {
  // pino-pretty is a dev dependency: use it for a person at a terminal only when it is installed.
  let pretty = false;
  if (process.stdout.isTTY) {
    try {
      import.meta.resolve('pino-pretty');
      pretty = true;
    } catch {
      pretty = false;
    }
  }
  return pino({
    name: 'sohoa-agent',
    level: cfg.logLevel,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
}

async function main(): Promise<number> {
  let cfg: AgentConfig;
  try {
    cfg = loadConfig(process.env, process.argv.slice(2), {
      interactive: process.stdin.isTTY && process.stdout.isTTY,
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    console.error(`\n${USAGE}`);
    return 2;
  }
  if (cfg.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (cfg.command === 'doctor') {
    const api = new ApiClient({
      serverUrl: cfg.agent.serverUrl,
      token: cfg.agent.token,
      requestTimeoutMs: 10_000,
    });
    const checks = await runDoctor(cfg, { api });
    console.log(formatDoctorReport(checks));
    return checks.some((c) => c.status === 'fail') ? 1 : 0;
  }

  if (cfg.command === 'devices') {
    try {
      const reports = await inspectDevices();
      console.log(formatDevices(reports));
      return reports.length === 0 ? 1 : 0;
    } catch (err) {
      printAgentError(err);
      return 1;
    }
  }
  if (cfg.command === 'session' && cfg.session !== undefined) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      console.error(
        'LỖI / ERROR [session.no_terminal] "session" cần một màn hình; dùng "watch" hoặc "scan" trong script / "session" needs a terminal; use "watch" or "scan" in scripts',
      );
      return 2;
    }
    // The screen is the operator's: the session's log goes to a file beside the outbox.
    mkdirSync(cfg.agent.outboxDir, { recursive: true });
    const logFile = join(cfg.agent.outboxDir, 'session.log');
    const log = pino(
      { name: 'sohoa-agent', level: cfg.logLevel, redact: ['token', '*.token'] },
      pino.destination({ dest: logFile, append: true, sync: true }),
    );
    const api = new ApiClient({
      serverUrl: cfg.agent.serverUrl,
      token: cfg.agent.token,
      requestTimeoutMs: 10_000,
    });
    // Ctrl-C arrives as SIGINT whenever no prompt holds the terminal in raw mode (a scan running,
    // the moment between two prompts): without a handler of ours it would kill the process
    // mid-step; with one, the session stops as for Ctrl-C at a prompt.
    const interrupt = new AbortController();
    const onSignal = () => interrupt.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      return await runSession({
        agent: cfg.agent,
        log,
        api,
        flags: cfg.session,
        screen: { input: process.stdin, output: process.stdout },
        interrupt: interrupt.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
  if (cfg.command === 'scan' && cfg.scan !== undefined) {
    // The progress line is the operator's view; routine agent logs would scroll it away.
    const log = createLogger({ ...cfg, logLevel: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel });
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const operator =
        cfg.scan.operator ?? (await new StationState(cfg.agent.outboxDir).read()).operator;
      // Without --expected, the inventory's count (when the server knows the dossier and is up).
      let expected = cfg.scan.expected;
      if (expected === undefined) {
        const api = new ApiClient({
          serverUrl: cfg.agent.serverUrl,
          token: cfg.agent.token,
          requestTimeoutMs: 5000,
        });
        const d = await api.getDossier(cfg.scan.dossierCode).catch(() => undefined);
        if (d?.expectedPages != null) {
          expected = d.expectedPages;
          console.log(
            `Mục lục: hồ sơ ${d.code} có ${expected} trang / The inventory expects ${expected} pages`,
          );
        }
      }
      const s = await runScan(
        { ...cfg.scan, operator, expected },
        {
          agent: cfg.agent,
          log,
          terminal: makeTerminal(),
          confirm: process.stdin.isTTY ? askYesNo : undefined,
          signal: abort.signal,
        },
      );
      console.log(
        `Xong: ${s.scanned} trang đã quét, ${s.uploaded} đã gửi${s.rejected > 0 ? `, ${s.rejected} bị từ chối (xem inbox/.rejected/)` : ''}${s.closed ? ', hồ sơ đã đóng' : ', hồ sơ còn mở'} / Done: ${s.scanned} scanned, ${s.uploaded} uploaded`,
      );
      return s.rejected > 0 ? 1 : 0;
    } catch (err) {
      console.log('');
      printAgentError(err);
      return 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }

  const log = createLogger(cfg);
  const agent = new ScannerAgent(cfg.agent, log);
  try {
    await agent.start();
  } catch (err) {
    const e = err instanceof AgentError ? err : undefined;
    log.fatal({ err, code: e?.code, hint: e?.hint }, 'agent could not start');
    return 1;
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: leave now; the outbox is consistent at every instant.
        log.warn({ signal }, 'second signal, exiting at once');
        resolve(130);
        return;
      }
      stopping = true;
      log.info({ signal }, 'stopping');
      agent.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** An error for the operator: message, then what to do. */
function printAgentError(err: unknown): void {
  if (err instanceof AgentError) {
    console.error(`LỖI / ERROR [${err.code}] ${err.message}`);
    if (err.hint !== undefined) console.error(`→ ${err.hint}`);
  } else console.error(err);
}

/** Progress rewritten in place on a terminal; one line per change otherwise (logs, CI). */
function makeTerminal(): Terminal {
  let last = '';
  return {
    line: (text) => {
      if (process.stdout.isTTY && last !== '') process.stdout.write('\n');
      last = '';
      console.log(text);
    },
    progress: (text) => {
      if (text === last) return;
      last = text;
      if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${text}`);
      else console.log(text);
    },
  };
}

async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const a = (await rl.question(`\n${question}`)).trim().toLowerCase();
    return ['c', 'có', 'co', 'y', 'yes'].includes(a);
  } finally {
    rl.close();
  }
}

process.exitCode = await main();
// A socket of an abandoned request must not keep the process alive long after a stop.
setTimeout(() => process.exit(), 2000).unref();
