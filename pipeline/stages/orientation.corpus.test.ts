/**
 * Orientation detection with the real OCR engine on the shared corpus (../shared/corpus): every
 * turned page found with enough confidence to be turned back, no upright page turned. Covers the
 * pages where OSD alone does not settle it (turned pages, separator sheets, blank backs) and the
 * real scans with a recorded turn. Skipped when the corpus is not there; a few minutes when it is.
 */
import { CORPUS_DIR, corpusSource, vnPages } from '../../tests/fixtures/corpus.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from './decode.js';
import type { OcrEngine, QuarterTurn } from './ocr/engine.js';
import { createTesseractEngine } from './ocr/tesseract.js';

const CORPUS = CORPUS_DIR;
const LIMITS = { maxPixels: 100_000_000 };
/** The pipeline's ORIENTATION_MIN_CONFIDENCE default. */
const MIN_CONFIDENCE = 0.5;

interface Case {
  readonly file: string;
  readonly frame: number;
  readonly rotationDeg: QuarterTurn;
}

function cases(): Case[] {
  const vn = vnPages(CORPUS)
    .filter((p) => p.rotationDeg !== 0 || p.isBlank || p.isSeparator)
    .map((p) => ({ file: `vn/${p.image}`, frame: 0, rotationDeg: p.rotationDeg }));
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as {
    cases: { set: string; file?: string; pages?: { page: number; rotationDeg?: QuarterTurn }[] }[];
  };
  const real = manifest.cases.flatMap((c) =>
    c.set !== 'real' || c.file === undefined
      ? []
      : (c.pages ?? []).flatMap((p) =>
          p.rotationDeg === undefined
            ? []
            : [{ file: c.file!, frame: p.page - 1, rotationDeg: p.rotationDeg }],
        ),
  );
  return [...vn, ...real];
}

describe.skipIf(!existsSync(CORPUS))('orientation on the corpus', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createTesseractEngine({
      languages: ['vie', 'eng'],
      variant: 'best_int',
      workers: 1,
    });
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('turns back every turned page and no upright one', { timeout: 900_000 }, async () => {
    const wrong: string[] = [];
    let turned = 0;
    for (const c of cases()) {
      const page = await decodeFrame(corpusSource(join(CORPUS, c.file)), c.frame, LIMITS);
      const r = await engine.detectOrientation(page.image, page.dpi);
      const applied = r.confidence >= MIN_CONFIDENCE ? r.rotationDeg : 0;
      if (c.rotationDeg !== 0) turned++;
      if (applied !== c.rotationDeg) {
        wrong.push(
          `${c.file}#${c.frame + 1}: ${c.rotationDeg}, found ${r.rotationDeg} @ ${r.confidence}`,
        );
      }
    }
    expect(turned).toBeGreaterThanOrEqual(9);
    expect(wrong).toEqual([]);
  });
});
