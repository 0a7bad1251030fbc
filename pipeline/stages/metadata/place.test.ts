import { describe, expect, it } from 'vitest';
import { restorePlace } from './place.js';

describe('restorePlace', () => {
  it('keeps a known place as printed, in either tone placement', () => {
    expect(restorePlace('Thanh Hoá', [], 'new')).toEqual({ text: 'Thanh Hoá', repaired: false });
  });

  it('takes the diacritics from the organ name printed above the date', () => {
    expect(restorePlace('Ca Mau', ['SỞ TÀI CHÍNH', 'UBND TỈNH CÀ MAU'], null)).toEqual({
      text: 'Cà Mau',
      repaired: true,
    });
    // a district seat is no province: only the organ name knows it
    expect(restorePlace('Gia Nghia', ['UBND THÀNH PHỐ GIA NGHĨA'], null).text).toBe('Gia Nghĩa');
  });

  it('falls back to the provinces, in the tone placement of the document', () => {
    expect(restorePlace('Khanh Hoa', [], 'old').text).toBe('Khánh Hoà');
    expect(restorePlace('Khanh Hoa', [], 'new').text).toBe('Khánh Hòa');
  });

  it('keeps an unknown place as read', () => {
    expect(restorePlace('Xuan Loc', ['SỞ Y TẾ'], null)).toEqual({
      text: 'Xuan Loc',
      repaired: false,
    });
  });
});
