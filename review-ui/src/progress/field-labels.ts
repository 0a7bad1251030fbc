/**
 * Names of the record fields the managers' screens mention (what an inventory row writes, which
 * draft fields reviewers corrected), from the forms' own tables so that they read as the forms do.
 */
import type { Bilingual } from '../i18n/lang.js';
import { DOCUMENT_FORM, DOSSIER_FORM } from '../workspace/fields.js';

const PLANNING: Readonly<Record<string, Bilingual>> = {
  expectedPages: { vi: 'Số trang dự kiến', en: 'Expected pages' },
  expectedSheets: { vi: 'Số tờ', en: 'Sheets' },
  highUse: { vi: 'Sử dụng nhiều', en: 'High use' },
};

/** The label of field `key` of a dossier or a document; the key itself when unknown. */
export function fieldLabel(key: string): Bilingual {
  return (
    PLANNING[key] ??
    DOSSIER_FORM.find((f) => f.key === key)?.label ??
    DOCUMENT_FORM.find((f) => f.key === key)?.label ?? { vi: key, en: key }
  );
}
