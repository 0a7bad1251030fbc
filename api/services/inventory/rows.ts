/**
 * The rows of a mục lục hồ sơ as typed values, with one Vietnamese-first error per bad cell naming
 * its row (as the spreadsheet numbers it) and column (letter and header).
 *
 * - The header row is the first of the first 20 rows with a "Mã hồ sơ" column; rows above it
 *   (the list's title, the fonds's name) are skipped.
 * - A row whose code is empty is skipped when it holds a single value (a section heading such as
 *   "I. VĂN PHÒNG"), and is an error otherwise.
 * - Counts are whole numbers 0–100 000 ("1.234" and "1 234" read as 1234); dates are dd/mm/yyyy,
 *   mm/yyyy, yyyy (or ISO, or an Excel date); a "Thời gian" column may hold a range "1997-2001".
 * - An empty cell leaves the stored value alone.
 */
import { DossierFieldsPatch } from '../../../core/domain/field-validation.js';
import { stripDiacritics } from '../../../core/domain/vn-text.js';
import { DossierCode } from '../../contracts.js';
import { columnLetter, FIELD_NAMES, fieldOf, type InventoryField } from './columns.js';
import { isEmptyCell, type Cell } from './read-file.js';

/** What one row gives for a dossier (undefined: the file has no value for it). */
export interface InventoryRow {
  /** Row number as the spreadsheet shows it (from 1) */
  readonly row: number;
  readonly code: string;
  readonly fonds?: string;
  readonly title?: string;
  readonly inventoryNo?: string;
  readonly boxNo?: string;
  readonly fileNo?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly maintenanceCode?: string;
  readonly description?: string;
  readonly expectedPages?: number;
  readonly expectedSheets?: number;
  readonly highUse?: boolean;
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

export interface ParsedInventory {
  /** Spreadsheet row number of the header */
  readonly headerRow: number;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly InventoryRow[];
  readonly errors: readonly RowError[];
  readonly skipped: readonly { row: number; reason: string }[];
}

/** A file whose headers are wrong as a whole: no row can be read. */
export class HeaderError extends Error {
  constructor(
    readonly code: 'inventory.no_header' | 'inventory.duplicate_column',
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const MAX_COUNT = 100_000;
const HEADER_SCAN_ROWS = 20;

const text = (c: Cell): string =>
  c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'string' ? c.trim() : String(c);

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date cell as a partial ISO date, or null when it is not one. */
export function parseDate(c: Cell): string | null {
  if (c instanceof Date) {
    return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}`;
  }
  if (typeof c === 'number')
    return Number.isInteger(c) && c >= 1000 && c <= 2999 ? String(c) : null;
  const s = text(c);
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (m !== null) {
    const [, y = '', mo, d] = m;
    return mo === undefined
      ? y
      : d === undefined
        ? `${y}-${pad(Number(mo))}`
        : `${y}-${pad(Number(mo))}-${pad(Number(d))}`;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m !== null) return `${m[3] ?? ''}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m !== null) return `${m[2] ?? ''}-${pad(Number(m[1]))}`;
  return null;
}

/** "1997-2001", "03/1997 – 12/1998", "1997": [start, end], or null. */
export function parseRange(c: Cell): [string, string] | null {
  const single = parseDate(c);
  if (single !== null) return [single, single];
  const parts = text(c).split(/\s*[–—]\s*|\s+-\s+|(?<=\d)-(?=\d{1,2}[/.]|\d{4}$)/);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => parseDate(p));
  return a === null || a === undefined || b === null || b === undefined ? null : [a, b];
}

/** A count cell: whole number 0 … 100 000; thousands written "1.234", "1,234" or "1 234". */
function parseCount(c: Cell): number | 'not_number' | 'not_whole' | 'out_of_range' {
  let n: number;
  if (typeof c === 'number') n = c;
  else {
    const s = text(c);
    if (/^\d{1,3}([.,\s]\d{3})+$/.test(s)) n = Number(s.replace(/[.,\s]/g, ''));
    else if (/^\d+$/.test(s)) n = Number(s);
    else if (/^\d+[.,]\d+$/.test(s)) return 'not_whole';
    else return 'not_number';
  }
  if (!Number.isInteger(n)) return 'not_whole';
  return n < 0 || n > MAX_COUNT ? 'out_of_range' : n;
}

const TRUE_WORDS = new Set([
  'x',
  'co',
  '1',
  'true',
  'yes',
  'y',
  'cao',
  'nhieu',
  'su dung nhieu',
  'thuong xuyen',
]);
const FALSE_WORDS = new Set(['khong', '0', 'false', 'no', 'n', 'thap', 'it', 'binh thuong', '-']);

function parseFlag(c: Cell): boolean | null {
  if (typeof c === 'boolean') return c;
  const k = stripDiacritics(text(c)).toLowerCase().replace(/\s+/g, ' ');
  return TRUE_WORDS.has(k) ? true : FALSE_WORDS.has(k) ? false : null;
}

/** Thời hạn bảo quản as a TT 05 code: "01".."07", "Vĩnh viễn", "70 năm" … "Khác". */
function parseMaintenance(c: Cell): string | null {
  const s = stripDiacritics(text(c)).toLowerCase().replace(/\s+/g, ' ');
  if (/^0?[1-7]$/.test(s)) return pad(Number(s));
  if (s === 'vinh vien') return '01';
  if (s === 'khac') return '07';
  const years: Record<string, string> = {
    '70': '02',
    '50': '03',
    '30': '04',
    '20': '05',
    '10': '06',
  };
  const m = /^(\d+) nam$/.exec(s);
  return m === null ? null : (years[m[1] ?? ''] ?? null);
}

/** Finds the header row and what each column feeds. */
function findHeader(rows: readonly (readonly Cell[])[]): { index: number; columns: ColumnInfo[] } {
  for (let i = 0; i < Math.min(HEADER_SCAN_ROWS, rows.length); i++) {
    const cells = rows[i] ?? [];
    const columns = cells.map((c, j) => {
      const header = isEmptyCell(c) ? '' : text(c);
      return { column: columnLetter(j), header, field: header === '' ? null : fieldOf(header) };
    });
    if (!columns.some((c) => c.field === 'code')) continue;
    const seen = new Map<InventoryField, ColumnInfo>();
    for (const c of columns) {
      if (c.field === null || c.field === 'ordinal') continue;
      const before = seen.get(c.field);
      if (before !== undefined) {
        throw new HeaderError(
          'inventory.duplicate_column',
          `Dòng ${i + 1}: hai cột cùng là «${FIELD_NAMES[c.field][0]}» (cột ${before.column} «${before.header}» và cột ${c.column} «${c.header}») / Row ${i + 1}: two columns are "${FIELD_NAMES[c.field][1]}" (${before.column} and ${c.column})`,
          'Xóa hoặc đổi tên một trong hai cột / Delete or rename one of the two columns',
        );
      }
      seen.set(c.field, c);
    }
    return { index: i, columns };
  }
  const first = (rows[0] ?? [])
    .filter((c) => !isEmptyCell(c))
    .map(text)
    .slice(0, 12);
  throw new HeaderError(
    'inventory.no_header',
    `Không tìm thấy dòng tiêu đề có cột «Mã hồ sơ» trong ${HEADER_SCAN_ROWS} dòng đầu (dòng 1 có: ${first.join(', ') || 'trống'}) / No header row with a "Mã hồ sơ" column in the first ${HEADER_SCAN_ROWS} rows (row 1 has: ${first.join(', ') || 'nothing'})`,
    'Thêm cột «Mã hồ sơ» (mã mà nhân viên quét nhập ở máy trạm); các cột khác được nhận theo tên: Hộp số, Hồ sơ số, Tiêu đề hồ sơ, Thời gian bắt đầu, Thời gian kết thúc, Số tờ, Số trang, Thời hạn bảo quản, Ghi chú, Sử dụng nhiều / Add a "Mã hồ sơ" column (the code operators type at the workstation); other columns are known by their names',
  );
}

/** Parses the rows of an inventory sheet. Throws {@link HeaderError} for unusable headers. */
export function parseInventory(rows: readonly (readonly Cell[])[]): ParsedInventory {
  const { index, columns } = findHeader(rows);
  const errors: RowError[] = [];
  const skipped: { row: number; reason: string }[] = [];
  const out: InventoryRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (let i = index + 1; i < rows.length; i++) {
    const rowNo = i + 1;
    const cells = rows[i] ?? [];
    if (cells.every(isEmptyCell)) continue;
    const rowErrors: RowError[] = [];
    const fail = (col: ColumnInfo, code: string, vi: string, en: string) =>
      rowErrors.push({
        row: rowNo,
        column: col.column,
        header: col.header,
        code,
        message: `Dòng ${rowNo}, cột ${col.column} «${col.header}»: ${vi} / Row ${rowNo}, column ${col.column} "${col.header}": ${en}`,
      });
    const value: Record<string, unknown> = {};
    for (const [j, col] of columns.entries()) {
      const c = cells[j] ?? null;
      if (col.field === null || col.field === 'ordinal' || isEmptyCell(c)) continue;
      const raw = text(c);
      switch (col.field) {
        case 'code': {
          const r = DossierCode.safeParse(raw);
          if (r.success) value['code'] = r.data;
          else fail(col, 'inventory.bad_code', ...splitMessage(r.error.issues[0]?.message));
          break;
        }
        case 'sheets':
        case 'pages': {
          const n = parseCount(c);
          const [vi, en] =
            n === 'not_number'
              ? [`"${raw}" không phải là số`, `"${raw}" is not a number`]
              : n === 'not_whole'
                ? [`"${raw}" không phải số nguyên`, `"${raw}" is not a whole number`]
                : [`${raw} ngoài khoảng 0–${MAX_COUNT}`, `${raw} is outside 0–${MAX_COUNT}`];
          if (typeof n === 'number')
            value[col.field === 'pages' ? 'expectedPages' : 'expectedSheets'] = n;
          else fail(col, 'inventory.bad_number', vi, en);
          break;
        }
        case 'startDate':
        case 'endDate': {
          const d = parseDate(c);
          if (d === null)
            fail(
              col,
              'inventory.bad_date',
              `"${raw}" không phải ngày (dd/mm/yyyy, mm/yyyy hoặc yyyy)`,
              `"${raw}" is not a date (dd/mm/yyyy, mm/yyyy or yyyy)`,
            );
          else value[col.field] = d;
          break;
        }
        case 'dateRange': {
          const r = parseRange(c);
          if (r === null)
            fail(
              col,
              'inventory.bad_date',
              `"${raw}" không phải khoảng thời gian (vd. 1997-2001, 03/1997 - 12/1998)`,
              `"${raw}" is not a period (e.g. 1997-2001)`,
            );
          else [value['rangeStart'], value['rangeEnd']] = r;
          break;
        }
        case 'highUse': {
          const f = parseFlag(c);
          if (f === null)
            fail(
              col,
              'inventory.bad_flag',
              `không hiểu "${raw}" (ghi x hoặc Có cho tài liệu sử dụng nhiều, để trống hoặc Không nếu không)`,
              `"${raw}" is not understood (write x or Có for high use, leave empty or Không otherwise)`,
            );
          else value['highUse'] = f;
          break;
        }
        case 'maintenance': {
          const m = parseMaintenance(c);
          if (m === null)
            fail(
              col,
              'inventory.bad_maintenance',
              `"${raw}" không có trong danh mục thời hạn (Vĩnh viễn, 70 năm, 50 năm, 30 năm, 20 năm, 10 năm, Khác hoặc mã 01–07)`,
              `"${raw}" is not a retention of the code list (01–07)`,
            );
          else value['maintenanceCode'] = m;
          break;
        }
        case 'fonds':
        case 'title':
        case 'inventoryNo':
        case 'boxNo':
        case 'fileNo':
        case 'description':
          value[col.field] = raw;
          break;
      }
    }
    // The range fills the start and end the file does not give on their own.
    value['startDate'] ??= value['rangeStart'];
    value['endDate'] ??= value['rangeEnd'];
    delete value['rangeStart'];
    delete value['rangeEnd'];
    checkFields(value, columns, rowNo, rowErrors);
    const code = value['code'];
    if (typeof code !== 'string') {
      const filled = cells.filter((c) => !isEmptyCell(c));
      if (filled.length === 1 && rowErrors.length === 0) {
        skipped.push({
          row: rowNo,
          reason: `Dòng tiêu đề mục «${text(filled[0] ?? '')}» / Section heading`,
        });
        continue;
      }
      if (!rowErrors.some((e) => e.code === 'inventory.bad_code')) {
        const col = columns.find((c) => c.field === 'code');
        rowErrors.push({
          row: rowNo,
          column: col?.column ?? null,
          header: col?.header ?? null,
          code: 'inventory.missing_code',
          message: `Dòng ${rowNo}: thiếu Mã hồ sơ / Row ${rowNo}: the file code is missing`,
        });
      }
    } else {
      const first = firstRowOf.get(code);
      if (first !== undefined) {
        const col = columns.find((c) => c.field === 'code');
        rowErrors.push({
          row: rowNo,
          column: col?.column ?? null,
          header: col?.header ?? null,
          code: 'inventory.duplicate_code',
          message: `Dòng ${rowNo}: Mã hồ sơ ${code} trùng với dòng ${first} / Row ${rowNo}: file code ${code} repeats row ${first}`,
        });
      } else firstRowOf.set(code, rowNo);
    }
    errors.push(...rowErrors);
    if (rowErrors.length === 0 && typeof code === 'string') {
      out.push({ row: rowNo, ...(value as Omit<InventoryRow, 'row'>) });
    }
  }
  return { headerRow: index + 1, columns, rows: out, errors, skipped };
}

/** "vi / en" → [vi, en]. */
function splitMessage(m: string | undefined): [string, string] {
  const [vi = m ?? '', en = m ?? ''] = (m ?? 'không hợp lệ / invalid').split(' / ');
  return [vi, en];
}

const TEXT_FIELDS = [
  'title',
  'inventoryNo',
  'boxNo',
  'fileNo',
  'startDate',
  'endDate',
  'description',
] as const;

/** Lengths, real dates and start ≤ end, by the rules reviewers' edits follow. */
function checkFields(
  value: Record<string, unknown>,
  columns: readonly ColumnInfo[],
  rowNo: number,
  errors: RowError[],
): void {
  const patch = Object.fromEntries(
    TEXT_FIELDS.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]),
  );
  const r = DossierFieldsPatch.safeParse(patch);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = String(issue.path[0]);
      const field: InventoryField =
        key === 'startDate' && columns.every((c) => c.field !== 'startDate')
          ? 'dateRange'
          : key === 'endDate' && columns.every((c) => c.field !== 'endDate')
            ? 'dateRange'
            : (key as InventoryField);
      const col = columns.find((c) => c.field === field);
      // A single range cell gives both dates: one message for the cell is enough.
      if (
        field === 'dateRange' &&
        errors.some((e) => e.row === rowNo && e.column === col?.column)
      ) {
        continue;
      }
      const [vi, en] = splitMessage(issue.message);
      errors.push({
        row: rowNo,
        column: col?.column ?? null,
        header: col?.header ?? null,
        code: 'inventory.bad_value',
        message: `Dòng ${rowNo}, cột ${col?.column ?? '?'} «${col?.header ?? FIELD_NAMES[field][0]}»: ${vi} / Row ${rowNo}, column ${col?.column ?? '?'}: ${en}`,
      });
    }
    return;
  }
  // Trimmed and NFC, as a reviewer's edit would store them.
  for (const [k, v] of Object.entries(r.data)) if (v !== undefined && v !== null) value[k] = v;
  const start = value['startDate'];
  const end = value['endDate'];
  if (
    typeof start === 'string' &&
    typeof end === 'string' &&
    start.slice(0, Math.min(start.length, end.length)) >
      end.slice(0, Math.min(start.length, end.length))
  ) {
    const col =
      columns.find((c) => c.field === 'endDate') ?? columns.find((c) => c.field === 'dateRange');
    errors.push({
      row: rowNo,
      column: col?.column ?? null,
      header: col?.header ?? null,
      code: 'inventory.bad_date',
      message: `Dòng ${rowNo}: thời gian kết thúc (${end}) trước thời gian bắt đầu (${start}) / Row ${rowNo}: the end date (${end}) is before the start date (${start})`,
    });
  }
}
