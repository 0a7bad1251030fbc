/** The bench's figures as a plain-text table a person reads, Vietnamese first, then English. */
import type { Detection } from './metrics.js';
import {
  GROUPS,
  SETS,
  type BenchReport,
  type GroupKey,
  type LayoutFigures,
  type SetKey,
  type SystemFigures,
} from './report.js';

type Row = readonly [label: string, ours: string, ref: string];

/** A plain-text table of the figures, both systems side by side. */
export function formatTable(r: BenchReport): string {
  const a = r.ours;
  const b = r.ocrmypdf;
  const both = (f: (s: SystemFigures) => string): [string, string] => [
    f(a),
    b === null ? '—' : f(b),
  ];
  const rows: Row[] = [
    ['Số trang / Pages', ...both((s) => String(s.pages))],
    ['Trang lỗi / Failed pages', ...both((s) => String(s.failedPages))],
    ['Thời gian (s) / Wall time (s)', ...both((s) => s.wallSeconds.toFixed(1))],
    ['Trang/phút / Pages per minute', ...both((s) => num(s.pagesPerMin, 2))],
    ['Tốc độ sohoa ÷ OCRmyPDF / Speed ratio ours ÷ OCRmyPDF', ratio(r.speedRatio), ''],
    [
      'Bộ nhớ đỉnh cả cây (MiB) / Peak memory, whole tree (MiB)',
      ...both((s) => num(s.peakRssMb, 0)),
    ],
    [
      'Bộ nhớ đỉnh 1 tiến trình (MiB) / Peak memory, largest process (MiB)',
      ...both((s) => num(s.peakProcessRssMb, 0)),
    ],
    ['Số tiến trình tối đa / Most processes at once', ...both((s) => num(s.peakProcesses, 0))],
    [
      'Bộ nhớ đỉnh mỗi worker (MiB) / Peak memory per worker (MiB)',
      ...both((s) => num(s.peakWorkerRssMb, 0)),
    ],
    ['PDF byte/trang / PDF bytes per page', ...both((s) => num(s.pdfBytesPerPage, 0))],
  ];
  const groupLabel: Record<GroupKey, string> = {
    all: 'tất cả / all',
    vn: 'vn',
    vnPrinted: 'vn in máy tính / vn printed',
    vnTypewritten: 'vn đánh máy / vn typewritten',
    real: 'thật / real',
  };
  for (const g of GROUPS) {
    if (a.textPages[g] === 0) continue;
    rows.push([`CER ${groupLabel[g]} (${a.textPages[g]} tr./p.)`, ...both((s) => pct(s.cer[g]))]);
  }
  for (const g of GROUPS) {
    if (a.textPages[g] === 0) continue;
    rows.push(
      [`Lỗi từ gộp / Word error pooled ${groupLabel[g]}`, ...both((s) => pct(s.wordError[g]))],
      [
        `Lỗi từ TB trang / Word error page mean ${groupLabel[g]}`,
        ...both((s) => pct(s.wordErrorPageMean[g])),
      ],
      [
        `Lỗi từ p90 trang / Word error page p90 ${groupLabel[g]}`,
        ...both((s) => pct(s.wordErrorP90[g])),
      ],
    );
  }
  rows.push([
    `Đạt ngưỡng vn (TB ≤${pct0(r.acceptance.wordErrorVnAverageMax)}, p90 ≤${pct0(r.acceptance.wordErrorVnP90Max)}) / Meets vn bar`,
    yesNo(r.acceptance.ours),
    b === null ? '—' : yesNo(r.acceptance.ocrmypdf),
  ]);
  rows.push(
    [
      `Lệch nghiêng trung vị (°) / Deskew error median (°) (${a.deskew.n} tr./p.)`,
      ...both((s) => num(s.deskew.median, 3)),
    ],
    ['Lệch nghiêng p95 (°) / Deskew error p95 (°)', ...both((s) => num(s.deskew.p95, 3))],
    ['Lệch nghiêng lớn nhất (°) / Deskew error max (°)', ...both((s) => num(s.deskew.max, 3))],
    [
      `Hướng trang đúng / Orientation accuracy (${a.orientation.n} tr./p.)`,
      ...both((s) => pct(s.orientation.accuracy)),
    ],
    [
      'Trang thẳng bị xoay / Straight pages turned',
      ...both((s) => String(s.orientation.straightTurned)),
    ],
    ['Nhầm 90°↔270° / 90°↔270° swapped', ...both((s) => String(s.orientation.mirrored))],
    ...detectionRows('Trang trắng / Blank', a.blank, b?.blank ?? null, b !== null),
    ...detectionRows('Tờ phân tách / Separator', a.separator, b?.separator ?? null, b !== null),
  );
  // Per set only when the run covers both: otherwise these rows repeat the ones above.
  if (SETS.every((k) => r.ours.bySet[k].deskew.n + r.ours.bySet[k].orientation.n > 0)) {
    for (const k of SETS) rows.push(...setRows(k, a.bySet[k], b?.bySet[k] ?? null, b !== null));
  }
  rows.push([
    'Tải máy đầu/cuối / Load average start/end',
    `${r.loadAverage.start.toFixed(1)}/${r.loadAverage.end.toFixed(1)}`,
    `(${r.jobs} jobs)`,
  ]);
  if (r.reused.ours !== null || r.reused.ocrmypdf !== null) {
    rows.push([
      'Dùng lại kết quả cũ / Reused earlier results',
      r.reused.ours === null ? 'không / no' : 'có / yes',
      r.reused.ocrmypdf ?? 'không / no',
    ]);
  }
  const head: Row = [
    'Chỉ số / Figure',
    'sohoa',
    b === null ? 'OCRmyPDF (không chạy / not run)' : 'OCRmyPDF',
  ];
  const all = [head, ...rows];
  const w0 = Math.max(...all.map((x) => x[0].length));
  const w1 = Math.max(...all.map((x) => x[1].length));
  const line = (x: Row): string => `${x[0].padEnd(w0)}  ${x[1].padStart(w1)}  ${x[2]}`;
  return [line(head), '-'.repeat(w0 + w1 + 14), ...rows.map(line)].join('\n');
}

