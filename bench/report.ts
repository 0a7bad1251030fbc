/**
 * Turns the corpus truth and each system's observations into the figures of the bench and one line
 * of JSON for machines (the table a person reads is table.ts).
 */
import type { PageTruth, TextGroup } from './corpus.js';
import {
  angleErrorStats,
  characterErrors,
  detection,
  errorRate,
  orientationStats,
  rateSummary,
  wordErrors,
  type AngleStats,
  type Detection,
  type ErrorCount,
  type OrientationStats,
} from './metrics.js';
import type { Observation, SystemRun } from './observation.js';

export type GroupKey = 'all' | 'vn' | TextGroup;
export const GROUPS: readonly GroupKey[] = ['all', 'vn', 'vnPrinted', 'vnTypewritten', 'real'];
export const SETS = ['vn', 'real'] as const;
export type SetKey = (typeof SETS)[number];

/** Issue 3's bar for the `vn` set: average word error per page and its 90th percentile. */
export const ACCEPTANCE = { wordErrorVnAverageMax: 0.04, wordErrorVnP90Max: 0.1 } as const;

/** Page-geometry and detection figures over the pages of one set (or of all). */
export interface LayoutFigures {
  readonly deskew: AngleStats;
  readonly orientation: OrientationStats;
  /** Null for a system that does not detect them */
  readonly blank: Detection | null;
  readonly separator: Detection | null;
}

export interface SystemFigures extends LayoutFigures {
  readonly pages: number;
  readonly failedPages: number;
  readonly wallSeconds: number;
  readonly pagesPerMin: number | null;
  /** Peak RSS of the whole process tree */
  readonly peakRssMb: number | null;
  /** Peak RSS of its largest single process (our OCR workers are threads of one process) */
  readonly peakProcessRssMb: number | null;
  /** Most processes alive at once in its tree; null when not measured */
  readonly peakProcesses: number | null;
  /** Peak RSS of one worker (`SystemRun.peakWorkerRssBytes`); null when not measured */
  readonly peakWorkerRssMb: number | null;
  /** Pooled over the group's pages: Σ edits ÷ Σ GT characters */
  readonly cer: Record<GroupKey, number | null>;
  /** Pooled over the group's pages: Σ missing words ÷ Σ GT words */
  readonly wordError: Record<GroupKey, number | null>;
  /** Mean of the per-page word error rates */
  readonly wordErrorPageMean: Record<GroupKey, number | null>;
  /** Nearest-rank 90th percentile of the per-page word error rates */
  readonly wordErrorP90: Record<GroupKey, number | null>;
  /** Pages scored in each text group */
  readonly textPages: Record<GroupKey, number>;
  /** The same layout figures restricted to each set, for a run over both */
  readonly bySet: Record<SetKey, LayoutFigures>;
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
  const minutes = run.wallMs / 60_000;
  const wordSummary = mapGroups((g) => rateSummary(words[g]));
  return {
    pages: run.pages,
    failedPages: run.failedPages,
    wallSeconds: run.wallMs / 1000,
    pagesPerMin: minutes > 0 && run.pages > 0 ? run.pages / minutes : null,
    peakRssMb: mib(run.peakRssBytes),
    peakProcessRssMb: mib(run.peakProcessRssBytes),
    peakProcesses: run.peakProcesses > 0 ? run.peakProcesses : null,
    peakWorkerRssMb: mib(run.peakWorkerRssBytes),
    cer: mapGroups((g) => errorRate(chars[g])),
    wordError: mapGroups((g) => wordSummary[g].pooled),
    wordErrorPageMean: mapGroups((g) => wordSummary[g].pageMean),
    wordErrorP90: mapGroups((g) => wordSummary[g].pageP90),
    textPages: mapGroups((g) => chars[g].length),
    ...layoutFigures(pages, obs, detects),
    bySet: {
      vn: layoutFigures(
        pages.filter((p) => p.set === 'vn'),
        obs,
        detects,
      ),
      real: layoutFigures(
        pages.filter((p) => p.set === 'real'),
        obs,
        detects,
      ),
    },
    pdfBytesPerPage: run.pages > 0 && run.pdfBytes > 0 ? run.pdfBytes / run.pages : null,
  };
}

function mib(bytes: number): number | null {
  return bytes > 0 ? bytes / (1024 * 1024) : null;
}

function layoutFigures(
  pages: readonly PageTruth[],
  obs: (p: PageTruth) => Observation,
  detects: boolean,
): LayoutFigures {
  const aligned = pages.filter((p) => !p.isBlank);
  return {
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
  /** Our pages per minute ÷ OCRmyPDF's, on the same pages in the same run; null unless both ran */
  readonly speedRatio: number | null;
  /** Whether each system meets `ACCEPTANCE` on the vn set; null when it has no vn text pages */
  readonly acceptance: {
    readonly wordErrorVnAverageMax: number;
    readonly wordErrorVnP90Max: number;
    readonly ours: boolean | null;
    readonly ocrmypdf: boolean | null;
  };
}

/** Ours ÷ OCRmyPDF pages per minute; null when either is unknown. */
export function speedRatio(ours: SystemFigures, ref: SystemFigures | null): number | null {
  const a = ours.pagesPerMin;
  const b = ref?.pagesPerMin ?? null;
  return a === null || b === null || b === 0 ? null : a / b;
}

/**
 * Issue 3's acceptance on the vn set: the word error average at most 4 %, read both ways (pooled
 * and mean of pages, both must pass), and the per-page 90th percentile at most 10 %. Null when
 * the system has no scored vn page.
 */
export function meetsAcceptance(s: SystemFigures | null): boolean | null {
  if (s === null) return null;
  const pooled = s.wordError.vn;
  const pageMean = s.wordErrorPageMean.vn;
  const p90 = s.wordErrorP90.vn;
  if (pooled === null || pageMean === null || p90 === null) return null;
  return (
    pooled <= ACCEPTANCE.wordErrorVnAverageMax &&
    pageMean <= ACCEPTANCE.wordErrorVnAverageMax &&
    p90 <= ACCEPTANCE.wordErrorVnP90Max
  );
}

/** The report as one line of JSON with rounded numbers and stable keys. */
export function reportJson(r: BenchReport): string {
  return JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(4)) : value,
  );
}
