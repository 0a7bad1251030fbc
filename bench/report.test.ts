import { describe, expect, it } from 'vitest';
import { pageKey, type PageTruth } from './corpus.js';
import type { Observation, SystemRun } from './observation.js';
import {
  meetsAcceptance,
  reportJson,
  speedRatio,
  systemFigures,
  type BenchReport,
  type SystemFigures,
} from './report.js';
import { formatTable } from './table.js';

const page = (id: string, o: Partial<PageTruth>): PageTruth => ({
  key: pageKey(`/corpus/${id}.png`, 0),
  id,
  set: 'vn',
  file: `/corpus/${id}.png`,
  frame: 0,
  dpi: 300,
  skewDeg: 0,
  rotationDeg: 0,
  isBlank: false,
  isSeparator: false,
  gt: null,
  textGroup: null,
  ...o,
});

const PAGES: PageTruth[] = [
  page('printed', { gt: 'Số 12\n', textGroup: 'vnPrinted', skewDeg: 3, rotationDeg: 90 }),
  page('typed', { gt: 'Điều 1\n', textGroup: 'vnTypewritten', skewDeg: -2 }),
  page('blank', { gt: '', isBlank: true, skewDeg: 6, rotationDeg: 180 }),
  page('sep', { gt: 'PATCH T\n', isSeparator: true, skewDeg: 1 }),
  page('real', { set: 'real', gt: 'abcd\n', textGroup: 'real', skewDeg: null, rotationDeg: null }),
];

const seen = (o: Partial<Observation>): Observation => ({
  text: null,
  skewDeg: null,
  rotationDeg: null,
  isBlank: false,
  isSeparator: false,
  error: null,
  ...o,
});

const run = (observations: [string, Observation][], o: Partial<SystemRun> = {}): SystemRun => ({
  wallMs: 30_000,
  peakRssBytes: 512 * 1024 * 1024,
  peakProcessRssBytes: 384 * 1024 * 1024,
  peakProcesses: 3,
  peakWorkerRssBytes: 300 * 1024 * 1024,
  observations: new Map(observations.map(([id, v]) => [page(id, {}).key, v])),
  pages: 5,
  pdfBytes: 50_000,
  missingPdfs: [],
  failedPages: 0,
  exitCode: 0,
  ...o,
});

describe('systemFigures', () => {
  const ours = run([
    ['printed', seen({ text: 'So 12', skewDeg: 2.5, rotationDeg: 90 })],
    ['typed', seen({ text: 'Điều 1', skewDeg: -2, rotationDeg: 0 })],
    ['blank', seen({ isBlank: true, skewDeg: 0, rotationDeg: 0 })],
    ['sep', seen({ text: 'PATCH T', isSeparator: false, skewDeg: 1, rotationDeg: 0 })],
    // 'real' is missing: the system never output it
  ]);
  const f = systemFigures(PAGES, ours, true);

  it('scores text by group, with an unread page costing its whole GT', () => {
    expect(f.textPages).toEqual({ all: 3, vn: 2, vnPrinted: 1, vnTypewritten: 1, real: 1 });
    expect(f.cer.vnPrinted).toBeCloseTo(1 / 5, 10);
    expect(f.cer.vnTypewritten).toBe(0);
    expect(f.cer.real).toBe(1);
    expect(f.cer.all).toBeCloseTo((1 + 0 + 4) / (5 + 6 + 4), 10);
    expect(f.wordError.vn).toBeCloseTo(1 / 4, 10);
  });

  it('gives word error per page: mean and nearest-rank p90 by group', () => {
    // printed: "Số 12" read "So 12" → 1 of 2 words; typed: 0 of 2; real: unread → 1 of 1.
    expect(f.wordErrorPageMean.vn).toBeCloseTo(0.25, 10);
    expect(f.wordErrorP90.vn).toBe(0.5);
    expect(f.wordErrorP90.vnTypewritten).toBe(0);
    expect(f.wordErrorP90.real).toBe(1);
    expect(f.wordErrorPageMean.all).toBeCloseTo((0.5 + 0 + 1) / 3, 10);
    expect(f.wordErrorP90.all).toBe(1);
  });

  it('splits layout figures by set', () => {
    expect(f.bySet.vn.deskew.n).toBe(3);
    expect(f.bySet.real.deskew.n).toBe(0);
    expect(f.bySet.vn.blank?.n).toBe(4);
    expect(f.bySet.real.separator).toMatchObject({ n: 1, truePositives: 0 });
  });

  it('leaves blank pages out of skew and orientation', () => {
    expect(f.deskew).toEqual({ n: 3, median: 0, p95: 0.5, max: 0.5 });
    expect(f.orientation).toMatchObject({ n: 3, accuracy: 1, straightTurned: 0 });
  });

  it('scores blank and separator detection over every page', () => {
    expect(f.blank).toMatchObject({ precision: 1, recall: 1, truePositives: 1 });
    expect(f.separator).toMatchObject({ precision: null, recall: 0, falseNegatives: 1 });
  });

  it('derives speed, memory and size per page', () => {
    expect(f.pagesPerMin).toBe(10);
    expect(f.peakRssMb).toBe(512);
    expect(f.peakProcessRssMb).toBe(384);
    expect(f.peakProcesses).toBe(3);
    expect(f.peakWorkerRssMb).toBe(300);
    expect(f.pdfBytesPerPage).toBe(10_000);
  });

  it('shows memory as not measured when a run was reused', () => {
    const g = systemFigures(
      PAGES,
      run([], {
        peakRssBytes: 0,
        peakProcessRssBytes: 0,
        peakProcesses: 0,
        peakWorkerRssBytes: 0,
      }),
      true,
    );
    expect(g.peakRssMb).toBeNull();
    expect(g.peakWorkerRssMb).toBeNull();
    expect(g.peakProcessRssMb).toBeNull();
    expect(g.peakProcesses).toBeNull();
  });

  it('has no detection figures for a system that does not detect', () => {
    const g = systemFigures(PAGES, ours, false);
    expect(g.blank).toBeNull();
    expect(g.separator).toBeNull();
  });

  it('counts a page without a reading as uncorrected and wrongly turned', () => {
    const g = systemFigures(PAGES, run([]), true);
    expect(g.deskew.max).toBe(3);
    expect(g.orientation.accuracy).toBe(0);
    expect(g.cer.all).toBe(1);
  });
});

