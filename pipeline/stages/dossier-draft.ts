/**
 * Draft fields of a dossier (hồ sơ) from the drafts of its documents: a suggested title, the first
 * and last dates, and the totals. A title is a person's judgement (the archivist names the matter
 * or the series), so the suggestion only follows the two usual forms and says how sure it is:
 *
 * - documents of one type from one organ: "Tập lưu quyết định của Ủy ban nhân dân tỉnh Hưng Yên
 *   năm 2019" (a series kept together);
 * - otherwise the matter of the earliest document: "Hồ sơ về việc phê duyệt kế hoạch … năm 2019".
 */
import type { DraftField, DraftMetadata } from '../domain.js';
import { PROVINCES } from './metadata/lexicon/places.js';

export interface DossierDraft {
  readonly title: DraftField;
  /** ISO date of the earliest dated document */
  readonly startDate: DraftField;
  /** ISO date of the latest dated document */
  readonly endDate: DraftField;
  readonly totalDocs: number;
  readonly pageCount: number;
}

export interface DossierDocument {
  readonly metadata: DraftMetadata;
  readonly pageCount: number;
}

/** Confidence of a series title, when every document agrees on type and organ. */
const SERIES_CONFIDENCE = 0.6;
/** Confidence of a title taken from one document's trích yếu. */
const MATTER_CONFIDENCE = 0.35;

const TITLE_MAX = 1000;

const empty = (): DraftField => ({ value: null, confidence: 0, sources: [] });

/** "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân tỉnh Hưng Yên" (places keep capitals). */
export function sentenceCase(s: string): string {
  let out = s.toLocaleLowerCase('vi');
  for (const p of PROVINCES) {
    const lower = p.toLocaleLowerCase('vi');
    out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRe(lower)}(?![\\p{L}])`, 'gu'), p);
  }
  return out.charAt(0).toLocaleUpperCase('vi') + out.slice(1);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function yearsText(dates: readonly string[]): string | null {
  const years = [...new Set(dates.map((d) => d.slice(0, 4)))].sort();
  if (years.length === 0) return null;
  return years.length === 1 ? `năm ${years[0]}` : `năm ${years[0]}-${years.at(-1)}`;
}

/** The matter of a trích yếu, without the "V/v" / "Về việc" it may start with. */
function matter(summary: string): string {
  const rest = summary.replace(/^\s*(v\/v|về việc|về)\s+/iu, '').trim();
  return rest.charAt(0).toLocaleLowerCase('vi') + rest.slice(1);
}

/**
 * The dossier's draft from its documents in order. Expects every document of the dossier (all its
 * batches), each with its drafted metadata and page count. Guarantees: dates are the extremes of
 * the documents' dates, with the lower confidence of the two fields it compares against; the title
 * is null when no document has a type or a summary, and never longer than the column allows (a
 * longer suggestion is dropped, not cut). Throws nothing.
 *
 * @example
 * draftDossier(docs).title.value; // "Tập lưu quyết định của Ủy ban nhân dân tỉnh Hưng Yên năm 2019"
 */
export function draftDossier(docs: readonly DossierDocument[]): DossierDraft {
  const dated = docs
    .map((d) => d.metadata.date)
    .filter((f): f is DraftField & { value: string } => f.value !== null)
    .sort((a, b) => a.value.localeCompare(b.value));
  const first = dated[0];
  const last = dated.at(-1);
  const dateField = (f: DraftField | undefined): DraftField =>
    f === undefined ? empty() : { value: f.value, confidence: f.confidence, sources: [] };

  return {
    title: suggestTitle(
      docs,
      dated.map((f) => f.value),
    ),
    startDate: dateField(first),
    endDate: dateField(last),
    totalDocs: docs.length,
    pageCount: docs.reduce((s, d) => s + d.pageCount, 0),
  };
}

function suggestTitle(docs: readonly DossierDocument[], dates: readonly string[]): DraftField {
  if (docs.length === 0) return empty();
  const years = yearsText(dates);
  const suffix = years === null ? '' : ` ${years}`;
  const types = new Set(docs.map((d) => d.metadata.docType.value));
  const organs = new Set(docs.map((d) => d.metadata.organ.value));
  const type = docs[0]?.metadata.docType.value ?? null;
  const organ = docs[0]?.metadata.organ.value ?? null;
  let title: string | null = null;
  let confidence = 0;
  if (
    docs.length >= 2 &&
    types.size === 1 &&
    organs.size === 1 &&
    type !== null &&
    organ !== null
  ) {
    title = `Tập lưu ${type.toLocaleLowerCase('vi')} của ${sentenceCase(organ)}${suffix}`;
    const sure = Math.min(
      ...docs.map((d) => Math.min(d.metadata.docType.confidence, d.metadata.organ.confidence)),
    );
    confidence = SERIES_CONFIDENCE * sure;
  } else {
    // the earliest dated document with a summary, else the first with one
    const withSummary = docs.filter((d) => d.metadata.summary.value !== null);
    const earliest =
      [...withSummary]
        .filter((d) => d.metadata.date.value !== null)
        .sort((a, b) =>
          (a.metadata.date.value ?? '').localeCompare(b.metadata.date.value ?? ''),
        )[0] ?? withSummary[0];
    const summary = earliest?.metadata.summary.value ?? null;
    if (summary !== null && earliest !== undefined) {
      title = `Hồ sơ về việc ${matter(summary)}${suffix}`;
      confidence = MATTER_CONFIDENCE * earliest.metadata.summary.confidence;
    }
  }
  if (title === null) return empty();
  if (title.length > TITLE_MAX) return { value: null, confidence: 0.1, sources: [] };
  return { value: title, confidence: Math.round(confidence * 1000) / 1000, sources: [] };
}
