/**
 * Every code list sohoa speaks, in one place (Thông tư 05/2025/TT-BNV unless noted).
 *
 * The circular's own tables disagree with third-party lists in places (see
 * ../shared/vn-metadata.md §2): if the archive's copy of the official text differs, change it here
 * and nowhere else. Stored values are the codes; labels are for people, Vietnamese first.
 */
import { compareKey } from './vn-text.js';

export interface CodeEntry {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
}

export interface DocTypeEntry extends CodeEntry {
  /** Abbreviation used in ký hiệu under NĐ 30/2020 (Phụ lục III); null for công văn, thư công… */
  readonly abbr: string | null;
  /** Other abbreviations seen in older documents (TT 01/2011, TTLT 55/2005) */
  readonly oldAbbr: readonly string[];
}

const e = (code: string, vi: string, en: string): CodeEntry => ({ code, vi, en });
const t = (
  code: string,
  vi: string,
  en: string,
  abbr: string | null,
  oldAbbr: readonly string[] = [],
): DocTypeEntry => ({ code, vi, en, abbr, oldAbbr });

/** Tên loại tài liệu (`typeName`), TT 05/2025. */
export const DOC_TYPES: readonly DocTypeEntry[] = [
  t('01', 'Nghị quyết', 'Resolution', 'NQ'),
  t('02', 'Quyết định', 'Decision', 'QĐ'),
  t('03', 'Chỉ thị', 'Directive', 'CT'),
  t('04', 'Quy chế', 'Regulation (rules)', 'QC'),
  t('05', 'Quy định', 'Regulation', 'QyĐ', ['QĐi']),
  t('06', 'Thông cáo', 'Communiqué', 'TC'),
  t('07', 'Thông báo', 'Notice', 'TB'),
  t('08', 'Hướng dẫn', 'Guidance', 'HD'),
  t('09', 'Chương trình', 'Programme', 'CTr'),
  t('10', 'Kế hoạch', 'Plan', 'KH'),
  t('11', 'Phương án', 'Scheme', 'PA'),
  t('12', 'Đề án', 'Project proposal', 'ĐA'),
  t('13', 'Dự án', 'Project', 'DA'),
  t('14', 'Báo cáo', 'Report', 'BC'),
  t('15', 'Tờ trình', 'Submission', 'TTr'),
  t('16', 'Giấy ủy quyền', 'Power of attorney', 'GUQ', ['UQ']),
  t('17', 'Phiếu gửi', 'Dispatch slip', 'PG'),
  t('18', 'Phiếu chuyển', 'Transfer slip', 'PC'),
  t('19', 'Phiếu báo', 'Notification slip', 'PB'),
  t('20', 'Biên bản', 'Minutes', 'BB'),
  t('21', 'Hợp đồng', 'Contract', 'HĐ'),
  t('22', 'Công văn', 'Official letter', null, ['CV']),
  t('23', 'Công điện', 'Official telegram', 'CĐ'),
  t('24', 'Bản ghi nhớ', 'Memorandum', 'BGN'),
  t('25', 'Bản thỏa thuận', 'Agreement', 'BTT'),
  t('26', 'Giấy mời', 'Invitation', 'GM'),
  t('27', 'Giấy giới thiệu', 'Letter of introduction', 'GGT'),
  t('28', 'Giấy nghỉ phép', 'Leave permit', 'GNP', ['NP']),
  t('29', 'Thư công', 'Official letter (diplomatic)', null),
  t('30', 'Bản đồ', 'Map', null),
  t('31', 'Bản vẽ kỹ thuật', 'Technical drawing', null),
  t('32', 'Khác', 'Other', null),
];

/** Ngôn ngữ (`language`). */
export const LANGUAGES: readonly CodeEntry[] = [
  e('01', 'Tiếng Việt', 'Vietnamese'),
  e('02', 'Tiếng Anh', 'English'),
  e('03', 'Tiếng Pháp', 'French'),
  e('04', 'Tiếng Nga', 'Russian'),
  e('05', 'Tiếng Trung', 'Chinese'),
  e('06', 'Việt – Anh', 'Vietnamese–English'),
  e('07', 'Việt – Nga', 'Vietnamese–Russian'),
  e('08', 'Việt – Pháp', 'Vietnamese–French'),
  e('09', 'Hán Nôm', 'Hán Nôm'),
  e('10', 'Việt – Trung', 'Vietnamese–Chinese'),
  e('11', 'Khác', 'Other'),
];

/**
 * ISO 639-2 codes of each `language` code, for exchange formats that want them (Dublin Core in
 * OAI-PMH, EAD). Hán Nôm is written as classical Chinese (lzh) and Vietnamese; "Khác" is und.
 */
export const LANGUAGE_ISO639: Readonly<Record<string, readonly string[]>> = {
  '01': ['vie'],
  '02': ['eng'],
  '03': ['fre'],
  '04': ['rus'],
  '05': ['chi'],
  '06': ['vie', 'eng'],
  '07': ['vie', 'rus'],
  '08': ['vie', 'fre'],
  '09': ['lzh', 'vie'],
  '10': ['vie', 'chi'],
  '11': ['und'],
};

