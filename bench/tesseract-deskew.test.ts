import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FIRST_PAGE, renderPage } from '../tests/fixtures/render.js';
import { pageKey, type PageTruth } from './corpus.js';
import { measureDeskew, skewFromTesseract } from './tesseract-deskew.js';

describe('skewFromTesseract', () => {
  it('turns radians into degrees of counter-clockwise content (the opposite of the correction)', () => {
    const out = 'Orientation: 0\nWritingDirection: 0\nTextlineOrder: 2\nDeskew angle: -0.0518\n';
    expect(skewFromTesseract(out)).toBeCloseTo(2.968, 3);
    expect(skewFromTesseract('Deskew angle: 0.0148')).toBeCloseTo(-0.848, 3);
  });

  it('takes no angle as 0, like OCRmyPDF', () => {
    expect(skewFromTesseract('Orientation: 0\n')).toBe(0);
    expect(Object.is(skewFromTesseract('Deskew angle: 0.0000'), -0)).toBe(false);
  });
});

const hasTesseract =
  spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout?.includes('vie') ?? false;

describe.skipIf(!hasTesseract)('measureDeskew (Debian tesseract)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-deskew-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const truth = (file: string, skewDeg: number, rotationDeg: number): PageTruth => ({
    key: pageKey(file, 0),
    id: 'rendered',
    set: 'vn',
    file,
    frame: 0,
    dpi: 200,
    skewDeg,
    rotationDeg,
    isBlank: false,
    isSeparator: false,
    gt: null,
    textGroup: null,
  });

  // Body lines only: Tesseract's layout pass gives no angle for a sparse header-only page.
  const body = ADMIN_FIRST_PAGE.slice(6);
  const lines = [...body, ...body, ...body, ...body];

  it.each([
    [2, 0],
    [-1.5, 90],
  ] as const)(
    'finds a %s° skew on a page turned %s° in the corpus sign convention',
    async (skewDeg, rotationDeg) => {
      const page = await renderPage({ lines, dpi: 200, skewDeg, rotationDeg });
      const file = join(dir, `page-${skewDeg}-${rotationDeg}.png`);
      await writeFile(file, page.png);
      const measured = await measureDeskew(truth(file, skewDeg, rotationDeg), join(dir, 'work'));
      expect(measured).not.toBeNull();
      expect(measured!).toBeCloseTo(skewDeg, 0);
    },
  );
});
