/**
 * The audit log as a reviewer reads it: one line per changed field, "before → after", with field
 * names from the TT 05 tables and values written the Vietnamese way.
 */
import type { Bilingual } from '../i18n/i18n.js';
import { formatVnDate } from './dates.js';
import { DOCUMENT_FORM, DOSSIER_FORM, type FormField } from './fields.js';

export interface AuditChange {
  key: string;
  label: Bilingual;
  before: string | null;
  after: string | null;
}

const EXTRA_LABELS: Readonly<Record<string, Bilingual>> = {
  status: { vi: 'Trạng thái', en: 'Status' },
  pageIds: { vi: 'Các trang', en: 'Pages' },
  documents: { vi: 'Các tài liệu', en: 'Documents' },
  pageCount: { vi: 'Số lượng trang', en: 'Page count' },
  seq: { vi: 'Số thứ tự', en: 'Order' },
  reviewRotation: { vi: 'Xoay', en: 'Rotation' },
  reviewBlank: { vi: 'Trang trắng', en: 'Blank page' },
  blank: { vi: 'Trang trắng', en: 'Blank page' },
  reviewSeparator: { vi: 'Tờ phân cách', en: 'Separator sheet' },
  separator: { vi: 'Tờ phân cách', en: 'Separator sheet' },
  rejectReason: { vi: 'Lý do trả lại', en: 'Reject reason' },
  rejectNote: { vi: 'Ghi chú trả lại', en: 'Reject note' },
  assignedToId: { vi: 'Người duyệt được giao', en: 'Assigned reviewer' },
  reviewMessage: { vi: 'Lời nhắn', en: 'Message' },
  version: { vi: 'Phiên bản', en: 'Version' },
  expectedPages: { vi: 'Số trang dự kiến', en: 'Expected pages' },
  expectedSheets: { vi: 'Số tờ dự kiến', en: 'Expected sheets' },
  highUse: { vi: 'Sử dụng nhiều', en: 'High use' },
};

const ACTION_LABELS: Readonly<Record<string, Bilingual>> = {
  'dossier.update': { vi: 'Sửa thông tin hồ sơ', en: 'Edited the dossier' },
  'document.update': { vi: 'Sửa thông tin tài liệu', en: 'Edited a document' },
  'document.create': { vi: 'Tạo tài liệu', en: 'Created a document' },
  'document.delete': { vi: 'Xóa tài liệu', en: 'Deleted a document' },
  'dossier.structure': { vi: 'Sửa cấu trúc hồ sơ', en: 'Changed the structure' },
  'page.update': { vi: 'Sửa trang', en: 'Changed a page' },
  'dossier.approve': { vi: 'Duyệt hồ sơ', en: 'Approved' },
  'dossier.reject': { vi: 'Trả lại hồ sơ', en: 'Rejected' },
  'dossier.return': { vi: 'Chuyển người duyệt', en: 'Returned to a reviewer' },
  'catalogue.ingest': { vi: 'Ghi vào mục lục', en: 'Catalogued' },
  'dossier.create': { vi: 'Tạo hồ sơ', en: 'Created the dossier' },
  'dossier.inventory': { vi: 'Cập nhật từ mục lục', en: 'Updated from the inventory' },
  'page.retry': { vi: 'Xử lý lại trang lỗi', en: 'Retried a failed page' },
};

/** The action in words; unknown actions are shown as their code. */
export const actionLabel = (action: string): Bilingual =>
  ACTION_LABELS[action] ?? { vi: action, en: action };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldFor(entityType: string, key: string): FormField | undefined {
  const first = entityType === 'dossier' ? DOSSIER_FORM : DOCUMENT_FORM;
  const second = entityType === 'dossier' ? DOCUMENT_FORM : DOSSIER_FORM;
  return first.find((f) => f.key === key) ?? second.find((f) => f.key === key);
}

/** A stored value in words: dates as dd/mm/yyyy, lists joined, booleans as có/không. */
export function auditValue(field: FormField | undefined, v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v))
    return v.length === 0 ? null : v.map((x) => auditValue(undefined, x)).join(', ');
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if (typeof v === 'string') return field?.kind === 'date' ? formatVnDate(v) : v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/**
 * The changed fields of one audit event: every key of `before` or `after` whose value differs,
 * in the order they appear. A non-object before/after (or none) yields no lines.
 */
export function auditChanges(entityType: string, before: unknown, after: unknown): AuditChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: AuditChange[] = [];
  for (const key of keys) {
    const field = fieldFor(entityType, key);
    const bv = auditValue(field, b[key]);
    const av = auditValue(field, a[key]);
    if (bv === av) continue;
    out.push({
      key,
      label: field?.label ?? EXTRA_LABELS[key] ?? { vi: key, en: key },
      before: bv,
      after: av,
    });
  }
  return out;
}
