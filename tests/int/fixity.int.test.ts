/**
 * The fixity job on the run's real PostgreSQL and blob store: a sound signed PDF and its master
 * pass; a PDF changed on disk, an unsigned PDF and a master gone missing are each reported (a
 * problem row and an audit event), and nothing is repaired. The api shows the runs and checks one
 * document on demand.
 */
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixityRuns, SignatureCheck } from '../../api/contracts.js';
import { createRunHarness, type Harness, type TestLogin } from '../../api/testing/harness.js';
import { assembled, scanned, type Scanned } from '../../api/testing/scenario.js';
import { createLogger } from '../../core/log.js';
import { renderPage } from '../fixtures/render.js';
import { buildPdfA } from '../../pipeline/stages/pdfa/index.js';
import { signPdf } from '../../pipeline/stages/pdfa/sign.js';
import {
  createDevelopmentP12,
  loadSigningIdentity,
} from '../../pipeline/stages/pdfa/signing-identity.js';
import { runFixity } from '../../pipeline/workers/fixity.js';
import { reapprove, seedCatalogue, testFonds } from '../fixtures/catalogue.js';

let h: Harness;
/** A signed-in reviewer: the read routes need a session */
let staff: TestLogin;
const log = createLogger({ name: 'fixity-test', level: 'silent', pretty: false });

/** A one-page PDF/A of a rendered page, signed when `signed`. */
async function pdfOf(text: string, signed: boolean): Promise<Buffer> {
  const page = await renderPage({ lines: [text], dpi: 100 });
  const pdf = await buildPdfA(
    [
      {
        image: page.png,
        mediaType: 'image/png',
        width: page.width,
        height: page.height,
        dpi: { x: 100, y: 100 },
        colorMode: 'gray',
        ocr: null,
      },
    ],
    {
      title: text,
      creator: 'Lưu trữ lịch sử tỉnh',
      language: 'vi',
      documentId: crypto.randomUUID(),
      createdAt: new Date(),
      producer: 'sohoa test',
      record: {},
    },
  );
  if (!signed) return pdf;
  const id = await loadSigningIdentity(createDevelopmentP12('Lưu trữ lịch sử tỉnh', 'x'), 'x');
  return signPdf(pdf, id, { signedAt: new Date() });
}

const run = () => runFixity({ db: h.db, blobs: h.blobs, log });

beforeAll(async () => {
  h = await createRunHarness();
  staff = await h.login('reviewer');
});

afterAll(async () => {
  await h.close();
});

