import { describe, expect, it } from 'vitest';
import { actionLabel, auditChanges } from './audit-format.js';

describe('auditChanges', () => {
  it('lists changed fields with their TT 05 names and Vietnamese dates', () => {
    const lines = auditChanges(
      'document',
      { subject: 'Về việc A', issuedDate: '2019-03-05', typeCode: '02' },
      { subject: 'Về việc B', issuedDate: '2019-03-06', typeCode: '02' },
    );
    expect(lines).toEqual([
      {
        key: 'subject',
        label: { vi: 'Trích yếu nội dung', en: 'Subject' },
        before: 'Về việc A',
        after: 'Về việc B',
      },
      {
        key: 'issuedDate',
        label: { vi: 'Ngày tháng năm tài liệu', en: 'Date' },
        before: '05/03/2019',
        after: '06/03/2019',
      },
    ]);
  });

  it('shows a field that was empty before, and joins lists', () => {
    expect(auditChanges('dossier', { languageCodes: [] }, { languageCodes: ['01', '03'] })).toEqual(
      [
        {
          key: 'languageCodes',
          label: { vi: 'Ngôn ngữ', en: 'Language' },
          before: null,
          after: '01, 03',
        },
      ],
    );
  });

  it('yields nothing for events without field values', () => {
    expect(auditChanges('dossier', null, undefined)).toEqual([]);
  });
});

describe('actionLabel', () => {
  it('words known actions and keeps unknown codes', () => {
    expect(actionLabel('dossier.approve').vi).toBe('Duyệt hồ sơ');
    expect(actionLabel('x.y')).toEqual({ vi: 'x.y', en: 'x.y' });
  });
});