/** Compact rows of one set's layout figures: deskew median/p95/max, orientation, detections. */
function setRows(k: SetKey, a: LayoutFigures, b: LayoutFigures | null, ran: boolean): Row[] {
  const both = (f: (s: LayoutFigures) => string): [string, string] => [
    f(a),
    b === null ? '—' : f(b),
  ];
  const angles = (s: LayoutFigures): string =>
    [s.deskew.median, s.deskew.p95, s.deskew.max].map((v) => num(v, 3)).join('/');
  const pr = (d: Detection | null): string =>
    d === null ? (ran ? 'không có / n/a' : '—') : `${pct(d.precision)} / ${pct(d.recall)}`;
  const rows: Row[] = [
    [
      `[${k}] Lệch nghiêng tv/p95/max (°) / Deskew median/p95/max (${a.deskew.n} tr./p.)`,
      ...both(angles),
    ],
    [
      `[${k}] Hướng trang đúng / Orientation accuracy (${a.orientation.n} tr./p.)`,
      ...both((s) => pct(s.orientation.accuracy)),
    ],
  ];
  for (const [label, pick] of [
    ['Trang trắng / Blank', (s: LayoutFigures) => s.blank],
    ['Tờ phân tách / Separator', (s: LayoutFigures) => s.separator],
  ] as const) {
    const d = pick(a);
    if (d === null || d.truePositives + d.falseNegatives + d.falsePositives === 0) continue;
    rows.push([
      `[${k}] ${label}: độ chính xác/độ phủ / precision/recall`,
      pr(d),
      b === null ? (ran ? 'không có / n/a' : '—') : pr(pick(b)),
    ]);
  }
  return rows;
}

function detectionRows(
  label: string,
  a: Detection | null,
  b: Detection | null,
  ran: boolean,
): Row[] {
  const ref = (f: (d: Detection) => string): string =>
    b !== null ? f(b) : ran ? 'không có / n/a' : '—';
  const ours = (f: (d: Detection) => string): string => (a === null ? '—' : f(a));
  const counts = (d: Detection): string =>
    `${d.truePositives}/${d.falsePositives}/${d.falseNegatives}`;
  return [
    [
      `${label}: độ chính xác / precision`,
      ours((d) => pct(d.precision)),
      ref((d) => pct(d.precision)),
    ],
    [`${label}: độ phủ / recall`, ours((d) => pct(d.recall)), ref((d) => pct(d.recall))],
    [`${label}: đúng/thừa/sót / TP/FP/FN`, ours(counts), ref(counts)],
  ];
}

function num(v: number | null, digits: number): string {
  return v === null ? '—' : v.toFixed(digits);
}

function pct(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(2)} %`;
}

function pct0(v: number): string {
  return `${Math.round(v * 100)} %`;
}

function ratio(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(2)}×`;
}

function yesNo(v: boolean | null): string {
  return v === null ? '—' : v ? 'có / yes' : 'không / no';
}
