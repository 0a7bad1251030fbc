import { describe, expect, it } from 'vitest';
import { correctWord, spellingDistance, vocabulary } from './correct.js';

const organs = vocabulary(['NÔNG', 'NGHIỆP', 'SỞ', 'TỈNH', 'DƯƠNG', 'ỦY', 'DỰNG']);
const surnames = vocabulary(['Nguyễn', 'Lê', 'Vũ', 'Bùi', 'Cao', 'Cù', 'Ngô', 'Đỗ']);

describe('correctWord', () => {
  it('keeps known words in either tone placement', () => {
    expect(correctWord('NÔNG', organs)).toEqual({ text: 'NÔNG', status: 'known' });
    expect(correctWord('UỶ', organs)).toEqual({ text: 'UỶ', status: 'known' });
  });

  it('restores diacritics from the skeleton, in the tone placement asked for', () => {
    expect(correctWord('NONG', organs)).toEqual({ text: 'NÔNG', status: 'repaired' });
    expect(correctWord('SO', organs).text).toBe('SỞ');
    expect(correctWord('UY', organs, { style: 'old' }).text).toBe('UỶ');
  });

  it('repairs a letter only when asked and the word is long enough', () => {
    expect(correctWord('DUGNG', organs).status).toBe('unknown');
    expect(correctWord('DUONGX', organs, { fuzzy: true }).text).toBe('DƯƠNG');
    expect(correctWord('Bu', surnames, { fuzzy: true }).status).toBe('unknown');
    expect(correctWord('Bu', surnames, { fuzzy: true, fuzzyFrom: 2 }).text).toBe('Bùi');
  });

  it('leaves words far from every entry alone', () => {
    expect(correctWord('Netiyén', surnames, { fuzzy: true })).toEqual({
      text: 'Netiyén',
      status: 'unknown',
    });
  });
});

describe('spellingDistance', () => {
  it('counts a lost mark as half a letter', () => {
    expect(spellingDistance('Cao', 'Cao')).toBe(0);
    expect(spellingDistance('Nong', 'Nông')).toBe(0.5);
    expect(spellingDistance('Dương', 'Duong')).toBe(1);
    expect(spellingDistance('Dao', 'Đào')).toBe(1);
  });
});
