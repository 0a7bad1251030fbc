/**
 * The signer block (NĐ 30/2020 ô 7a–7c), bottom right of the last page: an optional authority line
 * ("TM. ỦY BAN NHÂN DÂN", "T/M UỶ BAN NHÂN DÂN" on older pages), the position lines ("KT. CHỦ
 * TỊCH" / "PHÓ CHỦ TỊCH"), a gap for the signature and seal, and the name as the last line. The
 * seal and the signature are read by OCR as junk words between the position and the name, and they
 * blur the name's diacritics; positions and name syllables are repaired against closed lists.
 */
import { SIGNER_AUTHORITIES } from '../../../core/domain/code-lists.js';
import type { Box } from '../../domain.js';
import { centerX, unionBox, type PageLayout, type Row, type Token } from './layout.js';
import { correctWord, vocabulary, type ToneStyle } from './lexicon/correct.js';
import { GIVEN_NAMES, SURNAMES } from './lexicon/names.js';
import { COLLECTIVE_SIGNERS, SIGNER_TITLES } from './lexicon/organs.js';
import { correctCaps, type Reading } from './organ.js';
import { compareKey } from '../../../core/domain/vn-text.js';
import {
  editDistance,
  hasLetter,
  isUpperText,
  skeleton,
  titleCaseVi,
  toOldToneStyle,
  trimPunctuation,
} from './text.js';

export interface SignerReading {
  /** "TM.", "KT.", "TL.", "TUQ." or "Q." (slashed forms normalised) nearest the name */
  readonly authority: Reading | null;
  /** The last position line, e.g. "PHÓ CHỦ TỊCH" */
  readonly title: Reading | null;
  readonly name: Reading | null;
}

/** Authority prefixes of the code list keyed by their letters: "TM" → "TM.". */
const PREFIXES = new Map(SIGNER_AUTHORITIES.map((a) => [a.code.replace(/\./g, ''), a.code]));

const SURNAME_VOCAB = vocabulary(SURNAMES);
const GIVEN_VOCAB = vocabulary([...GIVEN_NAMES, ...SURNAMES]);

const meanConf = (tokens: readonly Token[]): number =>
  tokens.reduce((s, t) => s + t.conf, 0) / Math.max(1, tokens.length);

/** "T/M" → "TM.", "KT." → "KT.", "K/T" → "KT.", or null when `text` is no authority prefix. */
export function authorityPrefix(text: string): string | null {
  const m = /^([TKQ])\s*[/.]?\s*([MTL]?)(UQ)?\s*\.?$/u.exec(text.trim().toUpperCase());
  if (m === null) return null;
  const key = `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}`;
  return PREFIXES.get(key) ?? null;
}

interface Line {
  readonly tokens: readonly Token[];
  readonly box: Row['box'];
}

/** Splits a row at its widest gap when that gap is a column gap (over two line heights). */
function rightPart(row: Row, lh: number, mid: number): Token[] {
  let cut = -1;
  let widest = 2 * lh;
  for (let i = 1; i < row.tokens.length; i++) {
    const gap = (row.tokens[i]?.box.x0 ?? 0) - (row.tokens[i - 1]?.box.x1 ?? 0);
    if (gap > widest) {
      widest = gap;
      cut = i;
    }
  }
  const part = cut < 0 ? [...row.tokens] : row.tokens.slice(cut);
  return centerX(unionBox(part.map((t) => t.box))) > mid ? part : [];
}

/** Separates the authority prefix from a position line ("KT. CHỦ TỊCH", "KT.CHỦ TỊCH"). */
function splitPrefix(tokens: readonly Token[]): { prefix: string | null; rest: Token[] } {
  const first = tokens[0];
  if (first === undefined) return { prefix: null, rest: [] };
  const whole = authorityPrefix(first.text);
  if (whole !== null) return { prefix: whole, rest: tokens.slice(1) };
  const glued = /^([TKQ][/.]?[MTL]?(?:UQ)?)\.+(\p{L}.*)$/u.exec(first.text);
  if (glued !== null) {
    const prefix = authorityPrefix(glued[1] ?? '');
    if (prefix !== null) {
      return { prefix, rest: [{ ...first, text: glued[2] ?? '' }, ...tokens.slice(1)] };
    }
  }
  const second = tokens[1];
  if (second !== undefined) {
    const pair = authorityPrefix(`${first.text}${second.text}`);
    if (pair !== null && first.text.length <= 2) return { prefix: pair, rest: tokens.slice(2) };
  }
  return { prefix: null, rest: [...tokens] };
}

