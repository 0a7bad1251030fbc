import { describe, expect, it } from 'vitest';
import type { RasterImage } from '../domain.js';
import {
  cropRaster,
  histogram,
  histogramQuantile,
  lumaPlane,
  paperLevel,
  reducedGrey,
  rotateKeepingSize,
  turnClockwise,
} from './raster.js';

const grey = (width: number, height: number, f: (x: number, y: number) => number): RasterImage => {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { data, width, height, channels: 1 };
};

describe('histogram and quantile', () => {
  it('counts samples and finds quantiles', () => {
    const img = grey(10, 10, (x) => x * 20);
    const h = histogram(lumaPlane(img));
    expect(h[0]).toBe(10);
    expect(h[180]).toBe(10);
    expect(histogramQuantile(h, 0.5)).toBe(80);
    expect(histogramQuantile(h, 1)).toBe(180);
  });
});

describe('lumaPlane', () => {
  it('weights red, green and blue as Rec. 601', () => {
    const data = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, 200]);
    const p = lumaPlane({ data, width: 4, height: 1, channels: 3 });
    expect([...p.data]).toEqual([76, 150, 29, 200]);
  });

  it('returns grey images without copying', () => {
    const img = grey(3, 3, () => 9);
    expect(lumaPlane(img).data).toBe(img.data);
  });
});

describe('paperLevel', () => {
  it('follows uneven lighting and ignores the ink on it', () => {
    // Paper fading from 250 to 170 left to right, with a dark block of text in the middle.
    const img = grey(400, 200, (x, y) =>
      x > 180 && x < 220 && y > 80 && y < 120 ? 20 : Math.round(250 - (x / 400) * 80),
    );
    const level = paperLevel(lumaPlane(img), 40);
    const at = (x: number, y: number): number => level[y * 400 + x]!;
    expect(Math.abs(at(10, 100) - 248)).toBeLessThan(8);
    expect(Math.abs(at(390, 100) - 172)).toBeLessThan(8);
    expect(at(200, 100)).toBeGreaterThan(190);
  });
});

describe('turnClockwise and cropRaster', () => {
  const img = grey(4, 2, (x, y) => y * 4 + x);

  it('turns a quarter clockwise: the top-left pixel goes top-right', async () => {
    const t = await turnClockwise(img, 90);
    expect(t).toMatchObject({ width: 2, height: 4, channels: 1 });
    expect([...t.data]).toEqual([4, 0, 5, 1, 6, 2, 7, 3]);
  });

  it('returns the same image for no turn', async () => {
    expect(await turnClockwise(img, 0)).toBe(img);
  });

  it('crops to a box, clamped to the image', async () => {
    const c = await cropRaster(img, { x0: 1, y0: 1, x1: 10, y1: 10 });
    expect(c).toMatchObject({ width: 3, height: 1 });
    expect([...c.data]).toEqual([5, 6, 7]);
    expect(await cropRaster(img, { x0: 0, y0: 0, x1: 4, y1: 2 })).toBe(img);
  });
});

describe('rotateKeepingSize', () => {
  it('keeps the size and fills the uncovered corners', async () => {
    const img = grey(120, 80, () => 0);
    const r = await rotateKeepingSize(img, 10, [255]);
    expect(r).toMatchObject({ width: 120, height: 80, channels: 1 });
    expect(r.data[0]).toBe(255);
    expect(r.data[40 * 120 + 60]).toBe(0);
  });
});

describe('reducedGrey', () => {
  it('reduces to about the target resolution and never enlarges', async () => {
    const img = grey(900, 600, (x) => (x % 2 ? 0 : 255));
    const r = await reducedGrey(img, 300, 100);
    expect(r.plane).toMatchObject({ width: 300, height: 200 });
    expect(r.scale).toBeCloseTo(1 / 3, 5);
    // Thin strokes average to grey instead of vanishing.
    expect(Math.abs(r.plane.data[100 * 300 + 150]! - 128)).toBeLessThan(40);
    expect((await reducedGrey(img, 100, 300)).scale).toBe(1);
  });
});
