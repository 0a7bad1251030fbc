/**
 * Validation of the metadata fields a reviewer edits, built from the field table
 * (metadata-fields.ts) and the code lists (code-lists.ts), so the api and the review UI refuse the
 * same values with the same words. Every message is Vietnamese first, then English, and names the
 * field as the form labels it.
 *
 * Text is trimmed and NFC-normalised; an empty string clears the field (null). Dates are partial
 * ISO (YYYY, YYYY-MM or YYYY-MM-DD) and must exist in the calendar.
 *
 * @example
 * const r = DocumentFieldsPatch.safeParse({ issuedDate: '2019-02-30' });
 * // r.success === false; fieldErrors(r.error.issues) →
 * // { issuedDate: 'Ngày tháng năm tài liệu "2019-02-30" không phải ngày có thật … / … not a real date …' }
 */
import { z } from 'zod';
import { CODE_LISTS, isCode, type CodeListName } from './code-lists.js';
import { DOCUMENT_FIELDS, DOSSIER_FIELDS, type FieldDef } from './metadata-fields.js';

const PARTIAL_DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day (years 1000–2999). */
export function isPartialIsoDate(s: string): boolean {
  const m = PARTIAL_DATE_RE.exec(s);
  if (m === null) return false;
  const year = Number(m[1]);
  if (year < 1000 || year > 2999) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

/**
 * Whether partial date `a` may come before or on `b`: compared on the precision both have, so
 * 2019 is neither after nor before 2019-05.
 */
export function partialDateNotAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) <= b.slice(0, n);
}

/** Inventory references of a dossier that TT 05 does not list (columns of the paper inventory). */
const INVENTORY_FIELDS: readonly FieldDef[] = [
  {
    key: 'inventoryNo',
    tt05: null,
    tt02: null,
    vi: 'Mục lục số',
    en: 'Inventory number',
    kind: 'string',
    maxLength: 20,
    required: false,
  },
  {
    key: 'boxNo',
    tt05: null,
    tt02: null,
    vi: 'Hộp số',
    en: 'Box number',
    kind: 'string',
    maxLength: 20,
    required: false,
  },
  {
    key: 'fileNo',
    tt05: null,
    tt02: null,
    vi: 'Hồ sơ số',
    en: 'File number',
    kind: 'string',
    maxLength: 20,
    required: false,
  },
];

