import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docTypeFor } from '../../core/domain/code-lists.js';
import { compareKey } from '../../core/domain/vn-text.js';
import {
  BODY_LINE,
  assemblyPage,
  buildOcr,
  continuationLines,
  firstPageLines,
  ocrFromCorpusLines,
  signerLines,
  type FirstPageSpec,
  type OcrTextLine,
  type SignerSpec,
} from '../../tests/fixtures/ocr.js';
import type { DraftField, DraftMetadata, PageForAssembly } from '../domain.js';
import { draftMetadata } from './draft-metadata.js';

const values = (m: DraftMetadata): Record<string, string | null> =>
  Object.fromEntries(
    Object.entries(m as unknown as Record<string, DraftField | undefined>).map(([k, f]) => [
      k,
      f?.value ?? null,
    ]),
  );

/** A one- or two-page document: first page from `first`, signer on the last page. */
function documentPages(
  first: FirstPageSpec,
  signer: SignerSpec,
  o: { twoPages?: boolean; merge?: boolean; edit?: (l: OcrTextLine[]) => OcrTextLine[] } = {},
): PageForAssembly[] {
  const { lines, nextY } = firstPageLines(first);
  const edit = o.edit ?? ((l: OcrTextLine[]) => l);
  const merge = o.merge ?? true;
  if (o.twoPages === true) {
    return [
      assemblyPage(0, buildOcr(edit(lines), { merge })),
      assemblyPage(
        1,
        buildOcr([...continuationLines(2, 8), ...signerLines(signer, 100)], { merge }),
      ),
    ];
  }
  return [
    assemblyPage(0, buildOcr(edit([...lines, ...signerLines(signer, nextY + 6)]), { merge })),
  ];
}

const DECISION: FirstPageSpec = {
  organ: ['ỦY BAN NHÂN DÂN', 'TỈNH HƯNG YÊN'],
  number: 'Số: 55/2019/QĐ-UBND',
  placeDate: 'Hưng Yên, ngày 05 tháng 01 năm 2020',
  docType: 'QUYẾT ĐỊNH',
  summary: ['Ban hành Quy chế công tác văn thư, lưu trữ', 'trên địa bàn tỉnh Hưng Yên'],
  body: ['ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN', BODY_LINE, BODY_LINE, BODY_LINE],
};
const DECISION_SIGNER: SignerSpec = {
  block: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'],
  name: 'Nguyễn Văn An',
};

