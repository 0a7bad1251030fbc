/**
 * The whole path on the machine's real PostgreSQL and Redis: pages uploaded through the api, the
 * worker started as `npm start` starts it (its own process, sandboxed processors), the batch closed,
 * and draft documents read back through the api with their OCR text and PDF/A.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  Batch,
  DocumentDetail,
  DocumentPage,
  DossierDetail,
  ErrorBody,
  PageDetail,
} from '../../api/contracts.js';
import { multiPageTiff, pngHeaderOnly, simplePdf } from '../../api/testing/files.js';
import {
  contentDigest,
  createRunHarness,
  type Harness,
  type TestLogin,
} from '../../api/testing/harness.js';
import { putUpload } from '../../api/testing/scenario.js';
import { wordErrors } from '../../bench/metrics.js';
import { ADMIN_FIRST_PAGE, renderPage, renderPatchSheet } from '../fixtures/render.js';
import { startProcess, waitFor, ROOT, type RunningProcess } from './processes.js';

const run = promisify(execFile);
const CORPUS_VN = join(ROOT, '..', 'shared', 'corpus', 'vn');
const PDFA_CHECK = join(ROOT, '..', 'shared', 'tools', 'pdfa-check');
/** A three-page plan (KẾ HOẠCH) of the shared corpus, one JPEG per page */
const CORPUS_DOC = 'vn_s_002';

let h: Harness;
/** A signed-in reviewer: the read routes need a session */
let staff: TestLogin;
let worker: RunningProcess;

function startWorker(): RunningProcess {
  return startProcess('pipeline/main.ts', {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: h.prefix,
    DATA_DIR: h.config.dataDir,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
  });
}

beforeAll(async () => {
  h = await createRunHarness();
  staff = await h.login('reviewer');
  worker = startWorker();
  await waitFor(
    'the worker to listen on its queues',
    async () => ((await h.queues.pageProcess.getWorkersCount()) > 0 ? true : undefined),
    60_000,
  );
});

afterAll(async () => {
  await worker.stop();
  await h.close();
});

