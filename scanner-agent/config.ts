/**
 * The agent's one configuration module: environment variables, the configuration file
 * (config-file.ts) over them, command-line flags over both, parsed once with zod. Every problem is
 * reported at once, Vietnamese first, so an operator at a scanning station fixes the setup in one
 * go.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AgentSettings } from './agent.js';
import { readConfigFile, type ScannerDefaults } from './config-file.js';
import { AgentConfigError, errnoCode } from './errors.js';

// `silent` too, because LOG_LEVEL is shared with the api's section of the same .env file.
const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'silent'] as const;
const COMMANDS = ['session', 'watch', 'doctor', 'scan', 'devices', 'help'] as const;
const SCAN_FORMATS = ['tiff', 'png'] as const;

const ms = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);
// Empty strings in a .env file mean "not set".
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const Env = z.object({
  AGENT_SERVER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  AGENT_TOKEN: optionalText,
  AGENT_TOKEN_FILE: optionalText,
  AGENT_INBOX: z.string().min(1).default('./inbox'),
  AGENT_OUTBOX: z.string().min(1).default('./data/agent-outbox'),
  AGENT_STABLE_MS: ms(2000, 100, 600_000),
  AGENT_IDLE_CLOSE_MS: ms(30_000, 1000, 86_400_000),
  // Same rule as the api's OpenBatchBody, so a typo is caught at start, not at the first batch.
  AGENT_FONDS_CODE: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9._-]{1,13}$/,
        'Mã phông: 1–13 chữ, số, . _ - / Fonds code: 1–13 letters, digits, . _ -',
      )
      .optional(),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/** The parsed configuration `main.ts` passes down. */
export interface AgentConfig {
  command: (typeof COMMANDS)[number];
  logLevel: (typeof LOG_LEVELS)[number];
  /** Where the token came from, for `doctor` (the token itself is in `agent`). */
  tokenSource: { kind: 'env' } | { kind: 'file'; path: string } | { kind: 'none' };
  agent: AgentSettings;
  /** Flags of `scan` (set for that command only). */
  scan: ScanFlags | undefined;
  /** Flags of `session` (set for that command only). */
  session: SessionFlags | undefined;
  /** The configuration file read, if any. */
  configFile: string | undefined;
  /** The scanner settings of the configuration file, `--device` over its device (for doctor). */
  scanner: ScannerDefaults;
}

/** `sohoa-agent session` flags: the scanner settings of `scan`, all optional. */
export interface SessionFlags extends Omit<ScanFlags, 'dossierCode' | 'close'> {
  /** Start with this dossier instead of asking. */
  dossierCode: string | undefined;
  /** Who is scanning, instead of the remembered name. */
  operator: string | undefined;
}

/** `sohoa-agent scan` flags; see scanner-agent/sane/scan-command.ts. */
export interface ScanFlags {
  dossierCode: string;
  device: string | undefined;
  resolution: number;
  mode: string | undefined;
  source: string;
  format: (typeof SCAN_FORMATS)[number];
  expected: number | undefined;
  close: boolean;
  /** --operator, else the name the terminal session remembered (set by main.ts). */
  operator: string | undefined;
}

