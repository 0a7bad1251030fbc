import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FORM,
  DOSSIER_FORM,
  formPatch,
  isDirty,
  needsCheck,
  nextInCycle,
  parseInput,
  toInput,
  type FormField,
} from './fields.js';

const field = (key: string, form: readonly FormField[] = DOCUMENT_FORM): FormField => {
  const f = form.find((x) => x.key === key);
  if (f === undefined) throw new Error(key);
  return f;
};

describe('form tables', () => {
  it('labels every field in Vietnamese from the TT 05 field table', () => {
    expect(field('subject').label.vi).toBe('Trích yếu nội dung');
    expect(field('typeCode')).toMatchObject({ kind: 'code', codeList: 'docType' });
    expect(field('subject').kind).toBe('textarea');
    expect(field('issuedDate', DOCUMENT_FORM).kind).toBe('date');
    expect(field('startDate', DOSSIER_FORM)).toMatchObject({ kind: 'date', draftKey: 'startDate' });
    expect(field('languageCodes', DOSSIER_FORM).kind).toBe('codes');
  });

  it('maps document fields to the names the pipeline drafts them under', () => {
    expect(field('organName').draftKey).toBe('organ');
    expect(field('codeNotation').draftKey).toBe('symbol');
    expect(field('description').draftKey).toBeNull();
  });
});

describe('toInput and parseInput', () => {
  it('shows a partial ISO date the Vietnamese way and stores it back', () => {
    const f = field('issuedDate');
    expect(toInput(f, '2019-03-05')).toBe('05/03/2019');
    expect(parseInput(f, '5/3/2019')).toEqual({ ok: true, value: '2019-03-05' });
    expect(parseInput(f, '31/02/2019').ok).toBe(false);
  });

  it('takes only codes of the field list', () => {
    const f = field('typeCode');
    expect(parseInput(f, '02')).toEqual({ ok: true, value: '02' });
    expect(parseInput(f, '')).toEqual({ ok: true, value: null });
    const bad = parseInput(f, '99');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.vi).toContain('không có trong danh mục');
    expect(parseInput(field('languageCodes'), ['01', '02'])).toEqual({
      ok: true,
      value: ['01', '02'],
    });
    expect(parseInput(field('languageCodes'), ['01', '42']).ok).toBe(false);
  });

  it('checks lengths against the TT 05 table and trims text', () => {
    const f = field('codeNumber'); // 11 characters
    expect(parseInput(f, '  146 ')).toEqual({ ok: true, value: '146' });
    expect(parseInput(f, '123456789012')).toMatchObject({
      ok: false,
      error: { vi: 'Dài quá 11 ký tự' },
    });
    expect(parseInput(f, '   ')).toEqual({ ok: true, value: null });
  });

  it('takes whole numbers only', () => {
    const f = field('sheetCount', DOSSIER_FORM);
    expect(parseInput(f, '12')).toEqual({ ok: true, value: 12 });
    expect(parseInput(f, '12a').ok).toBe(false);
    expect(toInput(f, 12)).toBe('12');
  });
});

describe('formPatch', () => {
  const record = { subject: 'Về việc A', issuedDate: '2019-03-05', typeCode: '02' };

  it('sends only the fields whose value changes', () => {
    const p = formPatch(DOCUMENT_FORM, record, {
      subject: 'Về việc B',
      issuedDate: '05/03/2019',
      typeCode: '02',
    });
    expect(p).toEqual({ fields: { subject: 'Về việc B' }, errors: {} });
  });

  it('reports fields that do not parse and counts them as unsaved', () => {
    const edits = { issuedDate: '30/02/2019' };
    expect(Object.keys(formPatch(DOCUMENT_FORM, record, edits).errors)).toEqual(['issuedDate']);
    expect(isDirty(DOCUMENT_FORM, record, edits)).toBe(true);
    expect(isDirty(DOCUMENT_FORM, record, { subject: 'Về việc A ' })).toBe(false);
  });

  it('clears a field to null', () => {
    expect(formPatch(DOCUMENT_FORM, record, { subject: '' }).fields).toEqual({ subject: null });
  });
});

describe('needsCheck and nextInCycle', () => {
  it('flags drafted values below the threshold only', () => {
    expect(needsCheck({ value: 'x', confidence: 0.5, sources: [] }, 0.6)).toBe(true);
    expect(needsCheck({ value: 'x', confidence: 0.6, sources: [] }, 0.6)).toBe(false);
    expect(needsCheck({ value: null, confidence: 0, sources: [] }, 0.6)).toBe(false);
    expect(needsCheck(null, 0.6)).toBe(false);
    expect(needsCheck({ value: null, confidence: 0, sources: [] }, 0.6, true)).toBe(true);
  });

  it('cycles through a list', () => {
    expect(nextInCycle(['a', 'b', 'c'], null)).toBe('a');
    expect(nextInCycle(['a', 'b', 'c'], 'b')).toBe('c');
    expect(nextInCycle(['a', 'b', 'c'], 'c')).toBe('a');
    expect(nextInCycle(['a'], 'z')).toBe('a');
    expect(nextInCycle([], 'a')).toBeNull();
  });
});
