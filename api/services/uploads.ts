/**
 * Receiving an upload: the original bytes are the archival master, so they are hashed while they
 * are written to disk, checked against the sender's digest, inspected, stored in the blob store,
 * and only then recorded (upload row, one page row per frame, audit event) in one transaction and
 * acknowledged. Jobs are enqueued after the commit; a crash between the two leaves queued pages
 * that the pipeline's sweeper re-enqueues, and a repeat of the same upload re-enqueues them too.
 *
 * Idempotent by (batch, seq): the same bytes again at the same seq (a retried PUT) answer the
 * existing upload with `created: false` and store nothing twice; other bytes at a taken seq are
 * `upload.seq_conflict`. The same bytes at ANOTHER seq are a new upload with pages of their own
 * (two sheets may scan to identical bytes, and a page must never be lost by merging them): it
 * records the earlier upload it is identical to, for the reviewer, and the content-addressed blob
 * store keeps the bytes once. The unique constraint (batch, seq) settles races.
 */
import { rm } from 'node:fs/promises';
import { Prisma } from '../../core/db/client.js';
import { InputError } from '../../core/errors.js';
import { openFileSource } from '../../core/inspect/file-source.js';
import { inspectUpload, type InspectResult } from '../../core/inspect/inspect.js';
import type { Logger } from '../../core/log.js';
import { enqueue, type QueueSet } from '../../pipeline/jobs.js';
import { incomingDir } from '../config.js';
import type { AppDeps, Principal } from '../context.js';
import type { UploadResult } from '../contracts.js';
import { notFound } from '../errors.js';
import { receiveBody, tooLarge } from './incoming.js';
import {
  findAtSeq,
  notOpen,
  recordUpload,
  resultOf,
  seqConflict,
  type UploadRow,
} from './upload-record.js';
import { digestFromHeader, fileNameFromHeader } from './upload-headers.js';

export interface UploadInput {
  readonly batchId: string;
  readonly seq: number;
  /** The Content-Type header as sent */
  readonly declaredType: string;
  /** The Content-Digest header as sent */
  readonly contentDigest: string;
  /** The X-File-Name header as sent (percent-encoded), if any */
  readonly fileName: string | undefined;
  /** The Content-Length header, if any */
  readonly contentLength: number | undefined;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly principal: Principal;
  readonly requestId: string;
  readonly log: Logger;
}

/** How long enqueueing may take before the upload is acknowledged anyway (the sweeper catches up). */
const ENQUEUE_TIMEOUT_MS = 5_000;

/** Adds one page.process job per page; failures are logged, never thrown (the sweeper retries). */
async function enqueuePages(
  queues: QueueSet,
  pageIds: readonly string[],
  log: Logger,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(pageIds.map((pageId) => enqueue(queues, 'pageProcess', { pageId }))),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`enqueue took over ${ENQUEUE_TIMEOUT_MS} ms`)),
          ENQUEUE_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    log.error(
      { err, code: 'queue.enqueue_failed', pages: pageIds.length },
      'pages recorded but not enqueued; the sweeper will enqueue them',
    );
  } finally {
    clearTimeout(timer);
  }
}

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/**
 * Receives one upload into batch `input.batchId` at `input.seq`.
 *
 * Guarantees: when it returns, the bytes are in the blob store under their SHA-256, the upload
 * and its pages are committed (exactly once per batch and seq), and page jobs were enqueued or
 * left to the sweeper. When it throws, no row was written and the temporary file is gone (a blob
 * stored just before a failed commit stays, unreferenced and harmless: the next try reuses it).
 *
 * Throws `batch.not_found` (404); `batch.not_open`, `upload.seq_conflict` (409);
 * `upload.digest_invalid`, `upload.bad_file_name`, `upload.checksum_mismatch`, `upload.incomplete`,
 * `upload.empty` (400);
 * `upload.too_large` (413); `upload.unsupported_type`, `upload.type_mismatch` (415);
 * `upload.truncated`, `upload.too_many_pixels`, `upload.corrupt` (422).
 */
