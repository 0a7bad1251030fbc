/**
 * The `dossier.finalize` job on the run's real PostgreSQL and blob store, its processor called
 * directly: a small dossier of rendered pages (one of them turned by the reviewer) is approved in
 * the database, and the job rebuilds each document's PDF/A with the approved values, signs it and
 * records one catalogue entry per document; a rerun adds nothing, a stale job does nothing, and a
 * re-approval adds version 2.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRunHarness, sha256Hex, type Harness } from '../../api/testing/harness.js';
import { createLogger } from '../../core/log.js';
import { verifyPdfSignature } from '../../core/signature/verify-pdf.js';
import { loadWorkerConfig } from '../../pipeline/config.js';
import { createWorkerContext, type WorkerContext } from '../../pipeline/workers/context.js';
import {
  finalizeDossier,
  PAGE_BREAK,
  type RecordFiles,
} from '../../pipeline/workers/dossier-finalize.js';
import { sweep } from '../../pipeline/workers/sweep.js';
import { DPI, seedDossier, type SeededDossier } from '../fixtures/seed-page.js';

const run = promisify(execFile);
const PDFA_CHECK = join(import.meta.dirname, '..', '..', '..', 'shared', 'tools', 'pdfa-check');
const DRAFT_SUBJECT = 'Số hóa tài liệu lưu trữ lịch sử của tỉnh';
const EDITED_SUBJECT = 'Kế hoạch số hóa tài liệu lưu trữ lịch sử của tỉnh năm 2021';
const EDITED_AGAIN = 'Kế hoạch số hóa tài liệu lưu trữ lịch sử tỉnh Hưng Yên giai đoạn 2021–2025';

let h: Harness;
let ctx: WorkerContext;
let dir: string;

beforeAll(async () => {
  h = await createRunHarness();
  const config = loadWorkerConfig({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: h.prefix,
    DATA_DIR: h.config.dataDir,
    LOG_LEVEL: 'silent',
  });
  ctx = createWorkerContext(
    config,
    createLogger({ name: 'finalize-test', level: 'silent', pretty: false }),
  );
  dir = await mkdtemp(join(tmpdir(), 'sohoa-finalize-'));
});

afterAll(async () => {
  await ctx.close();
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

interface Seeded extends SeededDossier {
  reviewerId: string;
}

/** A dossier in review: document 1 over pages 0 and 1 (page 1 sideways), document 2 over page 2. */
async function seedReviewed(): Promise<Seeded> {
  const seeded = await seedDossier(h, {
    groups: [[0, 1], [2]],
    sideways: [1],
    documents: [
      {
        typeCode: '10',
        codeNumber: '146',
        codeNotation: 'KH-UBND',
        issuedDate: '2021-05-18',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        // the reviewer corrected the summary the pipeline drafted
        subject: EDITED_SUBJECT,
        signerName: 'Nguyễn Văn A',
        draft: {
          summary: { value: DRAFT_SUBJECT, confidence: 0.55, sources: [] },
          number: { value: '148', confidence: 0.5, sources: [] },
        },
      },
      { typeCode: '14', subject: 'Báo cáo kết quả số hóa tài liệu quý II năm 2021' },
    ],
  });
  const reviewer = await h.db.user.create({
    data: {
      username: `reviewer-${seeded.dossierId.slice(0, 8)}`,
      displayName: 'Trần Thị Duyệt',
      passwordHash: 'not-used',
      role: 'reviewer',
    },
  });
  return { ...seeded, reviewerId: reviewer.id };
}

/** What `POST /approve` does to the rows: returns the approved version. */
async function approve(s: Seeded): Promise<number> {
  const d = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
  const version = d.version + 1;
  await h.db.dossier.update({
    where: { id: s.dossierId },
    data: {
      status: 'approved',
      version,
      approvedVersion: version,
      approvedAt: new Date(),
      approvedById: s.reviewerId,
    },
  });
  await h.db.document.updateMany({
    where: { dossierId: s.dossierId },
    data: { status: 'approved' },
  });
  return version;
}

/** The XMP packet of a PDF, as text. */
function xmpOf(pdf: Buffer): string {
  const latin = pdf.toString('latin1');
  const start = latin.indexOf('<x:xmpmeta');
  const end = latin.indexOf('</x:xmpmeta>');
  expect(start).toBeGreaterThan(0);
  return pdf.subarray(start, end).toString('utf8');
}