/**
 * The entry of `list` closest to a line of capitals (within a fifth of its letters), or null.
 * Leading words may be dropped: the seal's ring text and signature strokes precede the position
 * on its line ("A) 9, GIAM POC").
 */
function matchList(
  words: readonly string[],
  list: readonly string[],
  style: ToneStyle | null,
): string | null {
  let best: { entry: string; d: number; text: string } | null = null;
  // the longest tail that matches wins: "PHÓ CHỦ TỊCH" must not lose to its own "CHỦ TỊCH"
  for (let start = 0; start < words.length && best === null; start++) {
    const text = words.slice(start).join(' ');
    const sk = skeleton(text);
    if (sk === '') continue;
    for (const entry of list) {
      const d = editDistance(skeleton(entry), sk);
      if (d > Math.max(1, Math.floor(sk.length * 0.15))) continue;
      if (best === null || d < best.d) best = { entry, d, text };
    }
  }
  if (best === null) return null;
  if (compareKey(best.entry) === compareKey(best.text)) return best.text;
  return style === 'old' ? toOldToneStyle(best.entry) : best.entry;
}

/**
 * The deputy's position under "KT. <head>" (NĐ 30/2020 Điều 13: a deputy signs for the head):
 * "KT. GIÁM ĐỐC" is signed by a "PHÓ GIÁM ĐỐC", "KT. BỘ TRƯỞNG" by a "THỨ TRƯỞNG".
 */
export function deputyOf(head: string): string {
  if (skeleton(head) === 'BO TRUONG') return 'THỨ TRƯỞNG';
  return skeleton(head).startsWith('PHO ') ? head : `PHÓ ${head}`;
}

const NAME_VOCAB = vocabulary([...SURNAMES, ...GIVEN_NAMES]);
const NAME_SKELETONS = new Set([...SURNAMES, ...GIVEN_NAMES].map((w) => skeleton(w)));

/**
 * How much a line reads like a person's name: 1 per word that is a name syllable as printed,
 * ½ per word that is one but for its diacritics. Used to choose between readings of the name line.
 */
export function nameLikeness(words: readonly string[]): number {
  let score = 0;
  for (const raw of words) {
    const w = trimPunctuation(raw);
    if (!/^\p{Lu}\p{Ll}+$/u.test(w)) continue;
    if (NAME_VOCAB.keys.has(compareKey(w))) score += 1;
    else if (NAME_SKELETONS.has(skeleton(w))) score += 0.5;
  }
  return score;
}

const isNameWord = (s: string): boolean => /^\p{Lu}\p{Ll}*$/u.test(s) && s.length <= 7;
const SURNAME_SKELETONS = new Set(SURNAMES.map((s) => skeleton(s)));
/**
 * True when `w` is a surname or reads as one: same letters without diacritics, or (with `fuzzy`)
 * one letter off. Most names have three syllables and start with the surname; a two-syllable
 * line is more often a name whose surname the seal hid.
 */
const couldBeSurname = (w: string, fuzzy = true): boolean =>
  SURNAME_SKELETONS.has(skeleton(w)) ||
  (fuzzy && correctWord(w, SURNAME_VOCAB, { fuzzy: true, fuzzyFrom: 2 }).status !== 'unknown');

