/**
 * Pixel helpers shared by the image stages. Whole-page work (resampling, turning, cropping) goes
 * through sharp so it runs in libvips, off the event loop; the JavaScript loops here only ever see
 * one 8-bit plane, usually a reduced copy of the page.
 */
import sharp, { type Sharp } from 'sharp';
import type { Box, RasterImage } from '../domain.js';

/** One 8-bit channel, row-major. */
export interface Plane {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A sharp pipeline reading the raw pixels of `image`. */
export function toSharp(image: RasterImage): Sharp {
  return sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
}

/** Runs `pipeline` and reads the result back as 8-bit grey (1) or sRGB (3). */
export async function rasterFromSharp(pipeline: Sharp, channels: 1 | 3): Promise<RasterImage> {
  const { data, info } = await pipeline
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels };
}

/**
 * The luminance of `image` (Rec. 601 weights, as libvips and tesseract use). Grey images are
 * returned without copying.
 */
export function lumaPlane(image: RasterImage): Plane {
  if (image.channels === 1) return { data: image.data, width: image.width, height: image.height };
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  const src = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    // Integer weights (×1024) of 0.299, 0.587, 0.114.
    out[i] = (306 * src[j]! + 601 * src[j + 1]! + 117 * src[j + 2]! + 512) >> 10;
  }
  return { data: out, width: image.width, height: image.height };
}

/**
 * A reduced grey copy of `image` at about `targetDpi` (never enlarged). Area averaging keeps thin
 * strokes as grey instead of dropping them, which is what the line and ink measures need.
 */
export async function reducedGrey(
  image: RasterImage,
  dpi: number,
  targetDpi: number,
): Promise<{ plane: Plane; scale: number }> {
  const factor = Math.max(1, dpi / targetDpi);
  if (factor < 1.25) return { plane: lumaPlane(image), scale: 1 };
  const width = Math.max(1, Math.round(image.width / factor));
  const height = Math.max(1, Math.round(image.height / factor));
  const { data, info } = await toSharp(image)
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return {
    plane: { data, width: info.width, height: info.height },
    scale: info.width / image.width,
  };
}

/** Turns `image` clockwise by a quarter turn (lossless). */
export async function turnClockwise(
  image: RasterImage,
  deg: 0 | 90 | 180 | 270,
): Promise<RasterImage> {
  if (deg === 0) return image;
  return rasterFromSharp(toSharp(image).rotate(deg), image.channels);
}

/**
 * `image` turned clockwise by `angleDeg` about its centre, keeping its size: what leaves the
 * frame is lost and what enters it is `background` (one value per channel).
 */
export async function rotateKeepingSize(
  image: RasterImage,
  angleDeg: number,
  background: readonly number[],
): Promise<RasterImage> {
  const [r = 255, g = r, b = r] = background;
  // sharp grows the canvas to hold the turned image; the centre crop restores the size.
  const turned = await rasterFromSharp(
    toSharp(image).rotate(angleDeg, { background: { r, g, b } }),
    image.channels,
  );
  const left = Math.max(0, Math.round((turned.width - image.width) / 2));
  const top = Math.max(0, Math.round((turned.height - image.height) / 2));
  return rasterFromSharp(
    toSharp(turned).extract({
      left,
      top,
      width: Math.min(image.width, turned.width - left),
      height: Math.min(image.height, turned.height - top),
    }),
    image.channels,
  );
}

/** The part of `image` inside `box` (x1, y1 exclusive), clamped to the image. */
export async function cropRaster(image: RasterImage, box: Box): Promise<RasterImage> {
  const left = clamp(Math.round(box.x0), 0, image.width - 1);
  const top = clamp(Math.round(box.y0), 0, image.height - 1);
  const width = clamp(Math.round(box.x1) - left, 1, image.width - left);
  const height = clamp(Math.round(box.y1) - top, 1, image.height - top);
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  return rasterFromSharp(toSharp(image).extract({ left, top, width, height }), image.channels);
}

/** 256-bin histogram of a plane, optionally sampling every `step`-th pixel. */
export function histogram(plane: Plane, step = 1): Uint32Array {
  const h = new Uint32Array(256);
  const d = plane.data;
  for (let i = 0; i < d.length; i += step) h[d[i]!]!++;
  return h;
}

/** The value below which `q` (0–1) of the histogram's samples lie. */
export function histogramQuantile(hist: Uint32Array, q: number): number {
  let total = 0;
  for (let i = 0; i < 256; i++) total += hist[i]!;
  const target = q * total;
  let acc = 0;
  for (let i = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= target) return i;
  }
  return 255;
}

/**
 * The paper level around each pixel: the bright end of the grey values in blocks of about
 * `blockPx`, interpolated between block centres. Ink is then judged against its own surroundings,
 * which keeps uneven lighting and yellowed paper from reading as ink.
 */
export function paperLevel(plane: Plane, blockPx: number): Uint8Array {
  const { width: w, height: h, data } = plane;
  const bw = Math.max(1, Math.round(blockPx));
  const nx = Math.max(1, Math.ceil(w / bw));
  const ny = Math.max(1, Math.ceil(h / bw));
  const level = new Float32Array(nx * ny);
  const hist = new Uint32Array(256);
  for (let by = 0; by < ny; by++) {
    for (let bx = 0; bx < nx; bx++) {
      hist.fill(0);
      const x0 = bx * bw;
      const y0 = by * bw;
      const x1 = Math.min(w, x0 + bw);
      const y1 = Math.min(h, y0 + bw);
      for (let y = y0; y < y1; y++) {
        const row = y * w;
        for (let x = x0; x < x1; x++) hist[data[row + x]!]!++;
      }
      // The 90th percentile ignores specks of noise brighter than the paper and still finds the
      // paper in blocks that are mostly ink.
      level[by * nx + bx] = histogramQuantile(hist, 0.9);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = clamp((y + 0.5) / bw - 0.5, 0, ny - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(ny - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = clamp((x + 0.5) / bw - 0.5, 0, nx - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(nx - 1, x0 + 1);
      const tx = fx - x0;
      const top = level[y0 * nx + x0]! * (1 - tx) + level[y0 * nx + x1]! * tx;
      const bottom = level[y1 * nx + x0]! * (1 - tx) + level[y1 * nx + x1]! * tx;
      out[y * w + x] = Math.round(top * (1 - ty) + bottom * ty);
    }
  }
  return out;
}

/** `v` limited to [lo, hi]. */
export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
