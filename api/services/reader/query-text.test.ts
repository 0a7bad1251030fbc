import { describe, expect, it } from 'vitest';
import { foldText, hasDiacritics, highlightTerms, numberKey, parseQuery } from './query-text.js';
import { snippet } from './snippet.js';

describe('parseQuery', () => {
  it('ignores diacritics for a query typed without them, matches them otherwise (auto)', () => {
    expect(parseQuery('quyet dinh UBND', 'auto')).toEqual({
      text: 'quyet dinh ubnd',
      numberKey: null,
      fold: true,
      terms: ['quyet', 'dinh', 'ubnd'],
    });
    expect(parseQuery('Quyết định', 'auto')).toMatchObject({ text: 'quyết định', fold: false });
    expect(parseQuery('Quyết định', 'ignore')).toMatchObject({ text: 'quyet dinh', fold: true });
    expect(parseQuery('quyet dinh', 'match')).toMatchObject({ text: 'quyet dinh', fold: false });
    // đ alone is a diacritic: "đê" is not "de"
    expect(hasDiacritics('đê')).toBe(true);
    expect(foldText('ĐỒNG Ý Đà Nẵng')).toBe('dong y da nang');
  });

  it('takes a number and symbol, or a symbol alone, as a lookup of that field', () => {
    expect(parseQuery('146/KH-UBND', 'auto')).toMatchObject({
      text: null,
      numberKey: '146/kh-ubnd',
    });
    expect(parseQuery(' 12 / 2021/QĐ-UBND ', 'match')).toMatchObject({
      text: null,
      numberKey: '12/2021/qd-ubnd',
    });
    expect(parseQuery('QĐ-UBND', 'auto')).toMatchObject({ text: null, numberKey: 'qd-ubnd' });
    expect(parseQuery('kế hoạch 146', 'auto')).toMatchObject({
      text: 'kế hoạch 146',
      numberKey: null,
    });
    expect(numberKey('146 / Kh-Ubnd')).toBe('146/kh-ubnd');
  });

  it('an empty query searches nothing but the filters', () => {
    expect(parseQuery('   ', 'auto')).toEqual({
      text: null,
      numberKey: null,
      fold: true,
      terms: [],
    });
    expect(parseQuery(undefined, 'match').fold).toBe(false);
  });

  it('highlights the positive words of a websearch query', () => {
    expect(highlightTerms('"quyet dinh" or ubnd -bao cao')).toEqual([
      'quyet',
      'dinh',
      'ubnd',
      'cao',
    ]);
    expect(highlightTerms('kh-ubnd')).toEqual(['kh', 'ubnd']);
  });
});

describe('snippet', () => {
  const text =
    'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 146/KH-UBND\nKẾ HOẠCH\nSố hóa tài liệu lưu trữ lịch sử. ' +
    'Căn cứ Luật Lưu trữ. '.repeat(30) +
    'Điều 1. Quyết định phê duyệt kế hoạch số hóa của Ủy ban nhân dân tỉnh. ' +
    'Nơi nhận như trên. '.repeat(20);

  it('finds folded words in the text with its diacritics and keeps the original spelling', () => {
    const s = snippet(text, ['quyet', 'dinh', 'ubnd'], { fold: true, words: 12 });
    expect(s).not.toBeNull();
    const hits = (s ?? []).filter((x) => x.hit).map((x) => x.text);
    expect(hits).toContain('Quyết');
    expect(hits).toContain('định');
    expect((s ?? []).map((x) => x.text).join('')).toMatch(/^… .*Quyết định phê duyệt.* …$/u);
  });

  it('matches as typed when diacritics count', () => {
    expect(snippet(text, ['quyet'], { fold: false })).toBeNull();
    const s = snippet(text, ['quyết'], { fold: false, words: 6 });
    expect(s?.find((x) => x.hit)?.text).toBe('Quyết');
  });

  it('prefers the window with the most distinct words', () => {
    const s = snippet(text, ['hưng', 'yên', 'kh'], { fold: false, words: 10 });
    expect((s ?? []).filter((x) => x.hit).map((x) => x.text)).toEqual(['HƯNG', 'YÊN', 'KH']);
  });

  it('gives null when nothing matches', () => {
    expect(snippet(text, ['khong', 'co'], { fold: true })).toBeNull();
    expect(snippet('', ['a'], { fold: true })).toBeNull();
  });
});
