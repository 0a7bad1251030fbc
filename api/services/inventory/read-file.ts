/**
 * An inventory file as rows of cells: XLSX (first sheet, by read-excel-file) or CSV (UTF-8, by
 * csv-parse, with the delimiter Excel used: comma, semicolon or tab). Anything else is refused
 * with an error saying what the file is and how to save it instead.
 */
import { parse } from 'csv-parse/sync';
import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { InputError } from '../../../core/errors.js';

/** One cell: text, number, boolean, Date (XLSX date cells) or empty. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRows {
  readonly format: 'csv' | 'xlsx';
  readonly rows: readonly (readonly Cell[])[];
}

/** Rows past this are refused: an inventory is read in one request. */
export const MAX_ROWS = 50_000;

const HINT_SAVE_AS =
  'Mở tệp bằng Excel rồi lưu lại dạng "Sổ làm việc Excel (.xlsx)" hoặc "CSV UTF-8" / Open the file in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8"';

const refuse = (code: string, message: string, hint = HINT_SAVE_AS, cause?: unknown) =>
  new InputError(code, { message, hint, status: 422, cause });

const startsWith = (b: Buffer, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

function asCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // read-excel-file gives nothing else; anything unforeseen is an empty cell rather than noise.
  return v instanceof Date ? v : null;
}

async function readXlsx(bytes: Buffer): Promise<SheetRows> {
  try {
    const data = (await readSheet(bytes, { trim: true })) as unknown as unknown[][];
    return { format: 'xlsx', rows: data.map((r) => r.map(asCell)) };
  } catch (err) {
    if (
      err instanceof InvalidInputError ||
      err instanceof InvalidSpreadsheetError ||
      err instanceof Error
    ) {
      throw refuse(
        'inventory.unreadable',
        `Không đọc được tệp Excel: ${err.message} / The Excel file cannot be read: ${err.message}`,
        HINT_SAVE_AS,
        err,
      );
    }
    throw err;
  }
}

/** The delimiter of the first line: the one of , ; and tab that occurs most (outside quotes). */
function delimiterOf(text: string): string {
  const first = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

function readCsv(bytes: Buffer): SheetRows {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (err) {
    throw refuse(
      'inventory.encoding',
      'Tệp CSV không ở bảng mã UTF-8 nên chữ có dấu sẽ bị sai / The CSV file is not UTF-8, so Vietnamese letters would be garbled',
      'Trong Excel chọn Lưu thành → "CSV UTF-8 (Comma delimited)", hoặc lưu dạng .xlsx / In Excel choose Save As → "CSV UTF-8 (Comma delimited)", or save as .xlsx',
      err,
    );
  }
  if (text.includes('\u0000')) {
    throw refuse(
      'inventory.not_spreadsheet',
      'Tệp không phải bảng tính CSV hay XLSX (có byte nhị phân) / The file is not a CSV or XLSX spreadsheet (it holds binary bytes)',
    );
  }
  try {
    const records: string[][] = parse(text, {
      delimiter: delimiterOf(text),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    });
    return { format: 'csv', rows: records.map((r) => r.map((c) => (c === '' ? null : c))) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw refuse(
      'inventory.unreadable',
      `Không đọc được tệp CSV: ${why} / The CSV file cannot be read: ${why}`,
      'Kiểm tra dấu ngoặc kép và dấu phân cách, hoặc lưu dạng .xlsx / Check the quotes and delimiters, or save the file as .xlsx',
      err,
    );
  }
}

/**
 * The rows of `bytes`. Throws 422 `inventory.empty`, `inventory.old_excel` (an .xls file),
 * `inventory.not_spreadsheet`, `inventory.encoding` (CSV not in UTF-8), `inventory.unreadable`,
 * `inventory.too_many_rows`.
 */
export async function readInventoryFile(bytes: Buffer): Promise<SheetRows> {
  if (bytes.length === 0) {
    throw refuse(
      'inventory.empty',
      'Tệp rỗng / The file is empty',
      'Chọn đúng tệp mục lục / Choose the inventory file',
    );
  }
  let sheet: SheetRows;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    sheet = await readXlsx(bytes);
  } else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw refuse(
      'inventory.old_excel',
      'Tệp Excel 97–2003 (.xls) chưa đọc được / Excel 97–2003 (.xls) files are not read',
    );
  } else if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw refuse(
      'inventory.not_spreadsheet',
      'Tệp là PDF, không phải bảng tính / The file is a PDF, not a spreadsheet',
    );
  } else {
    sheet = readCsv(bytes);
  }
  const rows = trimTrailingEmpty(sheet.rows);
  if (rows.length === 0) {
    throw refuse(
      'inventory.empty',
      'Tệp không có dòng nào có dữ liệu / The file has no row with data',
      'Chọn đúng tệp mục lục / Choose the inventory file',
    );
  }
  if (rows.length > MAX_ROWS) {
    throw refuse(
      'inventory.too_many_rows',
      `Tệp có ${rows.length} dòng, quá ${MAX_ROWS} dòng một lần nhập / The file has ${rows.length} rows, more than ${MAX_ROWS} per import`,
      'Chia mục lục thành nhiều tệp / Split the inventory into several files',
    );
  }
  return { format: sheet.format, rows };
}

export const isEmptyCell = (c: Cell): boolean =>
  c === null || (typeof c === 'string' && c.trim() === '');

function trimTrailingEmpty(rows: readonly (readonly Cell[])[]): (readonly Cell[])[] {
  let end = rows.length;
  while (end > 0 && (rows[end - 1] ?? []).every(isEmptyCell)) end--;
  return rows.slice(0, end);
}
