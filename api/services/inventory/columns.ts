/**
 * The columns of a mục lục hồ sơ as archives write them, matched whatever their case, spacing,
 * punctuation or diacritics ("MÃ HỒ SƠ", "Mã  hồ sơ", "Ma ho so", "Thời gian\nbắt đầu", "Số tờ
 * (tờ)" all match). Unknown columns are ignored and listed in the preview.
 */
import { stripDiacritics } from '../../../core/domain/vn-text.js';

/** What a column of the inventory feeds. */
export type InventoryField =
  | 'code'
  | 'fonds'
  | 'inventoryNo'
  | 'boxNo'
  | 'fileNo'
  | 'title'
  | 'startDate'
  | 'endDate'
  | 'dateRange'
  | 'sheets'
  | 'pages'
  | 'maintenance'
  | 'description'
  | 'highUse'
  | 'ordinal';

/** Header spellings (already normalised by {@link headerKey}) per field. */
const ALIASES: Readonly<Record<InventoryField, readonly string[]>> = {
  code: ['ma ho so', 'ma hs', 'ma ho so luu tru', 'file code', 'dossier code'],
  fonds: ['ma phong', 'phong so', 'so phong', 'fonds code'],
  inventoryNo: ['muc luc so', 'so muc luc', 'muc luc', 'inventory no', 'inventory number'],
  boxNo: ['hop so', 'so hop', 'hop', 'box', 'box no', 'box number'],
  fileNo: ['ho so so', 'so ho so', 'hs so', 'so hs', 'file no', 'file number'],
  title: ['tieu de ho so', 'tieu de', 'ten ho so', 'title'],
  startDate: ['thoi gian bat dau', 'ngay bat dau', 'bat dau', 'tu ngay', 'start date'],
  endDate: ['thoi gian ket thuc', 'ngay ket thuc', 'ket thuc', 'den ngay', 'end date'],
  dateRange: ['thoi gian', 'thoi gian tai lieu', 'nam', 'dates'],
  sheets: ['so to', 'so luong to', 'to', 'sheets'],
  pages: ['so trang', 'so luong trang', 'trang', 'pages'],
  maintenance: ['thoi han bao quan', 'thoi han luu tru', 'thbq', 'thoi han', 'retention'],
  description: ['ghi chu', 'chu giai', 'note', 'notes'],
  highUse: [
    'su dung nhieu',
    'tan suat su dung',
    'tai lieu su dung nhieu',
    'muc do su dung',
    'high use',
  ],
  ordinal: ['stt', 'tt', 'so thu tu', 'so tt', 'no'],
};

/** Vietnamese and English names of the fields, for messages. */
export const FIELD_NAMES: Readonly<Record<InventoryField, readonly [string, string]>> = {
  code: ['Mã hồ sơ', 'File code'],
  fonds: ['Mã phông', 'Fonds code'],
  inventoryNo: ['Mục lục số', 'Inventory number'],
  boxNo: ['Hộp số', 'Box number'],
  fileNo: ['Hồ sơ số', 'File number'],
  title: ['Tiêu đề hồ sơ', 'Title'],
  startDate: ['Thời gian bắt đầu', 'Start date'],
  endDate: ['Thời gian kết thúc', 'End date'],
  dateRange: ['Thời gian', 'Dates'],
  sheets: ['Số tờ', 'Sheets'],
  pages: ['Số trang', 'Pages'],
  maintenance: ['Thời hạn bảo quản', 'Retention'],
  description: ['Ghi chú', 'Notes'],
  highUse: ['Sử dụng nhiều', 'High use'],
  ordinal: ['Số thứ tự', 'Ordinal'],
};

/**
 * A header as compared: without diacritics (đ → d), lower case, words only, what is in brackets
 * dropped ("Số tờ (tờ)" → "so to").
 */
export function headerKey(header: string): string {
  return stripDiacritics(header.normalize('NFC'))
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const BY_KEY: ReadonlyMap<string, InventoryField> = new Map(
  (Object.entries(ALIASES) as [InventoryField, readonly string[]][]).flatMap(([field, keys]) =>
    keys.map((k) => [k, field] as const),
  ),
);

/** The field a header names, or null for a column the import does not use. */
export const fieldOf = (header: string): InventoryField | null =>
  BY_KEY.get(headerKey(header)) ?? null;

/** The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) {
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  }
  return s;
}

export interface RowError {
  readonly row: number;
  /** Spreadsheet letter, null for the whole row */
  readonly column: string | null;
  readonly header: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ColumnInfo {
  readonly column: string;
  readonly header: string;
  readonly field: InventoryField | null;
}
