import { describe, expect, it } from 'vitest';
import { dateBounds } from '../reader/search.js';
import {
  describe as describeXml,
  DOCUMENT_ELEMENTS,
  DOSSIER_ELEMENTS,
  missingElements,
  tt05Date,
} from './descriptive.js';

describe('TT 05 descriptions', () => {
  it('writes partial ISO dates as the circular does', () => {
    expect(tt05Date('2021-05-18')).toBe('18/05/2021');
    expect(tt05Date('2021-05')).toBe('05/2021');
    expect(tt05Date('2021')).toBe('2021');
    expect(tt05Date(null)).toBeNull();
    expect(tt05Date('khoảng 1990')).toBeNull();
  });

  it('names the required elements left empty', () => {
    expect(missingElements(DOSSIER_ELEMENTS, { title: 'Hồ sơ', language: [] })).toEqual([
      'arcFileCode',
      'maintenance',
      'mode',
      'language',
      'startDate',
      'endDate',
      'totalDoc',
      'numberOfPage',
    ]);
    expect(
      missingElements(DOCUMENT_ELEMENTS, {
        arcFileCode: 'H00.HS.1',
        mode: '01',
        language: ['01'],
        numberOfPage: 2,
        docCode: 'H00.HS.1.0000001',
        docOrdinal: 1,
        typeName: '02',
      }),
    ).toEqual([]);
  });

  it('writes elements in order, repeats lists, leaves empty optional ones out, escapes text', () => {
    const xml = describeXml(
      DOCUMENT_ELEMENTS,
      { arcFileCode: 'A', mode: '01', language: ['01', '02'], subject: 'a < b & "c"', keyword: '' },
      'EAD_doc.xsd',
    ).toString();
    expect(xml).toMatch(
      /<arcFileCode>A<\/arcFileCode>\s*<mode>01<\/mode>\s*<language>01<\/language>\s*<language>02<\/language>/,
    );
    expect(xml).not.toContain('<keyword');
    expect(xml).toContain('<subject>a &lt; b &amp; "c"</subject>');
    expect(xml).toContain('<process>0</process>');
  });
});

describe('date filters', () => {
  it('turn a partial date into the days it can mean', () => {
    expect(dateBounds('2021')).toEqual({ lo: '2021-01-01', hi: '2021-12-31' });
    expect(dateBounds('2024-02')).toEqual({ lo: '2024-02-01', hi: '2024-02-29' });
    expect(dateBounds('2021-05-18')).toEqual({ lo: '2021-05-18', hi: '2021-05-18' });
  });
});
