/**
 * `sohoa-agent`: the scanner agent's entry point (`npm run agent -- [watch|doctor|help]`).
 * Reads the configuration once, builds the one logger, and runs the command.
 */
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';
import { pino, type Logger } from 'pino';
import { ScannerAgent } from './agent.js';
import { ApiClient } from './client.js';
import { loadConfig, USAGE, type AgentConfig } from './config.js';
import { formatDoctorReport, runDoctor } from './doctor.js';
import { AgentError } from './errors.js';

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
    cfg = loadConfig(process.env, process.argv.slice(2));
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

process.exitCode = await main();
// A socket of an abandoned request must not keep the process alive long after a stop.
setTimeout(() => process.exit(), 2000).unref();
