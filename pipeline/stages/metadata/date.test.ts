import { describe, expect, it } from 'vitest';
import { findDate, isoDate } from './date.js';

describe('findDate', () => {
  it.each([
    ['Hưng Yên, ngày 18 tháng 5 năm 2021', 'Hưng Yên', '2021-05-18'],
    ['Ca Mau, ngày 3 thang 7 năm 2010', 'Ca Mau', '2010-07-03'],
    ['Hải Dương, ngày 0] tháng 5 năm 2013', 'Hải Dương', '2013-05-01'],
    ['Hà Nam Ninh, ngày 12 tháng 11 năm 1981', 'Hà Nam Ninh', '1981-11-12'],
    ['Hà Nội, ngày 5/1/2020', 'Hà Nội', '2020-01-05'],
    ['Phú Thọ, ngày11 tháng 4 năm 2019', 'Phú Thọ', '2019-04-11'],
    ['Lâm Đồng, ngày 5 tháng 6 năm 20/0', 'Lâm Đồng', '2010-06-05'],
  ])('reads %s', (text, place, date) => {
    expect(findDate(text)).toMatchObject({ place, date });
  });

  it('gives the word positions of the place and the date', () => {
    const d = findDate('Cà Mau, ngày 3 tháng 7 năm 2010');
    expect(d?.placeEnd).toBe(2);
    expect(d?.dateEnd).toBe(8);
  });

  it('refuses impossible dates and lines without a date', () => {
    expect(findDate('Hà Nội, ngày 30 tháng 02 năm 2020')).toBeNull();
    expect(findDate('Căn cứ Luật Lưu trữ năm 2011')).toBeNull();
    expect(isoDate(29, 2, 2000)).toBe('2000-02-29');
    expect(isoDate(29, 2, 1900)).toBeNull();
  });

  it('lowers the certainty when digits or keywords needed repair', () => {
    const clean = findDate('Hải Dương, ngày 01 tháng 5 năm 2013');
    const slipped = findDate('Hải Dương, ngay 0] thang 5 nam 2013');
    expect(slipped?.date).toBe(clean?.date);
    expect(slipped?.certainty ?? 1).toBeLessThan(clean?.certainty ?? 0);
  });
});
