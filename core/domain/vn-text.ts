/**
 * Vietnamese text helpers shared by the pipeline, the api and search.
 *
 * Why by hand: Unicode normalisation is in the platform, but the two tone-mark placements of
 * Vietnamese ("hoà"/"hòa", "thuỷ"/"thủy") are a spelling convention, not a Unicode equivalence,
 * and no maintained npm package converts between them.
 */

/** NFC, single spaces, trimmed. */
export const normalizeText = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/[^\S\n]+/g, ' ')
    .trim();

const TONES = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'] as const;
const toneRe = new RegExp(`[${TONES.join('')}]`, 'u');

/**
 * Moves the tone mark of open "oa", "oe" and "uy" syllables from the second vowel to the first
 * (the placement of Nghị định 30/2020: "hòa", "thủy", "khỏe"), leaving "quý", "hoàng" and every
 * other syllable alone. Input and output are NFC.
 */
export function toNewToneStyle(s: string): string {
  return s.normalize('NFC').replace(/\p{L}+/gu, (word) => {
    const d = word.normalize('NFD');
    const m = /^(.*?)([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])$/u.exec(d);
    if (m === null) return word;
    const [, head = '', v1 = '', v2 = '', tone = ''] = m;
    if ((v1 === 'u' || v1 === 'U') && v2 !== 'y' && v2 !== 'Y') return word;
    if ((v1 === 'o' || v1 === 'O') && (v2 === 'y' || v2 === 'Y')) return word;
    if (/[qQ]$/.test(head)) return word; // "quý": u belongs to the consonant
    if (toneRe.test(head)) return word;
    return (head + v1 + tone + v2).normalize('NFC');
  });
}

/** Removes every diacritic and maps đ/Đ to d/D: "Quyết định" → "Quyet dinh". */
export const stripDiacritics = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');

/**
 * The key used to compare two spellings of the same words: NFC, new tone style, lower case,
 * single spaces.
 */
export const compareKey = (s: string): string =>
  toNewToneStyle(normalizeText(s)).toLocaleLowerCase('vi');
