/**
 * Tên cơ quan ban hành (NĐ 30/2020 ô 2): the left-column lines above "Số: …". When a superior
 * body (cơ quan chủ quản) is printed, it comes first: "UBND TỈNH CÀ MAU" / "SỞ TÀI CHÍNH". The
 * lines are cut into bodies where a line opens with the noun of a body (SỞ, VĂN PHÒNG, ỦY BAN…);
 * the last body is the issuing organ, the ones above it its parent.
 */
import type { Row, Token } from './layout.js';
import { compareKey } from '../../../core/domain/vn-text.js';
import { correctWord, vocabulary, type ToneStyle } from './lexicon/correct.js';
import { GIVEN_NAMES, SURNAMES } from './lexicon/names.js';
import { HEADER_WORDS, ORGAN_HEADS } from './lexicon/organs.js';
import { PROVINCES } from './lexicon/places.js';
import { editDistance, hasLetter, inToneStyle, skeleton, trimPunctuation } from './text.js';

export interface Reading {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** 0–1: OCR confidence of the words, lowered for every repaired word */
  readonly confidence: number;
}

export interface Organs {
  readonly organ: Reading | null;
  readonly parent: Reading | null;
}

const HEADER_VOCAB = vocabulary([
  ...HEADER_WORDS,
  ...PROVINCES.flatMap((p) => p.toLocaleUpperCase('vi').split(/[\s-]+/)),
]);
/** Names of people appear in organ names (schools, streets): known words, never repair targets. */
const NAME_WORDS = vocabulary([...SURNAMES, ...GIVEN_NAMES].map((w) => w.toLocaleUpperCase('vi')));
const HEADS = ORGAN_HEADS.map((h) => skeleton(h));
const PROVINCE_CAPS = PROVINCES.map((p) => ({
  words: p.toLocaleUpperCase('vi').split(' '),
  skeleton: skeleton(p),
}));
const UNIT_WORDS = [
  { skeleton: 'TINH', text: 'TỈNH' },
  { skeleton: 'THANH PHO', text: 'THÀNH PHỐ' },
  { skeleton: 'TP', text: 'TP' },
];

/** OCR confidence below which a word with diacritics is still open to repair. */
const TRUSTED = 0.8;

const hasMarks = (s: string): boolean => /[^ -~]/.test(s);

interface Word {
  text: string;
  readonly conf: number;
  fixed: boolean;
}

/**
 * Province names after TỈNH / THÀNH PHỐ are matched as a phrase ("HAI DUGNG" → "HẢI DƯƠNG",
 * "PAK LẮK" → "ĐẮK LẮK"): a phrase tolerates a slip that a single short word could not.
 */
function repairProvinces(words: Word[], style: ToneStyle | null): number {
  let repaired = 0;
  for (let i = 0; i < words.length; i++) {
    const unit = UNIT_WORDS.find(
      (u) =>
        skeleton(
          words
            .slice(i, i + u.skeleton.split(' ').length)
            .map((w) => w.text)
            .join(' '),
        ) === u.skeleton,
    );
    if (unit === undefined) continue;
    const n = unit.skeleton.split(' ').length;
    let best: { k: number; words: string[]; d: number } | null = null;
    for (let k = 1; k <= 4 && i + n + k <= words.length; k++) {
      const phrase = skeleton(
        words
          .slice(i + n, i + n + k)
          .map((w) => w.text)
          .join(' '),
      );
      for (const p of PROVINCE_CAPS) {
        const d = editDistance(phrase, p.skeleton);
        if (d > (p.skeleton.length >= 8 ? 2 : 1)) continue;
        if (best === null || d < best.d || (d === best.d && k > best.k))
          best = { k, words: p.words, d };
      }
    }
    if (best === null) continue;
    const unitWords = unit.text.split(' ');
    const target = [...unitWords, ...best.words];
    const span = words.slice(i, i + n + best.k);
    const same = compareKey(span.map((w) => w.text).join(' ')) === compareKey(target.join(' '));
    if (!same) {
      repaired++;
      words.splice(
        i,
        n + best.k,
        ...target.map((t) => ({ text: inToneStyle(t, style), conf: 1, fixed: true })),
      );
    } else for (const w of span) w.fixed = true;
    i += n + best.k - 1;
  }
  return repaired;
}

/** Repairs the capitals of a header or signer line word by word. */
export function correctCaps(
  tokens: readonly Token[],
  style: ToneStyle | null,
): { words: string[]; repaired: number } {
  const words: Word[] = tokens
    .map((t) => ({
      text: trimPunctuation(t.text).toLocaleUpperCase('vi'),
      conf: t.conf,
      fixed: false,
    }))
    .filter((w) => hasLetter(w.text));
  let repaired = repairProvinces(words, style);
  for (const w of words) {
    if (w.fixed) continue;
    const key = compareKey(w.text);
    if (HEADER_VOCAB.keys.has(key) || (hasMarks(w.text) && NAME_WORDS.keys.has(key))) {
      w.text = inToneStyle(w.text, style);
      continue;
    }
    const trusted = hasMarks(w.text) && w.conf >= TRUSTED;
    const c = correctWord(w.text, HEADER_VOCAB, {
      fuzzy: !trusted,
      ...(style === null ? {} : { style }),
    });
    if (c.status === 'repaired') repaired++;
    w.text = c.text;
  }
  return { words: words.map((w) => w.text), repaired };
}

function startsBody(words: readonly string[]): boolean {
  const line = skeleton(words.join(' '));
  return HEADS.some((h) => line === h || line.startsWith(`${h} `));
}

/** Splits the organ lines (left column, above the number row) into organ and parent. */
export function readOrgans(rows: readonly Row[], style: ToneStyle | null): Organs {
  interface Unit {
    words: string[];
    tokens: Token[];
    repaired: number;
  }
  const units: Unit[] = [];
  for (const row of rows) {
    const tokens = row.tokens.filter((t) => hasLetter(t.text));
    if (tokens.length === 0) continue;
    const { words, repaired } = correctCaps(tokens, style);
    if (words.length === 0) continue;
    const last = units[units.length - 1];
    if (last === undefined || startsBody(words)) units.push({ words, tokens, repaired });
    else {
      last.words.push(...words);
      last.tokens.push(...tokens);
      last.repaired += repaired;
    }
  }
  const reading = (us: readonly Unit[]): Reading | null => {
    if (us.length === 0) return null;
    const tokens = us.flatMap((u) => u.tokens);
    const repaired = us.reduce((n, u) => n + u.repaired, 0);
    const conf = tokens.reduce((s, t) => s + t.conf, 0) / Math.max(1, tokens.length);
    return {
      text: us.map((u) => u.words.join(' ')).join(' '),
      tokens,
      confidence: conf * Math.pow(0.95, repaired),
    };
  };
  return {
    organ: reading(units.slice(-1)),
    parent: reading(units.slice(0, -1)),
  };
}