describe('maintenance.fixity', () => {
  let sound: { s: Scanned; id: string; sha: string };

  it('passes a signed PDF and its master, and records the run', async () => {
    const s = await scanned(h);
    const doc = await assembled(h, s, await pdfOf('Hồ sơ nguyên vẹn', true));
    sound = { s, id: doc.id, sha: doc.pdfSha256 ?? '' };
    const outcome = await run();
    expect(outcome.checked).toBeGreaterThanOrEqual(2);
    const mine = await h.db.fixityProblem.findMany({
      where: { runId: outcome.runId, subjectId: { in: [doc.id, s.upload.uploadId] } },
    });
    expect(mine).toEqual([]);
    const row = await h.db.fixityRun.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(row.finishedAt).not.toBeNull();
    expect(row.checked).toBe(outcome.checked);

    const check = (await (
      await h.app.request(`/api/documents/${doc.id}/signature`, { headers: staff.headers })
    ).json()) as SignatureCheck;
    expect(check).toMatchObject({ intact: true, valid: true, coversWholeFile: true });
  });

  it('reports a PDF changed on disk, an unsigned PDF and a missing master, repairing nothing', async () => {
    // One byte of the stored PDF changed behind the archive's back.
    const path = h.blobs.pathOf(sound.sha);
    const original = await readFile(path);
    const changed = Buffer.from(original);
    const at = changed.indexOf('stream', changed.indexOf('/Subtype /Image')) + 100;
    changed[at] = changed[at]! ^ 0x10;
    await chmod(path, 0o644);
    await writeFile(path, changed);

    const unsigned = await scanned(h);
    const plain = await assembled(h, unsigned, await pdfOf('Chưa ký', false));

    const lost = await scanned(h, `HS.LOST.${crypto.randomUUID().slice(0, 4)}`);
    await rm(h.blobs.pathOf(lost.upload.sha256));

    const outcome = await run();
    const found = await h.db.fixityProblem.findMany({ where: { runId: outcome.runId } });
    const byId = new Map(found.map((p) => [p.subjectId, p]));
    expect(byId.get(sound.id)?.code).toBe('fixity.hash_mismatch');
    expect(byId.get(plain.id)?.code).toBe('fixity.signature_invalid');
    expect(byId.get(plain.id)?.message).toMatch(/Không có chữ ký số/);
    expect(byId.get(lost.upload.uploadId)).toMatchObject({
      code: 'fixity.missing',
      subjectType: 'upload',
    });
    expect(outcome.problems).toBe(found.length);

    // Reported, never repaired: the changed bytes are still what is stored.
    expect((await readFile(path)).equals(changed)).toBe(true);
    const audit = await h.db.auditEvent.findMany({
      where: { entityId: sound.id, action: 'fixity.hash_mismatch' },
    });
    expect(audit.length).toBeGreaterThanOrEqual(1);

    const runs = (await (
      await h.app.request('/api/fixity?limit=1', { headers: (await h.login('manager')).headers })
    ).json()) as FixityRuns;
    expect(runs.runs[0]?.id).toBe(outcome.runId);
    expect(runs.runs[0]?.found.map((p) => p.subjectId)).toContain(sound.id);
    const check = (await (
      await h.app.request(`/api/documents/${sound.id}/signature`, { headers: staff.headers })
    ).json()) as SignatureCheck;
    expect(check.intact).toBe(false);
    expect(check.valid).toBe(false);
  });

  it("covers the catalogue: a page image or an old version's PDF altered on disk is reported", async () => {
    const cat = await seedCatalogue(h, {
      fondsCode: testFonds('F'),
      docs: [{ typeCode: '02', subject: 'Quyết định lưu trong mục lục', text: 'QUYẾT ĐỊNH' }],
    });
    const rec = cat.records[0];
    if (rec === undefined) throw new Error('one record');
    const v2 = await reapprove(h, cat, 0, { subject: 'Quyết định (sửa)' }, 'QUYẾT ĐỊNH (sửa)');
    const clean = await run();
    const before = await h.db.fixityProblem.findMany({
      where: { runId: clean.runId, subjectId: { in: [rec.recordId, v2] } },
    });
    expect(before).toEqual([]);

    // one byte of the page image, and of the PDF both versions share, changed on disk
    for (const sha of [rec.images[0] ?? '', rec.pdfSha256]) {
      const path = h.blobs.pathOf(sha);
      const bytes = Buffer.from(await readFile(path));
      bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01;
      await chmod(path, 0o644);
      await writeFile(path, bytes);
    }
    const outcome = await run();
    const found = await h.db.fixityProblem.findMany({
      where: { runId: outcome.runId, subjectId: { in: [rec.recordId, v2] } },
      orderBy: [{ subjectId: 'asc' }, { subjectType: 'asc' }],
    });
    const got = found.map((p) => [p.subjectId, p.subjectType, p.code, p.sha256]);
    for (const id of [rec.recordId, v2]) {
      expect(got).toContainEqual([id, 'catalogue_pdf', 'fixity.hash_mismatch', rec.pdfSha256]);
      expect(got).toContainEqual([id, 'catalogue_image', 'fixity.hash_mismatch', rec.images[0]]);
    }
    expect(found.find((p) => p.subjectType === 'catalogue_image')?.message).toMatch(/ảnh trang 1/);
    const audit = await h.db.auditEvent.findMany({
      where: { entityType: 'catalogue_record', entityId: v2, action: 'fixity.hash_mismatch' },
    });
    expect(audit.length).toBeGreaterThanOrEqual(2);
    // and managers see the run with its problems
    const runs = (await (
      await h.app.request('/api/fixity?limit=1', { headers: (await h.login('manager')).headers })
    ).json()) as FixityRuns;
    expect(runs.runs[0]?.id).toBe(outcome.runId);
    expect(runs.runs[0]?.problems).toBeGreaterThanOrEqual(found.length);
  });
});
