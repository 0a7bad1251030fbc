/**
 * Scores drafted documents against the corpus truth: per-field exact match (after normalising case
 * and spaces) and character similarity, and document boundaries as precision / recall of the
 * pages that start a document.
 */
import { levenshtein } from '../metrics.js';
import { EVAL_FIELDS, type EvalField, type EvalUnit, type FieldValues } from './truth.js';

/** NFC, spaces collapsed and trimmed, lower case (Vietnamese rules): how values are compared. */
export function normalizeValue(v: string): string {
  return v.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');
}

/**
 * 1 − edit distance / longer length, over code points of the normalised values. Two empty values
 * (null) are alike (1); one empty value against a present one scores 0.
 */
export function similarity(truth: string | null, got: string | null): number {
  if (truth === null || got === null) return truth === got ? 1 : 0;
  const a = normalizeValue(truth);
  const b = normalizeValue(got);
  const longer = Math.max([...a].length, [...b].length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

export function exact(truth: string | null, got: string | null): boolean {
  if (truth === null || got === null) return truth === got;
  return normalizeValue(truth) === normalizeValue(got);
}

/** A document the pipeline produced: the page ids it holds, in order, and its drafted values. */
export interface PredictedDocument {
  readonly pages: readonly string[];
  readonly boundaryConfidence: number;
  readonly fields: FieldValues;
  readonly confidence: Readonly<Partial<Record<EvalField, number>>>;
}

export interface FieldOutcome {
  readonly unit: string;
  readonly document: string;
  readonly field: EvalField;
  readonly truth: string | null;
  readonly got: string | null;
  readonly exact: boolean;
  readonly similarity: number;
  readonly confidence: number | null;
}

export interface BoundaryCount {
  /** Document starts found at a page where one starts */
  readonly truePositives: number;
  readonly predicted: number;
  readonly expected: number;
  /** Documents whose page list is exactly the expected one */
  readonly exactDocuments: number;
}

export interface UnitScore {
  readonly unit: string;
  readonly group: EvalUnit['group'];
  readonly fields: readonly FieldOutcome[];
  readonly boundaries: BoundaryCount;
  /** The same count without each unit's first document, whose start no decision could miss */
  readonly innerBoundaries: BoundaryCount;
}

/**
 * Scores one unit. Each expected document is paired with the predicted document that holds its
 * first page (what a reviewer would open); with none, every field of it scores as empty.
 */
export function scoreUnit(unit: EvalUnit, predicted: readonly PredictedDocument[]): UnitScore {
  const fields: FieldOutcome[] = [];
  for (const doc of unit.documents) {
    // its first page, or its first page that some document holds when that one went missing
    const anchor = doc.pages.find((p) => predicted.some((d) => d.pages.includes(p)));
    const match = predicted.find((d) => anchor !== undefined && d.pages.includes(anchor));
    for (const field of EVAL_FIELDS) {
      const truth = doc.fields[field];
      if (truth === undefined) continue;
      const got = match?.fields[field] ?? null;
      fields.push({
        unit: unit.id,
        document: doc.id,
        field,
        truth,
        got,
        exact: exact(truth, got),
        similarity: similarity(truth, got),
        confidence: match?.confidence[field] ?? null,
      });
    }
  }
  return {
    unit: unit.id,
    group: unit.group,
    fields,
    boundaries: boundaryCount(
      unit.documents.map((d) => d.pages),
      predicted.map((d) => d.pages),
      false,
    ),
    innerBoundaries: boundaryCount(
      unit.documents.map((d) => d.pages),
      predicted.map((d) => d.pages),
      true,
    ),
  };
}

function boundaryCount(
  expected: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  skipFirst: boolean,
): BoundaryCount {
  const from = skipFirst ? 1 : 0;
  const starts = (docs: readonly (readonly string[])[]): Set<string> =>
    new Set(docs.slice(from).flatMap((d) => (d[0] === undefined ? [] : [d[0]])));
  const e = starts(expected);
  const p = starts(predicted);
  const key = (d: readonly string[]): string => d.join('\u0000');
  const expectedKeys = new Set(expected.map(key));
  return {
    truePositives: [...p].filter((s) => e.has(s)).length,
    predicted: p.size,
    expected: e.size,
    exactDocuments: predicted.filter((d) => expectedKeys.has(key(d))).length,
  };
}

export interface FieldSummary {
  readonly field: EvalField;
  readonly documents: number;
  /** Share of documents whose value matches exactly (after normalising case and spaces) */
  readonly exact: number;
  /** Mean character similarity */
  readonly similarity: number;
  /** Share of documents where the pipeline left the field empty although the truth has a value */
  readonly empty: number;
}

export interface BoundarySummary {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly expected: number;
  readonly predicted: number;
  readonly exactDocuments: number;
}

export interface GroupSummary {
  readonly units: number;
  readonly documents: number;
  readonly fields: readonly FieldSummary[];
  readonly boundaries: BoundarySummary;
  readonly innerBoundaries: BoundarySummary;
}

export function summarize(scores: readonly UnitScore[]): GroupSummary {
  const fields: FieldSummary[] = [];
  for (const field of EVAL_FIELDS) {
    const xs = scores.flatMap((s) => s.fields.filter((f) => f.field === field));
    if (xs.length === 0) continue;
    fields.push({
      field,
      documents: xs.length,
      exact: xs.filter((x) => x.exact).length / xs.length,
      similarity: xs.reduce((s, x) => s + x.similarity, 0) / xs.length,
      empty: xs.filter((x) => x.truth !== null && x.got === null).length / xs.length,
    });
  }
  return {
    units: scores.length,
    documents: new Set(scores.flatMap((s) => s.fields.map((f) => `${s.unit}/${f.document}`))).size,
    fields,
    boundaries: boundarySummary(scores.map((s) => s.boundaries)),
    innerBoundaries: boundarySummary(scores.map((s) => s.innerBoundaries)),
  };
}

function boundarySummary(counts: readonly BoundaryCount[]): BoundarySummary {
  const sum = (k: keyof BoundaryCount): number => counts.reduce((s, c) => s + c[k], 0);
  const tp = sum('truePositives');
  const predicted = sum('predicted');
  const expected = sum('expected');
  return {
    precision: predicted === 0 ? null : tp / predicted,
    recall: expected === 0 ? null : tp / expected,
    expected,
    predicted,
    exactDocuments: sum('exactDocuments'),
  };
}

/** The acceptance bars on the synthetic set, checked against a summary. */
export const ACCEPTANCE: readonly {
  readonly field: EvalField | 'boundaries';
  readonly exact?: number;
  readonly similarity?: number;
  readonly precisionRecall?: number;
}[] = [
  { field: 'number', exact: 0.95 },
  { field: 'symbol', exact: 0.95 },
  { field: 'date', exact: 0.95 },
  { field: 'docType', exact: 0.95 },
  { field: 'organ', exact: 0.95 },
  { field: 'summary', exact: 0.85, similarity: 0.97 },
  { field: 'signerName', exact: 0.9 },
  { field: 'boundaries', precisionRecall: 0.97 },
];

/** The bars a summary misses, as readable lines; empty when it meets them all. */
export function missedBars(s: GroupSummary): string[] {
  const out: string[] = [];
  for (const bar of ACCEPTANCE) {
    if (bar.field === 'boundaries') {
      const { precision, recall } = s.boundaries;
      const need = bar.precisionRecall ?? 0;
      if ((precision ?? 0) < need || (recall ?? 0) < need)
        out.push(`boundaries P ${fmt(precision)} R ${fmt(recall)} < ${need}`);
      continue;
    }
    const f = s.fields.find((x) => x.field === bar.field);
    if (f === undefined) continue;
    if (bar.exact !== undefined && f.exact < bar.exact)
      out.push(`${bar.field} exact ${fmt(f.exact)} < ${bar.exact}`);
    if (bar.similarity !== undefined && f.similarity < bar.similarity)
      out.push(`${bar.field} similarity ${fmt(f.similarity)} < ${bar.similarity}`);
  }
  return out;
}

const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