/** Usage text for `sohoa-agent help`, Vietnamese first. */
export const USAGE = `sohoa-agent [session|watch|doctor|scan|devices|help] [--config FILE] [--server URL] [--token-file PATH] [--inbox DIR] [--outbox DIR]

  session (mặc định tại màn hình) người quét chọn hồ sơ, quét, theo dõi, đóng hồ sơ /
            (default at a terminal) the operator picks a dossier, scans, watches progress, closes
            [--operator "Họ tên"] [--dossier <mã>] [--expected N] + các thiết lập máy quét của scan
  watch   (mặc định khi không có màn hình) theo dõi thư mục quét và gửi trang lên máy chủ /
            (default without a terminal) watch the inbox and upload pages
  doctor  kiểm tra máy quét, máy chủ, mã truy cập, đồng hồ, dung lượng đĩa / check scanner, server, token, clock, disk
  scan    quét một xấp giấy qua khay nạp vào hồ sơ / scan a stack through the feeder into a dossier
            --dossier <mã hồ sơ> [--device D] [--resolution 300] [--mode Gray|Color|Lineart]
            [--source ADF|"ADF Duplex"|Flatbed] [--format tiff|png] [--expected N] [--no-close]
            [--operator "Họ tên"]
  devices liệt kê máy quét và các thiết lập hỗ trợ / list scanners and what they support
  help    hiện hướng dẫn này / show this help

Tệp cấu hình / Configuration file: --config FILE hoặc / or AGENT_CONFIG (JSON: server, tokenFile,
inbox, outbox, stableMs, idleCloseMs, fondsCode, logLevel, scanner {device, resolution, mode,
source, format}); tham số dòng lệnh > tệp cấu hình > biến môi trường / flags > file > environment.
Biến môi trường / Environment: AGENT_SERVER_URL, AGENT_TOKEN | AGENT_TOKEN_FILE, AGENT_INBOX,
AGENT_OUTBOX, AGENT_STABLE_MS, AGENT_IDLE_CLOSE_MS, AGENT_FONDS_CODE, LOG_LEVEL (xem / see scanner-agent/config.ts)`;

export interface ConfigDeps {
  readFile?: (path: string) => string;
  hostname?: () => string;
  cwd?: string;
  /** A person at a terminal: no command means `session` (else `watch`). */
  interactive?: boolean;
}