/** Thời hạn lưu trữ (`maintenance`); a historical archive accepts only 01. */
export const MAINTENANCE: readonly CodeEntry[] = [
  e('01', 'Vĩnh viễn', 'Permanent'),
  e('02', '70 năm', '70 years'),
  e('03', '50 năm', '50 years'),
  e('04', '30 năm', '30 years'),
  e('05', '20 năm', '20 years'),
  e('06', '10 năm', '10 years'),
  e('07', 'Khác', 'Other'),
];

/** Mức độ tiếp cận / chế độ sử dụng (`mode`). */
export const ACCESS_MODES: readonly CodeEntry[] = [
  e('01', 'Công khai', 'Public'),
  e('02', 'Sử dụng có điều kiện', 'Conditional'),
  e('03', 'Mật', 'Secret'),
];

/** Mức độ tin cậy (`confidenceLevel`). */
export const CONFIDENCE_LEVELS: readonly CodeEntry[] = [
  e('01', 'Gốc điện tử', 'Born digital'),
  e('02', 'Số hóa', 'Digitized'),
  e('03', 'Hỗn hợp', 'Mixed'),
];

/** Tình trạng vật lý (`format`). */
export const PHYSICAL_CONDITIONS: readonly CodeEntry[] = [
  e('01', 'Tốt', 'Good'),
  e('02', 'Bình thường', 'Fair'),
  e('03', 'Hỏng', 'Damaged'),
];

/** Tình trạng dự phòng (`riskRecoveryStatus`). */
export const RISK_RECOVERY_STATUSES: readonly CodeEntry[] = [
  e('01', 'Đã lập', 'Backup made'),
  e('02', 'Chưa lập', 'Backup not made'),
];

/**
 * Độ mật stamps (NĐ 30/2020 ô 10a). TT 05 has no code list for them; these codes are sohoa's own.
 */
export const SECRECY: readonly CodeEntry[] = [
  e('01', 'Mật', 'Confidential'),
  e('02', 'Tối mật', 'Secret'),
  e('03', 'Tuyệt mật', 'Top secret'),
];

/**
 * Độ khẩn stamps (NĐ 30/2020 ô 10b). Codes follow edXML's Priority (QCVN 102:2016) minus "0 Thường".
 */
export const URGENCY: readonly CodeEntry[] = [
  e('01', 'Khẩn', 'Urgent'),
  e('02', 'Thượng khẩn', 'Very urgent'),
  e('03', 'Hỏa tốc', 'Immediate'),
  e('04', 'Hỏa tốc hẹn giờ', 'Immediate, timed'),
];

/** Quyền hạn ký (NĐ 30/2020 Điều 13): the prefix written before the signer's position. */
export const SIGNER_AUTHORITIES: readonly CodeEntry[] = [
  e('TM.', 'Thay mặt', 'On behalf of (collective)'),
  e('KT.', 'Ký thay', 'Signing for the head'),
  e('TL.', 'Thừa lệnh', 'By order'),
  e('TUQ.', 'Thừa ủy quyền', 'By authorisation'),
  e('Q.', 'Quyền', 'Acting'),
];

export const CODE_LISTS = {
  docType: DOC_TYPES,
  language: LANGUAGES,
  maintenance: MAINTENANCE,
  accessMode: ACCESS_MODES,
  confidenceLevel: CONFIDENCE_LEVELS,
  physicalCondition: PHYSICAL_CONDITIONS,
  riskRecoveryStatus: RISK_RECOVERY_STATUSES,
  secrecy: SECRECY,
  urgency: URGENCY,
  signerAuthority: SIGNER_AUTHORITIES,
} as const;

export type CodeListName = keyof typeof CODE_LISTS;

/** The entry for `code` in `list`, or undefined. */
export function findCode(list: CodeListName, code: string): CodeEntry | undefined {
  const entries: readonly CodeEntry[] = CODE_LISTS[list];
  return entries.find((x) => x.code === code);
}

/** True when `code` is in `list`. */
export const isCode = (list: CodeListName, code: string): boolean =>
  findCode(list, code) !== undefined;

const fold = compareKey;

/**
 * The TT 05 document type for a printed type name ("QUYẾT ĐỊNH", "Kế hoạch") or a ký hiệu
 * abbreviation ("QĐ", "KH", old "UQ"), or undefined.
 */
export function docTypeFor(nameOrAbbr: string): DocTypeEntry | undefined {
  const f = fold(nameOrAbbr);
  return (
    DOC_TYPES.find((d) => fold(d.vi) === f) ??
    DOC_TYPES.find((d) => d.abbr !== null && d.abbr === nameOrAbbr.trim()) ??
    DOC_TYPES.find((d) => d.oldAbbr.includes(nameOrAbbr.trim()))
  );
}
