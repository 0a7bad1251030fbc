/**
 * The descriptive files of a Thông tư 05/2025/TT-BNV AIP: `EAD.xml` (the hồ sơ, 18 elements) and
 * `EAD_doc_<n>.xml` (each tài liệu, the AIP variant's 19 elements), flat element lists in the
 * circular's order, from the approved metadata of the catalogue records. The XML schemas they
 * follow are shipped beside this file (schemas/EAD.xsd, schemas/EAD_doc.xsd).
 */
import { create } from 'xmlbuilder2';
import type { FieldValue } from '../reader/record-row.js';

/** A partial ISO date as TT 05 writes it: 2021-05-18 → 18/05/2021, 2021-05 → 05/2021, 2021. */
export function tt05Date(iso: string | null): string | null {
  if (iso === null) return null;
  const [y, m, d] = iso.split('-');
  if (y === undefined || !/^\d{4}$/.test(y)) return null;
  return [d, m, y].filter((x): x is string => x !== undefined).join('/');
}

type Fields = Readonly<Record<string, FieldValue>>;

const text = (v: FieldValue | undefined): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.length === 0 ? null : v.join(', ');
  const s = String(v).trim();
  return s === '' ? null : s;
};

const list = (v: FieldValue | undefined): string[] =>
  Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];

/** One element of a description: a value, the values of a list, or a date. */
interface Element {
  readonly name: string;
  readonly required: boolean;
  readonly value: (f: Fields) => string | string[] | null;
}
const el = (name: string, required: boolean, value?: Element['value']): Element => ({
  name,
  required,
  value: value ?? ((f) => text(f[name])),
});
const date = (name: string, required: boolean): Element =>
  el(name, required, (f) => tt05Date(text(f[name])));
const codes = (name: string): Element => el(name, true, (f) => list(f[name]));

/** EAD.xml of the hồ sơ, in the circular's order. */
export const DOSSIER_ELEMENTS: readonly Element[] = [
  el('arcFileCode', true),
  el('title', true),
  el('maintenance', true),
  el('mode', true),
  codes('language'),
  date('startDate', true),
  date('endDate', true),
  el('keyword', false),
  el('totalDoc', true),
  el('numberOfPaper', false),
  el('numberOfPage', true),
  el('format', false),
  el('inforSign', false),
  el('confidenceLevel', false),
  el('paperFileCode', false),
  el('riskRecovery', true, (f) => text(f['riskRecovery'] ?? false)),
  el('riskRecoveryStatus', false),
  el('description', false),
];

/** EAD_doc of a tài liệu (AIP variant), in the circular's order. */
export const DOCUMENT_ELEMENTS: readonly Element[] = [
  el('arcFileCode', true),
  el('mode', true),
  codes('language'),
  el('keyword', false),
  el('numberOfPage', true),
  el('format', false),
  el('inforSign', false),
  el('confidenceLevel', false),
  el('description', false),
  el('docCode', true),
  el('docOrdinal', true),
  el('typeName', true),
  el('codeNumber', false),
  el('codeNotation', false),
  date('issuedDate', false),
  el('organName', false),
  el('subject', false),
  el('autograph', false),
  // 1 = a processing-workflow file is attached; digitized paper has none
  el('process', true, () => '0'),
];

/** The required elements that `fields` leaves empty. */
export function missingElements(elements: readonly Element[], fields: Fields): string[] {
  return elements
    .filter((e) => {
      if (!e.required) return false;
      const v = e.value(fields);
      return v === null || (Array.isArray(v) && v.length === 0);
    })
    .map((e) => e.name);
}

/** The flat description `<simpledc>` of `fields` (empty optional elements left out). */
export function describe(elements: readonly Element[], fields: Fields, schema: string): Buffer {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('simpledc', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:noNamespaceSchemaLocation': schema,
  });
  for (const e of elements) {
    const v = e.value(fields);
    for (const one of Array.isArray(v) ? v : v === null ? [] : [v]) root.ele(e.name).txt(one);
  }
  return Buffer.from(root.end({ prettyPrint: true }), 'utf8');
}
