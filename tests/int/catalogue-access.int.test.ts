/**
 * Reader access on the real api and database: a public record is searched and read without an
 * account (metadata, text, signed PDF, page images, IIIF manifest); a conditional and a secret
 * record never reach an anonymous reader by any route, and answer exactly like a record that does
 * not exist; staff see what their role may (operators the conditional one, reviewers and managers
 * the secret one too); a re-approval that makes a record secret hides its old versions as well.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierRecord, RecordDetail, SearchResult } from '../../api/contracts/catalogue.js';
import {
  createRunHarness,
  sha256Hex,
  type Harness,
  type TestLogin,
} from '../../api/testing/harness.js';
import {
  reapprove,
  seedCatalogue,
  testFonds,
  type SeededCatalogue,
} from '../fixtures/catalogue.js';

let h: Harness;
let operator: TestLogin;
let manager: TestLogin;
let open: SeededCatalogue;
let closed: SeededCatalogue;
const FONDS = testFonds('A');
const SECRET_WORD = 'bimatquocgia';
const CONDITIONAL_WORD = 'cohanche';

beforeAll(async () => {
  h = await createRunHarness();
  operator = await h.login('operator');
  manager = await h.login('manager');
  open = await seedCatalogue(h, {
    fondsCode: FONDS,
    docs: [
      {
        typeCode: '10',
        codeNumber: '1',
        codeNotation: 'KH-UBND',
        subject: 'Kế hoạch công khai',
        text: 'Kế hoạch công khai số hóa tài liệu.',
      },
      {
        typeCode: '07',
        codeNumber: '2',
        codeNotation: 'TB-UBND',
        subject: 'Thông báo hạn chế',
        accessModeCode: '02',
        text: `Thông báo ${CONDITIONAL_WORD} về nhân sự.`,
      },
      {
        typeCode: '02',
        codeNumber: '3',
        codeNotation: 'QĐ-UBND',
        subject: 'Quyết định mật',
        accessModeCode: '03',
        text: `Quyết định ${SECRET_WORD} về quốc phòng.`,
      },
    ],
  });
  // a whole dossier marked secret: its documents inherit it
  closed = await seedCatalogue(h, {
    fondsCode: FONDS,
    dossierMode: '03',
    dossierTitle: 'Hồ sơ mật',
    docs: [
      {
        typeCode: '14',
        subject: 'Báo cáo trong hồ sơ mật',
        text: `Báo cáo ${SECRET_WORD} thứ hai.`,
      },
    ],
  });
});

afterAll(async () => {
  await h.close();
});

const pub = () => open.records[0]!;
const conditional = () => open.records[1]!;
const secret = () => open.records[2]!;

async function searchIds(q: string, headers: Record<string, string> = {}): Promise<string[]> {
  const res = await h.app.request(
    `/api/catalogue/search?fonds=${FONDS}&q=${encodeURIComponent(q)}`,
    {
      headers,
    },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as SearchResult).items.map((i) => i.documentId);
}

/** Every route that gives out something of record `r`, for an anonymous reader or `headers`. */
function routesOf(r: { documentId: string; recordId: string }): string[] {
  return [
    `/api/catalogue/records/${r.documentId}`,
    `/api/catalogue/records/${r.documentId}?version=1`,
    `/api/catalogue/records/${r.documentId}/pdf`,
    `/api/catalogue/records/${r.documentId}/pdf?download=1`,
    `/api/catalogue/records/${r.documentId}/manifest`,
    `/iiif/3/records/${r.recordId}~1/info.json`,
    `/iiif/3/records/${r.recordId}~1/full/max/0/default.jpg`,
    `/iiif/3/records/${r.recordId}~1/0,0,10,10/10,/0/gray.png`,
  ];
}

