import { describe, expect, it } from 'vitest';
import { pageKey, type PageTruth } from './corpus.js';
import type { Observation, SystemRun } from './observation.js';
import { formatTable, reportJson, systemFigures, type BenchReport } from './report.js';

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
    expect(f.pdfBytesPerPage).toBe(10_000);
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
        'pdfBytesPerPage',
      ]),
    );
    expect(back.ocrmypdf).toBeNull();
  });

  it('labels rows Vietnamese first, then English', () => {
    const table = formatTable(report);
    expect(table).toContain('Trang/phút / Pages per minute');
    expect(table).toContain('CER vn đánh máy / vn typewritten');
    expect(table).toContain('OCRmyPDF (không chạy / not run)');
  });
});
