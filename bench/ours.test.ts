import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageKey } from './corpus.js';
import { observationsFromResult, selectPages, type ResultJson } from './ours.js';

const page = (
  file: string,
  o: Partial<ResultJson['pages'][number]>,
): ResultJson['pages'][number] => ({
  file,
  frame: 0,
  rotationDeg: 0,
  rotationConfidence: 1,
  skewDeg: 0,
  isBlank: false,
  isSeparator: false,
  text: 'x',
  error: null,
  ...o,
});

describe('observationsFromResult', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-ours-'));
    await writeFile(join(dir, 'a.pdf'), Buffer.alloc(100));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes rotationDeg as the content turn found, and 0 where it was too unsure to turn', async () => {
    // What `sohoa process` wrote for vn_s_026_p4 (content turned 90°), vn_s_037_p1 (270°) and
    // vn_s_sep02 (270°, found at confidence 0.054 and so left as it was).
    const result: ResultJson = {
      pages: [
        page('/c/p4.jpg', { rotationDeg: 90, rotationConfidence: 1 }),
        page('/c/p1.jpg', { rotationDeg: 270, rotationConfidence: 1 }),
        page('/c/sep.jpg', { rotationDeg: 270, rotationConfidence: 0.054 }),
        page('/c/old.jpg', { rotationDeg: 180, rotationConfidence: undefined }),
      ],
      documents: [],
    };
    const { observations } = await observationsFromResult(result, dir, 0.5);
    const turn = (f: string): number | null | undefined =>
      observations.get(pageKey(f, 0))?.rotationDeg;
    expect(turn('/c/p4.jpg')).toBe(90);
    expect(turn('/c/p1.jpg')).toBe(270);
    expect(turn('/c/sep.jpg')).toBe(0);
    expect(turn('/c/old.jpg')).toBe(180);
  });

  it('keeps failed pages with their error and sums the PDFs it names', async () => {
    const result: ResultJson = {
      pages: [
        page('/c/a.tif', { frame: 1, skewDeg: 1.5 }),
        page('/c/a.tif', {
          frame: 2,
          rotationDeg: null,
          skewDeg: null,
          text: null,
          error: { code: 'decode.truncated', message: 'cắt cụt' },
        }),
      ],
      documents: [
        { pages: [0], pdf: 'a.pdf' },
        { pages: [1], pdf: 'b.pdf' },
      ],
    };
    const run = await observationsFromResult(result, dir, 0.5);
    expect(run).toMatchObject({ pages: 2, failedPages: 1, pdfBytes: 100, missingPdfs: ['b.pdf'] });
    expect(run.observations.get(pageKey('/c/a.tif', 1))).toMatchObject({
      skewDeg: 1.5,
      text: 'x',
      error: null,
    });
    expect(run.observations.get(pageKey('/c/a.tif', 2))).toMatchObject({
      rotationDeg: null,
      error: 'decode.truncated: cắt cụt',
    });
  });
});

describe('selectPages', () => {
  it('keeps the selected pages and only the documents wholly inside the selection', () => {
    const result: ResultJson = {
      pages: [page('/c/a.png', {}), page('/c/b.png', {}), page('/c/x.pdf', { frame: 1 })],
      documents: [
        { pages: [0], pdf: 'a.pdf' },
        { pages: [1, 2], pdf: 'bx.pdf' },
      ],
    };
    const cut = selectPages(result, new Set([pageKey('/c/a.png', 0), pageKey('/c/b.png', 0)]));
    expect(cut.pages.map((p) => p.file)).toEqual(['/c/a.png', '/c/b.png']);
    expect(cut.documents.map((d) => d.pdf)).toEqual(['a.pdf']);
    expect(selectPages(result, new Set([pageKey('/c/x.pdf', 0)])).pages).toEqual([]);
  });
});
