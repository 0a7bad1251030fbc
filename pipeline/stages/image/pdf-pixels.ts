/**
 * pdfjs' pixels to our rasters: decoded image objects (packed 1-bit, RGB, RGBA) and the RGBA of a
 * rendered canvas, with alpha flattened on white and neutral pages reduced to one grey channel.
 */
import type { createCanvas } from '@napi-rs/canvas';
import type { ColorMode, RasterImage } from '../../domain.js';

/** pdfjs ImageKind values. */
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

/** Converts a decoded pdfjs image object to our raster. */
export function pdfjsPixels(
  obj: unknown,
  mask: boolean,
): { image: RasterImage; colorMode: ColorMode } | null {
  const o = obj as { width?: number; height?: number; kind?: number; data?: Uint8Array } | null;
  if (o === null || typeof o.width !== 'number' || typeof o.height !== 'number' || !o.data) {
    return null;
  }
  const { width, height, data } = o;
  const n = width * height;
  if (mask || o.kind === GRAYSCALE_1BPP) {
    // Packed rows, most significant bit first. For images a 1 bit is white; for stencil masks
    // pdfjs has already applied /Decode, so a 0 bit is painted (with the fill colour: ink).
    const stride = (width + 7) >> 3;
    const out = Buffer.alloc(n);
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      for (let x = 0; x < width; x++) {
        const bit = (data[row + (x >> 3)]! >> (7 - (x & 7))) & 1;
        out[y * width + x] = bit === 1 ? 255 : 0;
      }
    }
    return { image: { data: out, width, height, channels: 1 }, colorMode: 'bilevel' };
  }
  const step = o.kind === RGBA_32BPP ? 4 : o.kind === RGB_24BPP ? 3 : 0;
  if (step === 0 || data.length < n * step) return null;
  return rgbToRaster(data, width, height, step);
}

/**
 * RGB(A) samples to our raster: alpha flattened on white, and a single grey channel when every
 * pixel is neutral (pdfjs hands grey images over as RGB).
 */
export function rgbToRaster(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  step: number,
): { image: RasterImage; colorMode: ColorMode } {
  const n = width * height;
  let grey = true;
  for (let i = 0, j = 0; i < n; i++, j += step) {
    if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) {
      grey = false;
      break;
    }
  }
  const channels = grey ? 1 : 3;
  const out = Buffer.alloc(n * channels);
  for (let i = 0, j = 0; i < n; i++, j += step) {
    const alpha = step === 4 ? data[j + 3]! : 255;
    for (let c = 0; c < channels; c++) {
      const v = data[j + c]!;
      out[i * channels + c] =
        alpha === 255 ? v : Math.round((v * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return { image: { data: out, width, height, channels }, colorMode: grey ? 'gray' : 'rgb' };
}

/** Rows read back from the canvas at a time: a whole-page RGBA copy would double the peak. */
const BAND_ROWS = 256;

/**
 * The pixels of a canvas pdfjs rendered onto (filled white first, so opaque), read in bands;
 * one grey channel when every pixel is neutral.
 */
export function readCanvas(
  ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>,
  width: number,
  height: number,
): { image: RasterImage; colorMode: ColorMode } {
  let grey = true;
  for (let y = 0; y < height && grey; y += BAND_ROWS) {
    const rgba = ctx.getImageData(0, y, width, Math.min(BAND_ROWS, height - y)).data;
    for (let j = 0; j < rgba.length; j += 4) {
      if (rgba[j] !== rgba[j + 1] || rgba[j] !== rgba[j + 2]) {
        grey = false;
        break;
      }
    }
  }
  const channels = grey ? 1 : 3;
  const out = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += BAND_ROWS) {
    const rgba = ctx.getImageData(0, y, width, Math.min(BAND_ROWS, height - y)).data;
    let o = y * width * channels;
    // The canvas was filled white first, so every pixel is opaque.
    for (let j = 0; j < rgba.length; j += 4) {
      out[o++] = rgba[j]!;
      if (channels === 3) {
        out[o++] = rgba[j + 1]!;
        out[o++] = rgba[j + 2]!;
      }
    }
  }
  return { image: { data: out, width, height, channels }, colorMode: grey ? 'gray' : 'rgb' };
}