/** `pdftotext -bbox` words of one page: text and box in points, y from the top. */
async function bboxWords(file: string, page: number): Promise<{ text: string; box: number[] }[]> {
  const { stdout } = await run('pdftotext', [
    '-bbox',
    '-enc',
    'UTF-8',
    '-f',
    String(page),
    '-l',
    String(page),
    file,
    '-',
  ]);
  const re =
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  return [...stdout.matchAll(re)].map((m) => ({
    text: (m[5] ?? '').normalize('NFC'),
    box: [1, 2, 3, 4].map((i) => Number(m[i])),
  }));
}

const ingestEvents = (docIds: readonly string[]) =>
  h.db.auditEvent.findMany({
    where: { action: 'catalogue.ingest', entityType: 'document', entityId: { in: [...docIds] } },
  });

describe('dossier.finalize', () => {
  let s: Seeded;
  let v1: number;

  beforeAll(async () => {
    s = await seedReviewed();
  });

  it('does nothing for a dossier that is not approved, or for an approval that is not current', async () => {
    const d = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    expect(await finalizeDossier(ctx, { dossierId: s.dossierId, version: d.version })).toEqual({
      dossierId: s.dossierId,
      version: d.version,
      status: 'stale',
      records: 0,
    });
    v1 = await approve(s);
    const old = await finalizeDossier(ctx, { dossierId: s.dossierId, version: v1 - 1 });
    expect(old.status).toBe('stale');
    expect(await h.db.catalogueRecord.count({ where: { dossierId: s.dossierId } })).toBe(0);
    const after = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    expect(after.cataloguedAt).toBeNull();
  });

  it('rebuilds, signs and catalogues every document with the approved values', async () => {
    const outcome = await finalizeDossier(ctx, { dossierId: s.dossierId, version: v1 });
    expect(outcome).toEqual({ dossierId: s.dossierId, version: v1, status: 'done', records: 2 });

    const dossier = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    expect(dossier.cataloguedAt).not.toBeNull();
    const records = await h.db.catalogueRecord.findMany({
      where: { dossierId: s.dossierId },
      orderBy: { pdfName: 'asc' },
    });
    expect(records).toHaveLength(2);
    const [r1, r2] = records;
    if (r1 === undefined || r2 === undefined) throw new Error('two records expected');
    expect(r1.documentId).toBe(s.docIds[0]);
    expect(r2.documentId).toBe(s.docIds[1]);
    for (const r of records) {
      expect(r.version).toBe(1);
      expect(r.approvedVersion).toBe(v1);
      expect(r.signed).toBe(true);
      expect(r.approvedById).toBe(s.reviewerId);
      expect(r.approvedAt.getTime()).toBe(dossier.approvedAt?.getTime());
    }

    // the record holds the reviewer's value, not the pipeline's draft
    const meta = r1.metadata as {
      document: Record<string, unknown>;
      dossier: Record<string, unknown>;
      other: Record<string, unknown>;
    };
    expect(meta.document['subject']).toBe(EDITED_SUBJECT);
    expect(meta.document['codeNumber']).toBe('146');
    expect(meta.document['typeName']).toBe('10');
    expect(meta.document['docOrdinal']).toBe(1);
    expect(meta.document['numberOfPage']).toBe(2);
    expect(meta.document['mode']).toBe(dossier.accessModeCode);
    expect(meta.document['docCode']).toBe(`${ctx.config.archive.code}.${s.code}.0000001`);
    expect(meta.dossier['arcFileCode']).toBe(`${ctx.config.archive.code}.${s.code}`);
    expect(meta.dossier['title']).toBe('Hồ sơ kế hoạch số hóa tài liệu năm 2021');
    expect(meta.other['signerName']).toBe('Nguyễn Văn A');
    expect(JSON.stringify(r1.metadata)).not.toContain(DRAFT_SUBJECT);

    // full text: both pages' OCR, in document order
    const [p0, p1, p2] = s.pages;
    if (p0 === undefined || p1 === undefined || p2 === undefined) throw new Error('3 pages');
    expect(r1.fullText).toBe(`${p0.uprightOcr.text}${PAGE_BREAK}${p1.uprightOcr.text}`);
    expect(r2.fullText).toBe(p2.uprightOcr.text);

    // files: the PDF, the masters, the images as the PDF holds them (page 1 turned, so a new one)
    const files = r1.files as unknown as RecordFiles;
    expect(files.pdf).toBe(r1.pdfSha256);
    expect(files.masters).toEqual([p0.uploadSha, p1.uploadSha]);
    expect(files.images[0]).toBe(p0.imageSha);
    expect(files.images[1]).not.toBe(p1.imageSha);
    for (const sha of [...files.images, ...files.masters])
      expect(await h.blobs.has(sha)).toBe(true);
    const turned = await sharp(await h.blobs.read(files.images[1] ?? '')).metadata();
    const original = await sharp(await h.blobs.read(p1.imageSha)).metadata();
    expect([turned.width, turned.height]).toEqual([original.height, original.width]);

    // the document now points at the signed, approved PDF
    const doc1 = await h.db.document.findUniqueOrThrow({ where: { id: s.docIds[0] } });
    expect(doc1.status).toBe('approved');
    expect(doc1.pdfSha256).toBe(r1.pdfSha256);
    expect(doc1.pdfName).toBe(`${s.code}.1.pdf`);
    expect(doc1.pdfBytes).toBe(r1.pdfBytes);

    const pdf = await h.blobs.read(r1.pdfSha256);
    expect(sha256Hex(pdf)).toBe(r1.pdfSha256);
    expect(pdf.length).toBe(r1.pdfBytes);
    const sig = await verifyPdfSignature(pdf);
    expect(sig.problems).toEqual([]);
    expect(sig.valid).toBe(true);
    expect(sig.coversWholeFile).toBe(true);

    // XMP: the approved values in Dublin Core and the TT 05 record fields, no draft schema
    const xmp = xmpOf(pdf);
    expect(xmp).toContain(`<sohoa:subject>${EDITED_SUBJECT}</sohoa:subject>`);
    expect(xmp).toContain(
      `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${EDITED_SUBJECT}`,
    );
    expect(xmp).toContain(`Kế hoạch 146/KH-UBND: ${EDITED_SUBJECT}`);
    expect(xmp).toContain('<sohoa:status>approved</sohoa:status>');
    expect(xmp).toContain('<sohoa:numberOfPage>2</sohoa:numberOfPage>');
    expect(xmp).not.toContain('sohoaDraft');
    expect(xmp).not.toContain(DRAFT_SUBJECT);

    // page 2 was turned by the reviewer: the page lies upright and its words sit on the turned
    // boxes (within 1 % of the page), so the text layer stays over the printed words
    const loaded = await PDFDocument.load(pdf);
    const sizes = loaded.getPages().map((p) => p.getSize());
    expect(sizes).toHaveLength(2);
    const second = sizes[1];
    expect(second?.height).toBeGreaterThan(second?.width ?? Infinity);
    const file = join(dir, 'doc1.pdf');
    await writeFile(file, pdf);
    const words = await bboxWords(file, 2);
    const pt = 72 / DPI;
    const tolerance = 0.01 * Math.max(second?.width ?? 0, second?.height ?? 0);
    expect(words.length).toBe(p1.uprightOcr.words.length);
    for (const [i, w] of p1.uprightOcr.words.entries()) {
      const got = words[i];
      expect(got?.text).toBe(w.text);
      const want = [w.bbox.x0 * pt, w.bbox.y0 * pt, w.bbox.x1 * pt, w.bbox.y1 * pt];
      for (const k of [0, 2])
        expect(Math.abs((got?.box[k] ?? -1) - (want[k] ?? 0))).toBeLessThan(tolerance);
    }
    if (existsSync(PDFA_CHECK)) {
      const { stdout } = await run(PDFA_CHECK, ['--level', '2u', file]);
      expect(stdout).toMatch(/^PASS PDF\/A-2u/mu);
    }

    const events = await ingestEvents(s.docIds);
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.actorType).toBe('system');
      expect(e.after).toMatchObject({ approvedVersion: v1, version: 1 });
    }
  });

  it('adds nothing when the job runs again', async () => {
    const again = await finalizeDossier(ctx, { dossierId: s.dossierId, version: v1 });
    expect(again).toEqual({ dossierId: s.dossierId, version: v1, status: 'done', records: 0 });
    expect(await h.db.catalogueRecord.count({ where: { dossierId: s.dossierId } })).toBe(2);
    expect(await ingestEvents(s.docIds)).toHaveLength(2);
  });

  it('a retry after a crash mid-way catalogues only what is missing', async () => {
    // as if the job died after document 1: the dossier is not marked catalogued yet
    await h.db.dossier.update({ where: { id: s.dossierId }, data: { cataloguedAt: null } });
    const retry = await finalizeDossier(ctx, { dossierId: s.dossierId, version: v1 });
    expect(retry).toMatchObject({ status: 'done', records: 0 });
    expect(await h.db.catalogueRecord.count({ where: { dossierId: s.dossierId } })).toBe(2);
    const d = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    expect(d.cataloguedAt).not.toBeNull();
  });

  it('a re-approval with a new version adds version 2 and keeps version 1', async () => {
    // reopened, corrected once more, approved again
    const d = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    await h.db.dossier.update({
      where: { id: s.dossierId },
      data: { status: 'in_review', version: d.version + 1 },
    });
    await h.db.document.update({ where: { id: s.docIds[0] }, data: { subject: EDITED_AGAIN } });
    const v2 = await approve(s);
    expect(v2).toBeGreaterThan(v1);

    // the old job, delivered late, is stale now
    expect((await finalizeDossier(ctx, { dossierId: s.dossierId, version: v1 })).status).toBe(
      'stale',
    );
    const outcome = await finalizeDossier(ctx, { dossierId: s.dossierId, version: v2 });
    expect(outcome).toMatchObject({ status: 'done', records: 2 });

    const versions = await h.db.catalogueRecord.findMany({
      where: { documentId: s.docIds[0] },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((r) => [r.version, r.approvedVersion])).toEqual([
      [1, v1],
      [2, v2],
    ]);
    const [first, second] = versions;
    expect((first?.metadata as { document: { subject: string } }).document.subject).toBe(
      EDITED_SUBJECT,
    );
    expect((second?.metadata as { document: { subject: string } }).document.subject).toBe(
      EDITED_AGAIN,
    );
    const pdf = await h.blobs.read(second?.pdfSha256 ?? '');
    expect(xmpOf(pdf)).toContain(`<sohoa:subject>${EDITED_AGAIN}</sohoa:subject>`);
    expect((await verifyPdfSignature(pdf)).valid).toBe(true);
    const doc1 = await h.db.document.findUniqueOrThrow({ where: { id: s.docIds[0] } });
    expect(doc1.pdfSha256).toBe(second?.pdfSha256);
    expect(await h.db.catalogueRecord.count({ where: { dossierId: s.dossierId } })).toBe(4);
    expect(await ingestEvents(s.docIds)).toHaveLength(4);
    // version 1 is immutable in the database
    await expect(
      h.db.catalogueRecord.update({ where: { id: first?.id ?? '' }, data: { fullText: 'x' } }),
    ).rejects.toThrow(/immutable/);
  });

  it('records the dossier per approval and indexes only the latest version for search', async () => {
    const dossierRecords = await h.db.catalogueDossierRecord.findMany({
      where: { dossierId: s.dossierId },
      orderBy: { version: 'asc' },
    });
    expect(dossierRecords.map((d) => [d.version, d.approvedVersion])).toEqual([
      [1, v1],
      [2, v1 + 2],
    ]);
    const records = await h.db.catalogueRecord.findMany({
      where: { dossierId: s.dossierId, approvedVersion: v1 },
      orderBy: { pdfName: 'asc' },
    });
    expect(dossierRecords[0]?.recordIds).toEqual(records.map((r) => r.id));
    const meta = dossierRecords[1]?.metadata as { dossier: Record<string, unknown> };
    expect(meta.dossier['title']).toBe('Hồ sơ kế hoạch số hóa tài liệu năm 2021');
    expect(meta.dossier['arcFileCode']).toBe(`${ctx.config.archive.code}.${s.code}`);
    const rows = await h.db.catalogueSearch.findMany({
      where: { documentId: s.docIds[0] },
      orderBy: { version: 'asc' },
      select: { version: true, latest: true, numberKey: true, typeCode: true },
    });
    expect(rows).toEqual([
      { version: 1, latest: false, numberKey: '146/kh-ubnd', typeCode: '10' },
      { version: 2, latest: true, numberKey: '146/kh-ubnd', typeCode: '10' },
    ]);
    // the approved type's name is indexed with the title: a Kế hoạch is found by its type
    const found = await h.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM catalogue_search
       WHERE document_id = ${s.docIds[0]}::uuid AND latest
         AND tsv_fold @@ websearch_to_tsquery('simple', 'ke hoach giai doan')`;
    expect(Number(found[0]?.n)).toBe(1);
  });

  it('the sweep puts back a finalize job lost between the approval and its enqueue', async () => {
    const log = createLogger({ name: 'finalize-test', level: 'silent', pretty: false });
    const d = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    const version = d.approvedVersion ?? -1;
    // approved two minutes ago and never catalogued: no job was ever added
    await h.db.dossier.update({
      where: { id: s.dossierId },
      data: { approvedAt: new Date(Date.now() - 120_000), cataloguedAt: null },
    });
    const first = await sweep(h.db, h.queues, log);
    expect(first.dossiersRequeued).toBeGreaterThanOrEqual(1);
    const job = await h.queues.dossierFinalize.getJob(`${s.dossierId}.${version}`);
    expect(job?.data).toEqual({ dossierId: s.dossierId, version });
    expect(job?.opts.attempts).toBe(5);
    // while that job waits, the next sweep leaves it alone
    const second = await sweep(h.db, h.queues, log);
    expect(second.dossiersRequeued).toBe(0);
  });
});
