/**
 * Turns the corpus truth and each system's observations into the figures of the bench, a table a
 * person reads (Vietnamese first, then English) and one line of JSON for machines.
 */
import type { PageTruth, TextGroup } from './corpus.js';
import {
  angleErrorStats,
  characterErrors,
  detection,
  errorRate,
  orientationStats,
  wordErrors,
  type AngleStats,
  type Detection,
  type ErrorCount,
  type OrientationStats,
} from './metrics.js';
import type { Observation, SystemRun } from './observation.js';

export type GroupKey = 'all' | 'vn' | TextGroup;
const GROUPS: readonly GroupKey[] = ['all', 'vn', 'vnPrinted', 'vnTypewritten', 'real'];

export interface SystemFigures {
  readonly pages: number;
  readonly failedPages: number;
  readonly wallSeconds: number;
  readonly pagesPerMin: number | null;
  readonly peakRssMb: number | null;
  readonly cer: Record<GroupKey, number | null>;
  readonly wordError: Record<GroupKey, number | null>;
  /** Pages scored in each text group */
  readonly textPages: Record<GroupKey, number>;
  readonly deskew: AngleStats;
  readonly orientation: OrientationStats;
  /** Null for a system that does not detect them */
  readonly blank: Detection | null;
  readonly separator: Detection | null;
  readonly pdfBytesPerPage: number | null;
}

/** Per-page figures of one system, written to pages.json for finding the bad pages. */
export interface PageScore {
  readonly cer: number | null;
  readonly wordError: number | null;
  readonly skewDeg: number | null;
  readonly rotationDeg: number | null;
  readonly isBlank: boolean | null;
  readonly isSeparator: boolean | null;
  readonly error: string | null;
}

const MISSING: Observation = {
  text: null,
  skewDeg: null,
  rotationDeg: null,
  isBlank: null,
  isSeparator: null,
  error: 'no result for this page',
};

/**
 * Figures of one system over `pages`. A page the system did not read counts against it: empty
 * text, no skew correction (measured 0), a wrong orientation, not flagged. Blank pages are left
 * out of skew and orientation (there is nothing to align); blank pages and separators out of text.
 * `detects` says whether the system claims to find blank pages and separators at all.
 */
export function systemFigures(
  pages: readonly PageTruth[],
  run: SystemRun,
  detects: boolean,
): SystemFigures {
  const obs = (p: PageTruth): Observation => run.observations.get(p.key) ?? MISSING;
  const chars = emptyGroups<ErrorCount[]>(() => []);
  const words = emptyGroups<ErrorCount[]>(() => []);
  for (const p of pages) {
    if (p.textGroup === null || p.gt === null) continue;
    const text = obs(p).text ?? '';
    const c = characterErrors(p.gt, text);
    const w = wordErrors(p.gt, text);
    for (const g of groupsOf(p.textGroup)) {
      chars[g].push(c);
      words[g].push(w);
    }
  }
  const aligned = pages.filter((p) => !p.isBlank);
  const minutes = run.wallMs / 60_000;
  return {
    pages: run.pages,
    failedPages: run.failedPages,
    wallSeconds: run.wallMs / 1000,
    pagesPerMin: minutes > 0 && run.pages > 0 ? run.pages / minutes : null,
    peakRssMb: run.peakRssBytes > 0 ? run.peakRssBytes / (1024 * 1024) : null,
    cer: mapGroups((g) => errorRate(chars[g])),
    wordError: mapGroups((g) => errorRate(words[g])),
    textPages: mapGroups((g) => chars[g].length),
    deskew: angleErrorStats(
      aligned
        .filter((p) => p.skewDeg !== null)
        .map((p) => ({ measured: obs(p).skewDeg ?? 0, truth: p.skewDeg! })),
    ),
    orientation: orientationStats(
      aligned
        .filter((p) => p.rotationDeg !== null)
        .map((p) => ({ measured: obs(p).rotationDeg, truth: p.rotationDeg! })),
    ),
    blank: detects
      ? detection(pages.map((p) => ({ truth: p.isBlank, predicted: obs(p).isBlank === true })))
      : null,
    separator: detects
      ? detection(
          pages.map((p) => ({ truth: p.isSeparator, predicted: obs(p).isSeparator === true })),
        )
      : null,
    pdfBytesPerPage: run.pages > 0 && run.pdfBytes > 0 ? run.pdfBytes / run.pages : null,
  };
}

/** One system's reading of one page, scored. */
export function pageScore(p: PageTruth, o: Observation | undefined): PageScore {
  const v = o ?? MISSING;
  const scored = p.textGroup !== null && p.gt !== null;
  const c = scored ? characterErrors(p.gt, v.text ?? '') : null;
  const w = scored ? wordErrors(p.gt, v.text ?? '') : null;
  return {
    cer: c === null ? null : errorRate([c]),
    wordError: w === null ? null : errorRate([w]),
    skewDeg: v.skewDeg,
    rotationDeg: v.rotationDeg,
    isBlank: v.isBlank,
    isSeparator: v.isSeparator,
    error: v.error,
  };
}

function groupsOf(g: TextGroup): GroupKey[] {
  return g === 'real' ? ['all', 'real'] : ['all', 'vn', g];
}

function emptyGroups<T>(make: () => T): Record<GroupKey, T> {
  return mapGroups(make);
}

function mapGroups<T>(f: (g: GroupKey) => T): Record<GroupKey, T> {
  return Object.fromEntries(GROUPS.map((g) => [g, f(g)])) as Record<GroupKey, T>;
}

/** Everything the bench measured, as printed on its last line. */
export interface BenchReport {
  readonly corpus: string;
  readonly set: string;
  readonly pages: number;
  readonly files: number;
  /** OCRmyPDF's `-j`; also our CLI's `--jobs` when `jobsPassedToOurs` */
  readonly jobs: number;
  readonly jobsPassedToOurs: boolean;
  /** 1-minute load average when the bench started and ended: other work on the machine skews speed */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly ocrmypdfVersion: string | null;
  /** Folders whose earlier results were scored instead of running the system in this bench */
  readonly reused: { readonly ours: string | null; readonly ocrmypdf: string | null };
  readonly ours: SystemFigures;
  readonly ocrmypdf: SystemFigures | null;
}

/** The report as one line of JSON with rounded numbers and stable keys. */
export function reportJson(r: BenchReport): string {
  return JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(4)) : value,
  );
}

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
    ['Bộ nhớ đỉnh (MiB) / Peak memory (MiB)', ...both((s) => num(s.peakRssMb, 0))],
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
    rows.push([`Lỗi từ / Word error ${groupLabel[g]}`, ...both((s) => pct(s.wordError[g]))]);
  }
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
