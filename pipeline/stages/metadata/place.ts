/**
 * Địa danh of the date line. OCR reads the italic date line worst, so its diacritics are restored
 * from the organ name printed above it ("TỈNH CÀ MAU") or from the list of provinces; a place
 * found in neither is kept as read.
 */
import { compareKey } from '../../../core/domain/vn-text.js';
import type { ToneStyle } from './lexicon/correct.js';
import { PROVINCES } from './lexicon/places.js';
import { skeleton, titleCaseVi, toOldToneStyle } from './text.js';

/** The places an organ name mentions: the words after TỈNH, THÀNH PHỐ, HUYỆN… */
function placesInOrgan(text: string): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  const units = ['TINH', 'THANH PHO', 'TP', 'HUYEN', 'QUAN', 'THI XA', 'XA', 'PHUONG', 'THI TRAN'];
  for (let i = 0; i < words.length; i++) {
    for (const u of units) {
      const n = u.split(' ').length;
      if (skeleton(words.slice(i, i + n).join(' ')) !== u) continue;
      for (let k = 1; k <= 4 && i + n + k <= words.length; k++) {
        out.push(words.slice(i + n, i + n + k).join(' '));
      }
    }
  }
  return out;
}

/**
 * The place as printed. A place that is a known province in either tone placement is kept as read;
 * otherwise one with the same letters is taken from the organ names (`organTexts`, capitals as
 * printed), then from the list of provinces in the document's tone placement. `repaired` tells
 * the caller to lower its confidence.
 */
export function restorePlace(
  place: string,
  organTexts: readonly string[],
  style: ToneStyle | null,
): { text: string; repaired: boolean } {
  const key = compareKey(place);
  if (PROVINCES.some((p) => compareKey(p) === key)) return { text: place, repaired: false };
  const sk = skeleton(place);
  for (const organ of organTexts) {
    for (const p of placesInOrgan(organ)) {
      if (skeleton(p) === sk) return { text: titleCaseVi(p), repaired: true };
    }
  }
  const province = PROVINCES.find((p) => skeleton(p) === sk);
  if (province !== undefined) {
    return { text: style === 'old' ? toOldToneStyle(province) : province, repaired: true };
  }
  return { text: place, repaired: false };
}
