/**
 * The semi-annual report as a Vietnamese administrative document (PDF): organ and national motto,
 * title, the target and holdings, results to date and in the period, pace and forecast, quality,
 * people, and the signature block.
 */
import { vnDay } from '../progress/calendar.js';
import { renderPdf, type Block } from './pdf-layout.js';
import type { ReportData } from './semiannual.js';
import { day, halfName, longDate, num, pct, REASON_NAMES, share, UNKNOWN } from './wording.js';

const bullet = (text: string): Block => ({ kind: 'paragraph', text: `- ${text}`, indent: 20 });
const heading = (text: string): Block => ({ kind: 'paragraph', text, weight: 'bold' });

/** The report's title line after "BÁO CÁO". */
export const reportTitle = (r: Pick<ReportData, 'half' | 'year'>): string =>
  `Kết quả số hóa tài liệu lưu trữ ${halfName(r.half)} ${r.year}`;

function header(r: ReportData): Block[] {
  const s = r.progress.settings;
  const left = [
    ...(s.parentOrganization === null
      ? []
      : [{ text: s.parentOrganization.toUpperCase(), size: 12, align: 'center' as const }]),
    {
      text: (s.organization ?? 'LƯU TRỮ LỊCH SỬ TỈNH').toUpperCase(),
      size: 12,
      weight: 'bold' as const,
      align: 'center' as const,
    },
    { text: 'Số:        /BC', size: 12, align: 'center' as const },
  ];
  const right = [
    {
      text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      size: 12,
      weight: 'bold' as const,
      align: 'center' as const,
    },
    {
      text: 'Độc lập - Tự do - Hạnh phúc',
      size: 13,
      weight: 'bold' as const,
      align: 'center' as const,
    },
    {
      text: `${s.place ?? '……'}, ${longDate(vnDay(r.generatedAt))}`,
      size: 13,
      weight: 'italic' as const,
      align: 'center' as const,
    },
  ];
  return [
    { kind: 'columns', left, right },
    { kind: 'space', pt: 18 },
    { kind: 'paragraph', text: 'BÁO CÁO', size: 14, weight: 'bold', align: 'center' },
    { kind: 'paragraph', text: reportTitle(r), size: 14, weight: 'bold', align: 'center' },
    { kind: 'space', pt: 8 },
    {
      kind: 'paragraph',
      text:
        `Kỳ báo cáo: từ ngày ${day(r.from)} đến ngày ${day(r.to)}. Số liệu tính đến hết ngày ${day(r.asOf)}` +
        (r.provisional ? ' (số liệu tạm tính, kỳ báo cáo chưa kết thúc).' : '.'),
      weight: 'italic',
    },
    { kind: 'space', pt: 6 },
  ];
}

