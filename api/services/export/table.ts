/**
 * The catalogue's metadata as a table, CSV (csv-stringify, streamed, UTF-8 with a byte-order mark
 * so that Excel reads the diacritics) or XLSX (write-excel-file): the records a search with the
 * same filters finds for this viewer, newest first, one row per record, Vietnamese headers with the
 * TT 05/2025 element names.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import writeXlsxFile from 'write-excel-file/node';
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import { findCode } from '../../../core/domain/code-lists.js';
import type { Viewer } from '../../../core/domain/access.js';
import type { CatalogueFilters, RecordSummary } from '../../contracts/catalogue.js';
import { HttpError } from '../../errors.js';
import { RecordMetadata, str, toRecordSummary } from '../reader/record-row.js';
import { searchPlan } from '../reader/search.js';

/** Rows an XLSX export may hold (it is built in memory); CSV streams up to CSV_LIMIT. */
export const XLSX_LIMIT = 100_000;
export const CSV_LIMIT = 1_000_000;
const BATCH = 1000;

interface Column {
  readonly header: string;
  readonly value: (s: RecordSummary, m: RecordMetadata) => string | number | null;
}

const label = (list: 'docType' | 'accessMode' | 'maintenance', code: unknown): string | null =>
  typeof code === 'string' ? (findCode(list, code)?.vi ?? code) : null;

const COLUMNS: readonly Column[] = [
  { header: 'Mã lưu trữ (docCode)', value: (s) => s.docCode },
  { header: 'Mã hồ sơ (arcFileCode)', value: (s) => s.fileCode },
  { header: 'Tiêu đề hồ sơ (title)', value: (s) => s.dossierTitle },
  { header: 'Mã phông', value: (s) => s.fondsCode },
  { header: 'Tên phông', value: (s) => s.fondsName },
  { header: 'Số thứ tự (docOrdinal)', value: (_, m) => numberOf(m.document['docOrdinal']) },
  { header: 'Tên loại (typeName)', value: (s) => s.typeName },
  { header: 'Số (codeNumber)', value: (s) => s.codeNumber },
  { header: 'Ký hiệu (codeNotation)', value: (s) => s.codeNotation },
  { header: 'Ngày tháng năm (issuedDate)', value: (s) => s.issuedDate },
  { header: 'Cơ quan ban hành (organName)', value: (s) => s.organName },
  { header: 'Trích yếu nội dung (subject)', value: (s) => s.subject },
  { header: 'Số trang (numberOfPage)', value: (s) => s.pageCount },
  { header: 'Ngôn ngữ (language)', value: (_, m) => listOf(m.document['language']) },
  { header: 'Mức độ tiếp cận (mode)', value: (s) => label('accessMode', s.accessMode) },
  {
    header: 'Thời hạn lưu trữ (maintenance)',
    value: (_, m) => label('maintenance', m.dossier['maintenance']),
  },
  { header: 'Từ khóa (keyword)', value: (_, m) => str(m.document['keyword']) },
  { header: 'Người ký', value: (_, m) => str(m.other['signerName']) },
  { header: 'Ghi chú (description)', value: (_, m) => str(m.document['description']) },
  { header: 'Phiên bản', value: (s) => s.version },
  { header: 'Ngày đưa vào mục lục', value: (s) => s.catalogedAt },
  { header: 'Mã tài liệu', value: (s) => s.documentId },
];

const numberOf = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const listOf = (v: unknown): string | null =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : null;

/** The rows of the catalogue matching `filters` for `viewer`, newest first, `limit` at most. */
async function* rows(
  db: PrismaClient,
  viewer: Viewer,
  filters: CatalogueFilters,
  limit: number,
): AsyncGenerator<(string | number | null)[]> {
  const plan = searchPlan(viewer, filters);
  let after: { d: Date; id: string } | null = null;
  let given = 0;
  while (given < limit) {
    const cursor: Prisma.Sql =
      after === null
        ? Prisma.empty
        : Prisma.sql`AND (s.sort_date, s.record_id) < (${after.d}::date, ${after.id}::uuid)`;
    const page = await db.$queryRaw<{ record_id: string; sort_date: Date }[]>`
      SELECT s.record_id, s.sort_date FROM catalogue_search s WHERE ${plan.where} ${cursor}
       ORDER BY s.sort_date DESC, s.record_id DESC LIMIT ${Math.min(BATCH, limit - given)}`;
    if (page.length === 0) return;
    const records = await db.catalogueRecord.findMany({
      where: { id: { in: page.map((p) => p.record_id) } },
      select: {
        id: true,
        documentId: true,
        dossierId: true,
        version: true,
        metadata: true,
        createdAt: true,
        search: { select: { latest: true, modes: true } },
      },
    });
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const p of page) {
      const r = byId.get(p.record_id);
      if (r === undefined) continue;
      const m = RecordMetadata.parse(r.metadata ?? {});
      const s = toRecordSummary(r);
      yield COLUMNS.map((c) => c.value(s, m));
    }
    given += page.length;
    const last = page[page.length - 1];
    after = last === undefined ? null : { d: last.sort_date, id: last.record_id };
  }
}

/** CSV of the matching records, streamed. */
export function catalogueCsv(
  db: PrismaClient,
  viewer: Viewer,
  filters: CatalogueFilters,
): Readable {
  // Planned before streaming, so that a bad request is refused with a status, not a cut file.
  searchPlan(viewer, filters);
  const csv = stringify({ bom: true, header: true, columns: COLUMNS.map((c) => c.header) });
  const source = Readable.from(rows(db, viewer, filters, CSV_LIMIT));
  source.on('error', (err) => csv.destroy(err));
  source.pipe(csv);
  return csv;
}

/** XLSX of the matching records. Throws 400 `export.too_many` beyond XLSX_LIMIT rows. */
export async function catalogueXlsx(
  db: PrismaClient,
  viewer: Viewer,
  filters: CatalogueFilters,
): Promise<Buffer> {
  const data: (string | number | null)[][] = [];
  for await (const r of rows(db, viewer, filters, XLSX_LIMIT + 1)) data.push(r);
  if (data.length > XLSX_LIMIT) {
    throw new HttpError(400, 'export.too_many', {
      message: `Bảng Excel chứa tối đa ${XLSX_LIMIT} tài liệu / An Excel export holds at most ${XLSX_LIMIT} records`,
      hint: 'Thu hẹp bộ lọc, hoặc tải tệp CSV / Narrow the filters, or download the CSV',
    });
  }
  const header = COLUMNS.map((c) => ({ value: c.header, fontWeight: 'bold' as const }));
  return writeXlsxFile([header, ...data], {
    sheet: 'Mục lục',
    stickyRowsCount: 1,
  }).toBuffer();
}
