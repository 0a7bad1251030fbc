import { describe, expect, it } from 'vitest';
import { buildOcr, firstPageLines, type OcrTextLine } from '../../../tests/fixtures/ocr.js';
import { readHeader } from './header.js';
import { pageLayout } from './layout.js';

const header = (lines: OcrTextLine[], merge = true) =>
  readHeader(pageLayout(buildOcr(lines, { merge }), 0));

describe('readHeader', () => {
  it('separates the columns and finds the number and date rows', () => {
    const { lines } = firstPageLines({
      organParent: 'UBND TỈNH CÀ MAU',
      organ: ['SỞ TÀI CHÍNH'],
      number: 'Số: 58 /TTr-STC',
      placeDate: 'Cà Mau, ngày 3 tháng 7 năm 2010',
    });
    const h = header(lines);
    expect(h?.left.map((r) => r.text)).toEqual([
      'UBND TỈNH CÀ MAU',
      'SỞ TÀI CHÍNH',
      'Số: 58 /TTr-STC',
    ]);
    expect(h?.right.map((r) => r.text)).toEqual([
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Cà Mau, ngày 3 tháng 7 năm 2010',
    ]);
    expect(h?.numberRow).toBe(2);
    expect(h?.dateRow).toBe(2);
    expect(h?.style).toBe('new');
    expect(h?.evidence).toBe(1);
  });

  it('keeps a place/date line that starts left of the national title in the right column', () => {
    const { lines } = firstPageLines({
      organ: ['UỶ BAN NHÂN DÂN', 'TỈNH HÀ NAM NINH'],
      number: 'Số: 217/BC-UB',
      nationalTitle: 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      placeDate: 'Hà Nam Ninh, ngày 12 tháng 11 năm 1981',
    });
    // typewriter pitch: the date line is wider than the title above it and starts left of it
    const wide = lines.map((l) =>
      l.text.startsWith('Hà Nam Ninh,') ? { text: l.text, y: l.y, x: 96, pt: 14 } : l,
    );
    const h = header(wide);
    expect(h?.left[h.numberRow]?.text).toBe('Số: 217/BC-UB');
    expect(h?.right[h.dateRow]?.text).toBe('Hà Nam Ninh, ngày 12 tháng 11 năm 1981');
    expect(h?.style).toBe('old');
  });

  it('cuts a word OCR glued across the gutter at the national title', () => {
    const lines: OcrTextLine[] = [
      {
        text: 'ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNGCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        y: 20,
        x: 25,
        pt: 12,
      },
      { text: 'Độc lập - Tự do - Hạnh phúc', y: 26, cx: 150 },
      { text: 'Số: 546 /QĐ-SNN', y: 36, cx: 67 },
      { text: 'Hải Dương, ngày 01 tháng 5 năm 2013', y: 36, cx: 150 },
    ];
    const h = header(lines);
    expect(h?.left[0]?.text).toBe('ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG');
    expect(h?.nationalTitle?.text).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('finds no header on a body page', () => {
    const body = Array.from({ length: 20 }, (_, i) => ({
      text: 'Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011 và các văn bản hướng dẫn thi hành;',
      y: 25 + 8 * i,
    }));
    expect(header(body)).toBeNull();
  });
});
