/**
 * The fields of the workspace's two forms (document and dossier): how each is edited, how a
 * stored value is shown in its input, how typed text is checked and turned back into the value the
 * api stores, and which draft entry gives its confidence and sources. Labels and lengths come from
 * the one field table in core/domain/metadata-fields.ts.
 */
import { CODE_LISTS, type CodeListName } from '../../../core/domain/code-lists.js';
import {
  DOCUMENT_FIELDS,
  DOSSIER_FIELDS,
  type FieldDef,
} from '../../../core/domain/metadata-fields.js';
import type { DraftField } from '../api/types.js';
import type { Bilingual } from '../i18n/i18n.js';
import { DRAFT_KEYS } from '../metadata/rows.js';
import { formatVnDate, parseVnDate } from './dates.js';
import type { DocumentFields, WorkspaceDocument, WorkspaceDossier } from './types.js';

export type InputKind = 'text' | 'textarea' | 'number' | 'date' | 'code' | 'codes';

export interface FormField {
  key: string;
  label: Bilingual;
  kind: InputKind;
  maxLength?: number;
  codeList?: CodeListName;
  required: boolean;
  /** Key of the field in the pipeline's draft, or null when it is not drafted */
  draftKey: string | null;
}

/** What an input holds: text, or the codes of a multiple choice. */
export type InputValue = string | string[];

/** Stored value of a field, as the api sends and takes it. */
export type StoredValue = string | number | string[] | null;

const LONG_TEXT = 200;

function fromDef(def: FieldDef | undefined, key: string, draftKey: string | null): FormField {
  if (def === undefined) throw new Error(`metadata-fields.ts has no field ${key}`);
  const kind: InputKind =
    def.kind === 'string'
      ? (def.maxLength ?? 0) > LONG_TEXT
        ? 'textarea'
        : 'text'
      : def.kind === 'boolean'
        ? 'code'
        : def.kind;
  return {
    key,
    label: { vi: def.vi, en: def.en },
    kind,
    ...(def.maxLength === undefined ? {} : { maxLength: def.maxLength }),
    ...(def.codeList === undefined ? {} : { codeList: def.codeList }),
    required: def.required,
    draftKey,
  };
}

/**
 * Document column → name of the same field in the pipeline's draft (pipeline/domain.ts): the
 * metadata table's, and the stamps and language that only the form shows.
 */
const DOCUMENT_DRAFT_KEYS: Readonly<Record<string, string | null>> = {
  ...DRAFT_KEYS,
  secrecyCode: 'secrecy',
  urgencyCode: 'urgency',
  languageCodes: 'language',
};

/** The document fields the reviewer edits, in the order of the printed document's layout. */
export const DOCUMENT_FORM_KEYS = [
  'typeCode',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'place',
  'organParent',
  'organName',
  'subject',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'secrecyCode',
  'urgencyCode',
  'languageCodes',
  'accessModeCode',
  'maintenanceCode',
  'physicalConditionCode',
  'inforSign',
  'keywords',
  'autograph',
  'description',
] as const satisfies readonly Exclude<keyof DocumentFields, 'pageCount'>[];

export const DOCUMENT_FORM: readonly FormField[] = DOCUMENT_FORM_KEYS.map((key) =>
  fromDef(
    DOCUMENT_FIELDS.find((f) => f.key === key),
    key,
    DOCUMENT_DRAFT_KEYS[key] ?? null,
  ),
);

const ref = (key: string, vi: string, en: string): FormField => ({
  key,
  label: { vi, en },
  kind: 'text',
  maxLength: 20,
  required: false,
  draftKey: null,
});

const dossierDef = (key: string, draftKey: string | null = null): FormField =>
  fromDef(
    DOSSIER_FIELDS.find((f) => f.key === key),
    key,
    draftKey,
  );

/** The dossier fields `PATCH /api/dossiers/{code}` takes, in the order of the catalogue card. */
export const DOSSIER_FORM: readonly FormField[] = [
  { ...dossierDef('title', 'title'), kind: 'textarea' },
  ref('inventoryNo', 'Mục lục số', 'Inventory no.'),
  ref('boxNo', 'Hộp số', 'Box no.'),
  ref('fileNo', 'Hồ sơ số', 'File no.'),
  dossierDef('startDate', 'startDate'),
  dossierDef('endDate', 'endDate'),
  dossierDef('maintenanceCode'),
  dossierDef('accessModeCode'),
  dossierDef('languageCodes'),
  dossierDef('sheetCount'),
  dossierDef('physicalConditionCode'),
  dossierDef('keywords'),
  dossierDef('description'),
];

/** The text an input shows for a stored value. */
export function toInput(field: FormField, value: StoredValue | undefined): InputValue {
  if (field.kind === 'codes') return Array.isArray(value) ? value : [];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (field.kind === 'date') return formatVnDate(String(value));
  return String(value);
}

export type Parsed = { ok: true; value: StoredValue } | { ok: false; error: Bilingual };

const codeOk = (list: CodeListName | undefined, code: string): boolean => {
  if (list === undefined) return true;
  const entries: readonly { code: string }[] = CODE_LISTS[list];
  return entries.some((e) => e.code === code);
};

/**
 * Checks what the reviewer typed and turns it into the stored value: trimmed text or null, whole
 * numbers, partial ISO dates, codes of the field's TT 05 list. Errors are worded in Vietnamese and
 * English, like the api's.
 */
