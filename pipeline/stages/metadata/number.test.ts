import { describe, expect, it } from 'vitest';
import { cleanSymbol, findNumberLine } from './number.js';

const parts = (text: string) => {
  const r = findNumberLine(text);
  return r === null ? null : { number: r.number, year: r.year, symbol: r.symbol };
};

describe('findNumberLine', () => {
  it.each([
    ['Số: 146/KH-UBND', { number: '146', year: null, symbol: 'KH-UBND' }],
    ['Số: 58 /TTr-STC', { number: '58', year: null, symbol: 'TTr-STC' }],
    ['Số: 55 /2019/QĐ-UBND', { number: '55', year: '2019', symbol: 'QĐ-UBND' }],
    ['Số: 616 /SNV-CCVTLT', { number: '616', year: null, symbol: 'SNV-CCVTLT' }],
    ['„ Số: 113/BC-UB', { number: '113', year: null, symbol: 'BC-UB' }],
    ['Số:.1612/STC-VP', { number: '1612', year: null, symbol: 'STC-VP' }],
    ['Số: 0l/QĐ-UB', { number: '01', year: null, symbol: 'QĐ-UB' }],
    ['So: 12/QD-UBND', { number: '12', year: null, symbol: 'QĐ-UBND' }],
    ['Số: 9/TTR-SNV', { number: '9', year: null, symbol: 'TTr-SNV' }],
    ['Số: /KH-UBND', { number: null, year: null, symbol: 'KH-UBND' }],
    ['Số 14514-CV/VPTW', { number: '14514', year: null, symbol: 'CV/VPTW' }],
    ['Số: 217/BC-UB Hà', { number: '217', year: null, symbol: 'BC-UB' }],
  ])('reads %s', (text, want) => {
    expect(parts(text)).toEqual(want);
  });

  it('refuses lines that are no number line', () => {
    expect(findNumberLine('SỞ TÀI CHÍNH')).toBeNull();
    expect(findNumberLine('Số liệu năm 2019')).toBeNull();
    expect(findNumberLine('Số: abc/')).toBeNull();
  });

  it('marks a number with repaired digits as less certain', () => {
    expect(findNumberLine('Số: 0l/QĐ-UB')?.certainty).toBeLessThan(1);
    expect(findNumberLine('Số: 01/QĐ-UB')?.certainty).toBe(1);
  });
});

describe('cleanSymbol', () => {
  it('keeps the printed case of type abbreviations and restores Đ only where it is one', () => {
    expect(cleanSymbol('QD-UBND')).toBe('QĐ-UBND');
    // HD (Hướng dẫn) is an abbreviation of its own: no Đ is forced on it
    expect(cleanSymbol('HD-SNV')).toBe('HD-SNV');
    expect(cleanSymbol('ttr-stc')).toBe('TTr-STC');
    expect(cleanSymbol('—')).toBeNull();
  });
});
