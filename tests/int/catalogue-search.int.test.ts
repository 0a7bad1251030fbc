/**
 * Catalogue search on the run's real PostgreSQL (the migration's unaccent, tsvector and trigram
 * indexes, the trigger that indexes every record): diacritic-free words find the text with its
 * diacritics, numbers and symbols find their record, date ranges, filters, paging in every order,
 * and only each record's latest version by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../api/contracts/catalogue.js';
import { createRunHarness, type Harness, type TestLogin } from '../../api/testing/harness.js';
import {
  reapprove,
  seedCatalogue,
  testFonds,
  type SeededCatalogue,
} from '../fixtures/catalogue.js';

let h: Harness;
let staff: TestLogin;
let s: SeededCatalogue;
const FONDS = testFonds('S');
const UBND = 'Ủy ban nhân dân tỉnh Hưng Yên';

/** ids of the records in order: 0 decision, 1 plan, 2 report, 3 decision 1997, 4 Đà Nẵng, 5 undated */
beforeAll(async () => {
  h = await createRunHarness();
  staff = await h.login('reviewer');
  s = await seedCatalogue(h, {
    fondsCode: FONDS,
    fondsName: 'Phông Ủy ban nhân dân tỉnh Hưng Yên',
    docs: [
      {
        typeCode: '02',
        codeNumber: '12',
        codeNotation: 'QĐ-UBND',
        issuedDate: '2021-03-05',
        organName: UBND,
        subject: 'Về việc phê duyệt danh mục tài liệu số hóa',
        text: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc phê duyệt danh mục tài liệu số hóa\nCăn cứ Luật Lưu trữ.',
      },
      {
        typeCode: '10',
        codeNumber: '146',
        codeNotation: 'KH-UBND',
        issuedDate: '2021-05-18',
        organName: UBND,
        subject: 'Kế hoạch số hóa tài liệu lưu trữ lịch sử năm 2021',
        text: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 146/KH-UBND\nKẾ HOẠCH\nSố hóa tài liệu lưu trữ lịch sử năm 2021.',
      },
      {
        typeCode: '14',
        codeNumber: '146',
        codeNotation: 'BC-SNV',
        issuedDate: '2021-07',
        organName: 'Sở Nội vụ tỉnh Hưng Yên',
        subject: 'Báo cáo kết quả chỉnh lý tài liệu',
        text: 'SỞ NỘI VỤ\nSố: 146/BC-SNV\nBÁO CÁO\nKết quả chỉnh lý tài liệu quý II, thực hiện quyết định của ủy ban.',
      },
      {
        typeCode: '02',
        codeNumber: '88',
        codeNotation: 'QĐ-UBND',
        issuedDate: '1997',
        organName: UBND,
        subject: 'Về việc thành lập Hội đồng xác định giá trị tài liệu',
        text: 'QUYẾT ĐỊNH\nVề việc thành lập Hội đồng xác định giá trị tài liệu năm 1997.',
      },
      {
        typeCode: '22',
        codeNumber: '5',
        codeNotation: 'CV-UBND',
        issuedDate: '2019-11-20',
        organName: 'Ủy ban nhân dân thành phố Đà Nẵng',
        subject: 'Đề nghị phối hợp đào tạo',
        text: 'ĐỀ NGHỊ PHỐI HỢP ĐÀO TẠO cán bộ lưu trữ tại Đà Nẵng.',
      },
      {
        typeCode: '32',
        subject: 'Sổ ghi chép không ghi ngày',
        text: 'Sổ ghi chép công tác hằng ngày.',
      },
    ],
  });
});

afterAll(async () => {
  await h.close();
});