function defOf(table: readonly FieldDef[], key: string): FieldDef {
  const d = table.find((x) => x.key === key) ?? INVENTORY_FIELDS.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no field definition for ${key}`);
  return d;
}

const dossier = (key: string) => defOf(DOSSIER_FIELDS, key);
const document = (key: string) => defOf(DOCUMENT_FIELDS, key);

const typeMessage = (d: FieldDef, vi: string, en: string) =>
  `${d.vi} phải là ${vi} / ${d.en} must be ${en}`;

const emptyToNull = (s: string): string | null => (s === '' ? null : s);

/** Control characters other than tab and line breaks have no place in a record. */
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Free text: trimmed, NFC, at most `maxLength` characters; '' → null. */
function text(d: FieldDef) {
  const max = d.maxLength ?? 2000;
  return z
    .string({ error: typeMessage(d, 'chuỗi ký tự', 'text') })
    .trim()
    .normalize('NFC')
    .max(max, {
      error: (iss) =>
        `${d.vi} dài quá ${max} ký tự (đang có ${typeof iss.input === 'string' ? iss.input.length : '?'}) / ${d.en} is longer than ${max} characters`,
    })
    .refine((s) => !CONTROL_RE.test(s), {
      error: `${d.vi} có ký tự điều khiển không hợp lệ / ${d.en} contains control characters`,
    })
    .transform(emptyToNull);
}

/** A partial ISO date; '' → null. */
function date(d: FieldDef) {
  return z
    .string({ error: typeMessage(d, 'chuỗi ngày tháng', 'a date string') })
    .trim()
    .refine((s) => s === '' || isPartialIsoDate(s), {
      error: (iss) =>
        `${d.vi} "${String(iss.input)}" không phải ngày có thật dạng năm, tháng/năm hoặc ngày/tháng/năm / ${d.en} "${String(iss.input)}" is not a real date as YYYY, YYYY-MM or YYYY-MM-DD`,
    })
    .transform(emptyToNull);
}

/** The codes of a list for a message: all of them, or first–last for a long list. */
function codesOf(list: CodeListName): string {
  const all = CODE_LISTS[list].map((e: { code: string }) => e.code);
  return all.length > 8 ? `${all[0] ?? ''}–${all.at(-1) ?? ''}` : all.join(', ');
}

const codeMessage = (d: FieldDef, list: CodeListName, value: unknown) =>
  `${d.vi}: mã "${String(value)}" không có trong danh mục (${codesOf(list)}) / ${d.en}: code "${String(value)}" is not in the code list (${codesOf(list)})`;

function listOf(d: FieldDef): CodeListName {
  if (d.codeList === undefined) throw new Error(`field ${d.key} has no code list`);
  return d.codeList;
}

/** A code of the field's code list; '' → null unless `required`. */
function code(d: FieldDef, o: { required: boolean } = { required: false }) {
  const list = listOf(d);
  return z
    .string({ error: typeMessage(d, 'một mã trong danh mục', 'a code of its list') })
    .trim()
    .refine((s) => s !== '' || !o.required, {
      error: `${d.vi} là bắt buộc / ${d.en} is required`,
    })
    .refine((s) => s === '' || isCode(list, s), {
      error: (iss) => codeMessage(d, list, iss.input),
    })
    .transform(emptyToNull);
}

/** One or more codes of the field's code list, each once. */
function codes(d: FieldDef) {
  const list = listOf(d);
  return z
    .array(
      z
        .string({ error: typeMessage(d, 'danh sách mã', 'a list of codes') })
        .trim()
        .refine((s) => isCode(list, s), { error: (iss) => codeMessage(d, list, iss.input) }),
      { error: typeMessage(d, 'danh sách mã', 'a list of codes') },
    )
    .min(1, { error: `${d.vi}: chọn ít nhất một mã / ${d.en}: choose at least one code` })
    .refine((a) => new Set(a).size === a.length, {
      error: `${d.vi}: mỗi mã chỉ chọn một lần / ${d.en}: each code only once`,
    });
}

/** A whole number 0 … 2^31−1 (the column is a PostgreSQL integer). */
function count(d: FieldDef) {
  return z
    .int({ error: typeMessage(d, 'số nguyên', 'a whole number') })
    .min(0, { error: `${d.vi} không được âm / ${d.en} must not be negative` })
    .max(2_147_483_647, { error: `${d.vi} quá lớn / ${d.en} is too large` });
}

const requiredMessage = (d: FieldDef) => `${d.vi} là bắt buộc / ${d.en} is required`;

/** The field may be set or cleared (null). */
const clearable = <S extends z.ZodType>(s: S) => s.nullable().optional();
/** The field may be set but not cleared: its column is NOT NULL. */
const settable = <S extends z.ZodType>(s: S, d: FieldDef) =>
  s
    .nullable()
    .refine((v) => v !== null, { error: requiredMessage(d) })
    .transform((v) => v as NonNullable<z.output<S>>)
    .optional();

/**
 * The dossier fields a reviewer may change (`PATCH /api/dossiers/{code}`), each optional: a field
 * left out is left alone, null (or '') clears it where the record allows.
 */
export const DossierFieldsPatch = z
  .object({
    title: clearable(text(dossier('title'))),
    inventoryNo: clearable(text(dossier('inventoryNo'))),
    boxNo: clearable(text(dossier('boxNo'))),
    fileNo: clearable(text(dossier('fileNo'))),
    maintenanceCode: settable(
      code(dossier('maintenanceCode'), { required: true }),
      dossier('maintenanceCode'),
    ),
    accessModeCode: settable(
      code(dossier('accessModeCode'), { required: true }),
      dossier('accessModeCode'),
    ),
    languageCodes: settable(codes(dossier('languageCodes')), dossier('languageCodes')),
    startDate: clearable(date(dossier('startDate'))),
    endDate: clearable(date(dossier('endDate'))),
    keywords: clearable(text(dossier('keywords'))),
    sheetCount: clearable(count(dossier('sheetCount'))),
    physicalConditionCode: clearable(code(dossier('physicalConditionCode'))),
    description: clearable(text(dossier('description'))),
  })
  .strict();
export type DossierFieldsPatch = z.output<typeof DossierFieldsPatch>;

/**
 * The document fields a reviewer may change (`PATCH /api/documents/{id}`); the page count follows
 * the structure and is not among them.
 */
export const DocumentFieldsPatch = z
  .object({
    typeCode: clearable(code(document('typeCode'))),
    codeNumber: clearable(text(document('codeNumber'))),
    codeNotation: clearable(text(document('codeNotation'))),
    issuedDate: clearable(date(document('issuedDate'))),
    place: clearable(text(document('place'))),
    organName: clearable(text(document('organName'))),
    organParent: clearable(text(document('organParent'))),
    subject: clearable(text(document('subject'))),
    signerAuthority: clearable(text(document('signerAuthority'))),
    signerTitle: clearable(text(document('signerTitle'))),
    signerName: clearable(text(document('signerName'))),
    secrecyCode: clearable(code(document('secrecyCode'))),
    urgencyCode: clearable(code(document('urgencyCode'))),
    languageCodes: settable(codes(document('languageCodes')), document('languageCodes')),
    accessModeCode: clearable(code(document('accessModeCode'))),
    maintenanceCode: clearable(code(document('maintenanceCode'))),
    keywords: clearable(text(document('keywords'))),
    autograph: clearable(text(document('autograph'))),
    physicalConditionCode: clearable(code(document('physicalConditionCode'))),
    description: clearable(text(document('description'))),
    inforSign: clearable(text(document('inforSign'))),
  })
  .strict();
export type DocumentFieldsPatch = z.output<typeof DocumentFieldsPatch>;

/** Keys a reviewer may edit on a dossier, in form order. */
export const DOSSIER_EDITABLE = Object.keys(
  DossierFieldsPatch.shape,
) as readonly (keyof DossierFieldsPatch)[];
/** Keys a reviewer may edit on a document, in form order. */
export const DOCUMENT_EDITABLE = Object.keys(
  DocumentFieldsPatch.shape,
) as readonly (keyof DocumentFieldsPatch)[];

/**
 * The issues of a failed parse of DossierFieldsPatch / DocumentFieldsPatch as one message per
 * field (the first issue of each). `prefix` is the path of the fields object inside the parsed
 * value (e.g. `['fields']` for a request body `{ version, fields }`); issues outside it are left
 * out. A key that is not editable gets its own message.
 */
export function fieldErrors(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!prefix.every((p, ix) => i.path[ix] === p)) continue;
    const rest = i.path.slice(prefix.length);
    if (i.code === 'unrecognized_keys' && rest.length === 0) {
      for (const k of i.keys) {
        out[k] ??=
          `Trường "${k}" không có hoặc không sửa được / Field "${k}" does not exist or cannot be edited`;
      }
      continue;
    }
    const key = rest[0];
    if (typeof key !== 'string') continue;
    out[key] ??= i.message;
  }
  return out;
}

/**
 * Required TT 05 fields that approval does not ask the reviewer for: the system fills them
 * (dossier code, totals, page count; a document's access mode falls back to its dossier's) or they
 * come from the paper inventory rather than the scans (sheet count, paper file code, the
 * risk-recovery flag, which defaults to "no").
 */
const FILLED_ELSEWHERE = {
  dossier: new Set([
    'code',
    'totalDocs',
    'pageCount',
    'sheetCount',
    'paperFileCode',
    'riskRecovery',
  ]),
  document: new Set(['pageCount', 'accessModeCode']),
} as const;

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/** What approval still lacks: the dossier's or one document's required fields left empty. */
export interface MissingFields {
  /** 'dossier', or the document's số thứ tự */
  readonly where: 'dossier' | number;
  readonly fields: readonly FieldDef[];
}

/**
 * The required TT 05/2025 fields still empty in a dossier and its documents, in form order; an
 * empty list means the record may be approved.
 *
 * @example
 * missingForApproval({ title: null, startDate: '2021', … }, [{ seq: 1, typeCode: null, … }])
 * // → [{ where: 'dossier', fields: [Tiêu đề hồ sơ] }, { where: 1, fields: [Tên loại tài liệu] }]
 */
export function missingForApproval(
  dossier: Readonly<Record<string, unknown>>,
  documents: readonly (Readonly<Record<string, unknown>> & { seq: number })[],
): MissingFields[] {
  const out: MissingFields[] = [];
  const missing = (
    defs: readonly FieldDef[],
    skip: ReadonlySet<string>,
    row: Readonly<Record<string, unknown>>,
  ) => defs.filter((d) => d.required && !skip.has(d.key) && isEmpty(row[d.key]));
  const d = missing(DOSSIER_FIELDS, FILLED_ELSEWHERE.dossier, dossier);
  if (d.length > 0) out.push({ where: 'dossier', fields: d });
  for (const doc of documents) {
    const m = missing(DOCUMENT_FIELDS, FILLED_ELSEWHERE.document, doc);
    if (m.length > 0) out.push({ where: doc.seq, fields: m });
  }
  return out;
}

/** One line per place, Vietnamese then English: "Hồ sơ: Tiêu đề hồ sơ; Tài liệu 2: Tên loại tài liệu / …". */
export function describeMissing(missing: readonly MissingFields[]): string {
  const side = (lang: 'vi' | 'en') =>
    missing
      .map((m) => {
        const where =
          m.where === 'dossier'
            ? lang === 'vi'
              ? 'Hồ sơ'
              : 'Dossier'
            : `${lang === 'vi' ? 'Tài liệu' : 'Document'} ${m.where}`;
        return `${where}: ${m.fields.map((f) => f[lang]).join(', ')}`;
      })
      .join('; ');
  return `${side('vi')} / ${side('en')}`;
}