describe('draftMetadata', () => {
  it('reads a Quyết định in the NĐ 30/2020 layout, signer on page 2', () => {
    const m = draftMetadata(documentPages(DECISION, DECISION_SIGNER, { twoPages: true }));
    expect(values(m)).toEqual({
      organ: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN',
      organParent: null,
      number: '55',
      numberYear: '2019',
      symbol: 'QĐ-UBND',
      date: '2020-01-05',
      place: 'Hưng Yên',
      docType: 'QUYẾT ĐỊNH',
      docTypeCode: '02',
      summary: 'Ban hành Quy chế công tác văn thư, lưu trữ trên địa bàn tỉnh Hưng Yên',
      signerAuthority: 'KT.',
      signerTitle: 'PHÓ CHỦ TỊCH',
      signerName: 'Nguyễn Văn An',
      secrecy: null,
      urgency: null,
      language: '01',
    });
    // the review UI highlights the words a value came from, on the page it came from
    expect(m.number.sources).toHaveLength(1);
    expect(m.number.sources[0]?.page).toBe(0);
    expect(m.signerName.sources[0]?.page).toBe(1);
    expect(m.signerName.sources[0]?.boxes).toHaveLength(3);
    expect(m.organ.confidence).toBeGreaterThan(0.8);
    expect(m.secrecy).toEqual({ value: null, confidence: 0, sources: [] });
  });

  it('reads the same values whether OCR joins the two header columns into one line or not', () => {
    const joined = draftMetadata(documentPages(DECISION, DECISION_SIGNER, { merge: true }));
    const apart = draftMetadata(documentPages(DECISION, DECISION_SIGNER, { merge: false }));
    expect(values(apart)).toEqual(values(joined));
    expect(joined.organ.value).toBe('ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN');
  });

  it('reads a công văn: trích yếu from the V/v lines, type 22 without a type line', () => {
    const m = draftMetadata(
      documentPages(
        {
          organParent: 'UBND TỈNH CÀ MAU',
          organ: ['SỞ TÀI CHÍNH'],
          number: 'Số: 1612/STC-VP',
          vv: ['V/v báo cáo công tác văn thư,', 'lưu trữ năm 2019'],
          placeDate: 'Cà Mau, ngày 06 tháng 01 năm 2019',
          body: ['Kính gửi: Ủy ban nhân dân tỉnh Cà Mau', BODY_LINE, BODY_LINE],
        },
        { block: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Mai Mạnh Trung' },
      ),
    );
    expect(values(m)).toMatchObject({
      organ: 'SỞ TÀI CHÍNH',
      organParent: 'UBND TỈNH CÀ MAU',
      number: '1612',
      symbol: 'STC-VP',
      docType: 'CÔNG VĂN',
      docTypeCode: '22',
      summary: 'báo cáo công tác văn thư, lưu trữ năm 2019',
      signerAuthority: 'KT.',
      signerTitle: 'PHÓ GIÁM ĐỐC',
      signerName: 'Mai Mạnh Trung',
    });
  });

  it('reads a typewritten 1980s decision: T/M and K/T, "QĐ-UB", old tone marks, "0l" for 01', () => {
    const m = draftMetadata(
      documentPages(
        {
          organ: ['UỶ BAN NHÂN DÂN', 'TỈNH HÀ NAM NINH'],
          number: 'Số: 0l/QĐ-UB',
          nationalTitle: 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          placeDate: 'Hà Nam Ninh, ngày 12 tháng 11 năm 1981',
          docType: 'QUYẾT ĐỊNH',
          summary: ['Về việc thành lập Hội đồng xác định', 'giá trị tài liệu'],
          body: [BODY_LINE, BODY_LINE],
        },
        { block: ['T/M UỶ BAN NHÂN DÂN', 'K/T CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Tạ Hữu Khánh' },
        { twoPages: true },
      ),
    );
    expect(values(m)).toMatchObject({
      organ: 'UỶ BAN NHÂN DÂN TỈNH HÀ NAM NINH',
      number: '01',
      symbol: 'QĐ-UB',
      date: '1981-11-12',
      place: 'Hà Nam Ninh',
      docTypeCode: '02',
      summary: 'Về việc thành lập Hội đồng xác định giá trị tài liệu',
      signerAuthority: 'KT.',
      signerTitle: 'PHÓ CHỦ TỊCH',
      signerName: 'Tạ Hữu Khánh',
    });
    // the repaired digit lowers the confidence below that of a clean read
    expect(m.number.confidence).toBeLessThan(m.date.confidence);
  });

  it('leaves number and symbol empty on a page without a number line', () => {
    const m = draftMetadata(
      documentPages(
        {
          organParent: 'UBND TỈNH LÂM ĐỒNG',
          organ: ['SỞ XÂY DỰNG'],
          placeDate: 'Lâm Đồng, ngày 5 tháng 6 năm 2010',
          docType: 'KẾ HOẠCH',
          summary: ['Phòng, chống lụt bão năm 2010'],
          body: [BODY_LINE, BODY_LINE],
        },
        { block: ['GIÁM ĐỐC'], name: 'Tạ Hồng Thủy' },
      ),
    );
    expect(m.number).toEqual({ value: null, confidence: 0, sources: [] });
    expect(m.symbol.value).toBeNull();
    expect(values(m)).toMatchObject({
      organ: 'SỞ XÂY DỰNG',
      organParent: 'UBND TỈNH LÂM ĐỒNG',
      date: '2010-06-05',
      docType: 'KẾ HOẠCH',
      docTypeCode: '10',
      signerAuthority: null,
      signerTitle: 'GIÁM ĐỐC',
    });
  });

  it('repairs OCR slips: lost diacritics, a glued column word, a misread date and name', () => {
    const slips = (lines: OcrTextLine[]): OcrTextLine[] =>
      lines.map((l) => {
        const fixes: Record<string, string> = {
          'ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG': 'UY BAN NHÂN DÂN TiNH HAI DUGNGCONG',
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM': 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'SỞ NÔNG NGHIỆP': 'SO NONG NGHIEP',
          'VÀ PHÁT TRIỂN NÔNG THÔN': 'VA PHAT TRIEN NÓNG THON',
          'Hải Dương, ngày 01 tháng 5 năm 2013': 'Hai Duong, ngay 0] thang 5 nam 2013',
          'QUYẾT ĐỊNH': 'QUYÉT ĐINH',
          'Số: 546 /QĐ-SNN': 'Số: 546 /QD-SNN',
          'Dương Thế Việt': '„ Dứơng Thế Việt',
        };
        const text = fixes[l.text] ?? l.text;
        // OCR read the parent organ and the national title as one line with one glued word
        return l.text === 'ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG'
          ? { ...l, text, cx: 60 }
          : { ...l, text };
      });
    const m = draftMetadata(
      documentPages(
        {
          organParent: 'ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG',
          organ: ['SỞ NÔNG NGHIỆP', 'VÀ PHÁT TRIỂN NÔNG THÔN'],
          number: 'Số: 546 /QĐ-SNN',
          placeDate: 'Hải Dương, ngày 01 tháng 5 năm 2013',
          docType: 'QUYẾT ĐỊNH',
          summary: ['Về việc phê duyệt Kế hoạch chỉnh lý tài liệu'],
          body: [BODY_LINE, BODY_LINE],
        },
        { block: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Dương Thế Việt' },
        { edit: slips },
      ),
    );
    expect(values(m)).toMatchObject({
      organParent: 'ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG',
      organ: 'SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN',
      number: '546',
      symbol: 'QĐ-SNN',
      date: '2013-05-01',
      place: 'Hải Dương',
      docType: 'QUYẾT ĐỊNH',
      docTypeCode: '02',
      signerName: 'Dương Thế Việt',
    });
    expect(m.organ.confidence).toBeLessThan(0.95);
  });

  it('reads độ mật and độ khẩn stamps under the number', () => {
    const m = draftMetadata(
      documentPages({ ...DECISION, stamps: ['TỐI MẬT', 'THƯỢNG KHẨN'] }, DECISION_SIGNER),
    );
    expect(m.secrecy.value).toBe('TỐI MẬT');
    expect(m.urgency.value).toBe('THƯỢNG KHẨN');
    expect(m.secrecy.sources[0]?.boxes).toHaveLength(2);
  });

  it('drops a value that does not fit its column instead of cutting it', () => {
    const m = draftMetadata(
      documentPages({ ...DECISION, number: 'Số: 123456789012/QĐ-UBND' }, DECISION_SIGNER),
    );
    expect(m.number.value).toBeNull();
    const long = draftMetadata(
      documentPages(
        {
          ...DECISION,
          summary: Array<string>(12).fill('Quy chế công tác văn thư, lưu trữ trên địa bàn tỉnh'),
        },
        DECISION_SIGNER,
      ),
    );
    // six lines at most are read as trích yếu: the rest is body, never a cut value
    expect(long.summary.value?.length ?? 0).toBeLessThanOrEqual(500);
  });

  it('returns empty fields for a document without text', () => {
    const m = draftMetadata([assemblyPage(0, null), assemblyPage(1, buildOcr([]))]);
    for (const v of Object.values(values(m))) expect(v).toBeNull();
  });
});

const CORPUS = '/work/shared/corpus';

describe.skipIf(!existsSync(`${CORPUS}/manifest.json`))(
  'draftMetadata on the corpus ground truth',
  () => {
    interface Doc {
      id: string;
      kind: string;
      pages: string[];
      metaFile: string;
      [field: string]: unknown;
    }
    const manifest = existsSync(`${CORPUS}/manifest.json`)
      ? (JSON.parse(readFileSync(`${CORPUS}/manifest.json`, 'utf8')) as { cases: Doc[] })
      : { cases: [] };
    const docs = manifest.cases.filter((c) => c.kind === 'document');

    it('reads the fields of every vn document from perfect OCR (lines.json)', () => {
      const fields = [
        'organ',
        'organParent',
        'number',
        'symbol',
        'date',
        'place',
        'docType',
        'summary',
        'signerTitle',
        'signerName',
      ];
      const misses: string[] = [];
      for (const doc of docs) {
        const meta = JSON.parse(readFileSync(`${CORPUS}/${doc.metaFile}`, 'utf8')) as {
          pageDetails: { id: string; isBlank: boolean; dpi: number }[];
        };
        const pages = meta.pageDetails.map((p, i) => {
          const gt = JSON.parse(
            readFileSync(`${CORPUS}/vn/${p.id}.lines.json`, 'utf8'),
          ) as Parameters<typeof ocrFromCorpusLines>[0];
          return assemblyPage(i, ocrFromCorpusLines(gt), { isBlank: p.isBlank }, p.dpi);
        });
        const m = draftMetadata(pages) as unknown as Record<string, { value: string | null }>;
        for (const f of fields) {
          const want = doc[f] as string | null;
          const got = m[f]?.value ?? null;
          if (
            (got === null ? null : compareKey(got)) !== (want === null ? null : compareKey(want))
          ) {
            misses.push(`${doc.id} ${f}: ${String(got)} ≠ ${String(want)}`);
          }
        }
        if (m.docTypeCode?.value !== docTypeFor(doc.docType as string)?.code)
          misses.push(`${doc.id} docTypeCode`);
      }
      expect(docs.length).toBe(40);
      // perfect text leaves only layout rules to fail: at most one miss in a hundred
      expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(
        Math.floor(docs.length * 11 * 0.01),
      );
    });
  },
);
