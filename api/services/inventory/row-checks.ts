/**
 * The checks of a whole inventory row that reviewers' edits also pass (lengths, real dates,
 * start before end), by core/domain/field-validation.ts, with messages naming row and column.
 */
import { DossierFieldsPatch } from '../../../core/domain/field-validation.js';
import { FIELD_NAMES, type ColumnInfo, type InventoryField, type RowError } from './columns.js';

/** "vi / en" → [vi, en]. */
export function splitMessage(m: string | undefined): [string, string] {
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
export function checkFields(
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
