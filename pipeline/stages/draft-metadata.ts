/**
 * Draft metadata of one document (Thông tư 05/2025/TT-BNV fields, plus the NĐ 30/2020 fields the
 * layout yields) from the OCR words of its pages and their positions. The zones of the fixed layout
 * are read one by one (pipeline/stages/metadata/): header band, type name and trích yếu, signer
 * block, stamps. Nothing here is a per-file rule: every repair goes through a closed vocabulary
 * (organ words, positions, provinces, name syllables) or a layout rule that holds for the kind of
 * page.
 */
import { docTypeFor, type DocTypeEntry } from '../../core/domain/code-lists.js';
import { toNewToneStyle } from '../../core/domain/vn-text.js';
import type { DraftField, DraftMetadata, PageForAssembly } from '../domain.js';
import { findDateInWords } from './metadata/date.js';
import { draftField, emptyField } from './metadata/field.js';
import { readHeader, vvRows, type Header } from './metadata/header.js';
import { pageLayout, type PageLayout, type Row, type Token } from './metadata/layout.js';
import type { ToneStyle } from './metadata/lexicon/correct.js';
import { findNumberLine, repairSymbol, type NumberLine } from './metadata/number.js';
import { readOrgans, type Reading } from './metadata/organ.js';
import { restorePlace } from './metadata/place.js';
import { readSigner } from './metadata/signer.js';
import { readStamps } from './metadata/stamps.js';
import { readTitle } from './metadata/title.js';
import { inToneStyle, skeleton, toOldToneStyle } from './metadata/text.js';

/** Share of words with Vietnamese letters or tone marks above which a page is Vietnamese. */
const VIETNAMESE_SHARE = 0.2;

/**
 * A field from a reading, in the tone placement the document prints ("Uỷ ban" on a page whose
 * national title reads "CỘNG HOÀ"): OCR and the repair lists do not always keep it.
 */
const fromReading = (
  r: Reading | null,
  page: number,
  style: ToneStyle | null,
  column?: string,
): DraftField =>
  r === null
    ? emptyField()
    : draftField(inToneStyle(r.text, style), r.confidence, page, r.tokens, column);

const meanConf = (tokens: readonly Token[]): number =>
  tokens.reduce((s, t) => s + t.conf, 0) / Math.max(1, tokens.length);

/**
 * The tone placement most words of the document use, when the national title did not show it
 * ("Uỷ", "hoà" old; "Ủy", "hòa" new); null when too few words tell.
 */
function toneStyleOfWords(layouts: readonly PageLayout[]): ToneStyle | null {
  let old = 0;
  let current = 0;
  for (const l of layouts) {
    for (const r of l.rows) {
      for (const t of r.tokens) {
        if (toNewToneStyle(t.text) !== t.text) old++;
        else if (toOldToneStyle(t.text) !== t.text) current++;
      }
    }
  }
  if (old + current < 2) return null;
  return old > current ? 'old' : 'new';
}

function typeFromSymbol(symbol: string | null): DocTypeEntry | undefined {
  if (symbol === null) return undefined;
  const first = symbol.split(/[-/]/)[0] ?? '';
  const d = docTypeFor(first);
  // "CV" is no official abbreviation: a hint only, handled by the caller's lower confidence
  return d !== undefined && skeleton(d.vi) !== skeleton(first) ? d : undefined;
}

function languageField(layouts: readonly (PageLayout | null)[]): DraftField {
  let words = 0;
  let vietnamese = 0;
  for (const l of layouts) {
    for (const r of l?.rows ?? []) {
      for (const t of r.tokens) {
        if (!/\p{L}{2,}/u.test(t.text)) continue;
        words++;
        if (/[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]/u.test(t.text.normalize('NFD')))
          vietnamese++;
      }
    }
  }
  if (words === 0) return emptyField();
  const share = vietnamese / words;
  if (share < VIETNAMESE_SHARE) return { value: null, confidence: 0.2, sources: [] };
  return { value: '01', confidence: Math.min(1, 0.5 + share), sources: [] };
}

/** Left-column rows above the number; without a number, those above the date, no "V/v". */
function organRows(header: Header): Row[] {
  if (header.numberRow >= 0) return header.left.slice(0, header.numberRow);
  const vv = vvRows(header);
  const date = header.right[header.dateRow];
  return header.left.filter(
    (r) => !vv.includes(r) && (date === undefined || r.box.y0 < date.box.y0),
  );
}

/**
 * Draft TT 05/2025 fields of one document from its pages' OCR words and positions.
 *
 * Expects the document's pages in order (blank back sides may be among them; pages without OCR
 * are skipped). The header is read on the first page with text, the signer block on the last page
 * that has one. Guarantees: every field is present; `value` is null when the field was not found
 * or did not pass validation (lengths of core/domain/metadata-fields.ts, real calendar dates, code
 * lists), and is never cut; a value the page does not print as such (the type named only by the
 * symbol's abbreviation, the deputy's position under "KT." when OCR lost that line) comes with a
 * lowered confidence for review; `sources[].page` is the index of the page within `pages`
 * (0 = first) and `boxes` are word boxes of that page's OCR. `docTypeCode` is the TT 05 code
 * ("02"); `language` is the TT 05 language code ("01" Tiếng Việt); `signerAuthority` is one of
 * "TM.", "KT.", "TL.", "TUQ.", "Q."; `secrecy` and `urgency` are the stamps' labels in capitals
 * ("TỐI MẬT", "HỎA TỐC"); `numberYear` is the year of a legal normative document's number
 * ("2019" of "55/2019/QĐ-UBND", whose `symbol` is "QĐ-UBND"). Throws nothing.
 *
 * @example
 * const m = draftMetadata(pages);
 * m.number.value; // "146"
 * m.symbol.value; // "KH-UBND"
 */
