/**
 * Texts of what the review UI shows in place of a record the person's role may not read,
 * Vietnamese first. Merged into the UI's message table by i18n/messages.ts.
 */
export const ACCESS_MESSAGES = {
  'access.restricted': { vi: 'Hạn chế tiếp cận: {mode}', en: 'Restricted: {mode}' },
  'access.deniedTitle': { vi: 'Không được xem nội dung này', en: 'You may not read this' },
  'access.document': {
    vi: 'Tài liệu số {seq} có mức độ tiếp cận «{mode}»: vai trò {role} không được xem thông tin, ảnh trang và chữ nhận dạng của tài liệu này.',
    en: 'Document {seq} has access mode “{mode}”: the {role} role may not read its description, page images or text.',
  },
  'access.who': {
    vi: 'Chỉ {roles} được xem. Nếu công việc cần, hãy đề nghị người quản lý.',
    en: 'Only the {roles} roles may read it. Ask a manager if your work needs it.',
  },
  'access.thumb': { vi: 'Hạn chế', en: 'Restricted' },
  'access.auditHidden': {
    vi: 'Giá trị thay đổi được ẩn vì tài liệu có mức độ tiếp cận hạn chế.',
    en: 'The changed values are hidden: the document’s access is restricted.',
  },
} as const satisfies Record<string, { readonly vi: string; readonly en: string }>;
