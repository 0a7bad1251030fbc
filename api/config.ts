/**
 * The api's settings, parsed once from the environment. Every problem is reported at once; main.ts
 * then exits non-zero. `.env.example` lists each variable under "# api".
 */
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** TT 05 codes (mã phông, mã cơ quan lưu trữ) are at most 13 characters, no spaces. */
const code13 = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,13}$/, '1–13 letters, digits, . _ -');

const Env = z.object({
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/sohoa'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - (BullMQ forbids ":")')
    .default('sohoa'),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 ** 3),
  UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(250_000_000),
  DEFAULT_FONDS_CODE: code13.default('PHONG01'),
  ARCHIVE_CODE: code13.default('H00'),
  ARCHIVE_NAME: z.string().trim().min(1).max(200).default('Lưu trữ lịch sử tỉnh'),
  OAI_ADMIN_EMAIL: z.email().default('luutru@example.vn'),
  OAI_REPOSITORY_ID: z
    .string()
    .regex(
      /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/,
      'a domain-like name, e.g. luutru.hungyen.gov.vn',
    )
    .optional(),
  UI_DIR: z.string().min(1).default('review-ui/dist'),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(168).default(12),
  SESSION_COOKIE_SECURE: bool.default(true),
  REVIEW_TWO_PERSON: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  PUBLIC_URL: z
    .url()
    .regex(/^https?:\/\/[^/]+\/?$/, 'scheme and host only, e.g. https://sohoa.example.vn')
    .optional(),
  PROGRESS_WINDOW_DAYS: z.coerce.number().int().min(7).max(365).default(28),
  PROGRESS_STUCK_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
});

export type ApiConfig = Readonly<{
  databaseUrl: string;
  redis: Readonly<{ url: string; prefix: string }>;
  /** Absolute; blobs live in `<dataDir>/blobs`, uploads in flight in `<dataDir>/incoming` */
  dataDir: string;
  http: Readonly<{ host: string; port: number }>;
  log: Readonly<{ level: 'error' | 'warn' | 'info' | 'debug' | 'silent'; pretty: boolean }>;
  upload: Readonly<{ maxBytes: number; maxPixels: number }>;
  archive: Readonly<{ code: string; defaultFondsCode: string; name: string }>;
  /**
   * OAI-PMH: the administrator (Identify's adminEmail) and the repositoryIdentifier of item
   * identifiers `oai:<repositoryId>:<document id>` (keep it once harvesters know it)
   */
  oai: Readonly<{ adminEmail: string; repositoryId: string }>;
  /** Absolute path of the built review UI (may not exist) */
  uiDir: string;
  /** Origin the browsers use (behind a proxy), for URLs the api writes into answers; null: the request's */
  publicUrl: string | null;
  session: Readonly<{
    /** A session ends this long after its last use */
    ttlHours: number;
    /** Secure flag on the cookie; false only for plain-HTTP set-ups other than localhost */
    cookieSecure: boolean;
    /** Failed logins for one user name within 15 minutes before the name is locked for 15 minutes */
    maxFailures: number;
  }>;
  review: Readonly<{
    /** Two-person rule: the approver may not be the dossier's last editor */
    twoPerson: boolean;
  }>;
  progress: Readonly<{
    /** Days of the rolling pace behind the finish date (the window ends with the as-of day) */
    windowDays: number;
    /** Jobs running, and batches or approved dossiers waiting, longer than this are stuck */
    stuckMinutes: number;
  }>;
}>;

/**
 * Parses the api settings from `env` (normally `process.env`). Relative paths are resolved against
 * `cwd`. Throws `ConfigError` (`config.invalid`) listing every invalid variable.
 *
 * @example
 * const config = loadApiConfig({ ...process.env, PORT: '0' });
 */
export function loadApiConfig(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): ApiConfig {
  const r = Env.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `api không khởi động được, hãy sửa các thiết lập sau / the api cannot start, fix these settings:\n${lines.join('\n')}`,
    );
  }
  const e = r.data;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    redis: Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX }),
    dataDir: abs(e.DATA_DIR),
    http: Object.freeze({ host: e.HOST, port: e.PORT }),
    log: Object.freeze({ level: e.LOG_LEVEL, pretty: e.LOG_PRETTY }),
    upload: Object.freeze({ maxBytes: e.UPLOAD_MAX_BYTES, maxPixels: e.UPLOAD_MAX_PIXELS }),
    archive: Object.freeze({
      code: e.ARCHIVE_CODE,
      defaultFondsCode: e.DEFAULT_FONDS_CODE,
      name: e.ARCHIVE_NAME,
    }),
    oai: Object.freeze({
      adminEmail: e.OAI_ADMIN_EMAIL,
      repositoryId:
        e.OAI_REPOSITORY_ID ??
        `luutru-${e.ARCHIVE_CODE.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.sohoa`,
    }),
    uiDir: abs(e.UI_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, '') ?? null,
    session: Object.freeze({
      ttlHours: e.SESSION_TTL_HOURS,
      cookieSecure: e.SESSION_COOKIE_SECURE,
      maxFailures: e.LOGIN_MAX_FAILURES,
    }),
    review: Object.freeze({ twoPerson: e.REVIEW_TWO_PERSON }),
    progress: Object.freeze({
      windowDays: e.PROGRESS_WINDOW_DAYS,
      stuckMinutes: e.PROGRESS_STUCK_MINUTES,
    }),
  });
}

/** Where the blob store of a data directory lives (the same place the workers use). */
export const blobDir = (dataDir: string): string => join(dataDir, 'blobs');

/** Where uploads are written while they arrive, on the same filesystem as the blobs. */
export const incomingDir = (dataDir: string): string => join(dataDir, 'incoming');
