/**
 * The semi-annual report as a workbook (write-excel-file): a summary sheet with every figure of
 * the PDF as a number, and one sheet per table, headers in Vietnamese.
 */
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { reportTitle } from './report-pdf.js';
import type { ReportData } from './semiannual.js';
import { day, REASON_NAMES, UNKNOWN } from './wording.js';

type Value = string | number | null;

const bold = (value: string) => ({ value, fontWeight: 'bold' as const });
const headerRow = (labels: readonly string[]) => labels.map(bold);
const cell = (v: Value) => (v === null ? null : { value: v });
const rows = (data: readonly (readonly Value[])[]) => data.map((r) => r.map(cell));

function summary(r: ReportData): SheetData {
  const { overall, settings, highUse, forecast: f } = r.progress;
  const q = r.quality;
  const t = r.totals;
  const lines: [string, Value][] = [
    ['Kỳ báo cáo từ ngày', day(r.from)],
    ['Đến ngày', day(r.to)],
    ['Số liệu tính đến hết ngày', day(r.asOf)],
    ['Tạm tính (kỳ chưa kết thúc)', r.provisional ? 'Có' : 'Không'],
    ['Chỉ tiêu (% khối lượng)', settings.targetPercent],
    ['Thời hạn hoàn thành', settings.deadline === null ? null : day(settings.deadline)],
    ['Đơn vị tính', overall.unit === 'pages' ? 'trang' : 'hồ sơ'],
    ['Tổng khối lượng', overall.holdings],
    ['Tổng số hồ sơ', overall.holdingsDossiers],
    ['Chỉ tiêu', overall.target],
    ['Đã số hóa và biên mục (lũy kế)', overall.done],
    ['% tổng khối lượng', overall.percentOfHoldings],
    ['% chỉ tiêu', overall.percentOfTarget],
    ['Trang đã quét (lũy kế)', overall.pages.scanned],
    ['Trang đã xử lý (lũy kế)', overall.pages.processed],
    ['Trang đã duyệt (lũy kế)', overall.pages.approved],
    ['Trang đã biên mục (lũy kế)', overall.pages.catalogued],
    ['Hồ sơ đã quét (lũy kế)', overall.dossiers.scanned],
    ['Hồ sơ đã duyệt (lũy kế)', overall.dossiers.approved],
    ['Hồ sơ đã biên mục (lũy kế)', overall.dossiers.catalogued],
    ['Tài liệu sử dụng nhiều: số trang', highUse.pages],
    ['Tài liệu sử dụng nhiều: trang đã biên mục', highUse.cataloguedPages],
    ['Tài liệu sử dụng nhiều: số hồ sơ', highUse.dossiers],
    ['Tài liệu sử dụng nhiều: hồ sơ đã biên mục', highUse.cataloguedDossiers],
    ['Tài liệu sử dụng nhiều: % đã biên mục', highUse.percent],
    ['Trong kỳ: trang đã quét', t.scannedPages],
    ['Trong kỳ: trang quét lại', t.rescannedPages],
    ['Trong kỳ: trang đã xử lý', t.processedPages],
    ['Trong kỳ: hồ sơ đã duyệt', t.approvedDossiers],
    ['Trong kỳ: trang đã duyệt', t.approvedPages],
    ['Trong kỳ: hồ sơ bị trả lại', t.rejectedDossiers],
    ['Trong kỳ: hồ sơ đã biên mục', t.cataloguedDossiers],
    ['Trong kỳ: trang đã biên mục', t.cataloguedPages],
    [`Năng suất ${f.window.days} ngày: trên ngày làm việc`, f.rate.perWorkingDay],
    [`Năng suất ${f.window.days} ngày: trên ngày lịch`, f.rate.perCalendarDay],
    ['Còn lại đến chỉ tiêu', f.remaining],
    [
      'Dự kiến hoàn thành (ngày làm việc)',
      f.finish.working === null ? null : day(f.finish.working),
    ],
    ['Dự kiến hoàn thành (ngày lịch)', f.finish.calendar === null ? null : day(f.finish.calendar)],
    ['Cần mỗi ngày làm việc để kịp hạn', f.required.perWorkingDay],
    ['Cần mỗi ngày lịch để kịp hạn', f.required.perCalendarDay],
    ['Độ tin cậy OCR trung bình (%)', q.ocr.mean],
    ['Số trang có chữ đã nhận dạng', q.ocr.pages],
    ['Tỷ lệ trường nháp phải sửa', q.corrections.share],
    ['Trường nháp đã sửa', q.corrections.corrected],
    ['Trường nháp', q.corrections.draftedFields],
    ['Hồ sơ bị trả lại', q.rejections.total],
  ];
  return [
    [bold(`BÁO CÁO ${reportTitle(r).toUpperCase()}`), null],
    [null, null],
    headerRow(['Chỉ số', 'Giá trị']),
    ...rows(lines),
  ];
}

