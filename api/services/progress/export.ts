/**
 * Every table of the dashboard as CSV (`GET /api/progress/export/{table}`): the same figures as
 * the JSON routes, one row per table row, headers "Tiếng Việt / English", UTF-8 with a byte-order
 * mark so that Excel shows the Vietnamese letters, numbers unformatted (a dot for decimals) so
 * that other tools read them.
 */
import { stringify } from 'csv-stringify/sync';
import type { AppDeps } from '../../context.js';
import type { ExportTable } from '../../contracts/progress.js';
import { listHoldings } from '../inventory/holdings.js';
import type { Day } from './calendar.js';
import { getProgress } from './overview.js';
import { getOperators, getReviewers } from './people.js';
import { listFailedPages } from './pipeline.js';
import { getQuality } from './quality.js';
import { getThroughput } from './throughput.js';

type Value = string | number | boolean | null;

interface Column<R> {
  readonly vi: string;
  readonly en: string;
  readonly get: (r: R) => Value;
}

const col = <R>(vi: string, en: string, get: (r: R) => Value): Column<R> => ({ vi, en, get });

function csv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  return (
    '\uFEFF' +
    stringify(
      [columns.map((c) => `${c.vi} / ${c.en}`), ...rows.map((r) => columns.map((c) => c.get(r)))],
      {
        cast: { boolean: (b) => (b ? '1' : '0') },
      },
    )
  );
}

const UNKNOWN = 'không rõ / unknown';
/** Failed pages in one export, at most. */
const MAX_FAILED = 10_000;

export interface ExportQuery {
  readonly date?: Day | undefined;
  readonly from?: Day | undefined;
  readonly to?: Day | undefined;
  readonly by: 'day' | 'week';
}