function targetAndResults(r: ReportData): Block[] {
  const { overall, settings, highUse, fonds } = r.progress;
  const unit = overall.unit === 'pages' ? 'trang' : 'hồ sơ';
  const t = r.totals;
  return [
    heading('I. CHỈ TIÊU VÀ KHỐI LƯỢNG TÀI LIỆU'),
    bullet(
      `Chỉ tiêu: số hóa và biên mục tối thiểu ${num(settings.targetPercent, settings.targetPercent % 1 === 0 ? 0 : 1)}% khối lượng tài liệu giấy, ưu tiên tài liệu sử dụng nhiều; thời hạn hoàn thành: ${settings.deadline === null ? 'chưa đặt' : day(settings.deadline)}.`,
    ),
    bullet(
      `Tổng khối lượng: ${num(overall.holdings)} ${unit} (${num(overall.holdingsDossiers)} hồ sơ) thuộc ${num(fonds.length)} phông; chỉ tiêu tương ứng: ${num(overall.target)} ${unit}.`,
    ),
    ...(overall.fondsWithoutPages.length === 0 || overall.unit === 'dossiers'
      ? []
      : [
          bullet(
            `Phông chưa có số trang, chưa tính vào tổng số trang: ${overall.fondsWithoutPages.join(', ')}.`,
          ),
        ]),
    heading('II. KẾT QUẢ THỰC HIỆN'),
    { kind: 'paragraph', text: `1. Lũy kế đến hết ngày ${day(r.asOf)}`, weight: 'italic' },
    bullet(
      `Đã số hóa và biên mục: ${num(overall.done)} ${unit}, đạt ${pct(overall.percentOfHoldings)} tổng khối lượng và ${pct(overall.percentOfTarget)} chỉ tiêu.`,
    ),
    bullet(
      `Hồ sơ đã biên mục: ${num(overall.dossiers.catalogued)}/${num(overall.holdingsDossiers)}; đã duyệt: ${num(overall.dossiers.approved)}; đã quét: ${num(overall.dossiers.scanned)}.`,
    ),
    bullet(
      `Trang đã quét: ${num(overall.pages.scanned)}; đã xử lý: ${num(overall.pages.processed)}; đã duyệt: ${num(overall.pages.approved)}; đã biên mục: ${num(overall.pages.catalogued)}.`,
    ),
    bullet(
      highUse.pages > 0
        ? `Tài liệu sử dụng nhiều: đã biên mục ${num(highUse.cataloguedPages)}/${num(highUse.pages)} trang (${pct(highUse.percent)}), ${num(highUse.cataloguedDossiers)}/${num(highUse.dossiers)} hồ sơ.`
        : `Tài liệu sử dụng nhiều: đã biên mục ${num(highUse.cataloguedDossiers)}/${num(highUse.dossiers)} hồ sơ (${pct(highUse.percent)}).`,
    ),
    { kind: 'paragraph', text: '2. Trong kỳ báo cáo', weight: 'italic' },
    bullet(
      `Trang đã quét: ${num(t.scannedPages)} (trong đó quét lại: ${num(t.rescannedPages)}); trang đã xử lý: ${num(t.processedPages)}.`,
    ),
    bullet(
      `Hồ sơ đã duyệt: ${num(t.approvedDossiers)} (${num(t.approvedPages)} trang); hồ sơ bị trả lại: ${num(t.rejectedDossiers)}; đã biên mục: ${num(t.cataloguedDossiers)} hồ sơ, ${num(t.cataloguedPages)} trang.`,
    ),
    {
      kind: 'table',
      columns: [
        { label: 'Tháng', width: 0.13 },
        { label: 'Trang đã quét', width: 0.15, align: 'right' },
        { label: 'Trang quét lại', width: 0.14, align: 'right' },
        { label: 'Trang đã xử lý', width: 0.15, align: 'right' },
        { label: 'Hồ sơ đã duyệt', width: 0.14, align: 'right' },
        { label: 'Hồ sơ trả lại', width: 0.13, align: 'right' },
        { label: 'Trang đã biên mục', width: 0.16, align: 'right' },
      ],
      rows: r.months.map((m) => [
        `${m.period.slice(5, 7)}/${m.period.slice(0, 4)}`,
        num(m.scannedPages),
        num(m.rescannedPages),
        num(m.processedPages),
        num(m.approvedDossiers),
        num(m.rejectedDossiers),
        num(m.cataloguedPages),
      ]),
    },
    { kind: 'space', pt: 6 },
    { kind: 'paragraph', text: '3. Theo phông', weight: 'italic' },
    {
      kind: 'table',
      columns: [
        { label: 'Mã phông', width: 0.12 },
        { label: 'Tên phông', width: 0.28 },
        { label: 'Khối lượng', width: 0.15, align: 'right' },
        { label: 'Chỉ tiêu', width: 0.12, align: 'right' },
        { label: 'Đã biên mục', width: 0.13, align: 'right' },
        { label: '% khối lượng', width: 0.1, align: 'right' },
        { label: '% chỉ tiêu', width: 0.1, align: 'right' },
      ],
      rows: fonds.map((f) => [
        f.code,
        f.name,
        `${num((f.unit === 'pages' ? f.holdings.pages : f.holdings.dossiers) ?? 0)} ${f.unit === 'pages' ? 'trang' : 'hồ sơ'}`,
        f.target === null ? '—' : num(f.target),
        num(f.done),
        pct(f.percentOfHoldings),
        pct(f.percentOfTarget),
      ]),
    },
    { kind: 'space', pt: 6 },
  ];
}

