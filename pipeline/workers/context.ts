/**
 * What a job processor needs, built once per process (the sandboxed child processes build their
 * own from the same environment) and reused for every job: the database, the blob store, the OCR
 * engine (its tesseract workers load their language data once) and the logger.
 */
import { join } from 'node:path';
import { createDb, type PrismaClient } from '../../core/db/client.js';
import { createLogger, type Logger } from '../../core/log.js';
import { FsBlobStore } from '../../core/storage/fs-blob-store.js';
import type { WorkerConfig } from '../config.js';
import { loadSigner } from '../signer.js';
import type { SigningIdentity } from '../stages/pdfa/signing-identity.js';
import type { OcrEngine } from '../stages/ocr/engine.js';
import { createTesseractEngine } from '../stages/ocr/tesseract.js';

export interface WorkerContext {
  readonly config: WorkerConfig;
  readonly db: PrismaClient;
  readonly blobs: FsBlobStore;
  readonly log: Logger;
  /** The OCR engine, created on first use */
  engine(): Promise<OcrEngine>;
  /** Who signs the PDFs (SIGNING_P12, or the development certificate under DATA_DIR), on first use */
  signer(): Promise<SigningIdentity>;
  close(): Promise<void>;
}

export function createWorkerContext(config: WorkerConfig, log?: Logger): WorkerContext {
  const db = createDb(config.databaseUrl, { poolSize: 3 });
  const blobs = new FsBlobStore(join(config.dataDir, 'blobs'));
  let engine: Promise<OcrEngine> | null = null;
  let signer: Promise<SigningIdentity> | null = null;
  return {
    config,
    db,
    blobs,
    log:
      log ??
      createLogger({ name: 'sohoa-worker', level: config.log.level, pretty: config.log.pretty }),
    engine() {
      engine ??= createTesseractEngine({
        languages: config.ocr.languages,
        variant: config.ocr.variant,
        workers: config.ocr.workers,
        ...(config.ocr.psm !== undefined ? { psm: config.ocr.psm } : {}),
      });
      return engine;
    },
    signer() {
      signer ??= loadSigner(
        config.signing,
        join(config.dataDir, 'signing', 'dev-signing.p12'),
      ).catch((err: unknown) => {
        signer = null;
        throw err;
      });
      return signer;
    },
    async close() {
      if (engine !== null) await (await engine).close();
      await db.$disconnect();
    },
  };
}
