import { greyRaster } from '../../tests/fixtures/render.js';
import { describe, expect, it } from 'vitest';
import { ADMIN_FIRST_PAGE, renderPage, scanOnBed } from '../../tests/fixtures/render.js';
import type { Box, RasterImage } from '../domain.js';
import { findSheet, toImageBox, turnWork } from './borders.js';
import { measureSkewOf, rotateImage } from './deskew.js';
import { workPage } from './image/ink.js';
import { cropRaster } from './raster.js';

const DPI = 100;

/** What prepare does: measure, straighten, find the sheet, crop. */
async function cropToSheet(img: RasterImage): Promise<{ crop: Box | null; out: RasterImage }> {
  const work = workPage(img, DPI);
  const skew = measureSkewOf(work);
  const angle = skew.confidence >= 0.5 ? skew.angleDeg : 0;
  const straight = await rotateImage(img, angle);
  const t = await turnWork(work, angle);
  const box = findSheet(t);
  const crop =
    box && toImageBox(box, t.scale, t.grey.width, t.grey.height, straight.width, straight.height);
  return { crop, out: crop ? await cropRaster(straight, crop) : straight };
}

/**
 * Ink mass (darkness summed over white paper): resampling blurs text but keeps its mass, and
 * any bed left in the crop adds to it.
 */
const inkMass = (img: RasterImage): number => img.data.reduce((n, v) => n + (255 - v), 0);

/** Mean grey of the outermost `px` pixels on each side. */
function edgeMeans(img: RasterImage, px = 2): number[] {
  const { width: w, height: h, data } = img;
  const mean = (x0: number, y0: number, x1: number, y1: number): number => {
    let s = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += data[y * w + x]!;
    return s / ((x1 - x0) * (y1 - y0));
  };
  return [mean(0, 0, px, h), mean(0, 0, w, px), mean(w - px, 0, w, h), mean(0, h - px, w, h)];
}

describe('findSheet', () => {
  it('crops a skewed sheet out of a dark scanner border, keeping all its text', async () => {
    const sheet = await renderPage({ lines: [...ADMIN_FIRST_PAGE, ...ADMIN_FIRST_PAGE], dpi: DPI });
    const png = await scanOnBed({
      png: sheet.png,
      skewDeg: -4,
      border: { top: 12, right: 20, bottom: 9, left: 26 },
      dpi: DPI,
    });
    const scanned = await greyRaster(png);
    const { crop, out } = await cropToSheet(scanned);
    expect(crop).not.toBeNull();
    // The sheet is 827 × 1169 at 100 dpi; the crop stays within 1.5 mm of it.
    expect(Math.abs(out.width - sheet.width)).toBeLessThanOrEqual(6);
    expect(Math.abs(out.height - sheet.height)).toBeLessThanOrEqual(6);
    for (const m of edgeMeans(out)) expect(m).toBeGreaterThan(200);
    const textBefore = inkMass(await greyRaster(sheet.png));
    expect(Math.abs(inkMass(out) - textBefore) / textBefore).toBeLessThan(0.05);
  });

  it('leaves a page without a dark border alone', async () => {
    const png = (await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI, skewDeg: 3 })).png;
    expect((await cropToSheet(await greyRaster(png))).crop).toBeNull();
  });

  it('crops only the sides the border shows on', async () => {
    const sheet = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI });
    const png = await scanOnBed({
      png: sheet.png,
      border: { top: 0, right: 0, bottom: 30, left: 25 },
      dpi: DPI,
    });
    const { crop } = await cropToSheet(await greyRaster(png));
    expect(crop).not.toBeNull();
    expect(crop!.y0).toBe(0);
    expect(crop!.x1).toBe(sheet.width + 25);
    expect(crop!.x0).toBeGreaterThanOrEqual(25);
    expect(crop!.x0).toBeLessThanOrEqual(29);
    expect(crop!.y1).toBeGreaterThanOrEqual(sheet.height - 4);
  });

  it('never cuts a dark picture that runs off the edge of the page', async () => {
    const img = await greyRaster((await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI })).png);
    // A photograph printed to the left edge over a third of the page's height.
    for (let y = 500; y < 900; y++) for (let x = 0; x < 300; x++) img.data[y * img.width + x] = 30;
    const { crop, out } = await cropToSheet(img);
    expect(crop === null || crop.x0 === 0).toBe(true);
    expect(out.width).toBe(img.width);
  });

  it('never cuts text standing close to the border', async () => {
    const sheet = await renderPage({
      lines: ADMIN_FIRST_PAGE.map((l) => ({ ...l, align: 'left' as const, xMm: 2 })),
      dpi: DPI,
    });
    const png = await scanOnBed({
      png: sheet.png,
      skewDeg: 1.5,
      border: { top: 15, right: 15, bottom: 15, left: 15 },
      dpi: DPI,
    });
    const { out } = await cropToSheet(await greyRaster(png));
    const textBefore = inkMass(await greyRaster(sheet.png));
    expect(inkMass(out)).toBeGreaterThan(textBefore * 0.95);
  });
});