export function parseInput(field: FormField, input: InputValue): Parsed {
  if (field.kind === 'codes') {
    const codes = Array.isArray(input) ? input : input.split(/[,\s]+/).filter((c) => c !== '');
    const bad = codes.find((c) => !codeOk(field.codeList, c));
    if (bad !== undefined) return { ok: false, error: unknownCode(bad) };
    return { ok: true, value: codes };
  }
  const text = (Array.isArray(input) ? input.join(', ') : input).trim();
  switch (field.kind) {
    case 'date': {
      const r = parseVnDate(text);
      return r.ok ? { ok: true, value: r.iso } : r;
    }
    case 'code':
      if (text === '') return { ok: true, value: null };
      return codeOk(field.codeList, text)
        ? { ok: true, value: text }
        : { ok: false, error: unknownCode(text) };
    case 'number': {
      if (text === '') return { ok: true, value: null };
      if (!/^\d+$/.test(text)) {
        return {
          ok: false,
          error: { vi: 'Chỉ nhập chữ số (0–9)', en: 'Digits only (0–9)' },
        };
      }
      if (field.maxLength !== undefined && text.length > field.maxLength) {
        return { ok: false, error: tooLong(field.maxLength, 'chữ số', 'digits') };
      }
      return { ok: true, value: Number(text) };
    }
    case 'text':
    case 'textarea':
      if (text === '') return { ok: true, value: null };
      if (field.maxLength !== undefined && [...text].length > field.maxLength) {
        return { ok: false, error: tooLong(field.maxLength, 'ký tự', 'characters') };
      }
      return { ok: true, value: text.normalize('NFC') };
  }
}

const tooLong = (max: number, vi: string, en: string): Bilingual => ({
  vi: `Dài quá ${max} ${vi}`,
  en: `Longer than ${max} ${en}`,
});

const unknownCode = (code: string): Bilingual => ({
  vi: `Mã "${code}" không có trong danh mục`,
  en: `Code "${code}" is not in the list`,
});

const same = (a: StoredValue | undefined, b: StoredValue | undefined): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => x === b[i])
    : (a ?? null) === (b ?? null);

/** Edits of one form: typed input per field key, only for fields the reviewer touched. */
export type Edits = Readonly<Record<string, InputValue>>;

export interface FormPatch {
  /** Changed fields with their stored values, for the PATCH body */
  fields: Record<string, StoredValue>;
  /** Inline errors per field key; when any, the form must not be sent */
  errors: Record<string, Bilingual>;
}

/**
 * The PATCH `fields` of a form: every edited field whose parsed value differs from `record`, and
 * the errors of edited fields that do not parse.
 */
export function formPatch(
  form: readonly FormField[],
  record: Readonly<Record<string, StoredValue | undefined>>,
  edits: Edits,
): FormPatch {
  const fields: Record<string, StoredValue> = {};
  const errors: Record<string, Bilingual> = {};
  for (const field of form) {
    const input = edits[field.key];
    if (input === undefined) continue;
    const r = parseInput(field, input);
    if (!r.ok) errors[field.key] = r.error;
    else if (!same(r.value, record[field.key])) fields[field.key] = r.value;
  }
  return { fields, errors };
}

/** Whether the form has edits that would change the record (or that do not parse yet). */
export function isDirty(
  form: readonly FormField[],
  record: Readonly<Record<string, StoredValue | undefined>>,
  edits: Edits,
): boolean {
  const p = formPatch(form, record, edits);
  return Object.keys(p.fields).length > 0 || Object.keys(p.errors).length > 0;
}

/** A draft entry as the forms read it: confidence, value and, for documents, source boxes. */
export type FieldDraft = Pick<DraftField, 'value' | 'confidence'> & {
  sources: DraftField['sources'];
};

/**
 * The draft of a document field, looked up under the column's name first, then under the
 * pipeline's name, so it works whether the api forwards the draft as stored or renames it.
 */
export function documentDraft(doc: WorkspaceDocument, field: FormField): FieldDraft | null {
  if (doc.draft === null) return null;
  const d =
    doc.draft[field.key] ?? (field.draftKey === null ? undefined : doc.draft[field.draftKey]);
  return d ?? null;
}

/** The draft of a dossier field (title and dates are drafted; they have no word boxes). */
export function dossierDraft(dossier: WorkspaceDossier, field: FormField): FieldDraft | null {
  const draft = dossier.draft;
  if (draft === null || field.draftKey === null) return null;
  const d = (draft as unknown as Record<string, unknown>)[field.draftKey];
  if (typeof d !== 'object' || d === null || !('confidence' in d)) return null;
  const { value, confidence } = d as { value: unknown; confidence: unknown };
  if (typeof confidence !== 'number') return null;
  return { value: typeof value === 'string' ? value : null, confidence, sources: [] };
}

/**
 * Whether a draft entry needs checking: it is less sure of its value than `threshold`, and it
 * either proposed a value (the queue counts low-confidence fields the same way) or the field is
 * required, so a value the pipeline could not find is worth a look. An optional field left empty
 * is not flagged: most documents have no secrecy or urgency stamp.
 */
export const needsCheck = (
  draft: FieldDraft | null,
  threshold: number,
  required = false,
): boolean =>
  draft !== null &&
  draft.confidence < threshold &&
  (required || (draft.value !== null && draft.value !== ''));

/** The item after `current` in `list`, wrapping around; the first one when `current` is absent. */
export function nextInCycle<T>(list: readonly T[], current: T | null): T | null {
  if (list.length === 0) return null;
  const i = current === null ? -1 : list.indexOf(current);
  return list[(i + 1) % list.length] ?? null;
}

/** The stored values of a document's form fields, by key. */
export const documentRecord = (
  doc: WorkspaceDocument,
): Readonly<Record<string, StoredValue | undefined>> =>
  doc.fields as unknown as Record<string, StoredValue>;

/** The stored values of the dossier's form fields, by key. */
export const dossierRecord = (
  d: WorkspaceDossier,
): Readonly<Record<string, StoredValue | undefined>> => d as unknown as Record<string, StoredValue>;
