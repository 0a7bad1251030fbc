import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pageKey } from './corpus.js';
import sharp from 'sharp';
import {
  FALLBACK_IMAGE_DPI,
  imageDpiArgument,
  ocrmypdfObservations,
  parseOrientationLog,
  readOcrmypdfRuns,
  type OcrmypdfFileRun,
} from './ocrmypdf.js';

// Page 1 as OCRmyPDF 14 logged it on vn_s_026_p4.jpg; pages 2 and 3 written in the same format
// (describe_rotation in ocrmypdf/_pipeline.py) for the other two outcomes.
const LOG = `Input file is an image
Successfully converted to PDF, processing...
    1 page is facing ⇨, confidence 18.43 - will rotate ⬏
    2 page is facing ⇧, confidence 12.10 - rotation appears correct
    3 with existing rotation ⇨, page is facing ⇩, confidence 1.20 - confidence too low to rotate
    1 Opened a file
Postprocessing...`;

describe('parseOrientationLog', () => {
  it('reads the content turn per page and whether OCRmyPDF acted on it', () => {
    expect(parseOrientationLog(LOG)).toEqual([
      { page: 1, facingDeg: 90, confidence: 18.43, rotated: true },
      { page: 2, facingDeg: 0, confidence: 12.1, rotated: false },
      { page: 3, facingDeg: 180, confidence: 1.2, rotated: false },
    ]);
  });
});

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

describe.skipIf(!hasPdftotext)('ocrmypdfObservations', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-ocrmypdf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fileRun = (o: Partial<OcrmypdfFileRun>): OcrmypdfFileRun => ({
    file: '/corpus/x.tif',
    output: '',
    args: [],
    exitCode: 0,
    forcedOcr: false,
    wallMs: 1000,
    peakRssBytes: 100,
    peakProcessRssBytes: 80,
    peakProcesses: 2,
    pages: 0,
    bytes: 0,
    failure: null,
    turns: [],
    ...o,
  });

  it('reads text per page, the turn it applied, and marks every page of a refused file', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const words of ['first page', 'second page']) {
      pdf.addPage([300, 300]).drawText(words, { x: 20, y: 150, size: 14, font });
    }
    const output = join(dir, 'two.pdf');
    await writeFile(output, await pdf.save());
    const runs = [
      fileRun({
        file: '/corpus/two.tif',
        output,
        pages: 2,
        bytes: 999,
        turns: [
          { page: 1, facingDeg: 90, confidence: 15, rotated: true },
          { page: 2, facingDeg: 180, confidence: 0.5, rotated: false },
        ],
      }),
      fileRun({
        file: '/corpus/bad.pdf',
        exitCode: 8,
        failure: 'encrypted',
        peakRssBytes: 300,
        peakProcessRssBytes: 250,
        peakProcesses: 4,
      }),
    ];
    const inputs = [
      { file: '/corpus/two.tif', kind: 'image', frames: 2, dpi: 300 },
      { file: '/corpus/bad.pdf', kind: 'pdf', frames: 2, dpi: null },
      { file: '/corpus/not-run.png', kind: 'image', frames: 1, dpi: null },
    ] as const;
    const r = await ocrmypdfObservations(inputs, runs);
    const first = r.observations.get(pageKey('/corpus/two.tif', 0));
    const second = r.observations.get(pageKey('/corpus/two.tif', 1));
    expect(first?.text?.trim()).toBe('first page');
    expect(first?.rotationDeg).toBe(90);
    expect(second?.text?.trim()).toBe('second page');
    expect(second?.rotationDeg).toBe(0);
    expect(r.observations.get(pageKey('/corpus/bad.pdf', 1))?.error).toBe(
      'ocrmypdf exit 8: encrypted',
    );
    expect(r.observations.has(pageKey('/corpus/not-run.png', 0))).toBe(false);
    expect(r).toMatchObject({
      pages: 2,
      failedPages: 2,
      pdfBytes: 999,
      wallMs: 2000,
      peakRssBytes: 300,
      peakProcessRssBytes: 250,
      peakProcesses: 4,
    });
  });
});

describe('readOcrmypdfRuns', () => {
  it('reads a runs.json written before per-process memory was measured as not measured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-runs-'));
    try {
      const old = {
        version: '14.0.1',
        jobs: 2,
        files: [
          {
            file: '/corpus/a.png',
            output: '/out/a.pdf',
            args: [],
            exitCode: 0,
            forcedOcr: false,
            wallMs: 5000,
            peakRssBytes: 1000,
            pages: 1,
            bytes: 10,
            failure: null,
            turns: [],
          },
        ],
      };
      await writeFile(join(dir, 'runs.json'), JSON.stringify(old));
      const runs = await readOcrmypdfRuns(join(dir, 'runs.json'));
      expect(runs.files[0]).toMatchObject({
        peakRssBytes: 1000,
        peakProcessRssBytes: 0,
        peakProcesses: 0,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('imageDpiArgument', () => {
  it('passes a DPI for images without one (libvips says 72) and keeps a right one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-dpi-'));
    try {
      const blank = sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } });
      const none = join(dir, 'none.png');
      const tagged = join(dir, 'tagged.png');
      await blank.clone().png().toFile(none);
      await blank.clone().withMetadata({ density: 200 }).png().toFile(tagged);
      const input = (file: string, dpi: number | null) =>
        ({ file, kind: 'image', frames: 1, dpi }) as const;
      expect(await imageDpiArgument(input(none, null))).toBe(FALLBACK_IMAGE_DPI);
      expect(await imageDpiArgument(input(none, 300))).toBe(300);
      expect(await imageDpiArgument(input(tagged, null))).toBeNull();
      expect(await imageDpiArgument(input(tagged, 200))).toBeNull();
      expect(await imageDpiArgument(input(tagged, 300))).toBe(300);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