/** The report as an .xlsx workbook. */
export async function reportXlsx(r: ReportData): Promise<Buffer> {
  const reasons = r.quality.rejections.byReason.map((x) => [REASON_NAMES[x.reason], x.count]);
  const sheets = [
    { sheet: 'Tổng hợp', data: summary(r), columns: [{ width: 48 }, { width: 18 }] },
    {
      sheet: 'Theo tháng',
      data: [
        headerRow([
          'Tháng',
          'Trang đã quét',
          'Trang quét lại',
          'Trang đã xử lý',
          'Hồ sơ đã duyệt',
          'Trang đã duyệt',
          'Hồ sơ trả lại',
          'Hồ sơ đã biên mục',
          'Trang đã biên mục',
        ]),
        ...rows(
          r.months.map((m) => [
            `${m.period.slice(5, 7)}/${m.period.slice(0, 4)}`,
            m.scannedPages,
            m.rescannedPages,
            m.processedPages,
            m.approvedDossiers,
            m.approvedPages,
            m.rejectedDossiers,
            m.cataloguedDossiers,
            m.cataloguedPages,
          ]),
        ),
      ],
    },
    {
      sheet: 'Theo phông',
      data: [
        headerRow([
          'Mã phông',
          'Tên phông',
          'Đơn vị',
          'Khối lượng',
          'Chỉ tiêu',
          'Đã biên mục',
          '% khối lượng',
          '% chỉ tiêu',
          'Trang đã quét',
          'Trang đã duyệt',
          'Hồ sơ đã biên mục',
        ]),
        ...rows(
          r.progress.fonds.map((f) => [
            f.code,
            f.name,
            f.unit === 'pages' ? 'trang' : 'hồ sơ',
            f.unit === 'pages' ? f.holdings.pages : f.holdings.dossiers,
            f.target,
            f.done,
            f.percentOfHoldings,
            f.percentOfTarget,
            f.pages.scanned,
            f.pages.approved,
            f.dossiers.catalogued,
          ]),
        ),
      ],
    },
    {
      sheet: 'Người quét',
      data: [
        headerRow(['Người quét', 'Số lô', 'Trang đã quét', 'Trang quét lại', 'Bị trả lại']),
        ...rows(
          r.operators.operators.map((o) => [
            o.operator ?? UNKNOWN,
            o.batches,
            o.pages,
            o.rescannedPages,
            o.rejections,
          ]),
        ),
      ],
    },
    {
      sheet: 'Máy trạm',
      data: [
        headerRow(['Máy trạm', 'Số lô', 'Trang đã quét', 'Trang quét lại', 'Bị trả lại']),
        ...rows(
          r.operators.workstations.map((w) => [
            w.workstation ?? UNKNOWN,
            w.batches,
            w.pages,
            w.rescannedPages,
            w.rejections,
          ]),
        ),
      ],
    },
    {
      sheet: 'Người duyệt',
      data: [
        headerRow(['Người duyệt', 'Hồ sơ đã xem xét', 'Duyệt', 'Trả lại', 'Trường đã sửa']),
        ...rows(
          r.reviewers.reviewers.map((x) => [
            x.displayName ?? x.username ?? x.userId,
            x.reviewed,
            x.approved,
            x.rejected,
            x.fieldsCorrected,
          ]),
        ),
      ],
    },
    {
      sheet: 'Chất lượng',
      data: [
        headerRow(['Độ tin cậy OCR (%)', 'Số trang']),
        ...rows(r.quality.ocr.buckets.map((b) => [`${b.from}–${b.to}`, b.pages])),
        [null, null],
        headerRow(['Lý do trả lại', 'Số hồ sơ']),
        ...rows(reasons),
      ],
    },
  ];
  return writeXlsxFile(
    sheets.map((s) => ({ ...s, stickyRowsCount: s.sheet === 'Tổng hợp' ? 3 : 1 })),
    { fontFamily: 'Times New Roman', fontSize: 12 },
  ).toBuffer();
}
