/**
 * The `page.process` job: runs the page stages for one page and records each stage's result, so
 * that a worker killed at any moment resumes where it stopped (the stage outputs and their blobs
 * are written idempotently: content-addressed blobs, upserts keyed by page and stage).
 */
import type { Prisma } from '../../core/db/client.js';
import { AppError, isPermanent } from '../../core/errors.js';
import type { OcrResult, PreparedPage, SourceFormat } from '../domain.js';
import { prepareFrame, recognizePage } from '../page-pipeline.js';
import { parseOcr, preparedFrom, preparedMeta, PreparedMeta } from '../persisted.js';
import type { WorkerContext } from './context.js';

const FORMAT_OF: Record<string, SourceFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
};

export interface PageAttempt {
  /** Attempts already made before this one */
  readonly made: number;
  /** Total attempts allowed */
  readonly max: number;
}

export interface PageOutcome {
  readonly pageId: string;
  readonly batchId: string;
  readonly status: 'done' | 'skipped';
}

/**
 * Processes page `pageId`. On failure the error's code, message and hint are stored on the page;
 * the page is marked failed when the error is permanent or this was the last attempt, and stays
 * queued for the retry otherwise. The error is rethrown for the queue to decide.
 */
export async function processPage(
  ctx: WorkerContext,
  pageId: string,
  attempt: PageAttempt,
): Promise<PageOutcome> {
  const { db } = ctx;
  const page = await db.page.findUnique({ where: { id: pageId }, include: { upload: true } });
  if (page === null) {
    throw new AppError('page.not_found', {
      message: `Không có trang ${pageId} / page ${pageId} does not exist`,
      retryable: false,
    });
  }
  if (page.status === 'done') return { pageId, batchId: page.batchId, status: 'skipped' };
  const log = ctx.log.child({ pageId, batchId: page.batchId, uploadId: page.uploadId });
  await db.page.update({
    where: { id: pageId },
    data: { status: 'processing', attempts: { increment: 1 } },
  });
  try {
    const engine = await ctx.engine();
    const prepared = await loadOrPrepare(ctx, page, engine);
    await loadOrRecognize(ctx, pageId, prepared, engine);
    await db.page.update({
      where: { id: pageId },
      data: {
        status: 'done',
        processedAt: new Date(),
        errorCode: null,
        errorMessage: null,
        errorHint: null,
      },
    });
    log.info(
      {
        skewDeg: prepared.findings.skewDeg,
        rotationDeg: prepared.findings.rotationDeg,
        rotationApplied: prepared.findings.rotationApplied,
        isBlank: prepared.findings.isBlank,
        isSeparator: prepared.findings.isSeparator,
      },
      'page processed',
    );
    return { pageId, batchId: page.batchId, status: 'done' };
  } catch (err) {
    const finalTry = isPermanent(err) || attempt.made + 1 >= attempt.max;
    const e =
      err instanceof AppError
        ? err
        : new AppError('page.unexpected', {
            message: err instanceof Error ? err.message : String(err),
            retryable: true,
            cause: err,
          });
    await db.page.update({
      where: { id: pageId },
      data: {
        status: finalTry ? 'failed' : 'queued',
        errorCode: e.code,
        errorMessage: e.message,
        errorHint: e.hint ?? null,
      },
    });
    log[finalTry ? 'error' : 'warn'](
      { err, code: e.code, hint: e.hint, attempt: attempt.made + 1, of: attempt.max },
      finalTry ? 'page failed' : 'page attempt failed, will retry',
    );
    throw err;
  }
}

type PageRow = Prisma.PageGetPayload<{ include: { upload: true } }>;

async function stageOutput(ctx: WorkerContext, pageId: string, stage: string) {
  return ctx.db.pageStage.findUnique({ where: { pageId_stage: { pageId, stage } } });
}

async function recordStage(
  ctx: WorkerContext,
  pageId: string,
  stage: string,
  output: Prisma.InputJsonValue,
  artifactSha: string | null,
  ms: number,
  pageColumns: Prisma.PageUpdateInput,
): Promise<void> {
  await ctx.db.$transaction([
    ctx.db.pageStage.upsert({
      where: { pageId_stage: { pageId, stage } },
      create: { pageId, stage, output, artifactSha, ms },
      update: { output, artifactSha, ms, completedAt: new Date() },
    }),
    ctx.db.page.update({ where: { id: pageId }, data: pageColumns }),
  ]);
}

async function loadOrPrepare(
  ctx: WorkerContext,
  page: PageRow,
  engine: Awaited<ReturnType<WorkerContext['engine']>>,
): Promise<PreparedPage> {
  const done = await stageOutput(ctx, page.id, 'prepare');
  if (done !== null && done.artifactSha !== null) {
    return preparedFrom(PreparedMeta.parse(done.output), await ctx.blobs.read(done.artifactSha));
  }
  const format = FORMAT_OF[page.upload.mediaType];
  if (format === undefined) {
    throw new AppError('decode.unsupported_type', {
      message: `Định dạng ${page.upload.mediaType} không được hỗ trợ / ${page.upload.mediaType} is not a supported format`,
      retryable: false,
    });
  }
  const started = Date.now();
  const bytes = await ctx.blobs.read(page.upload.sha256);
  const prepared = await prepareFrame(
    { bytes, format, label: `upload ${page.uploadId}` },
    page.frameIndex,
    engine,
    ctx.config,
  );
  const stored = await ctx.blobs.put(prepared.encoded);
  const f = prepared.findings;
  await recordStage(
    ctx,
    page.id,
    'prepare',
    preparedMeta(prepared),
    stored.sha256,
    Date.now() - started,
    {
      width: prepared.width,
      height: prepared.height,
      dpiX: prepared.dpi.x,
      dpiY: prepared.dpi.y,
      dpiTag: prepared.dpi.tag,
      dpiSource: prepared.dpi.source,
      dpiSuspect: prepared.dpi.suspect,
      colorMode: prepared.colorMode,
      bitsPerSample: prepared.bitsPerSample,
      rotationDeg: f.rotationDeg,
      rotationConfidence: f.rotationConfidence,
      rotationApplied: f.rotationApplied,
      skewDeg: f.skewDeg,
      isBlank: f.isBlank,
      isSeparator: f.isSeparator,
      imageSha256: stored.sha256,
      imageMediaType: prepared.mediaType,
    },
  );
  return prepared;
}

async function loadOrRecognize(
  ctx: WorkerContext,
  pageId: string,
  prepared: PreparedPage,
  engine: Awaited<ReturnType<WorkerContext['engine']>>,
): Promise<OcrResult | null> {
  const done = await stageOutput(ctx, pageId, 'ocr');
  if (done !== null) {
    return done.artifactSha === null ? null : parseOcr(await ctx.blobs.read(done.artifactSha));
  }
  const started = Date.now();
  const ocr = await recognizePage(prepared, engine);
  const sha = ocr === null ? null : (await ctx.blobs.put(Buffer.from(JSON.stringify(ocr)))).sha256;
  await recordStage(
    ctx,
    pageId,
    'ocr',
    { engine: ocr?.engine ?? null, words: ocr?.words.length ?? 0, skipped: ocr === null },
    sha,
    Date.now() - started,
    {
      ocrText: ocr?.text ?? '',
      ocrMeanConfidence: ocr?.meanConfidence ?? null,
      ocrWordCount: ocr?.words.length ?? 0,
      ocrSha256: sha,
    },
  );
  return ocr;
}