function readName(lines: readonly Line[]): Reading | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined) continue;
    const words: { text: string; readonly token: Token }[] = [];
    for (const t of line.tokens) {
      // OCR glues junk to a name word ("aj,Manh"): letters runs, and a capital starts a word
      // ("LỘộC": a capital doubled with its small form is one letter read twice)
      const parts = trimPunctuation(t.text)
        .replace(/(\p{Lu})(\p{Ll})/gu, (m, a: string, b: string) =>
          a.toLocaleLowerCase('vi') === b ? a : m,
        )
        .split(/[^\p{Lu}\p{Ll}]+/u)
        .flatMap((p) => p.split(/(?<=\p{Ll})(?=\p{Lu})/u));
      for (const w of parts) if (w !== '') words.push({ text: w, token: t });
    }
    // a syllable OCR read in capitals ("Đào Văn LỘC") beside properly cased ones is a name word
    if (words.some((w) => /^\p{Lu}\p{Ll}+$/u.test(w.text))) {
      for (const w of words) if (/^\p{Lu}{2,7}$/u.test(w.text)) w.text = titleCaseVi(w.text);
    }
    // junk of the signature or seal may precede the name on its line
    let start = words.length;
    while (start > 0 && isNameWord(words[start - 1]?.text ?? '')) start--;
    let run = words.slice(start);
    if (run.length < 2) continue;
    // a stray letter before the surname ("N Lê Ngọc Hằng") is junk; a misread surname is not
    const surname = run.findIndex(
      (w, k) => k <= run.length - 2 && SURNAME_SKELETONS.has(skeleton(w.text)),
    );
    if (surname > 0 && run.slice(0, surname).every((w) => !couldBeSurname(w.text))) {
      run = run.slice(surname);
    }
    if (run.length > 5) continue;
    let known = 0;
    let repaired = 0;
    const texts = run.map((w, k) => {
      const c =
        k === 0 && (run.length >= 3 || couldBeSurname(w.text, false))
          ? correctWord(w.text, SURNAME_VOCAB, { fuzzy: true, fuzzyFrom: 2 })
          : correctWord(w.text, GIVEN_VOCAB, { fuzzy: true });
      if (c.status !== 'unknown') known++;
      if (c.status === 'repaired') repaired++;
      return c.text;
    });
    if (known === 0) continue;
    const tokens = run.map((w) => w.token);
    return {
      text: texts.join(' '),
      tokens,
      confidence: meanConf(tokens) * Math.pow(0.85, repaired) * (known / run.length),
    };
  }
  return null;
}

/** The lines of a page's signer block, from its first line (authority or position) down. */
interface Block {
  readonly lines: readonly Line[];
  /** Centre and half width of the block's column */
  readonly cx: number;
  readonly half: number;
}

function findBlock(layout: PageLayout, style: ToneStyle | null): Block | null {
  const lh = layout.lineHeight;
  const mid = (layout.left + layout.right) / 2;
  const width = Math.max(1, layout.right - layout.left);
  const rows = layout.rows;
  let anchor = -1;
  for (let i = 0; i < rows.length && anchor < 0; i++) {
    const row = rows[i] as Row;
    const sk = skeleton(row.text);
    const right = rightPart(row, lh, mid);
    if (/^NOI NHAN/.test(sk)) {
      // the block starts level with "Nơi nhận:" (NĐ 30/2020 ô 7 and ô 9 side by side), on the
      // same row or, when OCR set them apart, on a row within a line height and a half of it
      if (right.length > 0) anchor = i;
      else {
        const level = rows.findIndex(
          (r) =>
            r !== row &&
            Math.abs(r.box.y0 - row.box.y0) <= 1.5 * lh &&
            rightPart(r, lh, mid).length > 0,
        );
        if (level >= 0) anchor = level;
      }
    } else if (right.length > 0 && splitPrefix(right).prefix !== null) anchor = i;
  }
  // no "Nơi nhận" and no prefix read: a position alone in the right half of the lower page
  for (let i = 0; i < rows.length && anchor < 0; i++) {
    const row = rows[i] as Row;
    if (row.box.y0 < layout.height * 0.3) continue;
    const right = rightPart(row, lh, mid).filter((t) => isUpperText(t.text, 0.5));
    if (right.length === 0 || right.length > 6) continue;
    if (matchList(correctCaps(right, style).words, SIGNER_TITLES, style) !== null) anchor = i;
  }
  if (anchor < 0) return null;
  const first = rightPart(rows[anchor] as Row, lh, mid);
  const firstBox = unionBox(first.map((t) => t.box));
  const cx = centerX(firstBox);
  const half = Math.max((firstBox.x1 - firstBox.x0) / 2, 0.18 * width) + lh;
  const lines: Line[] = [];
  for (const row of rows.slice(anchor)) {
    const tokens = row.tokens.filter(
      (t) => Math.abs(centerX(t.box) - cx) <= half && hasLetter(t.text),
    );
    if (tokens.length > 0) lines.push({ tokens, box: unionBox(tokens.map((t) => t.box)) });
  }
  return { lines, cx, half };
}

/** An authority or position line of the signer block, as read. */
interface PositionLine {
  /** Index into the block's lines */
  readonly index: number;
  readonly line: Line;
  readonly prefix: string | null;
  /** The line's words in capitals, prefix left out */
  readonly caps: Token[];
  readonly repaired: number;
  /** The position it names (SIGNER_TITLES), or null for a collective line ("TM. ỦY BAN …") */
  readonly position: string | null;
}