function forecastAndQuality(r: ReportData): Block[] {
  const f = r.progress.forecast;
  const unit = r.progress.overall.unit === 'pages' ? 'trang' : 'hồ sơ';
  const { ocr, corrections, rejections, rescans } = r.quality;
  return [
    heading('III. NĂNG SUẤT VÀ DỰ BÁO'),
    bullet(
      `Năng suất bình quân ${f.window.days} ngày gần nhất (${day(f.window.from)} – ${day(f.window.to)}): ${num(f.rate.perWorkingDay, 1)} ${unit}/ngày làm việc (${num(f.rate.perCalendarDay, 1)} ${unit}/ngày).`,
    ),
    bullet(
      f.reached
        ? `Đã đạt chỉ tiêu${f.reachedOn === null ? '' : ` từ ngày ${day(f.reachedOn)}`}.`
        : f.finish.working === null
          ? 'Chưa dự báo được ngày hoàn thành (không có kết quả trong thời gian tính năng suất).'
          : `Dự kiến hoàn thành chỉ tiêu: ngày ${day(f.finish.working)} (tính theo ngày làm việc, thứ Hai – thứ Sáu); ngày ${day(f.finish.calendar)} (theo ngày lịch). Còn lại: ${num(f.remaining)} ${unit}.`,
    ),
    bullet(
      f.daysLeft === null
        ? 'Chưa đặt thời hạn hoàn thành.'
        : f.required.perWorkingDay === null
          ? `Đã quá thời hạn ${day(r.progress.settings.deadline)}, còn ${num(f.remaining)} ${unit} chưa hoàn thành.`
          : `Để kịp thời hạn ${day(r.progress.settings.deadline)} cần bình quân ${num(f.required.perWorkingDay)} ${unit}/ngày làm việc (${num(f.required.perCalendarDay ?? 0)} ${unit}/ngày), còn ${num(f.daysLeft.working)} ngày làm việc.`,
    ),
    heading('IV. CHẤT LƯỢNG'),
    bullet(
      `Độ tin cậy nhận dạng chữ (OCR) trung bình: ${ocr.mean === null ? '—' : `${num(ocr.mean, 1)}%`} trên ${num(ocr.pages)} trang có chữ.`,
    ),
    bullet(
      `Tỷ lệ trường siêu dữ liệu nháp phải sửa: ${share(corrections.share)} (${num(corrections.corrected)}/${num(corrections.draftedFields)} trường của ${num(corrections.documents)} tài liệu).`,
    ),
    bullet(
      `Hồ sơ bị trả lại: ${num(rejections.total)}${rejections.byReason.length === 0 ? '' : ` (${rejections.byReason.map((x) => `${REASON_NAMES[x.reason]}: ${num(x.count)}`).join('; ')})`}; trang quét lại: ${num(rescans.pages)} (${share(rescans.share)} số trang đã quét).`,
    ),
  ];
}

function people(r: ReportData): Block[] {
  return [
    heading('V. NHÂN LỰC'),
    { kind: 'paragraph', text: '1. Người quét', weight: 'italic' },
    {
      kind: 'table',
      columns: [
        { label: 'Người quét', width: 0.32 },
        { label: 'Số lô', width: 0.14, align: 'right' },
        { label: 'Trang đã quét', width: 0.18, align: 'right' },
        { label: 'Trang quét lại', width: 0.18, align: 'right' },
        { label: 'Bị trả lại', width: 0.18, align: 'right' },
      ],
      rows: r.operators.operators.map((o) => [
        o.operator ?? UNKNOWN,
        num(o.batches),
        num(o.pages),
        num(o.rescannedPages),
        num(o.rejections),
      ]),
    },
    { kind: 'space', pt: 6 },
    { kind: 'paragraph', text: '2. Người duyệt', weight: 'italic' },
    {
      kind: 'table',
      columns: [
        { label: 'Người duyệt', width: 0.32 },
        { label: 'Hồ sơ đã xem xét', width: 0.18, align: 'right' },
        { label: 'Duyệt', width: 0.14, align: 'right' },
        { label: 'Trả lại', width: 0.14, align: 'right' },
        { label: 'Trường đã sửa', width: 0.22, align: 'right' },
      ],
      rows: r.reviewers.reviewers.map((x) => [
        x.displayName ?? x.username ?? x.userId,
        num(x.reviewed),
        num(x.approved),
        num(x.rejected),
        num(x.fieldsCorrected),
      ]),
    },
    { kind: 'space', pt: 20 },
    {
      kind: 'columns',
      left: [
        { text: 'Nơi nhận:', size: 12, weight: 'bold' },
        { text: '- Như trên;', size: 11 },
        { text: '- Lưu: VT.', size: 11 },
      ],
      right: [
        { text: 'THỦ TRƯỞNG CƠ QUAN', size: 13, weight: 'bold', align: 'center' },
        { text: '(Ký, ghi rõ họ tên)', size: 13, weight: 'italic', align: 'center' },
      ],
    },
  ];
}

/** The report as a PDF. */
export function reportPdf(r: ReportData): Promise<Buffer> {
  return renderPdf([...header(r), ...targetAndResults(r), ...forecastAndQuality(r), ...people(r)], {
    title: `Báo cáo ${reportTitle(r).toLowerCase()}`,
    author: r.progress.settings.organization ?? 'sohoa',
    created: r.generatedAt,
    footer: (n, total) => `Trang ${n}/${total}`,
  });
}
