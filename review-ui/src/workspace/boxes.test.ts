import { describe, expect, it } from 'vitest';
import { focusRegion, isBox, rotateBox, rotatedSize, unionBox } from './boxes.js';

// A 100 × 50 image with a word at its top-left corner.
const W = 100;
const H = 50;
const word = { x0: 10, y0: 5, x1: 30, y1: 15 };

describe('rotateBox', () => {
  it('leaves boxes alone without a turn', () => {
    expect(rotateBox(word, W, H, 0)).toEqual(word);
  });

  it('moves a top-left word to the top-right after a clockwise quarter turn', () => {
    // The turned image is 50 × 100; the old top edge is now the right edge.
    expect(rotateBox(word, W, H, 90)).toEqual({ x0: 35, y0: 10, x1: 45, y1: 30 });
  });

  it('moves it to the bottom-right after a half turn', () => {
    expect(rotateBox(word, W, H, 180)).toEqual({ x0: 70, y0: 35, x1: 90, y1: 45 });
  });

  it('moves it to the bottom-left after three quarter turns', () => {
    expect(rotateBox(word, W, H, 270)).toEqual({ x0: 5, y0: 70, x1: 15, y1: 90 });
  });

  it('keeps boxes inside the turned image and composes like turns do', () => {
    const { width, height } = rotatedSize(W, H, 90);
    const once = rotateBox(word, W, H, 90);
    const twice = rotateBox(once, width, height, 90);
    expect(twice).toEqual(rotateBox(word, W, H, 180));
    for (const deg of [0, 90, 180, 270] as const) {
      const s = rotatedSize(W, H, deg);
      const b = rotateBox(word, W, H, deg);
      expect(b.x0).toBeGreaterThanOrEqual(0);
      expect(b.y0).toBeGreaterThanOrEqual(0);
      expect(b.x1).toBeLessThanOrEqual(s.width);
      expect(b.y1).toBeLessThanOrEqual(s.height);
      expect((b.x1 - b.x0) * (b.y1 - b.y0)).toBe(200);
    }
  });
});

describe('rotatedSize', () => {
  it('swaps the sides for quarter turns only', () => {
    expect(rotatedSize(W, H, 90)).toEqual({ width: 50, height: 100 });
    expect(rotatedSize(W, H, 180)).toEqual({ width: 100, height: 50 });
  });
});

describe('unionBox', () => {
  it('spans every box, and is null for none', () => {
    expect(unionBox([word, { x0: 50, y0: 1, x1: 60, y1: 40 }])).toEqual({
      x0: 10,
      y0: 1,
      x1: 60,
      y1: 40,
    });
    expect(unionBox([])).toBeNull();
  });
});

describe('focusRegion', () => {
  it('grows a small box to the minimum side and keeps it inside the image', () => {
    const r = focusRegion({ x0: 0, y0: 0, x1: 2, y1: 2 }, 1000, 2000, { margin: 0, minSide: 0.1 });
    expect(r).toEqual({ x0: 0, y0: 0, x1: 200, y1: 200 });
  });

  it('adds the margin around a large box', () => {
    const r = focusRegion({ x0: 100, y0: 100, x1: 900, y1: 500 }, 1000, 1000, {
      margin: 0.05,
      minSide: 0,
    });
    expect(r).toEqual({ x0: 50, y0: 50, x1: 950, y1: 550 });
  });
});

describe('isBox', () => {
  it('accepts a box with area and refuses anything else', () => {
    expect(isBox(word)).toBe(true);
    expect(isBox({ x0: 1, y0: 1, x1: 1, y1: 5 })).toBe(false);
    expect(isBox({ x0: '1', y0: 1, x1: 3, y1: 5 })).toBe(false);
    expect(isBox(null)).toBe(false);
  });
});
