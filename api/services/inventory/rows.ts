/**
 * The rows of a mục lục hồ sơ as typed values, with one Vietnamese-first error per bad cell naming
 * its row (as the spreadsheet numbers it) and column (letter and header).
 *
 * - The header row is the first of the first 20 rows with a "Mã hồ sơ" column; rows above it
 *   (the list's title, the fonds's name) are skipped.
 * - A row whose code is empty is skipped when it holds a single value (a section heading such as
 *   "I. VĂN PHÒNG"), and is an error otherwise.
 * - Values are read by values.ts: counts 0–100 000 ("1.234" reads 1234), dates dd/mm/yyyy,
 *   mm/yyyy, yyyy (or ISO, or an Excel date); a "Thời gian" column may hold a range "1997-2001".
 * - An empty cell leaves the stored value alone.
 */
import { DossierCode } from '../../contracts.js';
import {
  columnLetter,
  FIELD_NAMES,
  fieldOf,
  type ColumnInfo,
  type InventoryField,
  type RowError,
} from './columns.js';
import { checkFields, splitMessage } from './row-checks.js';
import { isEmptyCell, type Cell } from './read-file.js';
import {
  MAX_COUNT,
  parseCount,
  parseDate,
  parseFlag,
  parseMaintenance,
  parseRange,
  text,
} from './values.js';

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

export interface ParsedInventory {
  /** Spreadsheet row number of the header */
  readonly headerRow: number;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly InventoryRow[];
  readonly errors: readonly RowError[];
  readonly skipped: readonly { row: number; reason: string }[];
}

export type { ColumnInfo, RowError } from './columns.js';

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

const HEADER_SCAN_ROWS = 20;

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
