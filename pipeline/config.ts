/**
 * The pipeline's settings, parsed once from the environment. Every problem is reported at once;
 * the process then exits non-zero. `.env.example` lists each variable.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A setting that may be left empty (`NAME=` in .env) to mean unset. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** OCR, image and PDF settings shared by the workers and the CLI (which has no database). */
const StageEnv = z.object({
  OCR_LANGUAGES: z
    .string()
    .regex(/^[a-z_]+(\+[a-z_]+)*$/, 'languages joined by +, e.g. vie+eng')
    .default('vie+eng'),
  OCR_VARIANT: z.enum(['best_int', 'standard']).default('best_int'),
  OCR_PSM: z.coerce.number().int().min(0).max(13).optional(),
  ORIENTATION_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.5),
  DESKEW_MAX_ANGLE_DEG: z.coerce.number().min(0).max(45).default(15),
  DECODE_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(250_000_000),
  PDF_JPEG_QUALITY: z.coerce.number().int().min(1).max(100).default(80),
  ARCHIVE_NAME: z.string().min(1).default('Lưu trữ lịch sử tỉnh'),
  ARCHIVE_CODE: z.string().min(1).max(13).default('H00'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),
  SIGNING_P12: optionalText,
  SIGNING_P12_PASSWORD: z.string().default(''),
  SIGNING_ORGANIZATION: optionalText,
  SIGNING_REASON: z.string().min(1).default('Số hóa tài liệu lưu trữ'),
  SIGNING_LOCATION: optionalText,
  NODE_ENV: z.string().optional(),
});

const WorkerEnv = StageEnv.extend({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/sohoa'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - (BullMQ forbids ":")')
    .default('sohoa'),
  DATA_DIR: z.string().min(1).default('./data'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  FIXITY_INTERVAL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 366)
    .default(24),
  WORKER_HEALTH_FILE: z.string().min(1).optional(),
});

function parse<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  who: string,
): z.infer<S> {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${who} cannot start, fix these settings:\n${lines.join('\n')}`);
  }
  return r.data;
}

export type StageConfig = ReturnType<typeof stageSlice>;

function stageSlice(e: z.infer<typeof StageEnv>, cores: number) {
  return {
    ocr: {
      languages: e.OCR_LANGUAGES.split('+'),
      variant: e.OCR_VARIANT,
      psm: e.OCR_PSM,
      workers: cores,
    },
    prepare: {
      orientationMinConfidence: e.ORIENTATION_MIN_CONFIDENCE,
      maxSkewDeg: e.DESKEW_MAX_ANGLE_DEG,
      jpegQuality: e.PDF_JPEG_QUALITY,
    },
    decode: { maxPixels: e.DECODE_MAX_PIXELS },
    archive: { name: e.ARCHIVE_NAME, code: e.ARCHIVE_CODE },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    signing: {
      /** The archive's PKCS#12 file; without it a development certificate signs (not in production) */
      p12Path: e.SIGNING_P12 === undefined ? null : resolve(e.SIGNING_P12),
      password: e.SIGNING_P12_PASSWORD,
      /** Shown in the signature block; the certificate's O when a .p12 is given, else ARCHIVE_NAME */
      organization: e.SIGNING_ORGANIZATION ?? null,
      fallbackOrganization: e.ARCHIVE_NAME,
      reason: e.SIGNING_REASON,
      location: e.SIGNING_LOCATION ?? null,
      allowDevelopmentCertificate: e.NODE_ENV !== 'production',
    },
  };
}

/** Settings of the CLI (`sohoa process`): the stage settings only. */
export function loadStageConfig(env: Record<string, string | undefined>) {
  const e = parse(StageEnv, env, 'sohoa process');
  return Object.freeze(stageSlice(e, availableParallelism()));
}

/** Settings of the worker process. */
export function loadWorkerConfig(env: Record<string, string | undefined>) {
  const e = parse(WorkerEnv, env, 'pipeline worker');
  const concurrency = e.WORKER_CONCURRENCY ?? availableParallelism();
  return Object.freeze({
    ...stageSlice(e, 1),
    databaseUrl: e.DATABASE_URL,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    dataDir: resolve(e.DATA_DIR),
    concurrency,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    fixityIntervalMs: Math.round(e.FIXITY_INTERVAL_HOURS * 3600_000),
    healthFile: e.WORKER_HEALTH_FILE ?? null,
  });
}

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;
