/**
 * The place and date line (NĐ 30/2020 ô 4): "Hưng Yên, ngày 18 tháng 5 năm 2021". Printed in
 * italics, where OCR drops diacritics ("thang", "nam") and reads digits as letters ("0]" for
 * "01"); also accepted: "ngày 5/1/2020" and "ngày 05-01-2020".
 */
import { editDistance, repairDigits, skeleton } from './text.js';

export interface DateLine {
  /** Words before "ngày", without the comma, or null */
  readonly place: string | null;
  /** ISO YYYY-MM-DD */
  readonly date: string;
  /** Index of the first word after the place (the "ngày" word) in the words given */
  readonly placeEnd: number;
  /** Index after the last word of the date */
  readonly dateEnd: number;
  /** 1 when every word read as printed, lower when a keyword or digit needed repair */
  readonly certainty: number;
}

const near = (word: string | undefined, target: string): number => {
  if (word === undefined) return 99;
  return editDistance(skeleton(word), target);
};

/**
 * A number of the date, digits repaired; a slash between digits is a "1" OCR misread in italics
 * ("năm 20/0"): inside a word that must be one number, it cannot be a separator.
 */
function digits(word: string | undefined): string | null {
  if (word === undefined) return null;
  const w = word.replace(/[.,;:]+$/, '');
  return repairDigits(w) ?? repairDigits(w.replace(/(?<=\d)\/(?=\d)/g, '1'));
}

/** ISO date when day, month and year make a real date between 1900 and 2100. */
export function isoDate(day: number, month: number, year: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Splits "ngày03" into "ngày", "03": OCR sometimes drops the space before a number. */
function splitWords(words: readonly string[]): { words: string[]; source: number[] } {
  const out: string[] = [];
  const source: number[] = [];
  words.forEach((w, i) => {
    for (const part of w.replace(/(\p{L}{3,})(\d)/gu, '$1 $2').split(' ')) {
      out.push(part);
      source.push(i);
    }
  });
  return { words: out, source };
}

/** Finds the date in the words of a line (split on spaces), or null. */
export function findDateInWords(input: readonly string[]): DateLine | null {
  const { words, source } = splitWords(input);
  for (let i = 0; i < words.length; i++) {
    const dNgay = near(words[i], 'NGAY');
    if (dNgay > 1) continue;
    let certainty = dNgay === 0 ? 1 : 0.9;
    let date: string | null;
    let end: number;
    const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/.exec(words[i + 1] ?? '');
    if (numeric !== null) {
      date = isoDate(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
      end = i + 2;
    } else {
      const day = digits(words[i + 1]);
      const dThang = near(words[i + 2], 'THANG');
      const month = digits(words[i + 3]);
      const dNam = near(words[i + 4], 'NAM');
      const year = digits(words[i + 5]);
      if (day === null || month === null || year === null || dThang > 1 || dNam > 1) continue;
      if (dThang + dNam > 0) certainty *= 0.9;
      if (day !== words[i + 1]?.replace(/[.,;:]+$/, '')) certainty *= 0.85;
      if (month !== words[i + 3]?.replace(/[.,;:]+$/, '')) certainty *= 0.85;
      if (year !== words[i + 5]?.replace(/[.,;:]+$/, '')) certainty *= 0.85;
      date = isoDate(Number(day), Number(month), Number(year));
      end = i + 6;
    }
    if (date === null) continue;
    const placeText = words
      .slice(0, i)
      .join(' ')
      .replace(/^[^\p{L}]+/u, '')
      .replace(/[\s,.;:]+$/u, '')
      .trim();
    return {
      place: /\p{L}/u.test(placeText) ? placeText : null,
      date,
      placeEnd: source[i] ?? input.length,
      dateEnd: end < words.length ? (source[end] ?? input.length) : input.length,
      certainty,
    };
  }
  return null;
}

/** Finds the date in a line of text, or null. */
export const findDate = (text: string): DateLine | null =>
  findDateInWords(text.split(/\s+/).filter((w) => w !== ''));
