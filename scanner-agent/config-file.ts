/**
 * The agent's configuration file (`--config FILE` or `AGENT_CONFIG`): one JSON object holding a
 * station's settings, so that a workstation is set up once and the operator types no flags. It
 * is validated with zod (unknown keys are errors: a misspelt key must not be silently ignored),
 * then mapped onto the same names as the environment, so every value is checked by the one rule
 * in config.ts. Paths in the file are relative to the file's own folder.
 *
 * Precedence: flags, then this file, then the environment, then the defaults.
 *
 * @example
 * {
 *   "server": "https://sohoa.luutru.hungyen.gov.vn",
 *   "tokenFile": "agent-token",
 *   "inbox": "D:/quet/inbox",
 *   "scanner": { "device": "fujitsu:fi-7160:1234", "resolution": 300, "mode": "Gray", "source": "ADF Duplex" }
 * }
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const text = z.string().trim().min(1);

const ScannerDefaults = z
  .object({
    device: text,
    resolution: z.number().int(),
    mode: text,
    source: text,
    format: text,
  })
  .partial()
  .strict();
export type ScannerDefaults = z.infer<typeof ScannerDefaults>;

const ConfigFileSchema = z
  .object({
    server: text,
    tokenFile: text,
    inbox: text,
    outbox: text,
    stableMs: z.number().int(),
    idleCloseMs: z.number().int(),
    fondsCode: z.string().trim(),
    logLevel: text,
    scanner: ScannerDefaults,
  })
  .partial()
  .strict();

/** What the file contributes: environment-named settings and the scanner's defaults. */
export interface ConfigFileValues {
  env: Record<string, string>;
  scanner: ScannerDefaults;
}

/**
 * Reads and checks the file at `path` (absolute). Problems (unreadable file, bad JSON, unknown
 * key, wrong type) are added to `problems`, Vietnamese first; the values read are returned all
 * the same, empty when the file could not be used.
 */
export function readConfigFile(
  path: string,
  readFile: (path: string) => string,
  problems: string[],
): ConfigFileValues {
  const empty = { env: {}, scanner: {} };
  let raw: string;
  try {
    raw = readFile(path);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    problems.push(
      `AGENT_CONFIG: không đọc được tệp cấu hình ${path} (${code}) / cannot read the configuration file ${path} (${code})`,
    );
    return empty;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    const why = (err as Error).message;
    problems.push(
      `AGENT_CONFIG: tệp ${path} không phải JSON hợp lệ (${why}) / ${path} is not valid JSON (${why})`,
    );
    return empty;
  }
  const r = ConfigFileSchema.safeParse(json);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path.join('.') || '(tệp / file)';
      const what =
        issue.code === 'unrecognized_keys'
          ? `khóa không dùng được ${issue.keys.join(', ')} / unknown key ${issue.keys.join(', ')}`
          : `giá trị không hợp lệ / invalid value: ${issue.message}`;
      problems.push(`AGENT_CONFIG ${path}: ${key}: ${what}`);
    }
    return empty;
  }
  const f = r.data;
  const base = dirname(path);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const env: Record<string, string> = {};
  if (f.server !== undefined) env.AGENT_SERVER_URL = f.server;
  if (f.tokenFile !== undefined) env.AGENT_TOKEN_FILE = abs(f.tokenFile);
  if (f.inbox !== undefined) env.AGENT_INBOX = abs(f.inbox);
  if (f.outbox !== undefined) env.AGENT_OUTBOX = abs(f.outbox);
  if (f.stableMs !== undefined) env.AGENT_STABLE_MS = String(f.stableMs);
  if (f.idleCloseMs !== undefined) env.AGENT_IDLE_CLOSE_MS = String(f.idleCloseMs);
  if (f.fondsCode !== undefined) env.AGENT_FONDS_CODE = f.fondsCode;
  if (f.logLevel !== undefined) env.LOG_LEVEL = f.logLevel;
  return { env, scanner: f.scanner ?? {} };
}