/**
 * Builds the configuration from `env` and the command line `argv` (without node and script).
 * Flags `--server`, `--token-file`, `--inbox`, `--outbox` override the environment. A token is
 * required for `watch` and `doctor`, from exactly one of AGENT_TOKEN / AGENT_TOKEN_FILE (or the
 * flag). Throws {@link AgentConfigError} (`config.invalid`) listing every problem.
 *
 * @example
 * const cfg = loadConfig(process.env, process.argv.slice(2))
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  argv: readonly string[],
  deps: ConfigDeps = {},
): AgentConfig {
  const problems: string[] = [];
  const cwd = deps.cwd ?? process.cwd();

  let flags: {
    server?: string;
    'token-file'?: string;
    inbox?: string;
    outbox?: string;
    dossier?: string;
    device?: string;
    resolution?: string;
    mode?: string;
    source?: string;
    format?: string;
    expected?: string;
    'no-close'?: boolean;
    config?: string;
    operator?: string;
  } = {};
  let command: AgentConfig['command'] = deps.interactive === true ? 'session' : 'watch';
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string' },
        'token-file': { type: 'string' },
        inbox: { type: 'string' },
        outbox: { type: 'string' },
        dossier: { type: 'string' },
        device: { type: 'string' },
        resolution: { type: 'string' },
        mode: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string' },
        expected: { type: 'string' },
        'no-close': { type: 'boolean' },
        config: { type: 'string' },
        operator: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    flags = parsed.values;
    const [cmd, ...extra] = parsed.positionals;
    if (parsed.values.help === true) command = 'help';
    else if (cmd !== undefined) {
      if ((COMMANDS as readonly string[]).includes(cmd)) command = cmd as AgentConfig['command'];
      else
        problems.push(
          `lệnh: không có lệnh "${cmd}" / command: unknown command "${cmd}" (${COMMANDS.join(', ')})`,
        );
    }
    if (extra.length > 0) {
      problems.push(
        `lệnh: thừa tham số ${extra.join(' ')} / command: unexpected arguments ${extra.join(' ')}`,
      );
    }
  } catch (err) {
    problems.push(
      `tham số dòng lệnh: ${(err as Error).message} / command line: ${(err as Error).message}`,
    );
  }

  const readText = deps.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const blankOf = (v: string | undefined) =>
    v === undefined || v.trim() === '' ? undefined : v.trim();
  const configPath = flags.config ?? blankOf(env.AGENT_CONFIG);
  const configFile = configPath === undefined ? undefined : resolve(cwd, configPath);
  const file =
    configFile === undefined
      ? { env: {} as Record<string, string>, scanner: {} as ScannerDefaults }
      : readConfigFile(configFile, readText, problems);
  const merged: Record<string, string | undefined> = {
    ...env,
    // A token file named in the configuration file wins over a token in the environment.
    ...(file.env.AGENT_TOKEN_FILE === undefined ? {} : { AGENT_TOKEN: undefined }),
    ...file.env,
    ...(flags.server === undefined ? {} : { AGENT_SERVER_URL: flags.server }),
    ...(flags.inbox === undefined ? {} : { AGENT_INBOX: flags.inbox }),
    ...(flags.outbox === undefined ? {} : { AGENT_OUTBOX: flags.outbox }),
  };
  const vi = Env.safeParse(merged, { error: z.locales.vi().localeError });
  if (!vi.success) {
    const en = Env.safeParse(merged);
    vi.error.issues.forEach((issue, i) => {
      const key = issue.path.join('.');
      const enMessage = en.success ? '' : (en.error.issues[i]?.message ?? '');
      const value = key.includes('TOKEN') ? '' : ` (${JSON.stringify(merged[key] ?? null)})`;
      // Our own messages are bilingual already and come back the same from both parses.
      const text = issue.message === enMessage ? issue.message : `${issue.message} / ${enMessage}`;
      problems.push(`${key}: ${text}${value}`);
    });
  }

  let token = '';
  let tokenSource: AgentConfig['tokenSource'] = { kind: 'none' };
  // Read apart from the rest so that token problems are reported even when other settings fail.
  const blank = (v: string | undefined) =>
    v === undefined || v.trim() === '' ? undefined : v.trim();
  const tokenFile = flags['token-file'] ?? blank(merged.AGENT_TOKEN_FILE);
  const envToken = blank(merged.AGENT_TOKEN);
  if (flags['token-file'] === undefined && tokenFile !== undefined && envToken !== undefined) {
    problems.push('AGENT_TOKEN, AGENT_TOKEN_FILE: chỉ đặt một trong hai / set only one of the two');
  } else if (tokenFile !== undefined) {
    const path = resolve(cwd, tokenFile);
    tokenSource = { kind: 'file', path };
    try {
      token = readText(path).trim();
      if (token === '')
        problems.push(`AGENT_TOKEN_FILE: tệp ${path} rỗng / the file ${path} is empty`);
    } catch (err) {
      const code = errnoCode(err) ?? 'error';
      problems.push(
        `AGENT_TOKEN_FILE: không đọc được ${path} (${code}) / cannot read ${path} (${code})`,
      );
    }
  } else if (envToken !== undefined) {
    token = envToken;
    tokenSource = { kind: 'env' };
  } else if (command !== 'help' && command !== 'devices') {
    problems.push(
      'AGENT_TOKEN hoặc AGENT_TOKEN_FILE: cần mã truy cập của trạm quét / AGENT_TOKEN or AGENT_TOKEN_FILE: the workstation token is required',
    );
  }
  if (/\s/.test(token)) {
    problems.push('AGENT_TOKEN: mã truy cập chứa khoảng trắng / the token contains whitespace');
  }

  let inboxDir = '';
  let outboxDir = '';
  if (vi.success) {
    inboxDir = resolve(cwd, vi.data.AGENT_INBOX);
    outboxDir = resolve(cwd, vi.data.AGENT_OUTBOX);
    if (inside(outboxDir, inboxDir) || inside(inboxDir, outboxDir)) {
      problems.push(
        `AGENT_INBOX, AGENT_OUTBOX: hai thư mục không được lồng nhau (${inboxDir}, ${outboxDir}) / the two folders must not contain each other`,
      );
    }
  }

  const scan = command === 'scan' ? scanFlags(flags, problems, file.scanner, true) : undefined;
  const sessionScan =
    command === 'session' ? scanFlags(flags, problems, file.scanner, false) : undefined;
  const session: SessionFlags | undefined =
    sessionScan === undefined
      ? undefined
      : {
          ...sessionScan,
          dossierCode: sessionScan.dossierCode === '' ? undefined : sessionScan.dossierCode,
        };

  if (problems.length > 0 || !vi.success) {
    throw new AgentConfigError(
      `Tác tử quét không khởi động được, hãy sửa các thiết lập sau / The scanner agent cannot start, fix these settings:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  const e = vi.data;
  const stableMs = e.AGENT_STABLE_MS;
  return Object.freeze({
    command,
    logLevel: e.LOG_LEVEL,
    tokenSource,
    scan,
    session,
    configFile,
    scanner: Object.freeze({
      ...file.scanner,
      ...(flags.device === undefined || flags.device.trim() === ''
        ? {}
        : { device: flags.device.trim() }),
    }),
    agent: Object.freeze({
      serverUrl: e.AGENT_SERVER_URL,
      token,
      workstation: (deps.hostname ?? hostname)(),
      inboxDir,
      outboxDir,
      stableMs,
      idleCloseMs: e.AGENT_IDLE_CLOSE_MS,
      fondsCode: e.AGENT_FONDS_CODE,
      retry: { baseMs: 500, maxMs: 60_000 },
      pollMs: Math.min(Math.max(Math.round(stableMs / 4), 50), 1000),
      rescanMs: 30_000,
      stopGraceMs: 5000,
      requestTimeoutMs: 120_000,
    }),
  });
}

/** True when `child` is `parent` or lies below it. */
function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Checks the flags of `scan` (and of `session`, where the dossier is optional), adding what is
 * wrong to `problems`. The configuration file's scanner settings fill in what no flag gives.
 */
