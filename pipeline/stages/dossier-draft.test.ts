import { describe, expect, it } from 'vitest';
import { DRAFT_FIELDS, type DraftField, type DraftMetadata } from '../domain.js';
import { draftDossier, sentenceCase } from './dossier-draft.js';

const f = (value: string | null, confidence = 0.9): DraftField => ({
  value,
  confidence: value === null ? 0 : confidence,
  sources: [],
});

function meta(over: Partial<Record<keyof DraftMetadata, string | null>>): DraftMetadata {
  return Object.fromEntries(
    DRAFT_FIELDS.map((k) => [k, f(over[k] ?? null)]),
  ) as unknown as DraftMetadata;
}

describe('draftDossier', () => {
  it('names a series of one type from one organ, with its years, and takes the date extremes', () => {
    const organ = 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN';
    const d = draftDossier([
      { metadata: meta({ organ, docType: 'QUYẾT ĐỊNH', date: '2019-03-02' }), pageCount: 2 },
      { metadata: meta({ organ, docType: 'QUYẾT ĐỊNH', date: '2020-12-30' }), pageCount: 1 },
      { metadata: meta({ organ, docType: 'QUYẾT ĐỊNH', date: null }), pageCount: 3 },
    ]);
    expect(d.title.value).toBe(
      'Tập lưu quyết định của Ủy ban nhân dân tỉnh Hưng Yên năm 2019-2020',
    );
    expect(d.title.confidence).toBeGreaterThan(0);
    expect(d.title.confidence).toBeLessThan(1);
    expect(d.startDate.value).toBe('2019-03-02');
    expect(d.endDate.value).toBe('2020-12-30');
    expect(d.totalDocs).toBe(3);
    expect(d.pageCount).toBe(6);
  });

  it('names a matter after the earliest dated document when types differ, less surely', () => {
    const d = draftDossier([
      {
        metadata: meta({
          docType: 'QUYẾT ĐỊNH',
          date: '2010-08-01',
          summary: 'Phê duyệt kế hoạch chỉnh lý tài liệu',
        }),
        pageCount: 1,
      },
      {
        metadata: meta({
          docType: 'TỜ TRÌNH',
          date: '2010-07-03',
          summary: 'Về việc đề nghị phê duyệt kế hoạch chỉnh lý tài liệu',
        }),
        pageCount: 2,
      },
    ]);
    expect(d.title.value).toBe(
      'Hồ sơ về việc đề nghị phê duyệt kế hoạch chỉnh lý tài liệu năm 2010',
    );
    const series = draftDossier([
      {
        metadata: meta({ organ: 'SỞ NỘI VỤ', docType: 'TỜ TRÌNH', date: '2010-07-03' }),
        pageCount: 1,
      },
      {
        metadata: meta({ organ: 'SỞ NỘI VỤ', docType: 'TỜ TRÌNH', date: '2010-07-04' }),
        pageCount: 1,
      },
    ]);
    expect(d.title.confidence).toBeLessThan(series.title.confidence);
  });

  it('suggests nothing for documents with neither type nor summary, or no documents', () => {
    expect(draftDossier([{ metadata: meta({}), pageCount: 1 }]).title).toMatchObject({
      value: null,
    });
    const none = draftDossier([]);
    expect(none).toMatchObject({ totalDocs: 0, pageCount: 0, startDate: { value: null } });
  });

  it('writes organ names in sentence case and keeps province names capitalised', () => {
    expect(sentenceCase('SỞ TÀI CHÍNH TỈNH BÀ RỊA - VŨNG TÀU')).toBe(
      'Sở tài chính tỉnh Bà Rịa - Vũng Tàu',
    );
  });
});
