/**
 * The image stages against the shared corpus (../shared/corpus): deskew accuracy on the synthetic
 * Vietnamese pages, the DPI mismatch, blank and separator flags, and the broken files. Skipped
 * when the corpus is not there; takes a minute or two when it is.
 */
import { CORPUS_DIR, corpusSource, vnPages } from '../../../tests/fixtures/corpus.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StageError } from '../../../core/errors.js';
import { countFrames, decodeFrame } from '../decode.js';
import { measureSkew } from '../deskew.js';
import { preparePage } from '../prepare.js';
import { turnClockwise } from '../raster.js';

const CORPUS = CORPUS_DIR;
const LIMITS = { maxPixels: 100_000_000 };
const OPTS = { orientationMinConfidence: 0.5, maxSkewDeg: 15, jpegQuality: 80 };

/** The orientation detector the OCR engine would be, answering what the corpus recorded. */
const knownTurn = (rotationDeg: 0 | 90 | 180 | 270) => ({
  detectOrientation: () => Promise.resolve({ rotationDeg, confidence: 1 }),
});

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describe.skipIf(!existsSync(CORPUS))('image stages on the corpus', () => {
  it('measures the skew of the vn pages (median ≤ 0.1°, p95 ≤ 0.2°) and flags exactly the blank and separator pages', async () => {
    const errors: number[] = [];
    const wrongFlags: string[] = [];
    for (const p of vnPages(CORPUS)) {
      const page = await decodeFrame(corpusSource(join(CORPUS, 'vn', p.image)), 0, LIMITS);
      // The corpus records the quarter turn separately; undo it as orientation detection would.
      const upright = await turnClockwise(
        page.image,
        ((360 - p.rotationDeg) % 360) as 0 | 90 | 180 | 270,
      );
      // Blank backs have no text lines to measure; their skew is not asked for.
      if (!p.isBlank) errors.push(Math.abs(measureSkew(upright, page.dpi.x).angleDeg - p.skewDeg));
      const prepared = await preparePage(page, knownTurn(p.rotationDeg), OPTS);
      const f = prepared.findings;
      if (f.isBlank !== p.isBlank || f.isSeparator !== p.isSeparator) wrongFlags.push(p.id);
    }
    errors.sort((a, b) => a - b);
    expect(errors.length).toBeGreaterThan(70);
    expect(quantile(errors, 0.5)).toBeLessThanOrEqual(0.1);
    expect(quantile(errors, 0.95)).toBeLessThanOrEqual(0.2);
    expect(wrongFlags).toEqual([]);
  }, 900_000);

  it('notices that vn_s_017_p1, a 300 dpi scan, says 72 dpi', async () => {
    const page = await decodeFrame(corpusSource(join(CORPUS, 'vn', 'vn_s_017_p1.jpg')), 0, LIMITS);
    expect(page.dpi).toEqual({ x: 300, y: 300, source: 'inferred', tag: 72, suspect: true });
  });

  it('finds the real Patch T sheets and nothing else', async () => {
    const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as {
      cases: { file?: string; pages?: { page: number; isSeparator?: boolean }[] | null }[];
    };
    const missed: string[] = [];
    const wrong: string[] = [];
    for (const c of manifest.cases) {
      if (!c.file?.startsWith('real/separators/') || !c.pages) continue;
      const src = corpusSource(join(CORPUS, c.file));
      for (const p of c.pages) {
        const prepared = await preparePage(
          await decodeFrame(src, p.page - 1, LIMITS),
          knownTurn(0),
          OPTS,
        );
        const id = `${c.file}#${p.page}`;
        if (prepared.findings.isSeparator && !p.isSeparator) wrong.push(id);
        if (!prepared.findings.isSeparator && p.isSeparator) missed.push(id);
      }
    }
    expect(wrong).toEqual([]);
    expect(missed).toEqual([]);
  }, 600_000);

  it('finds the one-line strips crom.png and 3small.pdf p2 not blank', async () => {
    for (const [file, frame] of [
      ['real/ocrmypdf/crom.png', 0],
      ['real/ocrmypdf/3small.pdf', 1],
    ] as const) {
      const page = await decodeFrame(corpusSource(join(CORPUS, file)), frame, LIMITS);
      const prepared = await preparePage(page, knownTurn(0), OPTS);
      expect(prepared.findings.isBlank, file).toBe(false);
    }
  });

  it('reports the skew of skew.pdf and rotated_skew.pdf, which lies in how the image is placed', async () => {
    const truth = { 'skew.pdf': -1.865, 'rotated_skew.pdf': 2.792 };
    for (const [f, skewDeg] of Object.entries(truth)) {
      const page = await decodeFrame(corpusSource(join(CORPUS, 'real/ocrmypdf', f)), 0, LIMITS);
      const prepared = await preparePage(page, knownTurn(0), OPTS);
      expect(Math.abs(prepared.findings.skewDeg - skewDeg), f).toBeLessThan(0.1);
    }
  });

  it('takes the page image of skew.pdf and rotated_skew.pdf as linn.pdf has it, unresampled', async () => {
    const linn = await decodeFrame(corpusSource(join(CORPUS, 'real/ocrmypdf/linn.pdf')), 0, LIMITS);
    for (const f of ['skew.pdf', 'rotated_skew.pdf']) {
      const p = await decodeFrame(corpusSource(join(CORPUS, 'real/ocrmypdf', f)), 0, LIMITS);
      expect(p).toMatchObject({ colorMode: 'bilevel', dpi: { x: 300, y: 300 } });
      expect(p.image.data.equals(linn.image.data)).toBe(true);
    }
  });

  it('decodes every bad/ file or refuses it with a StageError', async () => {
    const expected: Record<string, string> = {
      'hugemono.pdf': 'decode.too_many_pixels',
      'invalid.pdf': 'decode.corrupt',
      'password-is-test.pdf': 'decode.pdf_password',
      'encrypted.pdf': 'decode.pdf_password',
    };
    const outcomes: Record<string, string> = {};
    for (const f of readdirSync(join(CORPUS, 'bad')).sort()) {
      const src = corpusSource(join(CORPUS, 'bad', f));
      try {
        const n = await countFrames(src, LIMITS);
        for (let i = 0; i < Math.min(n, 3); i++) await decodeFrame(src, i, LIMITS);
        outcomes[f] = 'decoded';
      } catch (err) {
        expect(err, f).toBeInstanceOf(StageError);
        outcomes[f] = (err as StageError).code;
      }
    }
    for (const [f, code] of Object.entries(expected)) expect(outcomes[f], f).toBe(code);
    expect(outcomes['multi-page-images-alpha.tiff']).toBe('decoded');
  }, 600_000);
});
