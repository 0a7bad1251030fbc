import { describe, expect, it } from 'vitest';
import { toNewToneStyle } from '../../../core/domain/vn-text.js';
import {
  approxFind,
  cleanOcrText,
  isUpperText,
  repairDigits,
  skeleton,
  titleCaseVi,
  toOldToneStyle,
} from './text.js';

describe('text helpers', () => {
  it('skeletons drop diacritics, case and punctuation', () => {
    expect(skeleton('Số: 58 /TTr-STC')).toBe('SO 58 TTR STC');
    expect(skeleton('ĐỘC LẬP - Tự do')).toBe('DOC LAP TU DO');
  });

  it('cleans OCR text: eth to Đ, typographic dashes, spaces', () => {
    expect(cleanOcrText('Q\u00d0-UBND  —  x')).toBe('QĐ-UBND - x');
  });

  it('finds a pattern inside a longer string with a few edits', () => {
    const hay = 'UY BAN NHAN DAN TINH HAI DUGNGCONG HOA XA HOI CHU NGHIA VIET NAM';
    const m = approxFind(hay, 'CONG HOA XA HOI CHU NGHIA VIET NAM', 3);
    expect(m).not.toBeNull();
    expect(hay.slice(m?.start, m?.end)).toBe('CONG HOA XA HOI CHU NGHIA VIET NAM');
    expect(approxFind('CONG HXA XA HOI', 'CONG HOA XA HOI', 1)?.errors).toBe(1);
    expect(approxFind('DOC LAP TU DO', 'CONG HOA XA HOI', 3)).toBeNull();
  });

  it('repairs digits only in tokens that hold a digit', () => {
    expect(repairDigits('0l')).toBe('01');
    expect(repairDigits('2O19')).toBe('2019');
    expect(repairDigits('lO')).toBeNull();
    expect(repairDigits('12a')).toBeNull();
  });

  it('moves tone marks to the old placement and back', () => {
    const words = 'ỦY BAN hòa thủy khỏe quý hoàng Thanh Hóa';
    expect(toOldToneStyle(words)).toBe('UỶ BAN hoà thuỷ khoẻ quý hoàng Thanh Hoá');
    expect(toNewToneStyle(toOldToneStyle(words))).toBe(words);
  });

  it('title-cases and detects capitals', () => {
    expect(titleCaseVi('CÀ MAU')).toBe('Cà Mau');
    expect(isUpperText('QUYẾT ĐỊNH')).toBe(true);
    expect(isUpperText('Quyết định')).toBe(false);
  });
});
