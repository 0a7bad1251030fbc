import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FIELDS } from '../../../core/domain/metadata-fields.js';
import type { CodeLists, DocumentDetail, DraftField } from '../api/types.js';
import { DRAFT_KEYS, METADATA_KEYS, draftFor, fieldLabel, metadataRows } from './rows.js';

const field = (value: string | null, confidence: number): DraftField => ({
  value,
  confidence,
  sources: [{ page: 0, boxes: [] }],
});

const doc = (over: Partial<DocumentDetail> = {}): DocumentDetail => ({
  id: 'doc-1',
  seq: 1,
  status: 'draft',
  dossierCode: 'H49.64.33.2001.160',
  typeCode: '10',
  codeNumber: '146',
  codeNotation: 'KH-UBND',
  issuedDate: '2021-05-18',
  place: 'Hưng Yên',
  organName: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN',
  organParent: null,
  subject: 'Kế hoạch số hóa tài liệu lưu trữ',
  signerAuthority: 'TM.',
  signerTitle: 'CHỦ TỊCH',
  signerName: '  ',
  pageCount: 3,
  pdfName: 'H49.64.33.2001.160.1.pdf',
  pdfSha256: null,
  draft: null,
  pages: [],
  ...over,
});

const lists: CodeLists = { docType: [{ code: '10', vi: 'Kế hoạch', en: 'Plan' }] };

describe('metadata rows', () => {
  it('labels every row from the TT 05 field table in core/domain', () => {
    const known = new Set(DOCUMENT_FIELDS.map((f) => f.key));
    expect(METADATA_KEYS.filter((k) => !known.has(k))).toEqual([]);
    expect(fieldLabel('typeCode')).toMatchObject({ vi: 'Tên loại tài liệu', en: 'Document type' });
    expect(fieldLabel('subject').vi).toBe('Trích yếu nội dung');
  });

  it('shows the type by name, the date as dd/mm/yyyy and blanks as empty', () => {
    const rows = metadataRows(doc(), lists, 'vi');
    const value = (k: string) => rows.find((r) => r.key === k)?.value;
    expect(rows.map((r) => r.key)).toEqual([...METADATA_KEYS]);
    expect(value('typeCode')).toBe('Kế hoạch');
    expect(value('issuedDate')).toBe('18/05/2021');
    expect(value('organParent')).toBeNull();
    expect(value('signerName')).toBeNull();
    expect(value('pageCount')).toBe('3');
    expect(metadataRows(doc(), lists, 'en').find((r) => r.key === 'typeCode')?.value).toBe('Plan');
  });

  it('falls back to the raw type code while code lists are missing', () => {
    expect(metadataRows(doc(), undefined, 'vi')[0]?.value).toBe('10');
  });

  it("finds draft confidences under the pipeline's names", () => {
    const d = doc({ draft: { symbol: field('KH-UBND', 0.42), summary: field('Kế hoạch', 0.9) } });
    expect(draftFor(d, 'codeNotation')?.confidence).toBe(0.42);
    expect(draftFor(d, 'subject')?.confidence).toBe(0.9);
    expect(draftFor(d, 'codeNumber')).toBeNull();
    expect(draftFor(d, 'pageCount')).toBeNull();
  });

  it('prefers a draft entry under the document column name', () => {
    const d = doc({ draft: { issuedDate: field('2021-05-18', 0.7), date: field('2021', 0.1) } });
    expect(draftFor(d, 'issuedDate')?.confidence).toBe(0.7);
  });

  it('maps every drafted row to a key of DraftMetadata in pipeline/domain.ts', () => {
    // Read as text: the UI may not import pipeline code, not even its types.
    const src = readFileSync(new URL('../../../pipeline/domain.ts', import.meta.url), 'utf8');
    const block = /export interface DraftMetadata \{([^}]*)\}/.exec(src)?.[1] ?? '';
    const draftKeys = [...block.matchAll(/readonly (\w+):/g)].map((m) => m[1]);
    expect(draftKeys).toContain('organ');
    const mapped = Object.values(DRAFT_KEYS).filter((k): k is string => k !== null);
    expect(mapped.filter((k) => !draftKeys.includes(k))).toEqual([]);
  });

  it('has no draft without a draft', () => {
    expect(metadataRows(doc(), lists, 'vi').every((r) => r.draft === null)).toBe(true);
  });
});