function scanFlags(
  f: {
    dossier?: string;
    device?: string;
    resolution?: string;
    mode?: string;
    source?: string;
    format?: string;
    expected?: string;
    'no-close'?: boolean;
    operator?: string;
  },
  problems: string[],
  defaults: ScannerDefaults,
  requireDossier: boolean,
): (ScanFlags & SessionFlags) | undefined {
  const before = problems.length;
  const dossierCode = f.dossier?.trim().normalize('NFC') ?? '';
  if (dossierCode === '' && requireDossier)
    problems.push('--dossier: cần mã hồ sơ / the dossier code (mã hồ sơ) is required');
  const resolutionText = f.resolution ?? String(defaults.resolution ?? 300);
  const resolution = Number(resolutionText);
  if (!Number.isInteger(resolution) || resolution < 50 || resolution > 2400)
    problems.push(
      `--resolution: số nguyên 50–2400 dpi / an integer 50–2400 dpi (${JSON.stringify(resolutionText)})`,
    );
  const formatText = f.format ?? defaults.format ?? 'tiff';
  const format = formatText.toLowerCase();
  if (!(SCAN_FORMATS as readonly string[]).includes(format))
    problems.push(`--format: tiff hoặc png / tiff or png (${JSON.stringify(formatText)})`);
  let expected: number | undefined;
  if (f.expected !== undefined) {
    expected = Number(f.expected);
    if (!Number.isInteger(expected) || expected < 1 || expected > 100_000)
      problems.push(
        `--expected: số trang là số nguyên dương / a positive whole number of pages (${JSON.stringify(f.expected)})`,
      );
  }
  const blankToUndef = (v: string | undefined) =>
    v === undefined || v.trim() === '' ? undefined : v.trim();
  const operator = blankToUndef(f.operator)?.normalize('NFC');
  if (operator !== undefined && operator.length > 100)
    problems.push('--operator: tối đa 100 ký tự / at most 100 characters');
  if (problems.length > before) return undefined;
  return {
    dossierCode,
    device: blankToUndef(f.device) ?? defaults.device,
    resolution,
    mode: blankToUndef(f.mode) ?? defaults.mode,
    source: blankToUndef(f.source) ?? defaults.source ?? 'ADF',
    format: format as ScanFlags['format'],
    expected,
    close: f['no-close'] !== true,
    operator,
  };
}
