import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail, DossierDetail, ErrorBody, ValidationErrorBody } from './contracts.js';
import { createRunHarness, sha256Hex, type Harness, type TestLogin } from './testing/harness.js';
import { assembled, scanned } from './testing/scenario.js';

let h: Harness;
/** A signed-in reviewer: the read routes need a session */
let staff: TestLogin;

beforeAll(async () => {
  h = await createRunHarness();
  staff = await h.login('reviewer');
});

afterAll(async () => {
  await h.close();
});

describe('catalogue', () => {
  it('serves the code lists of core/domain', async () => {
    const lists = (await (await h.app.request('/api/code-lists')).json()) as Record<
      string,
      { code: string; vi: string }[]
    >;
    expect(lists['docType']?.find((e) => e.code === '02')?.vi).toBe('Quyết định');
    expect(Object.keys(lists)).toContain('accessMode');
  });

  it('pages through dossiers in code order without losing or repeating one', async () => {
    const prefix = `P${randomUUID().slice(0, 6)}`;
    const codes = [`${prefix}.3`, `${prefix}.1`, `${prefix}.2`];
    for (const c of codes) await scanned(h, c);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = (await (
        await h.app.request(`/api/dossiers?limit=2${q}`, { headers: staff.headers })
      ).json()) as {
        items: { code: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.code));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.filter((c) => c.startsWith(prefix))).toEqual([...codes].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows a dossier with its batches, page counts and documents', async () => {
    const s = await scanned(h);
    const doc = await assembled(h, s);
    const res = await h.app.request(`/api/dossiers/${encodeURIComponent(s.code)}`, {
      headers: staff.headers,
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as DossierDetail;
    expect(d.code).toBe(s.code);
    expect(d.batches.map((b) => [b.id, b.pageCounts.done, b.pageCounts.total])).toEqual([
      [s.batch.id, 1, 1],
    ]);
    expect(d.documents.map((x) => x.id)).toEqual([doc.id]);
    const missing = await h.app.request('/api/dossiers/KHONG-CO', { headers: staff.headers });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).message).toContain(
      'Không tìm thấy hồ sơ KHONG-CO',
    );
  });

  it('filters documents and shows one with its draft and pages', async () => {
    const s = await scanned(h);
    const doc = await assembled(h, s);
    const list = (await (
      await h.app.request(`/api/documents?dossierCode=${encodeURIComponent(s.code)}&status=draft`, {
        headers: staff.headers,
      })
    ).json()) as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).toEqual([doc.id]);
    const none = (await (
      await h.app.request(`/api/documents?batchId=${s.batch.id}&status=approved`, {
        headers: staff.headers,
      })
    ).json()) as { items: unknown[] };
    expect(none.items).toEqual([]);
    const detail = (await (
      await h.app.request(`/api/documents/${doc.id}`, { headers: staff.headers })
    ).json()) as DocumentDetail;
    expect(detail).toMatchObject({
      codeNumber: '146',
      codeNotation: 'KH-UBND',
      dossierCode: s.code,
      pdfName: null,
    });
    expect(detail.draft?.['number']?.value).toBe('146');
    expect(detail.pages).toEqual([
      {
        id: s.upload.pageIds[0],
        position: 1,
        width: 40,
        height: 30,
        dpi: { x: 300, y: 300 },
        rotationDeg: 0,
        skewDeg: 1.5,
        isBlank: false,
        isSeparator: false,
        ocrMeanConfidence: 91,
      },
    ]);
  });

  it('names the parameter of an invalid query', async () => {
    const res = await h.app.request('/api/documents?limit=0', { headers: staff.headers });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ValidationErrorBody).issues.map((i) => i.path)).toEqual([
      'query.limit',
    ]);
    const cursor = await h.app.request('/api/documents?cursor=garbage', { headers: staff.headers });
    expect(cursor.status).toBe(400);
  });
});

describe('GET /api/documents/{id}/pdf', () => {
  it('answers 404 document.pdf_missing before the PDF is built', async () => {
    const doc = await assembled(h, await scanned(h));
    const res = await h.app.request(`/api/documents/${doc.id}/pdf`, { headers: staff.headers });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).code).toBe('document.pdf_missing');
  });

  it('streams the PDF with its name, ETag, ranges and conditional requests', async () => {
    const pdf = Buffer.from(`%PDF-1.7\n${'x'.repeat(5000)}\n%%EOF\n`);
    const s = await scanned(h, `HS.Hưng Yên.${randomUUID().slice(0, 4)}`);
    const doc = await assembled(h, s, pdf);
    const url = `/api/documents/${doc.id}/pdf`;
    const full = await h.app.request(url, { headers: staff.headers });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('application/pdf');
    expect(full.headers.get('etag')).toBe(`"${sha256Hex(pdf)}"`);
    expect(full.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${s.code}.1.pdf`)}`,
    );
    expect(Buffer.from(await full.arrayBuffer())).toEqual(pdf);

    const part = await h.app.request(url, {
      headers: { ...staff.headers, range: 'bytes=100-199' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${pdf.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(pdf.subarray(100, 200));
    const tail = await h.app.request(url, { headers: { ...staff.headers, range: 'bytes=-6' } });
    expect(Buffer.from(await tail.arrayBuffer()).toString()).toBe('%%EOF\n');

    expect(
      (
        await h.app.request(url, {
          headers: { ...staff.headers, 'if-none-match': `"${sha256Hex(pdf)}"` },
        })
      ).status,
    ).toBe(304);
    const beyond = await h.app.request(url, {
      headers: { ...staff.headers, range: `bytes=${pdf.length}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${pdf.length}`);
  });
});