/**
 * The block's authority and position lines, top down. They are set close together: the gap left
 * for the signature ends them.
 */
function positionLines(
  lines: readonly Line[],
  lh: number,
  style: ToneStyle | null,
): PositionLine[] {
  const out: PositionLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const last = out.at(-1);
    const ref = last !== undefined ? last.line : lines[0];
    if (ref !== undefined && line !== ref && line.box.y0 - ref.box.y1 > (last ? 1.6 : 3) * lh)
      break;
    const { prefix, rest } = splitPrefix(line.tokens);
    const caps = rest.filter((t) => isUpperText(t.text, 0.5));
    if (caps.length === 0) continue;
    const { words, repaired } = correctCaps(caps, style);
    const position = matchList(words, SIGNER_TITLES, style);
    if (
      position === null &&
      (prefix === null || matchList(words, COLLECTIVE_SIGNERS, style) === null)
    )
      continue;
    out.push({ index: i, line, prefix, caps, repaired, position });
  }
  return out;
}

/** Line heights below the last position line that the signature, the seal and the name take. */
const SIGNATURE_ZONE_LINES = 11;

/**
 * Where the signature, the seal and the signer's name are on a page: the signer block's column
 * from just under its last position line down about eleven line heights (NĐ 30/2020 leaves the
 * signature a gap of several lines). Null when the page has no signer block that OCR could read.
 * The page stages read this zone again with the seal's and the signature's coloured ink removed.
 */
export function signerZone(layout: PageLayout): Box | null {
  const block = findBlock(layout, null);
  if (block === null) return null;
  const lh = layout.lineHeight;
  // no position read (the seal covers it): the zone starts under the block's first line
  const title = positionLines(block.lines, lh, null).at(-1)?.line ?? block.lines[0];
  if (title === undefined) return null;
  const y0 = Math.round(title.box.y1 + 0.25 * lh);
  return {
    x0: Math.max(0, Math.round(block.cx - block.half)),
    y0,
    x1: Math.min(layout.width, Math.round(block.cx + block.half)),
    y1: Math.min(layout.height, Math.round(y0 + SIGNATURE_ZONE_LINES * lh)),
  };
}

function readPage(layout: PageLayout, style: ToneStyle | null): SignerReading | null {
  const lh = layout.lineHeight;
  const block = findBlock(layout, style);
  if (block === null) return null;
  const { lines } = block;

  let authority: Reading | null = null;
  let title: Reading | null = null;
  let titlePrefix: string | null = null;
  let ktHead: string | null = null;
  const read = positionLines(lines, lh, style);
  for (const { line, prefix, caps, repaired, position } of read) {
    const conf = meanConf(caps) * Math.pow(0.95, repaired);
    if (position !== null) {
      // under "KT. CHỦ TỊCH" only a deputy signs: a second "CHỦ TỊCH" is "PHÓ" misread
      const deputy = prefix === null && ktHead !== null && skeleton(position) === skeleton(ktHead);
      title = deputy
        ? { text: deputyOf(position), tokens: caps, confidence: conf * 0.8 }
        : { text: position, tokens: caps, confidence: conf };
      titlePrefix = prefix;
      if (prefix === 'KT.') ktHead = position;
    }
    if (prefix !== null) {
      const tok = line.tokens[0];
      authority = { text: prefix, tokens: tok === undefined ? [] : [tok], confidence: conf };
    }
  }
  const last = read.at(-1)?.index ?? -1;
  if (title !== null && titlePrefix === 'KT.') {
    // the deputy's own line was lost under the seal: the layout says what it is
    title = { ...title, text: deputyOf(title.text), confidence: title.confidence * 0.6 };
  }
  const name = readName(lines.slice(last + 1));
  if (title === null && name === null) return null;
  return { authority, title, name };
}

/**
 * Reads the signer block of a document: on the last page that has one (an annex after the
 * signature keeps the signer of the main text).
 */
export function readSigner(layouts: readonly PageLayout[], style: ToneStyle | null): SignerReading {
  for (let i = layouts.length - 1; i >= 0; i--) {
    const layout = layouts[i];
    if (layout === undefined || layout.rows.length === 0) continue;
    const found = readPage(layout, style);
    if (found !== null) return found;
  }
  return { authority: null, title: null, name: null };
}
