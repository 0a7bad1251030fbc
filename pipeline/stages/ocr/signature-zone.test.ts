/**
 * The second look at the signature zone: unit behaviour of its parts on pixels and OCR results
 * built in code, and the whole on a signed page rendered in colour (red seal ring over the name,
 * blue signature) read by the real OCR engine.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblyPage, buildOcr } from '../../../tests/fixtures/ocr.js';
import { renderSignedPage } from '../../../tests/fixtures/render.js';
import type { OcrResult, PreparedPage } from '../../domain.js';
import { recognizePage } from '../../page-pipeline.js';
import { draftMetadata } from '../draft-metadata.js';
import type { OcrEngine } from './engine.js';
import { mergeZone, textBands, zonePixels } from './signature-zone.js';
import { createTesseractEngine } from './tesseract.js';

describe('zonePixels', () => {
  it('turns red and blue ink to paper on a colour page and keeps black type', async () => {
    const w = 30;
    const rgb = Buffer.alloc(w * 10 * 3, 250);
    const put = (x: number, y: number, c: [number, number, number]): void => {
      rgb.set(c, (y * w + x) * 3);
    };
    for (let y = 0; y < 10; y++) {
      put(5, y, [20, 20, 20]); // type
      put(10, y, [210, 40, 40]); // seal
      put(15, y, [30, 60, 170]); // signature
    }
    const jpegless = await sharp(rgb, { raw: { width: w, height: 10, channels: 3 } })
      .png()
      .toBuffer();
    const px = await zonePixels(jpegless, { x0: 0, y0: 0, x1: w, y1: 10 });
    expect(px.dropped).toBe(true);
    expect(px.data[5]).toBeLessThan(40);
    expect(px.data[10]).toBe(255);
    expect(px.data[15]).toBe(255);
  });

  it('reads a grey page as it is', async () => {
    const grey = Buffer.alloc(20 * 4, 240);
    grey[3] = 10;
    const png = await sharp(grey, { raw: { width: 20, height: 4, channels: 1 } })
      .png()
      .toBuffer();
    const px = await zonePixels(png, { x0: 0, y0: 0, x1: 20, y1: 4 });
    expect(px.dropped).toBe(false);
    expect(px.data[3]).toBe(10);
  });
});

describe('textBands', () => {
  it('finds lines of type, lowest first, and not a ring or a thin stroke', () => {
    const width = 200;
    const height = 200;
    const data = Buffer.alloc(width * height, 255);
    const fill = (x0: number, x1: number, y0: number, y1: number): void => {
      for (let y = y0; y < y1; y++) data.fill(0, y * width + x0, y * width + x1);
    };
    fill(20, 180, 20, 38); // a line of type
    fill(20, 180, 150, 168); // the name
    for (let y = 60; y < 140; y++) fill(40, 44, y, y + 1); // a ring's side: thin, tall
    fill(20, 180, 100, 101); // the signature's underline: dense, one row
    const bands = textBands({ data, width, height }, 18);
    expect(bands).toEqual([
      { y0: 150, y1: 168 },
      { y0: 20, y1: 38 },
    ]);
  });
});

describe('mergeZone', () => {
  it('replaces the words in the zone and keeps reading order and text in step', () => {
    const page = buildOcr(
      [
        { text: 'Nơi nhận: KT. GIÁM ĐỐC', y: 40, x: 20 },
        { text: 'PHÓ GIÁM ĐỐC', y: 48, x: 120 },
        { text: 'Ngo Pbúc', y: 80, x: 125 },
        { text: 'Trang cuối', y: 120, x: 20 },
      ],
      { dpi: 200 },
    );
    const nameWords = page.words.filter((w) => w.text === 'Ngo' || w.text === 'Pbúc');
    const zone = {
      x0: Math.min(...nameWords.map((w) => w.bbox.x0)) - 20,
      y0: Math.min(...nameWords.map((w) => w.bbox.y0)) - 20,
      x1: Math.max(...nameWords.map((w) => w.bbox.x1)) + 20,
      y1: Math.max(...nameWords.map((w) => w.bbox.y1)) + 20,
    };
    const zoneRead = buildOcr([{ text: 'Phạm Ngọc Phúc', y: 5, x: 2 }], { dpi: 200 });
    const merged = mergeZone(page, zone, zoneRead);
    expect(merged.text.split('\n').filter((l) => l !== '')).toEqual([
      'Nơi nhận: KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Phạm Ngọc Phúc',
      'Trang cuối',
    ]);
    for (const [i, l] of merged.lines.entries()) {
      for (const w of merged.words.slice(l.wordStart, l.wordEnd)) expect(w.line).toBe(i);
    }
    const phuc = merged.words.find((w) => w.text === 'Phúc');
    expect(phuc?.bbox.x0).toBe((zoneRead.words[2]?.bbox.x0 ?? 0) + zone.x0);
    expect(phuc?.bbox.y0).toBe((zoneRead.words[2]?.bbox.y0 ?? 0) + zone.y0);
  });
});

describe('recognizePage on a signed page (real OCR engine)', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createTesseractEngine({
      languages: ['vie', 'eng'],
      variant: 'best_int',
      workers: 1,
    });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
  });

  it('reads the signer’s name from under the seal, and the draft takes it', async () => {
    const page = await renderSignedPage({
      block: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      name: 'Phạm Ngọc Phúc',
    });
    const base = assemblyPage(0, null, {}, page.dpi).prepared;
    const prepared: PreparedPage = {
      ...base,
      encoded: page.png,
      mediaType: 'image/jpeg',
      width: page.width,
      height: page.height,
      colorMode: 'rgb',
    };
    const ocr = (await recognizePage(prepared, engine)) as OcrResult;
    // the surname under the ring is in the text again (the page reading alone loses it; its
    // tone mark may stay lost, the draft restores it from the names lexicon)
    expect(ocr.words.some((w) => /^Ph[aạ]m$/u.test(w.text))).toBe(true);
    const m = draftMetadata([{ index: 0, prepared, ocr }]);
    expect(m.signerName.value).toBe('Phạm Ngọc Phúc');
    expect(m.signerTitle.value).toBe('PHÓ GIÁM ĐỐC');
    expect(m.signerAuthority.value).toBe('KT.');
    // the name's source boxes are where the name is printed: the lower right of the page
    const box = m.signerName.sources[0]?.boxes[0];
    expect(box?.x0 ?? 0).toBeGreaterThan(page.width / 2 - page.width * 0.1);
  }, 120_000);
});