describe('anonymous reader', () => {
  it('searches and reads a public record: metadata, text, PDF, page image, manifest', async () => {
    expect(await searchIds('cong khai')).toEqual([pub().documentId]);
    const res = await h.app.request(`/api/catalogue/records/${pub().documentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('Cookie');
    const r = (await res.json()) as RecordDetail;
    expect(r).toMatchObject({
      title: 'Kế hoạch 1/KH-UBND: Kế hoạch công khai',
      accessMode: '01',
      version: 1,
    });
    expect(r.fullText).toContain('công khai');
    expect(r.document['docCode']).toMatch(/^H99\.HS\..*\.0000001$/);
    expect(r.versions.map((v) => v.version)).toEqual([1]);

    const pdf = await h.app.request(`/api/catalogue/records/${pub().documentId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(sha256Hex(Buffer.from(await pdf.arrayBuffer()))).toBe(pub().pdfSha256);

    const info = await h.app.request(`/iiif/3/records/${pub().recordId}~1/info.json`);
    expect(info.status).toBe(200);
    const body = (await info.json()) as { id: string; width: number; height: number };
    expect(body.id).toMatch(new RegExp(`/iiif/3/records/${pub().recordId}~1$`));
    const img = await h.app.request(`/iiif/3/records/${pub().recordId}~1/full/200,/0/default.jpg`);
    expect(img.status).toBe(200);
    expect((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).width).toBe(200);

    const manifest = await h.app.request(`/api/catalogue/records/${pub().documentId}/manifest`);
    expect(manifest.status).toBe(200);
    const m = (await manifest.json()) as {
      '@context': string;
      type: string;
      label: Record<string, string[]>;
      items: {
        type: string;
        width: number;
        items: { items: { body: { service: { id: string }[] } }[] }[];
      }[];
      rendering: { id: string; format: string }[];
    };
    expect(m['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
    expect(m.type).toBe('Manifest');
    expect(m.label['vi']).toEqual([r.title]);
    expect(m.items).toHaveLength(1);
    expect(m.items[0]?.type).toBe('Canvas');
    expect(m.items[0]?.width).toBe(body.width);
    expect(m.items[0]?.items[0]?.items[0]?.body.service[0]?.id).toBe(body.id);
    expect(m.rendering[0]?.format).toBe('application/pdf');
  });

  it('never gets a conditional or secret record, by search or by any route', async () => {
    expect(await searchIds(CONDITIONAL_WORD)).toEqual([]);
    expect(await searchIds(SECRET_WORD)).toEqual([]);
    const all = await h.app.request(`/api/catalogue/search?fonds=${FONDS}&limit=100`);
    const listed = ((await all.json()) as SearchResult).items.map((i) => i.documentId);
    expect(listed).toEqual([pub().documentId]);
    const missing = { documentId: randomUUID(), recordId: randomUUID() };
    const notFound = await Promise.all(
      routesOf(missing).map(async (u) => {
        const res = await h.app.request(u);
        return { status: res.status, body: await res.text() };
      }),
    );
    for (const r of [conditional(), secret(), closed.records[0]!]) {
      for (const [i, url] of routesOf(r).entries()) {
        const res = await h.app.request(url);
        const text = await res.text();
        expect({ url, status: res.status }).toEqual({ url, status: 404 });
        expect(text).not.toContain(SECRET_WORD);
        expect(text).not.toContain(CONDITIONAL_WORD);
        // the same answer as for a record that does not exist (but for the id it names)
        const want = JSON.parse(notFound[i]?.body ?? '{}') as { code: string };
        expect((JSON.parse(text) as { code: string }).code).toBe(want.code);
      }
    }
    // the secret dossier itself and the public dossier without its restricted documents
    expect((await h.app.request(`/api/catalogue/dossiers/${closed.dossierId}`)).status).toBe(404);
    const d = (await (
      await h.app.request(`/api/catalogue/dossiers/${open.dossierId}`)
    ).json()) as DossierRecord;
    expect(d.documents.map((x) => x.documentId)).toEqual([pub().documentId]);
  });

  it('a stale or forged session cookie reads as anonymous, not as an error', async () => {
    const res = await h.app.request(`/api/catalogue/records/${secret().documentId}`, {
      headers: { cookie: 'sohoa_session=forged' },
    });
    expect(res.status).toBe(404);
  });
});

describe('staff', () => {
  it('an operator sees the conditional record but not the secret ones', async () => {
    expect(await searchIds(CONDITIONAL_WORD, operator.headers)).toEqual([conditional().documentId]);
    expect(await searchIds(SECRET_WORD, operator.headers)).toEqual([]);
    const res = await h.app.request(`/api/catalogue/records/${secret().documentId}/pdf`, {
      headers: operator.headers,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('catalogue.forbidden');
  });

  it('a manager sees and reads every record', async () => {
    expect(new Set(await searchIds(SECRET_WORD, manager.headers))).toEqual(
      new Set([secret().documentId, closed.records[0]!.documentId]),
    );
    for (const url of routesOf(secret())) {
      const res = await h.app.request(url, { headers: manager.headers });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
    const d = (await (
      await h.app.request(`/api/catalogue/dossiers/${open.dossierId}`, { headers: manager.headers })
    ).json()) as DossierRecord;
    expect(d.documents).toHaveLength(3);
    const fonds = (await (await h.app.request('/api/catalogue/fonds')).json()) as {
      items: { code: string }[];
    };
    expect(fonds.items.map((f) => f.code)).toContain(FONDS);
  });
});

describe('versions', () => {
  it('keeps old versions readable, and a record made secret hides them too', async () => {
    const rec = pub();
    await reapprove(
      h,
      open,
      0,
      { subject: 'Kế hoạch công khai (sửa)' },
      'Kế hoạch công khai đã sửa.',
    );
    const v1 = (await (
      await h.app.request(`/api/catalogue/records/${rec.documentId}?version=1`)
    ).json()) as RecordDetail;
    expect(v1.subject).toBe('Kế hoạch công khai');
    expect(v1.latest).toBe(false);
    const latest = (await (
      await h.app.request(`/api/catalogue/records/${rec.documentId}`)
    ).json()) as RecordDetail;
    expect([latest.version, latest.subject, latest.versions.length]).toEqual([
      2,
      'Kế hoạch công khai (sửa)',
      2,
    ]);
    // the catalogue record rows themselves are immutable
    await expect(
      h.db.catalogueRecord.update({ where: { id: rec.recordId }, data: { fullText: 'x' } }),
    ).rejects.toThrow(/immutable/);

    await reapprove(h, open, 0, { accessModeCode: '03' }, 'Kế hoạch nay là tài liệu mật.');
    for (const v of ['', '?version=1', '?version=2', '?version=3']) {
      const res = await h.app.request(`/api/catalogue/records/${rec.documentId}${v}`);
      expect({ v, status: res.status }).toEqual({ v, status: 404 });
    }
    expect(await searchIds('cong khai')).toEqual([]);
    const imageOfV1 = await h.app.request(`/iiif/3/records/${rec.recordId}~1/info.json`);
    expect(imageOfV1.status).toBe(404);
    const forManager = (await (
      await h.app.request(`/api/catalogue/records/${rec.documentId}?version=1`, {
        headers: manager.headers,
      })
    ).json()) as RecordDetail;
    expect([forManager.version, forManager.accessMode]).toEqual([1, '03']);
  });
});
