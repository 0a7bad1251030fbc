/**
 * Texts of the dossier workspace, Vietnamese first. The app merges them into its message table;
 * the workspace reads them through {@link wsText} so it does not depend on that merge.
 */
import type { Lang, MessageParams } from '../i18n/lang.js';

export const WORKSPACE_MESSAGES = {
  'ws.title': { vi: 'Duyệt hồ sơ {code}', en: 'Review dossier {code}' },
  'ws.loading': { vi: 'Đang mở hồ sơ…', en: 'Opening the dossier…' },
  'ws.backToQueue': { vi: 'Về hàng đợi duyệt', en: 'Back to the review queue' },
  'ws.highUse': { vi: 'Hay được khai thác', en: 'High use' },
  'ws.fonds': { vi: 'Phông {code}', en: 'Fonds {code}' },
  'ws.openBy': { vi: 'Đang mở bởi {names}', en: 'Also open by {names}' },
  'ws.readOnly': {
    vi: 'Bạn chỉ được xem hồ sơ này: sửa và duyệt dành cho người duyệt.',
    en: 'You can only view this dossier: editing and approval are for reviewers.',
  },
  'ws.notInReview': {
    vi: 'Hồ sơ không ở trạng thái chờ duyệt nên không sửa được.',
    en: 'The dossier is not awaiting review, so it cannot be changed.',
  },
  'ws.assigned': { vi: 'Được chuyển cho {name}', en: 'Assigned to {name}' },
  'ws.reviewMessage': { vi: 'Lời nhắn: {message}', en: 'Message: {message}' },
  'ws.busy': { vi: 'Đang lưu…', en: 'Saving…' },

  'ws.conflict.title': {
    vi: 'Hồ sơ vừa được người khác thay đổi',
    en: 'Someone else has just changed the dossier',
  },
  'ws.conflict.reload': { vi: 'Tải lại', en: 'Tải lại · Reload' },
  'ws.conflict.keep': {
    vi: 'Các thay đổi chưa lưu của bạn được giữ lại sau khi tải lại; hãy kiểm tra rồi lưu lại.',
    en: 'Your unsaved changes are kept after reloading; check them and save again.',
  },
  'ws.actionFailed': { vi: 'Không thực hiện được', en: 'Could not do that' },
  'ws.leaveUnsaved': {
    vi: 'Có thay đổi chưa lưu. Rời khỏi hồ sơ?',
    en: 'There are unsaved changes. Leave the dossier?',
  },
  'ws.dismiss': { vi: 'Đóng', en: 'Dismiss' },

  'ws.actions': { vi: 'Thao tác', en: 'Actions' },
  'ws.approve': { vi: 'Duyệt', en: 'Approve' },
  'ws.reject': { vi: 'Trả lại', en: 'Reject' },
  'ws.return': { vi: 'Chuyển người duyệt khác', en: 'Return to another reviewer' },
  'ws.save': { vi: 'Lưu', en: 'Save' },
  'ws.saveAll': { vi: 'Lưu thay đổi', en: 'Save changes' },
  'ws.unsaved': { vi: 'Có thay đổi chưa lưu', en: 'Unsaved changes' },
  'ws.shortcuts': { vi: 'Phím tắt', en: 'Shortcuts' },
  'ws.twoPerson': {
    vi: 'Áp dụng quy tắc hai người: người sửa cuối không được duyệt.',
    en: 'Two-person rule: the last editor may not approve.',
  },

  'ws.twoPersonSelf': {
    vi: 'Bạn là người sửa cuối cùng: cần một người duyệt khác duyệt hồ sơ này.',
    en: 'You made the last edit: another reviewer must approve this dossier.',
  },

  'ws.pages': { vi: 'Trang và tài liệu', en: 'Pages and documents' },
  'ws.docN': { vi: 'Tài liệu {seq}', en: 'Document {seq}' },
  'ws.docPages': { vi: '{count} trang', en: '{count} pages' },
  'ws.boundary': { vi: 'Độ tin cậy ranh giới {value}', en: 'Boundary confidence {value}' },
  'ws.loose': { vi: 'Trang ngoài tài liệu', en: 'Pages outside documents' },
  'ws.pageN': { vi: 'Trang {n}', en: 'Page {n}' },
  'ws.pageScan': { vi: 'Trang quét số {n}', en: 'Scanned page {n}' },
  'ws.pageBlank': { vi: 'Trắng', en: 'Blank' },
  'ws.pageSeparator': { vi: 'Phân cách', en: 'Separator' },
  'ws.pageRotated': { vi: 'Xoay {deg}°', en: 'Turned {deg}°' },
  'ws.pageLowOcr': { vi: 'OCR kém {value}', en: 'Low OCR {value}' },
  'ws.pageIdentical': {
    vi: 'Giống hệt trang quét số {n}',
    en: 'Identical to scanned page {n}',
  },
  'ws.pageActions': { vi: 'Thao tác với trang đang chọn', en: 'Actions on the selected page' },
  'ws.split': { vi: 'Tách tại đây', en: 'Split here' },
  'ws.splitHint': {
    vi: 'Bắt đầu tài liệu mới từ trang này',
    en: 'Start a new document at this page',
  },
  'ws.merge': { vi: 'Gộp với tài liệu sau', en: 'Merge with next' },
  'ws.mergeDoc': {
    vi: 'Gộp tài liệu {seq} với tài liệu sau',
    en: 'Merge document {seq} with the next',
  },
  'ws.moveUp': { vi: 'Lên', en: 'Up' },
  'ws.moveDown': { vi: 'Xuống', en: 'Down' },
  'ws.toPrevDoc': { vi: 'Sang tài liệu trước', en: 'To previous document' },
  'ws.toNextDoc': { vi: 'Sang tài liệu sau', en: 'To next document' },
  'ws.rotate': { vi: 'Xoay 90°', en: 'Rotate 90°' },
  'ws.markBlank': { vi: 'Trang trắng', en: 'Blank page' },
  'ws.markSeparator': { vi: 'Tờ phân cách', en: 'Separator sheet' },
  'ws.exclude': { vi: 'Loại khỏi tài liệu', en: 'Exclude' },
  'ws.include': { vi: 'Đưa vào tài liệu', en: 'Put back in a document' },

  'ws.viewer': { vi: 'Ảnh trang', en: 'Page image' },
  'ws.viewerOf': {
    vi: 'Trang {n}/{total} của tài liệu {seq}',
    en: 'Page {n} of {total}, document {seq}',
  },
  'ws.viewerLoose': { vi: 'Trang ngoài tài liệu', en: 'Page outside documents' },
  'ws.zoomIn': { vi: 'Phóng to', en: 'Zoom in' },
  'ws.zoomOut': { vi: 'Thu nhỏ', en: 'Zoom out' },
  'ws.zoomFit': { vi: 'Vừa khung', en: 'Fit' },
  'ws.prevPage': { vi: 'Trang trước', en: 'Previous page' },
  'ws.nextPage': { vi: 'Trang sau', en: 'Next page' },
  'ws.showWords': { vi: 'Hiện khung chữ OCR', en: 'Show OCR word boxes' },
  'ws.ocrLegend': {
    vi: 'Khung vàng: chữ OCR kém tin cậy (dưới 60%); khung xanh: nguồn của trường đang chọn',
    en: 'Yellow: OCR words below 60% confidence; blue: where the selected field was read',
  },
  'ws.ocrLoading': { vi: 'Đang tải kết quả OCR…', en: 'Loading the OCR result…' },
  'ws.ocrMissing': { vi: 'Trang chưa có kết quả OCR.', en: 'The page has no OCR result.' },
  'ws.ocrStats': {
    vi: '{words} chữ, {low} chữ kém tin cậy',
    en: '{words} words, {low} low-confidence',
  },
  'ws.noPage': { vi: 'Chưa chọn trang nào.', en: 'No page selected.' },
  'ws.viewerFailed': {
    vi: 'Không mở được ảnh trang (IIIF).',
    en: 'Could not open the page image (IIIF).',
  },

  'ws.documentForm': { vi: 'Thông tin tài liệu {seq}', en: 'Document {seq} fields' },
  'ws.dossierForm': { vi: 'Thông tin hồ sơ', en: 'Dossier fields' },
  'ws.noDocument': {
    vi: 'Hồ sơ chưa có tài liệu nào.',
    en: 'The dossier has no documents yet.',
  },
  'ws.draftConfidence': { vi: 'Bản nháp {value}', en: 'Draft {value}' },
  'ws.needsCheck': { vi: 'cần kiểm tra', en: 'cần kiểm tra · check this' },
  'ws.draftValue': { vi: 'Bản nháp đề xuất: {value}', en: 'Draft suggested: {value}' },
  'ws.required': { vi: 'bắt buộc', en: 'required' },
  'ws.choose': { vi: '— Chưa chọn —', en: '— Not set —' },
  'ws.dateHint': { vi: 'dd/mm/yyyy, mm/yyyy hoặc yyyy', en: 'dd/mm/yyyy, mm/yyyy or yyyy' },
  'ws.multiHint': {
    vi: 'Giữ Ctrl để chọn nhiều',
    en: 'Hold Ctrl to choose several',
  },
  'ws.pageCount': { vi: 'Số lượng trang', en: 'Page count' },
  'ws.code': { vi: 'Mã hồ sơ', en: 'File code' },
  'ws.formHasErrors': {
    vi: 'Sửa các trường báo lỗi trước khi lưu.',
    en: 'Fix the fields marked in error before saving.',
  },
  'ws.lowFields': {
    vi: '{count} trường cần kiểm tra (phím N)',
    en: '{count} fields to check (key N)',
  },

  'ws.reject.title': { vi: 'Trả lại hồ sơ cho bộ phận quét', en: 'Send back to the operators' },
  'ws.reject.reason': { vi: 'Lý do', en: 'Reason' },
  'ws.reject.note': { vi: 'Ghi chú cho người quét', en: 'Note for the operators' },
  'ws.reject.submit': { vi: 'Trả lại', en: 'Reject' },
  'ws.reason.rescan': { vi: 'Quét lại', en: 'Rescan' },
  'ws.reason.missing_page': { vi: 'Thiếu trang', en: 'Missing page' },
  'ws.reason.wrong_order': { vi: 'Sai thứ tự', en: 'Wrong order' },
  'ws.reason.illegible': { vi: 'Không đọc được', en: 'Illegible' },
  'ws.reason.other': { vi: 'Lý do khác', en: 'Other reason' },
  'ws.cancel': { vi: 'Hủy', en: 'Cancel' },

  'ws.return.title': { vi: 'Chuyển cho người duyệt khác', en: 'Return to another reviewer' },
  'ws.return.to': { vi: 'Người nhận', en: 'Reviewer' },
  'ws.return.message': { vi: 'Lời nhắn', en: 'Message' },
  'ws.return.submit': { vi: 'Chuyển', en: 'Send' },
  'ws.return.none': {
    vi: 'Không có người duyệt nào khác.',
    en: 'There is no other reviewer.',
  },
  'ws.return.done': { vi: 'Đã chuyển hồ sơ cho {name}.', en: 'The dossier went to {name}.' },

  'ws.help.title': { vi: 'Phím tắt', en: 'Keyboard shortcuts' },
  'ws.help.typing': {
    vi: 'Khi đang gõ trong một ô, chỉ các phím có Ctrl hoặc Alt có tác dụng.',
    en: 'While typing in a field, only the keys with Ctrl or Alt work.',
  },
  'ws.help.close': { vi: 'Đóng', en: 'Close' },
  'ws.key.approve': { vi: 'Duyệt (lưu trước nếu có thay đổi)', en: 'Approve (saves first)' },
  'ws.key.reject': { vi: 'Trả lại', en: 'Reject' },
  'ws.key.nextDoc': { vi: 'Tài liệu sau', en: 'Next document' },
  'ws.key.prevDoc': { vi: 'Tài liệu trước', en: 'Previous document' },
  'ws.key.nextPage': { vi: 'Trang sau', en: 'Next page' },
  'ws.key.prevPage': { vi: 'Trang trước', en: 'Previous page' },
  'ws.key.nextLowField': { vi: 'Trường cần kiểm tra tiếp theo', en: 'Next field to check' },
  'ws.key.zoomIn': { vi: 'Phóng to', en: 'Zoom in' },
  'ws.key.zoomOut': { vi: 'Thu nhỏ', en: 'Zoom out' },
  'ws.key.zoomFit': { vi: 'Vừa khung', en: 'Fit' },
  'ws.key.save': { vi: 'Lưu thay đổi', en: 'Save changes' },
  'ws.key.help': { vi: 'Danh sách phím tắt', en: 'Shortcut list' },

  'ws.done.approved': { vi: 'Hồ sơ đã được duyệt', en: 'The dossier is approved' },
  'ws.done.approvedBy': {
    vi: 'Duyệt bởi {name} lúc {time}',
    en: 'Approved by {name} at {time}',
  },
  'ws.done.waiting': {
    vi: 'Đang tạo và ký số tệp PDF/A, rồi ghi vào mục lục…',
    en: 'Building and signing the PDF/A, then cataloguing…',
  },
  'ws.done.catalogued': {
    vi: 'Đã ký số và ghi vào mục lục lúc {time}.',
    en: 'Signed and catalogued at {time}.',
  },
  'ws.done.rejected': {
    vi: 'Hồ sơ đã được trả lại: {reason}',
    en: 'The dossier was sent back: {reason}',
  },
  'ws.done.next': { vi: 'Về hàng đợi để duyệt hồ sơ tiếp theo', en: 'Back to the queue' },

  'ws.audit.title': { vi: 'Lịch sử thay đổi', en: 'Change history' },
  'ws.audit.empty': { vi: 'Chưa có thay đổi nào.', en: 'No changes yet.' },
  'ws.audit.system': { vi: 'Hệ thống', en: 'System' },
  'ws.audit.empty_value': { vi: '(trống)', en: '(empty)' },
  'ws.audit.caption': {
    vi: 'Ai, lúc nào, trường nào, giá trị trước → sau',
    en: 'Who, when, which field, before → after',
  },
  'ws.audit.col.at': { vi: 'Thời gian', en: 'When' },
  'ws.audit.col.who': { vi: 'Người thực hiện', en: 'Who' },
  'ws.audit.col.what': { vi: 'Thao tác', en: 'Action' },
  'ws.audit.col.change': { vi: 'Thay đổi', en: 'Change' },
  'ws.audit.document': { vi: 'tài liệu', en: 'document' },
  'ws.audit.page': { vi: 'trang', en: 'page' },
} as const satisfies Record<string, { readonly vi: string; readonly en: string }>;

export type WsKey = keyof typeof WORKSPACE_MESSAGES;

/** The workspace message `key` in `lang`, `{name}` placeholders filled from `params`. */
export function wsText(lang: Lang, key: WsKey, params?: MessageParams): string {
  const text: string = WORKSPACE_MESSAGES[key][lang];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