export function draftMetadata(pages: readonly PageForAssembly[]): DraftMetadata {
  const layouts = pages.map((p, i) =>
    p.ocr === null || p.prepared.findings.isBlank || p.prepared.findings.isSeparator
      ? null
      : pageLayout(p.ocr, i),
  );
  const present = layouts.filter((l): l is PageLayout => l !== null && l.rows.length > 0);
  let header: Header | null = null;
  for (const l of present.slice(0, 2)) {
    header = readHeader(l);
    if (header !== null) break;
  }
  const style = header?.style ?? toneStyleOfWords(present);

  let organ = emptyField();
  let organParent = emptyField();
  let number = emptyField();
  let numberYear = emptyField();
  let symbol = emptyField();
  let date = emptyField();
  let place = emptyField();
  let docType = emptyField();
  let docTypeCode = emptyField();
  let summary = emptyField();
  let secrecy = emptyField();
  let urgency = emptyField();

  if (header !== null) {
    const page = header.layout.page;
    const organs = readOrgans(organRows(header), style);
    organ = fromReading(organs.organ, page, style, 'organName');
    organParent = fromReading(organs.parent, page, style, 'organParent');

    const numberRow = header.left[header.numberRow];
    if (numberRow !== undefined) {
      const parsed: NumberLine | null = findNumberLine(numberRow.text);
      const conf = meanConf(numberRow.tokens) * (parsed?.certainty ?? 0);
      const sym = parsed?.symbol == null ? null : repairSymbol(parsed.symbol, organ.value);
      number = draftField(parsed?.number ?? null, conf, page, numberRow.tokens, 'codeNumber');
      numberYear = draftField(parsed?.year ?? null, conf, page, numberRow.tokens);
      symbol = draftField(sym, conf, page, numberRow.tokens, 'codeNotation');
    }

    const dateRow = header.right[header.dateRow];
    if (dateRow !== undefined) {
      const found = findDateInWords(dateRow.tokens.map((t) => t.text));
      if (found !== null) {
        const dateTokens = dateRow.tokens.slice(found.placeEnd, found.dateEnd);
        date = draftField(found.date, meanConf(dateTokens) * found.certainty, page, dateTokens);
        const placeTokens = dateRow.tokens.slice(0, found.placeEnd);
        if (found.place !== null) {
          const organTexts = [organ.value, organParent.value].filter(
            (x): x is string => x !== null,
          );
          const restored = restorePlace(found.place, organTexts, style);
          const conf = meanConf(placeTokens) * (restored.repaired ? 0.9 : 1);
          place = draftField(inToneStyle(restored.text, style), conf, page, placeTokens, 'place');
        }
      }
    }

    const title = readTitle(
      header.layout,
      header,
      present.flatMap((l) => l.rows),
    );
    summary = fromReading(title.summary, page, style, 'subject');
    const fromSymbol = typeFromSymbol(symbol.value);
    if (title.entry !== null && title.docType !== null) {
      const agree = fromSymbol === undefined || fromSymbol.code === title.entry.code;
      const conf = title.docType.confidence * (agree ? 1 : 0.7);
      docType = draftField(
        inToneStyle(title.docType.text, style),
        conf,
        page,
        title.docType.tokens,
      );
      docTypeCode = draftField(title.entry.code, conf, page, title.docType.tokens);
    } else if (fromSymbol !== undefined) {
      // the type line was not read, but the symbol names the type ("QĐ-UBND")
      const conf = symbol.confidence * 0.6;
      const name = fromSymbol.vi.toLocaleUpperCase('vi');
      docType = draftField(style === 'old' ? toOldToneStyle(name) : name, conf, page, []);
      docTypeCode = draftField(fromSymbol.code, conf, page, []);
    }

    const stamps = readStamps(header.layout);
    secrecy = fromReading(stamps.secrecy, page, null);
    urgency = fromReading(stamps.urgency, page, null);
  }

  const signer = readSigner(present, style);
  const signerPage = (r: Reading | null): number =>
    present.find((l) => l.rows.some((row) => r?.tokens.some((t) => row.tokens.includes(t))))
      ?.page ?? 0;
  const authority = signer.authority;
  return {
    organ,
    organParent,
    number,
    numberYear,
    symbol,
    date,
    place,
    docType,
    docTypeCode,
    summary,
    signerAuthority:
      authority === null
        ? emptyField()
        : draftField(
            authority.text,
            authority.confidence,
            signerPage(authority),
            authority.tokens,
            'signerAuthority',
          ),
    signerTitle: fromReading(signer.title, signerPage(signer.title), style, 'signerTitle'),
    signerName: fromReading(signer.name, signerPage(signer.name), style, 'signerName'),
    secrecy,
    urgency,
    language: languageField(layouts),
  };
}