async function openBatch(dossierCode: string): Promise<Batch> {
  const res = await h.app.request('/api/batches', {
    method: 'POST',
    headers: { ...h.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ dossierCode }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Batch;
}

async function closeBatch(batchId: string, expectedPages?: number): Promise<void> {
  const res = await h.app.request(`/api/batches/${batchId}/close`, {
    method: 'POST',
    headers: { ...h.auth, 'content-type': 'application/json' },
    body: JSON.stringify(expectedPages === undefined ? {} : { expectedPages }),
  });
  expect(res.status).toBe(200);
}

async function getJson<T>(path: string): Promise<T> {
  const res = await h.app.request(path, { headers: staff.headers });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

/** Waits until the worker has assembled the batch (or failed it) and returns its documents. */
async function assembled(batchId: string, timeoutMs: number): Promise<DocumentDetail[]> {
  const status = await waitFor(
    `batch ${batchId} to be assembled`,
    async () => {
      const b = await h.db.scanBatch.findUniqueOrThrow({ where: { id: batchId } });
      return b.status === 'assembled' || b.status === 'failed' ? b.status : undefined;
    },
    timeoutMs,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- worker output ---\n${worker.output().slice(-4000)}`);
  });
  expect(status).toBe('assembled');
  const list = await getJson<DocumentPage>(`/api/documents?batchId=${batchId}&limit=100`);
  const docs = await Promise.all(
    list.items.map((d) => getJson<DocumentDetail>(`/api/documents/${d.id}`)),
  );
  return docs.sort((a, b) => a.seq - b.seq);
}

/** A PNG whose header is sound and whose image data is not: only decoding can tell. */
function pngWithBrokenData(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  // A valid zlib stream holding far fewer rows than the header promises.
  const data = deflateSync(Buffer.alloc(width + 1, 0x7f));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const pdfWords = (text: string): string[] => text.normalize('NFC').split(/\s+/u).filter(Boolean);

describe('foundation: scans in, reviewable draft records out', () => {
  it.skipIf(!existsSync(CORPUS_VN))(
    'turns the pages of a corpus document into one draft document with its OCR text and a PDF/A, while bad uploads are refused',
    async () => {
      const files = (await readdir(CORPUS_VN))
        .filter((f) => f.startsWith(`${CORPUS_DOC}_p`) && /\.(jpg|png|tif)$/u.test(f))
        .sort();
      expect(files.length).toBeGreaterThan(1);
      const batch = await openBatch(`TEST.${CORPUS_DOC}.${Date.now()}`);

      let seq = 0;
      for (const f of files) {
        const bytes = await readFile(join(CORPUS_VN, f));
        const type = f.endsWith('.jpg')
          ? 'image/jpeg'
          : f.endsWith('.png')
            ? 'image/png'
            : 'image/tiff';
        const res = await putUpload(h, batch.id, seq++, bytes, { type, name: f });
        expect(res.status, await res.clone().text()).toBe(201);
      }
      // The same PUT again (same seq, same bytes) is the same upload: nothing stored twice.
      const first = await readFile(join(CORPUS_VN, files[0] ?? ''));
      const again = await putUpload(h, batch.id, 0, first, { type: 'image/jpeg' });
      expect(again.status).toBe(200);
      expect((await again.json()) as { created: boolean }).toMatchObject({ created: false });

      // Bad uploads in the same batch: each refused with a 4xx naming the problem.
      const refusals: [string, Promise<Response>][] = [
        [
          'upload.checksum_mismatch',
          putUpload(h, batch.id, 90, first, {
            type: 'image/jpeg',
            digest: contentDigest(Buffer.from('not the page')),
          }),
        ],
        [
          'upload.truncated',
          putUpload(h, batch.id, 91, multiPageTiff(2, 60, 40).subarray(0, 900), {
            type: 'image/tiff',
          }),
        ],
        ['upload.type_mismatch', putUpload(h, batch.id, 92, simplePdf(1), { type: 'image/png' })],
        ['upload.too_many_pixels', putUpload(h, batch.id, 93, pngHeaderOnly(100_000, 100_000))],
      ];
      for (const [code, pending] of refusals) {
        const res = await pending;
        expect(res.status, code).toBeGreaterThanOrEqual(400);
        expect(res.status, code).toBeLessThan(500);
        const body = (await res.json()) as ErrorBody;
        expect(body.code, JSON.stringify(body)).toBe(code);
        expect(body.message.length).toBeGreaterThan(10);
      }
      // A file that passes every check the api can make without decoding it, and breaks in the
      // worker: the page fails with its code and message, the rest of the batch goes on.
      const broken = await putUpload(h, batch.id, seq, pngWithBrokenData(800, 1000), {
        name: 'hong.png',
      });
      expect(broken.status).toBe(201);
      const brokenPageId = ((await broken.json()) as { pageIds: string[] }).pageIds[0] ?? '';

      await closeBatch(batch.id, files.length + 1);
      const docs = await assembled(batch.id, 240_000);
      expect(worker.child.exitCode).toBeNull();

      const brokenPage = await getJson<PageDetail>(`/api/pages/${brokenPageId}`);
      expect(brokenPage.status).toBe('failed');
      expect(brokenPage.errorCode).toMatch(/^decode\./u);
      expect(brokenPage.errorMessage).toBeTruthy();
      expect(brokenPage.attempts).toBe(1);

      expect(docs).toHaveLength(1);
      const dossier = await getJson<DossierDetail>(
        `/api/dossiers/${encodeURIComponent(batch.dossierCode)}`,
      );
      expect(dossier).toMatchObject({
        status: 'in_review',
        documentCount: 1,
        totalDocs: 1,
        pageCount: files.length,
      });
      const doc = docs[0];
      if (doc === undefined) throw new Error('no document');
      expect(doc.pages).toHaveLength(files.length);
      expect(doc.status).toBe('draft');
      // The draft reads the number, notation and date printed on the first page.
      const meta = JSON.parse(
        await readFile(join(CORPUS_VN, `${CORPUS_DOC}.meta.json`), 'utf8'),
      ) as { number: string; symbol: string; date: string };
      expect([doc.codeNumber, doc.codeNotation, doc.issuedDate]).toEqual([
        meta.number,
        meta.symbol,
        meta.date,
      ]);
      // The draft is stored with the document and shown with its confidences and word boxes,
      // and the dossier's draft is built from it.
      const detail = await getJson<DocumentDetail>(`/api/documents/${doc.id}`);
      expect(detail.draft?.number).toMatchObject({ value: meta.number });
      expect(detail.draft?.number?.confidence).toBeGreaterThan(0.5);
      expect(detail.draft?.number?.sources[0]?.boxes.length).toBeGreaterThan(0);
      expect(detail.draft?.pageCount).toMatchObject({ value: String(files.length) });
      expect(dossier.draft).toMatchObject({
        totalDocs: 1,
        pageCount: files.length,
        startDate: { value: meta.date },
        endDate: { value: meta.date },
      });
      expect(dossier.draft?.title.value).toBeTruthy();

      // OCR text against the ground truth, as a multiset of words.
      const pages = await Promise.all(
        doc.pages.map((p) => getJson<PageDetail>(`/api/pages/${p.id}`)),
      );
      // Upright pages: the decision not to turn them is recorded with its confidence.
      expect(pages.map((p) => p.findings.rotationApplied)).toEqual(pages.map(() => false));
      expect(pages.every((p) => p.findings.rotationConfidence !== null)).toBe(true);
      const ocrText = pages.map((p) => p.ocrText ?? '').join('\n');
      const truth = (
        await Promise.all(
          files.map((f) => readFile(join(CORPUS_VN, f.replace(/\.\w+$/u, '.gt.txt')), 'utf8')),
        )
      ).join('\n');
      const miss = wordErrors(truth, ocrText);
      expect(miss.total).toBeGreaterThan(100);
      expect(miss.errors / miss.total).toBeLessThanOrEqual(0.05);

      // The PDF: PDF/A-2u, sound for qpdf, and its text layer gives the OCR text back.
      const res = await h.app.request(`/api/documents/${doc.id}/pdf`, { headers: staff.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const dir = await mkdtemp(join(tmpdir(), 'sohoa-foundation-'));
      const pdf = join(dir, 'doc.pdf');
      await writeFile(pdf, Buffer.from(await res.arrayBuffer()));
      const pdfa = await run(PDFA_CHECK, ['--level', '2u', pdf]).then(
        (r) => r.stdout,
        (e: unknown) => `pdfa-check failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      expect(pdfa).toMatch(/^PASS PDF\/A-2u/mu);
      await run('qpdf', ['--check', pdf]);
      const { stdout: layer } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
      const back = wordErrors(ocrText, layer);
      expect(back.total).toBe(pdfWords(ocrText).length);
      expect(back.errors / back.total).toBeLessThanOrEqual(0.01);
    },
  );

  it('finishes a page whose worker was killed in the middle of it, and puts no page in two documents', async () => {
    const dpi = 200;
    const pages = [
      await renderPage({ lines: ADMIN_FIRST_PAGE, dpi, skewDeg: 2 }),
      await renderPage({
        lines: ['2', 'Điều 2. Giao Sở Nội vụ hướng dẫn các cơ quan thực hiện kế hoạch này.'],
        dpi,
      }),
      await renderPatchSheet({ dpi }),
      await renderPage({ lines: ADMIN_FIRST_PAGE, dpi, skewDeg: -3 }),
    ];
    const batch = await openBatch(`TEST.KILL.${Date.now()}`);
    for (const [i, p] of pages.entries()) {
      const res = await putUpload(h, batch.id, i, p.png, { name: `trang-${i + 1}.png` });
      expect(res.status).toBe(201);
    }
    await closeBatch(batch.id, pages.length);

    const victim = await waitFor(
      'a page in processing',
      async () =>
        (await h.db.page.findFirst({ where: { batchId: batch.id, status: 'processing' } })) ??
        undefined,
      60_000,
      50,
    );
    // The whole process group, as a power cut would take it: the worker and its sandboxes.
    await worker.kill({ group: true });
    expect(
      (await h.db.page.findUniqueOrThrow({ where: { id: victim.id } })).status,
      'the page was cut off while processing',
    ).toBe('processing');
    worker = startWorker();

    const docs = await assembled(batch.id, 240_000);
    const rows = await h.db.page.findMany({ where: { batchId: batch.id } });
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'done'));
    expect(rows.find((r) => r.id === victim.id)?.attempts).toBeGreaterThanOrEqual(2);

    // Two documents split at the separator sheet, each page in exactly one of them.
    expect(docs.map((d) => d.pages.length)).toEqual([2, 1]);
    const placed = docs.flatMap((d) => d.pages.map((p) => p.id));
    expect(new Set(placed).size).toBe(placed.length);
    const links = await h.db.documentPage.findMany({
      where: { pageId: { in: rows.map((r) => r.id) } },
    });
    expect(links).toHaveLength(3);
    const separator = rows.find((r) => r.isSeparator === true);
    expect(separator).toBeDefined();
    expect(placed).not.toContain(separator?.id);
  });
});
