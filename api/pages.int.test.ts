import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, PageDetail } from './contracts.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';
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

describe('pages', () => {
  it('shows a page and serves its master image byte for byte, cacheable for ever', async () => {
    const s = await scanned(h);
    const pageId = s.upload.pageIds[0] ?? '';
    const page = (await (
      await h.app.request(`/api/pages/${pageId}`, { headers: staff.headers })
    ).json()) as PageDetail;
    expect(page).toMatchObject({
      id: pageId,
      status: 'queued',
      uploadId: s.upload.uploadId,
      hasCleanImage: false,
      document: null,
    });
    const img = await h.app.request(`/api/pages/${pageId}/image`, { headers: staff.headers });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(img.headers.get('etag')).toBe(`"${s.upload.sha256}"`);
    expect(Buffer.from(await img.arrayBuffer())).toEqual(s.png);
    const clean = await h.app.request(`/api/pages/${pageId}/image?variant=clean`, {
      headers: staff.headers,
    });
    expect(clean.status).toBe(404);
    expect(((await clean.json()) as ErrorBody).code).toBe('page.image_missing');
  });

  it('serves the OCR JSON once the page has one', async () => {
    const s = await scanned(h);
    const pageId = s.upload.pageIds[0] ?? '';
    const missing = await h.app.request(`/api/pages/${pageId}/ocr`, { headers: staff.headers });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).code).toBe('page.ocr_missing');
    const ocr = {
      width: 40,
      height: 30,
      words: [],
      lines: [],
      text: 'Kế hoạch',
      meanConfidence: 0,
      engine: 'test',
    };
    const blob = await h.blobs.put(Buffer.from(JSON.stringify(ocr)));
    await h.db.page.update({
      where: { id: pageId },
      data: { ocrSha256: blob.sha256, ocrText: 'Kế hoạch' },
    });
    const res = await h.app.request(`/api/pages/${pageId}/ocr`, { headers: staff.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(ocr);
    const page = (await (
      await h.app.request(`/api/pages/${pageId}`, { headers: staff.headers })
    ).json()) as PageDetail;
    expect(page).toMatchObject({ ocrText: 'Kế hoạch', hasOcr: true });
  });
});

describe('GET /api/pages/{id} after assembly', () => {
  it('names the document the page belongs to and its findings', async () => {
    const s = await scanned(h);
    const doc = await assembled(h, s);
    const page = (await (
      await h.app.request(`/api/pages/${s.upload.pageIds[0]}`, { headers: staff.headers })
    ).json()) as PageDetail;
    expect(page).toMatchObject({
      status: 'done',
      document: { id: doc.id, position: 1 },
      findings: { skewDeg: 1.5, rotationDeg: 0, isBlank: false },
      dpi: { x: 300, y: 300 },
    });
  });
});