/** Table `table` as CSV text. */
export async function exportTable(
  deps: AppDeps,
  table: ExportTable,
  q: ExportQuery,
): Promise<string> {
  const period = { from: q.from, to: q.to };
  switch (table) {
    case 'fonds': {
      const p = await getProgress(deps, q.date);
      type F = (typeof p.fonds)[number];
      return csv<F>(
        [
          col('Mã phông', 'Fonds code', (f) => f.code),
          col('Tên phông', 'Fonds name', (f) => f.name),
          col('Đơn vị', 'Unit', (f) => f.unit),
          col('Khối lượng', 'Holdings', (f) =>
            f.unit === 'pages' ? f.holdings.pages : f.holdings.dossiers,
          ),
          col('Chỉ tiêu', 'Target', (f) => f.target),
          col('Đã biên mục', 'Catalogued', (f) => f.done),
          col('% khối lượng', '% of holdings', (f) => f.percentOfHoldings),
          col('% chỉ tiêu', '% of target', (f) => f.percentOfTarget),
          col('Trang đã quét', 'Pages scanned', (f) => f.pages.scanned),
          col('Trang đã xử lý', 'Pages processed', (f) => f.pages.processed),
          col('Trang đã duyệt', 'Pages approved', (f) => f.pages.approved),
          col('Trang đã biên mục', 'Pages catalogued', (f) => f.pages.catalogued),
          col('Hồ sơ đã quét', 'Dossiers scanned', (f) => f.dossiers.scanned),
          col('Hồ sơ đã xử lý', 'Dossiers processed', (f) => f.dossiers.processed),
          col('Hồ sơ đã duyệt', 'Dossiers approved', (f) => f.dossiers.approved),
          col('Hồ sơ đã biên mục', 'Dossiers catalogued', (f) => f.dossiers.catalogued),
          col('Trang sử dụng nhiều', 'High-use pages', (f) => f.highUse.pages),
          col(
            'Trang sử dụng nhiều đã biên mục',
            'High-use pages catalogued',
            (f) => f.highUse.cataloguedPages,
          ),
        ],
        p.fonds,
      );
    }
    case 'throughput': {
      const t = await getThroughput(deps, { ...period, by: q.by });
      type T = (typeof t.rows)[number];
      return csv<T>(
        [
          col(
            q.by === 'day' ? 'Ngày' : 'Tuần (thứ Hai)',
            q.by === 'day' ? 'Day' : 'Week (Monday)',
            (r) => r.period,
          ),
          col('Trang đã quét', 'Pages scanned', (r) => r.scannedPages),
          col('Trang quét lại', 'Pages rescanned', (r) => r.rescannedPages),
          col('Trang đã xử lý', 'Pages processed', (r) => r.processedPages),
          col('Hồ sơ đã duyệt', 'Dossiers approved', (r) => r.approvedDossiers),
          col('Trang đã duyệt', 'Pages approved', (r) => r.approvedPages),
          col('Hồ sơ bị trả lại', 'Dossiers rejected', (r) => r.rejectedDossiers),
          col('Hồ sơ đã biên mục', 'Dossiers catalogued', (r) => r.cataloguedDossiers),
          col('Trang đã biên mục', 'Pages catalogued', (r) => r.cataloguedPages),
        ],
        t.rows,
      );
    }
    case 'operators':
    case 'workstations': {
      const o = await getOperators(deps, period);
      interface Figures {
        batches: number;
        pages: number;
        rescannedPages: number;
        rescanShare: number | null;
        rejections: number;
      }
      const figures = <R extends Figures>(): Column<R>[] => [
        col('Số lô', 'Batches', (r) => r.batches),
        col('Trang đã quét', 'Pages scanned', (r) => r.pages),
        col('Trang quét lại', 'Pages rescanned', (r) => r.rescannedPages),
        col('Tỷ lệ quét lại', 'Rescan share', (r) => r.rescanShare),
        col('Bị trả lại', 'Rejections', (r) => r.rejections),
      ];
      type O = (typeof o.operators)[number];
      type W = (typeof o.workstations)[number];
      if (table === 'operators') {
        return csv<O>(
          [col('Người quét', 'Operator', (r) => r.operator ?? UNKNOWN), ...figures<O>()],
          o.operators,
        );
      }
      return csv<W>(
        [col('Máy trạm', 'Workstation', (r) => r.workstation ?? UNKNOWN), ...figures<W>()],
        o.workstations,
      );
    }
    case 'reviewers': {
      const r = await getReviewers(deps, period);
      type R = (typeof r.reviewers)[number];
      return csv<R>(
        [
          col('Người duyệt', 'Reviewer', (x) => x.displayName ?? x.username ?? x.userId),
          col('Tên đăng nhập', 'User name', (x) => x.username),
          col('Hồ sơ đã xem xét', 'Dossiers reviewed', (x) => x.reviewed),
          col('Duyệt', 'Approved', (x) => x.approved),
          col('Trả lại', 'Rejected', (x) => x.rejected),
          col('Trường đã sửa', 'Fields corrected', (x) => x.fieldsCorrected),
        ],
        r.reviewers,
      );
    }
    case 'ocr':
    case 'corrections':
    case 'rejections': {
      const quality = await getQuality(deps, period);
      if (table === 'ocr') {
        return csv(
          [
            col('Độ tin cậy từ (%)', 'Confidence from (%)', (b: { from: number }) => b.from),
            col('Đến (%)', 'To (%)', (b: { to: number }) => b.to),
            col('Số trang', 'Pages', (b: { pages: number }) => b.pages),
          ],
          quality.ocr.buckets,
        );
      }
      if (table === 'corrections') {
        return csv(
          [
            col('Trường', 'Field', (f: { field: string }) => f.field),
            col(
              'Số tài liệu đã sửa',
              'Documents corrected',
              (f: { corrected: number }) => f.corrected,
            ),
          ],
          quality.corrections.byField,
        );
      }
      return csv(
        [
          col('Lý do', 'Reason', (x: { reason: string }) => x.reason),
          col('Số hồ sơ', 'Dossiers', (x: { count: number }) => x.count),
        ],
        quality.rejections.byReason,
      );
    }
    case 'failed-pages': {
      const items = [];
      let cursor: string | undefined;
      do {
        const page = await listFailedPages(deps.db, { limit: 200, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && items.length < MAX_FAILED);
      type P = (typeof items)[number];
      return csv<P>(
        [
          col('Mã hồ sơ', 'File code', (p) => p.dossierCode),
          col('Tệp', 'File', (p) => p.fileName),
          col('Khung', 'Frame', (p) => p.frameIndex + 1),
          col('Người quét', 'Operator', (p) => p.operator ?? UNKNOWN),
          col('Máy trạm', 'Workstation', (p) => p.workstation),
          col('Mã lỗi', 'Error code', (p) => p.errorCode),
          col('Thông báo', 'Message', (p) => p.errorMessage),
          col('Gợi ý', 'Hint', (p) => p.errorHint),
          col('Số lần thử', 'Attempts', (p) => p.attempts),
          col('Nhận lúc', 'Received at', (p) => p.createdAt),
          col('Mã trang', 'Page id', (p) => p.id),
        ],
        items,
      );
    }
    case 'holdings': {
      const h = await listHoldings(deps);
      type H = (typeof h.items)[number];
      return csv<H>(
        [
          col('Mã phông', 'Fonds code', (x) => x.fonds.code),
          col('Tên phông', 'Fonds name', (x) => x.fonds.name),
          col('Số hồ sơ (nhập tay)', 'Dossiers (entered)', (x) => x.manual.dossiers),
          col('Số trang (nhập tay)', 'Pages (entered)', (x) => x.manual.pages),
          col('Số tờ (nhập tay)', 'Sheets (entered)', (x) => x.manual.sheets),
          col('Mét giá', 'Shelf metres', (x) => x.manual.shelfMetres),
          col(
            'Hồ sơ trong mục lục',
            'Dossiers in the inventory',
            (x) => x.fonds.holdings.inventoryDossiers,
          ),
          col(
            'Hồ sơ có số trang',
            'Dossiers with a page count',
            (x) => x.fonds.holdings.inventorySized,
          ),
          col('Khối lượng tính theo trang', 'Holdings in pages', (x) => x.fonds.holdings.pages),
          col('Nguồn số trang', 'Page count source', (x) => x.fonds.holdings.pagesSource),
          col(
            'Khối lượng tính theo hồ sơ',
            'Holdings in dossiers',
            (x) => x.fonds.holdings.dossiers,
          ),
          col('Hồ sơ sử dụng nhiều', 'High-use dossiers', (x) => x.fonds.highUse.dossiers),
          col('Trang sử dụng nhiều', 'High-use pages', (x) => x.fonds.highUse.pages),
        ],
        h.items,
      );
    }
  }
}
