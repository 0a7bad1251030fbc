import { describe, expect, it } from 'vitest';
import {
  describeMissing,
  DocumentFieldsPatch,
  DossierFieldsPatch,
  fieldErrors,
  isPartialIsoDate,
  missingForApproval,
  partialDateNotAfter,
} from './field-validation.js';

describe('isPartialIsoDate', () => {
  it('takes a year, a month or a day that exists', () => {
    expect(['1975', '1975-04', '1975-04-30', '2024-02-29'].filter(isPartialIsoDate)).toHaveLength(
      4,
    );
  });

  it('refuses dates that do not exist and other notations', () => {
    const bad = ['2023-02-29', '2019-13', '2019-00', '2019-04-31', '30/04/1975', '75', '0999', ''];
    expect(bad.filter(isPartialIsoDate)).toEqual([]);
  });
});

describe('partialDateNotAfter', () => {
  it('compares on the precision both dates have', () => {
    expect(partialDateNotAfter('2019', '2019-05')).toBe(true);
    expect(partialDateNotAfter('2019-06', '2019')).toBe(true);
    expect(partialDateNotAfter('2019-06-02', '2019-06-01')).toBe(false);
    expect(partialDateNotAfter('2020', '2019-12-31')).toBe(false);
  });
});

describe('DocumentFieldsPatch', () => {
  it('trims, normalises to NFC and turns an empty string into null', () => {
    // "Hưng Yên" typed with combining marks (NFD), as some keyboards on Windows produce it.
    const nfd = 'UBND tỉnh Hưng Yên'.normalize('NFD');
    const r = DocumentFieldsPatch.parse({ organName: `  ${nfd} `, place: '', typeCode: ' 02 ' });
    expect(r).toEqual({ organName: 'UBND tỉnh Hưng Yên', place: null, typeCode: '02' });
  });

  it('names each refused field in Vietnamese, then English', () => {
    const r = DocumentFieldsPatch.safeParse({
      typeCode: '99',
      secrecyCode: 5,
      issuedDate: '2019-02-30',
      signerName: 'x'.repeat(51),
      languageCodes: ['01', '01'],
      pageCount: 2,
    });
    expect(r.success).toBe(false);
    const errors = r.success ? {} : fieldErrors(r.error.issues);
    expect(errors).toEqual({
      typeCode:
        'Tên loại tài liệu: mã "99" không có trong danh mục (01–32) / Document type: code "99" is not in the code list (01–32)',
      secrecyCode: 'Độ mật phải là một mã trong danh mục / Secrecy must be a code of its list',
      issuedDate:
        'Ngày tháng năm tài liệu "2019-02-30" không phải ngày có thật dạng năm, tháng/năm hoặc ngày/tháng/năm / Date "2019-02-30" is not a real date as YYYY, YYYY-MM or YYYY-MM-DD',
      signerName:
        "Họ tên người ký dài quá 50 ký tự (đang có 51) / Signer's name is longer than 50 characters",
      languageCodes: 'Ngôn ngữ: mỗi mã chỉ chọn một lần / Language: each code only once',
      pageCount:
        'Trường "pageCount" không có hoặc không sửa được / Field "pageCount" does not exist or cannot be edited',
    });
  });
});

describe('DossierFieldsPatch', () => {
  it('refuses clearing a field the record cannot be without', () => {
    const r = DossierFieldsPatch.safeParse({
      accessModeCode: '',
      languageCodes: null,
      title: null,
    });
    expect(r.success ? {} : fieldErrors(r.error.issues)).toEqual({
      accessModeCode: 'Mức độ tiếp cận là bắt buộc / Access is required',
      languageCodes: 'Ngôn ngữ là bắt buộc / Language is required',
    });
  });

  it('keeps only issues under the prefix', () => {
    const r = DossierFieldsPatch.safeParse({ sheetCount: 1.5 });
    const issues = r.success
      ? []
      : r.error.issues.map((i) => ({ ...i, path: ['fields', ...i.path] }));
    expect(fieldErrors(issues, ['fields'])).toEqual({
      sheetCount: 'Số lượng tờ phải là số nguyên / Sheet count must be a whole number',
    });
    expect(fieldErrors(issues, ['other'])).toEqual({});
  });
});

describe('missingForApproval', () => {
  const dossier = {
    code: 'H49.01',
    title: 'Hồ sơ kế hoạch',
    maintenanceCode: '01',
    accessModeCode: '01',
    languageCodes: ['01'],
    startDate: '2021',
    endDate: '2021-12',
    totalDocs: null,
    sheetCount: null,
    pageCount: null,
    paperFileCode: null,
    riskRecovery: false,
  };
  const doc = {
    seq: 1,
    typeCode: '10',
    organName: 'UBND tỉnh',
    languageCodes: ['01'],
    pageCount: 2,
  };

  it('passes a record whose required fields are filled, whatever the system fills later', () => {
    expect(missingForApproval(dossier, [doc])).toEqual([]);
  });

  it('names the empty required fields of the dossier and of each document, in form order', () => {
    const m = missingForApproval({ ...dossier, title: '  ', endDate: null }, [
      doc,
      { ...doc, seq: 2, typeCode: null, languageCodes: [] },
    ]);
    expect(m.map((x) => [x.where, x.fields.map((f) => f.key)])).toEqual([
      ['dossier', ['title', 'endDate']],
      [2, ['typeCode', 'languageCodes']],
    ]);
    expect(describeMissing(m)).toBe(
      'Hồ sơ: Tiêu đề hồ sơ, Thời gian kết thúc; Tài liệu 2: Tên loại tài liệu, Ngôn ngữ / ' +
        'Dossier: Title, End date; Document 2: Document type, Language',
    );
  });
});
