import { describe, expect, it } from 'vitest';
import { reinforce } from './consensus.js';
import { makeRow, type Row, type Token } from './layout.js';

const tokens = (text: string, y = 0): Token[] =>
  text.split(' ').map((w, i) => ({
    text: w,
    box: { x0: i * 100, y0: y, x1: i * 100 + 80, y1: y + 40 },
    conf: 0.95,
  }));
const rows = (...lines: string[]): Row[] => lines.map((l, i) => makeRow(tokens(l, 100 * (i + 1))));

describe('reinforce', () => {
  it('re-accents a word the body spells otherwise more often, in the same wording', () => {
    const phrase = tokens('Về việc To chức lớp tập huấn,');
    const r = reinforce(
      phrase,
      rows('Sở Nội vụ sẽ tổ chức lớp tập huấn cho', 'cán bộ; việc tổ chức lớp học phải'),
    );
    expect(r.texts.join(' ')).toBe('Về việc Tổ chức lớp tập huấn,');
    expect(r.changed).toBe(1);
  });

  it('keeps the phrase when the body reads the word differently only once', () => {
    const phrase = tokens('giảm nhẹ thiên tai năm 2010');
    const r = reinforce(
      phrase,
      rows('Kế hoạch phòng, chống lụt bão và giảm nhẹ thiên tại năm 2010'),
    );
    expect(r.texts.join(' ')).toBe('giảm nhẹ thiên tai năm 2010');
    expect(r.changed).toBe(0);
  });

  it('ignores the same letters in another wording', () => {
    const phrase = tokens('công tác văn thư lưu trữ tinh');
    const r = reinforce(phrase, rows('tỉnh ủy và tỉnh đoàn', 'các tỉnh bạn'));
    expect(r.changed).toBe(0);
  });
});