async function search(params: Record<string, string>, headers: Record<string, string> = {}) {
  const qs = new URLSearchParams({ fonds: FONDS, ...params });
  const res = await h.app.request(`/api/catalogue/search?${qs.toString()}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as SearchResult;
}

const ids = (r: SearchResult) => r.items.map((i) => i.documentId);
const doc = (i: number) => s.records[i]?.documentId ?? '';

describe('full-text search', () => {
  it('"quyet dinh ubnd" finds the decisions with diacritics in their text (folded)', async () => {
    const r = await search({ q: 'quyet dinh ubnd' });
    expect(r.folded).toBe(true);
    expect(r.matchedBy).toBe('text');
    expect(new Set(ids(r))).toEqual(new Set([doc(0), doc(3)]));
    // the snippet shows the original spelling, with the words marked
    const first = r.items.find((i) => i.documentId === doc(0));
    const hits = first?.snippet?.filter((x) => x.hit).map((x) => x.text) ?? [];
    expect(hits).toEqual(expect.arrayContaining(['QUYẾT', 'ĐỊNH', 'UBND']));
    expect(r.total).toEqual({ count: 2, exact: true });
  });

  it('folds đ to d, and finds words of the metadata (organ) as well as the text', async () => {
    expect(ids(await search({ q: 'da nang dao tao' }))).toEqual([doc(4)]);
    // "hưng yên" is in the organ of the report and in the text of three others
    const r = await search({ q: 'so noi vu hung yen' });
    expect(ids(r)).toEqual([doc(2)]);
  });

  it('matches diacritics as typed when the query has them, or when asked to', async () => {
    expect(new Set(ids(await search({ q: 'Quyết định' })))).toEqual(
      new Set([doc(0), doc(3), doc(2)]),
    );
    const exact = await search({ q: 'quyết định ubnd' });
    expect(exact.folded).toBe(false);
    expect(new Set(ids(exact))).toEqual(new Set([doc(0), doc(3)]));
    // "quyet" spelled without diacritics is not in any text
    expect(ids(await search({ q: 'quyet dinh', diacritics: 'match' }))).toEqual([]);
    expect(new Set(ids(await search({ q: 'Quyết định', diacritics: 'ignore' })))).toEqual(
      new Set([doc(0), doc(3), doc(2)]),
    );
  });

  it('ranks a record whose title holds the words above one with them only in the text', async () => {
    const r = await search({ q: 'quyet dinh' });
    expect(r.sort).toBe('relevance');
    expect(ids(r).indexOf(doc(2))).toBe(2);
  });

  it('understands phrases, OR and exclusions', async () => {
    expect(ids(await search({ q: '"ke hoach so hoa"' }))).toEqual([doc(1)]);
    expect(new Set(ids(await search({ q: 'chinh ly or dao tao' })))).toEqual(
      new Set([doc(2), doc(4)]),
    );
    expect(ids(await search({ q: 'quyet dinh -1997 -chinh' }))).toEqual([doc(0)]);
  });
});

describe('number and symbol', () => {
  it('"146/KH-UBND" finds that record and not 146/BC-SNV', async () => {
    const r = await search({ q: '146/KH-UBND' });
    expect(r.matchedBy).toBe('number');
    expect(ids(r)).toEqual([doc(1)]);
    expect(ids(await search({ q: '146 / kh-ubnd' }))).toEqual([doc(1)]);
    expect(ids(await search({ number: '146/BC-SNV' }))).toEqual([doc(2)]);
  });

  it('a symbol alone finds every record of it, with or without its diacritics', async () => {
    expect(new Set(ids(await search({ q: 'QĐ-UBND' })))).toEqual(new Set([doc(0), doc(3)]));
    expect(new Set(ids(await search({ q: 'QD-UBND' })))).toEqual(new Set([doc(0), doc(3)]));
    expect(ids(await search({ q: '12/QD-UBND' }))).toEqual([doc(0)]);
  });
});

describe('filters', () => {
  it('date ranges: years, months and days, partial dates overlapping', async () => {
    expect(new Set(ids(await search({ dateFrom: '2021', dateTo: '2021' })))).toEqual(
      new Set([doc(0), doc(1), doc(2)]),
    );
    // the report is dated only to July 2021: a range inside that month finds it
    expect(ids(await search({ dateFrom: '2021-07-10', dateTo: '2021-07-20' }))).toEqual([doc(2)]);
    expect(ids(await search({ dateFrom: '2021-03-06', dateTo: '2021-06' }))).toEqual([doc(1)]);
    expect(ids(await search({ dateTo: '1999' }))).toEqual([doc(3)]);
    expect(new Set(ids(await search({ q: 'quyet dinh', dateFrom: '2000' })))).toEqual(
      new Set([doc(0), doc(2)]),
    );
  });

  it('type, organ (diacritics ignored) and fonds', async () => {
    expect(new Set(ids(await search({ type: '02' })))).toEqual(new Set([doc(0), doc(3)]));
    expect(ids(await search({ organ: 'thanh pho da nang' }))).toEqual([doc(4)]);
    expect(ids(await search({ organ: 'Sở Nội vụ' }))).toEqual([doc(2)]);
    expect(ids(await search({ fonds: 'KHONG-CO' }))).toEqual([]);
  });

  it('refuses a malformed date with a message naming the parameter', async () => {
    const res = await h.app.request(`/api/catalogue/search?dateFrom=21-05-2021`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('query.dateFrom');
  });
});

describe('paging', () => {
  it('walks newest first and oldest first through every record once, undated last', async () => {
    for (const sort of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchResult = await search({
          sort,
          limit: '2',
          ...(cursor ? { cursor } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(2);
        expect(page.total).toEqual({ count: 6, exact: true });
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor !== null);
      const newest = [doc(2), doc(1), doc(0), doc(4), doc(3), doc(5)];
      expect(seen).toEqual(sort === 'newest' ? newest : [doc(5), ...newest.slice(0, 5).reverse()]);
    }
  });

  it('pages by relevance without repeating a record', async () => {
    const first = await search({ q: 'tai lieu', limit: '2' });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await search({ q: 'tai lieu', limit: '2', cursor: first.nextCursor ?? '' });
    const all = [...ids(first), ...ids(second)];
    expect(new Set(all).size).toBe(all.length);
    const bad = await h.app.request(
      `/api/catalogue/search?fonds=${FONDS}&q=x&sort=newest&cursor=${first.nextCursor ?? ''}`,
    );
    expect(bad.status).toBe(400);
  });
});

describe('versions', () => {
  it('searches only the latest version; staff may ask for every version', async () => {
    await reapprove(
      h,
      s,
      5,
      { subject: 'Sổ ghi chép công tác văn thư' },
      'Sổ ghi chép công tác văn thư lưu trữ.',
    );
    const latest = await search({ q: 'hang ngay' });
    expect(ids(latest)).toEqual([]);
    const now = await search({ q: '"van thu"' });
    expect(now.items.map((i) => [i.documentId, i.version, i.latest])).toEqual([[doc(5), 2, true]]);
    const all = await search({ q: 'so ghi chep', allVersions: 'true' }, staff.headers);
    expect(all.items.map((i) => i.version).sort()).toEqual([1, 2]);
    const anon = await h.app.request(`/api/catalogue/search?q=x&allVersions=true`);
    expect(anon.status).toBe(403);
    expect(((await anon.json()) as { code: string }).code).toBe('catalogue.staff_only');
  });
});
