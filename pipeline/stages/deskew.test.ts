import { greyRaster } from '../../tests/fixtures/render.js';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_FIRST_PAGE,
  renderPage,
  scanOnBed,
  type TextLine,
} from '../../tests/fixtures/render.js';
import type { RasterImage } from '../domain.js';
import { measureSkew, rotateImage } from './deskew.js';

const BODY: readonly TextLine[] = [
  ...ADMIN_FIRST_PAGE,
  ...Array.from({ length: 12 }, (_, i) => ({
    text:
      i % 2 === 0
        ? 'Các cơ quan, đơn vị lập danh mục hồ sơ, tài liệu cần số hóa theo thứ tự ưu tiên;'
        : 'Trung tâm Lưu trữ lịch sử tỉnh chủ trì, phối hợp kiểm tra chất lượng dữ liệu.',
    pt: 13,
  })),
];

const page = async (skewDeg: number, rotationDeg: 0 | 90 = 0): Promise<RasterImage> =>
  greyRaster((await renderPage({ lines: BODY, dpi: 200, skewDeg, rotationDeg })).png);

describe('measureSkew', () => {
  it.each([-7.3, -2.5, -0.6, 0.35, 1.2, 4.8, 9.5, 14])(
    'measures a page turned %s° to within 0.15°',
    async (skew) => {
      const r = measureSkew(await page(skew), 200);
      expect(Math.abs(r.angleDeg - skew)).toBeLessThanOrEqual(0.15);
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    },
  );

  it('measures a straight page as straight, so it is left untouched', async () => {
    const img = await page(0);
    const r = measureSkew(img, 200);
    expect(Math.abs(r.angleDeg)).toBeLessThan(0.05);
    expect(await rotateImage(img, r.angleDeg)).toBe(img);
  });

  it('ignores a dark scanner bed around a skewed sheet', async () => {
    const sheet = (await renderPage({ lines: BODY, dpi: 200 })).png;
    const png = await scanOnBed({
      png: sheet,
      skewDeg: 3.4,
      border: { top: 20, right: 35, bottom: 15, left: 40 },
    });
    const r = measureSkew(await greyRaster(png), 200);
    expect(Math.abs(r.angleDeg - 3.4)).toBeLessThanOrEqual(0.15);
  });

  it('gives no confidence on a page without text lines', async () => {
    const blank = await greyRaster((await renderPage({ lines: [], dpi: 200 })).png);
    expect(measureSkew(blank, 200)).toEqual({ angleDeg: 0, confidence: 0 });
  });

  it('gives low confidence on a picture (scattered blobs, no lines)', () => {
    const w = 1654;
    const h = 2339;
    const data = Buffer.alloc(w * h, 235);
    let s = 7;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32);
    for (let k = 0; k < 900; k++) {
      const cx = rnd() * w;
      const cy = rnd() * h;
      const r = 5 + rnd() * 40;
      for (let y = Math.max(0, cy - r) | 0; y < Math.min(h, cy + r); y++) {
        for (let x = Math.max(0, cx - r) | 0; x < Math.min(w, cx + r); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * w + x] = 40;
        }
      }
    }
    expect(measureSkew({ data, width: w, height: h, channels: 1 }, 200).confidence).toBeLessThan(
      0.5,
    );
  });

  it('measures a page lying on its side too, by its aligned margins', async () => {
    // The skew is the same before and after a quarter turn, so either order of orientation and
    // deskew straightens the page.
    expect(Math.abs(measureSkew(await page(2, 90), 200).angleDeg - 2)).toBeLessThanOrEqual(0.15);
  });

  it('gives low confidence on a single short line', async () => {
    const one = await greyRaster(
      (await renderPage({ lines: ['Kính gửi: Sở Nội vụ'], dpi: 200 })).png,
    );
    expect(measureSkew(one, 200).confidence).toBeLessThan(0.5);
  });

  it('does not trust an angle at the end of the search range', async () => {
    const img = await page(18);
    expect(Math.abs(measureSkew(img, 200, { maxAngleDeg: 25 }).angleDeg - 18)).toBeLessThan(0.15);
    expect(measureSkew(img, 200, { maxAngleDeg: 10 }).confidence).toBeLessThan(0.5);
  });
});

describe('rotateImage', () => {
  it('straightens a skewed page: turning by the measured angle leaves it straight', async () => {
    const img = await page(3);
    const straight = await rotateImage(img, 3);
    expect(straight).toMatchObject({ width: img.width, height: img.height, channels: 1 });
    expect(Math.abs(measureSkew(straight, 200).angleDeg)).toBeLessThanOrEqual(0.15);
    // The opposite turn doubles the skew: the sign convention is the corpus'.
    expect(Math.abs(measureSkew(await rotateImage(img, -3), 200).angleDeg - 6)).toBeLessThanOrEqual(
      0.15,
    );
  });

  it('fills the uncovered corners with white, in colour too', async () => {
    const data = Buffer.alloc(300 * 200 * 3, 0);
    const r = await rotateImage({ data, width: 300, height: 200, channels: 3 }, 5);
    expect(r).toMatchObject({ width: 300, height: 200, channels: 3 });
    expect([...r.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('returns the image itself below 0.05°', async () => {
    const img = await page(0);
    expect(await rotateImage(img, 0.049)).toBe(img);
    expect(await rotateImage(img, 0.2)).not.toBe(img);
  });
});
