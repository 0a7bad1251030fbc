/**
 * Word boxes on a page. OCR and the draft's sources give boxes in the pixels of the clean image;
 * the IIIF service serves that image turned by the reviewer's `reviewRotation`, so the boxes are
 * turned the same way before they are drawn over it.
 */
import type { Box, Rotation } from './types.js';

/** Size of a `width` × `height` image after a clockwise turn of `deg`. */
export function rotatedSize(
  width: number,
  height: number,
  deg: Rotation,
): { width: number; height: number } {
  return deg === 90 || deg === 270 ? { width: height, height: width } : { width, height };
}

/**
 * `box` on a `width` × `height` image, moved to where it lies once the image is turned clockwise
 * by `deg`. The result is normalised (x0 ≤ x1, y0 ≤ y1).
 */
export function rotateBox(box: Box, width: number, height: number, deg: Rotation): Box {
  switch (deg) {
    case 0:
      return { ...box };
    case 90:
      return { x0: height - box.y1, y0: box.x0, x1: height - box.y0, y1: box.x1 };
    case 180:
      return { x0: width - box.x1, y0: height - box.y1, x1: width - box.x0, y1: height - box.y0 };
    case 270:
      return { x0: box.y0, y0: width - box.x1, x1: box.y1, y1: width - box.x0 };
  }
}

/** The smallest box holding all of `boxes`, or null for none. */
export function unionBox(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  return boxes.reduce((u, b) => ({
    x0: Math.min(u.x0, b.x0),
    y0: Math.min(u.y0, b.y0),
    x1: Math.max(u.x1, b.x1),
    y1: Math.max(u.y1, b.y1),
  }));
}

/**
 * `box` grown by `margin` of the image's larger side on every side and to at least `minSide` of
 * it, kept inside the image: the region the viewer shows around a field's words, so the reviewer
 * sees them in context instead of one word filling the screen.
 */
export function focusRegion(
  box: Box,
  width: number,
  height: number,
  opts: { margin?: number; minSide?: number } = {},
): Box {
  const side = Math.max(width, height);
  const margin = (opts.margin ?? 0.04) * side;
  const minSide = (opts.minSide ?? 0.35) * side;
  const grow = (lo: number, hi: number, limit: number): [number, number] => {
    let a = lo - margin;
    let b = hi + margin;
    const short = minSide - (b - a);
    if (short > 0) {
      a -= short / 2;
      b += short / 2;
    }
    if (a < 0) [a, b] = [0, b - a];
    if (b > limit) [a, b] = [Math.max(0, a - (b - limit)), limit];
    return [a, b];
  };
  const [x0, x1] = grow(box.x0, box.x1, width);
  const [y0, y1] = grow(box.y0, box.y1, height);
  return { x0, y0, x1, y1 };
}

/** OCR words below this confidence (0–100) are highlighted for the reviewer. */
export const LOW_WORD_CONFIDENCE = 60;

/** Whether a well-formed box: finite corners, positive area. */
export const isBox = (v: unknown): v is Box => {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  return ok(b.x0) && ok(b.y0) && ok(b.x1) && ok(b.y1) && b.x1 > b.x0 && b.y1 > b.y0;
};
