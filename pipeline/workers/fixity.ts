/**
 * The `maintenance.fixity` job: proves, on a schedule, that what the archive stored is still what
 * it stored. Every catalogue record version's signed PDF is read back, re-hashed against its
 * content address and its signature verified, and its page images re-hashed; so is every other
 * document PDF (drafts not in the catalogue yet); every archival master (upload) is re-hashed.
 * What is found wrong becomes a `fixity_problem` row and an audit event that managers see at
 * `GET /api/fixity`; nothing is repaired or deleted (restoring from a copy is a person's
 * decision).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../core/db/client.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { FsBlobStore } from '../../core/storage/fs-blob-store.js';
import { verifyPdfSignature } from '../../core/signature/verify-pdf.js';

export interface FixityDeps {
  readonly db: PrismaClient;
  readonly blobs: FsBlobStore;
  readonly log: Logger;
}

export interface FixityOutcome {
  readonly runId: string;
  readonly checked: number;
  readonly problems: number;
}

interface Problem {
  readonly subjectType: 'document_pdf' | 'upload' | 'catalogue_pdf' | 'catalogue_image';
  readonly subjectId: string;
  readonly sha256: string;
  readonly code: 'fixity.missing' | 'fixity.hash_mismatch' | 'fixity.signature_invalid';
  readonly message: string;
}

const ENTITY: Record<Problem['subjectType'], string> = {
  document_pdf: 'document',
  upload: 'upload',
  catalogue_pdf: 'catalogue_record',
  catalogue_image: 'catalogue_record',
};

/** Rows read per query: keeps memory flat on an archive of millions of records. */
const PAGE = 200;

/** Runs one fixity pass over every stored PDF and master. Throws only for database failures. */
export async function runFixity(deps: FixityDeps): Promise<FixityOutcome> {
  const { db, log } = deps;
  const runId = randomUUID();
  await db.fixityRun.create({ data: { id: runId } });
  let checked = 0;
  let problems = 0;
  const record = async (p: Problem): Promise<void> => {
    problems++;
    log.error({ runId, ...p }, 'fixity problem');
    await db.$transaction([
      db.fixityProblem.create({ data: { runId, ...p } }),
      db.auditEvent.create({
        data: {
          actorType: 'system',
          actorId: 'fixity',
          action: p.code,
          entityType: ENTITY[p.subjectType],
          entityId: p.subjectId,
          after: { runId, sha256: p.sha256, message: p.message },
        },
      }),
    ]);
  };

  const check = async (problem: Promise<Problem | null>): Promise<void> => {
    checked++;
    const p = await problem;
    if (p !== null) await record(p);
  };
  // Document PDFs that no catalogue record holds (drafts; the approved ones were checked above).
  for await (const d of keyset(async (cursor) => {
    const after = 'cursor' in cursor ? cursor.cursor.id : '00000000-0000-0000-0000-000000000000';
    return db.$queryRaw<{ id: string; pdfSha256: string }[]>`
      SELECT d.id::text AS id, d.pdf_sha256 AS "pdfSha256" FROM document d
       WHERE d.pdf_sha256 IS NOT NULL AND d.id > ${after}::uuid
         AND NOT EXISTS (SELECT 1 FROM catalogue_record r WHERE r.pdf_sha256 = d.pdf_sha256)
       ORDER BY d.id LIMIT ${PAGE}`;
  })) {
    await check(checkPdf(deps.blobs, d.id, d.pdfSha256, 'document_pdf'));
  }
  // Every version of every catalogue record: its signed PDF and its page images.
  for await (const r of keyset((cursor) =>
    db.catalogueRecord.findMany({
      select: { id: true, pdfSha256: true, files: true },
      orderBy: { id: 'asc' },
      take: PAGE,
      ...cursor,
    }),
  )) {
    await check(checkPdf(deps.blobs, r.id, r.pdfSha256, 'catalogue_pdf'));
    for (const [i, sha256] of imagesOf(r.files).entries()) {
      await check(
        checkBlob(
          deps.blobs,
          r.id,
          sha256,
          'catalogue_image',
          `ảnh trang ${i + 1} / page image ${i + 1}`,
        ),
      );
    }
  }
  for await (const u of keyset((cursor) =>
    db.upload.findMany({
      select: { id: true, sha256: true },
      orderBy: { id: 'asc' },
      take: PAGE,
      ...cursor,
    }),
  )) {
    await check(checkBlob(deps.blobs, u.id, u.sha256, 'upload', 'bản gốc / master'));
  }

  await db.fixityRun.update({
    where: { id: runId },
    data: { finishedAt: new Date(), checked, problems },
  });
  log.info({ runId, checked, problems }, 'fixity run finished');
  return { runId, checked, problems };
}

/**
 * Every row of a table, PAGE at a time in id order: `read` is given the Prisma cursor arguments
 * that continue after the last row read (none for the first page).
 */
async function* keyset<T extends { id: string }>(
  read: (cursor: { cursor: { id: string }; skip: 1 } | Record<string, never>) => Promise<T[]>,
): AsyncGenerator<T> {
  let last: string | undefined;
  for (;;) {
    const rows = await read(last === undefined ? {} : { cursor: { id: last }, skip: 1 });
    if (rows.length === 0) return;
    yield* rows;
    last = rows[rows.length - 1]?.id;
  }
}

/** The page images of a catalogue record's `files` JSON. */
function imagesOf(files: unknown): string[] {
  const images = (files as { images?: unknown } | null)?.images;
  return Array.isArray(images) ? images.filter((x): x is string => typeof x === 'string') : [];
}

/** A signed PDF: present, hashing to its address, its signature valid over the whole file. */
async function checkPdf(
  blobs: FsBlobStore,
  id: string,
  sha256: string,
  subjectType: 'document_pdf' | 'catalogue_pdf',
): Promise<Problem | null> {
  const base = { subjectType, subjectId: id, sha256 } as const;
  let bytes: Buffer;
  try {
    bytes = await blobs.read(sha256);
  } catch (err) {
    if (err instanceof AppError && err.code === 'storage.missing') {
      return { ...base, code: 'fixity.missing', message: missing('PDF', sha256) };
    }
    throw err;
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    return { ...base, code: 'fixity.hash_mismatch', message: mismatch('PDF', sha256, actual) };
  }
  const report = await verifyPdfSignature(bytes);
  if (!report.valid || !report.coversWholeFile) {
    return { ...base, code: 'fixity.signature_invalid', message: report.problems.join('; ') };
  }
  return null;
}

/** A master or a page image: present and hashing to its address (streamed: they can be large). */
async function checkBlob(
  blobs: FsBlobStore,
  id: string,
  sha256: string,
  subjectType: 'upload' | 'catalogue_image',
  what: string,
): Promise<Problem | null> {
  const base = { subjectType, subjectId: id, sha256 } as const;
  try {
    if (await blobs.verify(sha256)) return null;
  } catch (err) {
    if (err instanceof AppError && err.code === 'storage.missing') {
      return { ...base, code: 'fixity.missing', message: missing(what, sha256) };
    }
    throw err;
  }
  return { ...base, code: 'fixity.hash_mismatch', message: mismatch(what, sha256, null) };
}

const missing = (what: string, sha256: string): string =>
  `Không còn tệp ${what} ${sha256} trong kho / The ${what} file ${sha256} is no longer in the store`;

const mismatch = (what: string, sha256: string, actual: string | null): string =>
  `Tệp ${what} ${sha256} đã thay đổi${actual === null ? '' : ` (nay băm ra ${actual})`} / The ${what} file ${sha256} has changed${actual === null ? '' : ` (it now hashes to ${actual})`}`;