describe('speedRatio and meetsAcceptance', () => {
  const base = systemFigures(PAGES, run([]), true);
  const with_ = (o: Partial<SystemFigures>): SystemFigures => ({ ...base, ...o });
  const vn = (pooled: number, pageMean: number, p90: number): Partial<SystemFigures> => ({
    wordError: { ...base.wordError, vn: pooled },
    wordErrorPageMean: { ...base.wordErrorPageMean, vn: pageMean },
    wordErrorP90: { ...base.wordErrorP90, vn: p90 },
  });

  it('divides our pages per minute by OCRmyPDF’s, null when either is unknown', () => {
    expect(speedRatio(with_({ pagesPerMin: 30 }), with_({ pagesPerMin: 8 }))).toBe(3.75);
    expect(speedRatio(with_({ pagesPerMin: 30 }), null)).toBeNull();
    expect(speedRatio(with_({ pagesPerMin: null }), with_({ pagesPerMin: 8 }))).toBeNull();
    expect(speedRatio(with_({ pagesPerMin: 30 }), with_({ pagesPerMin: 0 }))).toBeNull();
  });

  it('passes at 4 % average and 10 % p90 exactly, and fails just above either', () => {
    expect(meetsAcceptance(with_(vn(0.04, 0.04, 0.1)))).toBe(true);
    expect(meetsAcceptance(with_(vn(0.041, 0.03, 0.05)))).toBe(false);
    expect(meetsAcceptance(with_(vn(0.03, 0.041, 0.05)))).toBe(false);
    expect(meetsAcceptance(with_(vn(0.02, 0.02, 0.11)))).toBe(false);
  });

  it('has no verdict without vn pages or without the system', () => {
    const none = with_({
      wordError: { ...base.wordError, vn: null },
      wordErrorPageMean: { ...base.wordErrorPageMean, vn: null },
      wordErrorP90: { ...base.wordErrorP90, vn: null },
    });
    expect(meetsAcceptance(none)).toBeNull();
    expect(meetsAcceptance(null)).toBeNull();
  });
});

describe('formatTable and reportJson', () => {
  const report: BenchReport = {
    corpus: '/corpus',
    set: 'vn',
    pages: 5,
    files: 5,
    jobs: 2,
    jobsPassedToOurs: false,
    loadAverage: { start: 0.5, end: 1.25 },
    ocrmypdfVersion: null,
    reused: { ours: null, ocrmypdf: null },
    ours: systemFigures(PAGES, run([]), true),
    ocrmypdf: null,
    speedRatio: null,
    acceptance: {
      wordErrorVnAverageMax: 0.04,
      wordErrorVnP90Max: 0.1,
      ours: false,
      ocrmypdf: null,
    },
  };

  it('prints one line of JSON with the stable keys', () => {
    const line = reportJson(report);
    expect(line).not.toContain('\n');
    const back = JSON.parse(line) as Record<string, Record<string, unknown>>;
    expect(Object.keys(back.ours!)).toEqual(
      expect.arrayContaining([
        'pagesPerMin',
        'cer',
        'wordError',
        'deskew',
        'orientation',
        'blank',
        'separator',
        'peakRssMb',
        'peakProcessRssMb',
        'wordErrorPageMean',
        'wordErrorP90',
        'bySet',
        'pdfBytesPerPage',
      ]),
    );
    expect(back.ocrmypdf).toBeNull();
    expect(back).toHaveProperty('speedRatio', null);
    expect(back.acceptance).toMatchObject({ ours: false, ocrmypdf: null });
  });

  it('labels rows Vietnamese first, then English', () => {
    const table = formatTable(report);
    expect(table).toContain('Trang/phút / Pages per minute');
    expect(table).toContain('CER vn đánh máy / vn typewritten');
    expect(table).toContain('OCRmyPDF (không chạy / not run)');
    expect(table).toContain('Lỗi từ p90 trang / Word error page p90 vn đánh máy / vn typewritten');
    expect(table).toContain('Peak memory, largest process (MiB)');
    expect(table).toMatch(/Meets vn bar\s+không \/ no/);
  });
});
