/**
 * The OCR stage (with orientation detection) on real pages of the shared corpus: a computer-printed
 * and a typewritten synthetic administrative page, a page scanned a quarter turn off, and a real
 * Vietnamese administrative scan. Skipped when ../shared/corpus is absent. Accuracy bounds are the
 * per-page target for the vn pages (word error ≤ 10 % at the 90th percentile), not timings.
 */
import { CORPUS_DIR, corpusSource } from '../../../tests/fixtures/corpus.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordErrors } from '../../../bench/metrics.js';
import { decodeFrame } from '../decode.js';
import { preparePage } from '../prepare.js';
import type { OcrEngine } from './engine.js';
import { createTesseractEngine } from './tesseract.js';

const CORPUS = CORPUS_DIR;
const LIMITS = { maxPixels: 100_000_000 };
const OPTS = { orientationMinConfidence: 0.5, maxSkewDeg: 15, jpegQuality: 80 };

/** GT words missing from the output, as a multiset, over the GT word count. */
function wordError(truth: string, output: string): number {
  const { errors, total } = wordErrors(truth, output);
  return errors / total;
}

const CASES = [
  {
    image: 'vn/vn_s_002_p1.jpg',
    gt: 'vn/vn_s_002_p1.gt.txt',
    turn: 0,
    what: 'printed, skewed −6.9°',
    maxMissed: 0.1,
  },
  {
    image: 'vn/vn_s_031_p1.tif',
    gt: 'vn/vn_s_031_p1.gt.txt',
    turn: 0,
    what: 'typewritten, bitonal',
    maxMissed: 0.1,
  },
  {
    image: 'vn/vn_s_026_p2.jpg',
    gt: 'vn/vn_s_026_p2.gt.txt',
    turn: 270,
    what: 'a quarter turn off',
    maxMissed: 0.1,
  },
  {
    image: 'real/vn_admin/sgddt_danang_2020_p1.jpg',
    gt: 'real/vn_admin/sgddt_danang_2020_p1.gt.txt',
    turn: 0,
    what: 'a real administrative scan',
    // Stamped, with handwriting: a guard against regressions, not the vn target.
    maxMissed: 0.15,
  },
] as const;

describe.skipIf(!existsSync(CORPUS))('OCR on corpus pages', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createTesseractEngine({
      languages: ['vie', 'eng'],
      variant: 'best_int',
      workers: 1,
    });
  });
  afterAll(async () => {
    await engine.close();
  });

  for (const c of CASES) {
    it(`reads ${c.image} (${c.what}) upright, missing at most ${c.maxMissed * 100} % of its words`, async () => {
      const decoded = await decodeFrame(corpusSource(join(CORPUS, c.image)), 0, LIMITS);
      const prepared = await preparePage(decoded, engine, OPTS);
      expect(prepared.findings.rotationDeg).toBe(c.turn);
      // A page that was turned must have been turned on a confident decision.
      if (c.turn !== 0) {
        expect(prepared.findings.rotationConfidence).toBeGreaterThanOrEqual(
          OPTS.orientationMinConfidence,
        );
      }
      const ocr = await engine.recognize(prepared.encoded, { dpi: prepared.dpi.x });
      expect(ocr.text).toBe(ocr.text.normalize('NFC'));
      expect(wordError(readFileSync(join(CORPUS, c.gt), 'utf8'), ocr.text)).toBeLessThanOrEqual(
        c.maxMissed,
      );
      // Every word sits inside the image it was read from, with a confidence on Tesseract's scale.
      for (const w of ocr.words) {
        expect(w.bbox.x0).toBeGreaterThanOrEqual(0);
        expect(w.bbox.y0).toBeGreaterThanOrEqual(0);
        expect(w.bbox.x1).toBeLessThanOrEqual(ocr.width);
        expect(w.bbox.y1).toBeLessThanOrEqual(ocr.height);
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(100);
      }
    });
  }
});
