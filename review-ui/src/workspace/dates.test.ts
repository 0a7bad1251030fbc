import { describe, expect, it } from 'vitest';
import { formatVnDate, parseVnDate } from './dates.js';

describe('parseVnDate', () => {
  it.each([
    ['18/05/2021', '2021-05-18'],
    ['8/5/2021', '2021-05-08'],
    ['18.05.2021', '2021-05-18'],
    ['05/2021', '2021-05'],
    ['5/2021', '2021-05'],
    ['2021', '2021'],
    [' 29/02/2024 ', '2024-02-29'],
    ['2021-05-18', '2021-05-18'],
    ['2021-05', '2021-05'],
  ])('reads %s as %s', (input, iso) => {
    expect(parseVnDate(input)).toEqual({ ok: true, iso });
  });

  it('reads a blank field as no date', () => {
    expect(parseVnDate('   ')).toEqual({ ok: true, iso: null });
  });

  it.each(['29/02/2023', '31/04/2021', '00/05/2021', '13/2021', '18/00/2021'])(
    'refuses the impossible date %s in both languages',
    (input) => {
      const r = parseVnDate(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.vi).not.toBe('');
        expect(r.error.en).not.toBe('');
      }
    },
  );

  it.each(['18/05/21', 'ngày 18', '2021/05/18', '18-05', '0999'])('refuses %s', (input) => {
    expect(parseVnDate(input).ok).toBe(false);
  });

  it('names the format to type when it cannot read the text', () => {
    const r = parseVnDate('hôm qua');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.vi).toContain('dd/mm/yyyy');
  });
});

describe('formatVnDate', () => {
  it.each([
    ['2021-05-18', '18/05/2021'],
    ['2021-05', '05/2021'],
    ['2021', '2021'],
    [null, ''],
    ['khoảng 1975', 'khoảng 1975'],
  ])('writes %s as %s', (iso, text) => {
    expect(formatVnDate(iso)).toBe(text);
  });

  it('round-trips through parseVnDate', () => {
    for (const iso of ['1975-04-30', '1954-07', '1945']) {
      expect(parseVnDate(formatVnDate(iso))).toEqual({ ok: true, iso });
    }
  });
});