export async function receiveUpload(
  deps: AppDeps,
  input: UploadInput,
): Promise<{ result: UploadResult; created: boolean }> {
  const { db, config } = deps;
  const log = input.log.child({ batchId: input.batchId, seq: input.seq });
  const expected = digestFromHeader(input.contentDigest);
  const originalName = fileNameFromHeader(input.fileName);
  const { maxBytes, maxPixels } = config.upload;

  // Refuse early what the headers already decide, before a gigabyte crosses the network. A repeat
  // of a stored upload goes on: its bytes must be verified before it is acknowledged.
  const batch = await db.scanBatch.findUnique({ where: { id: input.batchId } });
  if (batch === null) throw notFound('batch', input.batchId);
  const atSeq = await db.upload.findUnique({
    where: { batchId_seq: { batchId: batch.id, seq: input.seq } },
    select: { sha256: true },
  });
  if (atSeq === null) {
    if (batch.status !== 'open') throw notOpen(batch.id, batch.status);
  } else if (atSeq.sha256 !== expected) {
    throw seqConflict(batch.id, input.seq, atSeq.sha256, expected);
  }
  if (input.contentLength !== undefined && input.contentLength > maxBytes) {
    throw tooLarge(maxBytes, `${input.contentLength} byte`);
  }

  const file = await receiveBody(input.body, incomingDir(config.dataDir), maxBytes);
  try {
    if (file.sha256 !== expected) {
      throw new InputError('upload.checksum_mismatch', {
        message: `SHA-256 không khớp: Content-Digest ghi ${expected}, nội dung nhận được (${file.bytes} byte) có ${file.sha256} / SHA-256 mismatch: Content-Digest says ${expected}, the ${file.bytes} bytes received hash to ${file.sha256}`,
        hint: 'Tệp bị thay đổi hoặc hỏng trên đường truyền: gửi lại / The file changed or was damaged in transit: send it again',
      });
    }
    const repeat = await findAtSeq(db, batch.id, input.seq);
    if (repeat !== null && repeat.sha256 === file.sha256) {
      await requeue(deps.queues, repeat, log);
      return { result: resultOf(repeat, false), created: false };
    }

    const src = await openFileSource(file.path);
    let found: InspectResult;
    try {
      found = await inspectUpload(src, input.declaredType, { maxPixels });
    } finally {
      await src.close();
    }
    if (!found.frameCountKnown) {
      log.warn({ sha256: file.sha256 }, 'page count unreadable (encrypted PDF); 1 page assumed');
    }

    // The incoming file was written and hashed by this request alone: no need to read it again.
    const stored = await deps.blobs.putFile(file.path, {
      expectedSha256: file.sha256,
      move: true,
      hashedBy: 'caller',
    });
    try {
      const row = await recordUpload(deps.db, {
        batchId: batch.id,
        seq: input.seq,
        sha256: file.sha256,
        bytes: file.bytes,
        declaredType: input.declaredType.slice(0, 100),
        found,
        originalName,
        principal: input.principal,
        requestId: input.requestId,
      });
      if (row.created) {
        log.info(
          {
            uploadId: row.upload.id,
            sha256: file.sha256,
            bytes: file.bytes,
            frames: found.frameCount,
            blobCreated: stored.created,
            identicalToSeq: row.upload.identicalTo?.seq,
          },
          row.upload.identicalTo === null
            ? 'upload stored'
            : 'upload stored; byte-identical to an earlier upload of the batch',
        );
        await enqueuePages(
          deps.queues,
          row.upload.pages.map((p) => p.id),
          log,
        );
      } else {
        await requeue(deps.queues, row.upload, log);
      }
      return { result: resultOf(row.upload, row.created), created: row.created };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A request for the same seq committed first: the same bytes are the same upload.
      const winner = await findAtSeq(db, batch.id, input.seq);
      if (winner === null) throw err;
      if (winner.sha256 !== file.sha256) {
        throw seqConflict(batch.id, input.seq, winner.sha256, file.sha256);
      }
      log.info(
        { uploadId: winner.id },
        'identical upload committed concurrently; answered with it',
      );
      return { result: resultOf(winner, false), created: false };
    }
  } finally {
    await rm(file.path, { force: true });
  }
}

/** Pages of a repeated upload still waiting: their job may have been lost in a crash. */
async function requeue(queues: QueueSet, u: UploadRow, log: Logger): Promise<void> {
  const waiting = u.pages.filter((p) => p.status === 'queued').map((p) => p.id);
  if (waiting.length > 0) await enqueuePages(queues, waiting, log);
}
