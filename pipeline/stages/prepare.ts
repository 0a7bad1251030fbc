/**
 * The image stages of one page, composed: decoded page → orientation (via the OCR engine) →
 * quarter turn → deskew → crop of the dark scanner border → blank / separator flags → encoded
 * image for OCR and the PDF. Every decision is recorded in `findings`.
 */
import sharp from 'sharp';
import type {
  Box,
  ColorMode,
  DecodedPage,
  PageFindings,
  PreparedPage,
  RasterImage,
  Resolution,
} from '../domain.js';
import { findSheet, toImageBox, turnWork, type TurnedWork } from './borders.js';
import {
  blankEvidence,
  hasPatchCode,
  looksBlank,
  patchBarEdges,
  type SheetView,
} from './classify.js';
import { measureSkewOf, rotateImage } from './deskew.js';
import { workPage } from './image/ink.js';
import { cropRaster, histogram, lumaPlane, toSharp, turnClockwise } from './raster.js';

/** Settings of preparePage (the pipeline's `prepare` config slice). */
export interface PrepareOptions {
  /** Below this orientation confidence (0–1) no quarter turn is applied; the pipeline uses 0.5 */
  readonly orientationMinConfidence: number;
  /** Pages measured beyond this skew are not deskewed (flagged instead); default 15 */
  readonly maxSkewDeg: number;
  /** JPEG quality for colour and grey output, 1–100 */
  readonly jpegQuality: number;
}

/** Collaborators of preparePage. */
export interface PrepareDeps {
  /** Supplied by the OCR engine (tesseract OSD); returns the clockwise quarter turn the content has */
  detectOrientation(
    image: RasterImage,
    dpi: Resolution,
  ): Promise<{ rotationDeg: 0 | 90 | 180 | 270; confidence: number }>;
}

/**
 * Below this skew confidence the angle is not trusted (no text lines: blank, photograph). The
 * corpus' text pages and separator sheets measure 1.0, its blank backs 0, a map with scattered
 * labels (real/ocrmypdf/baiona) 0.32–0.36.
 */
export const MIN_SKEW_CONFIDENCE = 0.5;

/**
 * Smaller angles are left alone: 0.1° moves the far edge of an A4 page by 5 pixels at 300 dpi,
 * less than the resampling costs in sharpness. (Measurement error on the corpus: median 0.004°.)
 */
export const MIN_DESKEW_DEG = 0.1;

/**
 * decoded page → orientation (via deps) → quarter turn → deskew → crop dark scanner borders →
 * blank/separator → encoded image.
 *
 * Expects a page from decodeFrame. Guarantees:
 * - `findings.rotationDeg` is the turn the detector found and `rotationConfidence` its
 *   confidence; the page was turned back only when the confidence reached
 *   `orientationMinConfidence`.
 * - `findings.skewDeg` is the skew the page arrived with: the angle measured on the pixels (0 when
 *   the page shows no text lines to measure) plus what decoding undid (`undoneSkewDeg`). The
 *   pixels were straightened when 0.1° ≤ |measured| ≤ `maxSkewDeg`, and left as they were (to be
 *   reviewed) beyond `maxSkewDeg`.
 * - `findings.crop` is the box (x1, y1 exclusive) kept of the upright, deskewed image, or null.
 * - Blank and separator pages are flagged, never dropped; a blank page is never a separator.
 * - Encoding: bilevel pages (1-bit sources, and grey scans holding only black and white) as 1-bit
 *   PNG; grey as 8-bit grey JPEG; colour as JPEG, or grey JPEG when every pixel is neutral within
 *   scanner noise. `colorMode` and `bitsPerSample` describe the encoded image.
 * - `dpi` is the source's (x and y swapped by a quarter turn); width and height are the encoded
 *   image's. The decoded page is not changed.
 * Throws whatever `deps.detectOrientation` throws; nothing of its own.
 *
 * @example
 * const prepared = await preparePage(decoded, { detectOrientation }, {
 *   orientationMinConfidence: 0.5, maxSkewDeg: 15, jpegQuality: 80,
 * });
 */
export async function preparePage(
  page: DecodedPage,
  deps: PrepareDeps,
  opts: PrepareOptions,
): Promise<PreparedPage> {
  const orientation = await deps.detectOrientation(page.image, page.dpi);
  const turnBack =
    orientation.confidence >= opts.orientationMinConfidence ? orientation.rotationDeg : 0;
  const upright = await turnClockwise(page.image, ((360 - turnBack) % 360) as 0 | 90 | 180 | 270);
  const dpi: Resolution =
    turnBack === 90 || turnBack === 270 ? { ...page.dpi, x: page.dpi.y, y: page.dpi.x } : page.dpi;

  const work = workPage(upright, dpi.x);
  const skew = measureSkewOf(work, {
    maxAngleDeg: Math.min(45, Math.max(20, opts.maxSkewDeg + 5)),
  });
  const skewDeg = skew.confidence >= MIN_SKEW_CONFIDENCE ? skew.angleDeg : 0;
  const straighten = Math.abs(skewDeg) >= MIN_DESKEW_DEG && Math.abs(skewDeg) <= opts.maxSkewDeg;
  const straight = straighten ? await rotateImage(upright, skewDeg) : upright;

  const turned = await turnWork(work, straighten ? skewDeg : 0);
  const sheetInWork = findSheet(turned);
  const crop =
    sheetInWork === null
      ? null
      : toImageBox(
          sheetInWork,
          turned.scale,
          turned.grey.width,
          turned.grey.height,
          straight.width,
          straight.height,
        );
  const sheet = crop === null ? straight : await cropRaster(straight, crop);

  const view = viewOf(turned, sheetInWork);
  // A page whose text lines were measured is not blank; the mark count is only needed otherwise.
  const isBlank = skew.confidence < MIN_SKEW_CONFIDENCE && looksBlank(blankEvidence(view));
  const isSeparator = !isBlank && (patchBarEdges(view) > 0 || (await hasPatchCode(sheet, dpi.x)));

  const findings: PageFindings = {
    rotationDeg: orientation.rotationDeg,
    rotationConfidence: orientation.confidence,
    rotationApplied: turnBack !== 0,
    skewDeg: roundDeg(skewDeg + (page.undoneSkewDeg ?? 0)),
    crop,
    isBlank,
    isSeparator,
  };
  const encoded = await encode(sheet, outputMode(page), dpi, opts.jpegQuality);
  return {
    frameIndex: page.frameIndex,
    encoded: encoded.bytes,
    mediaType: encoded.mediaType,
    width: sheet.width,
    height: sheet.height,
    dpi,
    colorMode: encoded.colorMode,
    bitsPerSample: encoded.colorMode === 'bilevel' ? 1 : 8,
    findings,
  };
}

/** Angles are recorded to a thousandth of a degree, the precision deskew measures to. */
function roundDeg(deg: number): number {
  const r = Math.round(deg * 1000) / 1000;
  return r === 0 ? 0 : r;
}

/** The turned working copy, cut to the sheet. */
function viewOf(t: TurnedWork, box: Box | null): SheetView {
  const { width: w } = t.grey;
  if (box === null) return { grey: t.grey, outside: t.outside, dpi: t.dpi };
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const grey = new Uint8Array(bw * bh);
  const outside = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const from = (box.y0 + y) * w + box.x0;
    grey.set(t.grey.data.subarray(from, from + bw), y * bw);
    outside.set(t.outside.subarray(from, from + bw), y * bw);
  }
  return { grey: { data: grey, width: bw, height: bh }, outside, dpi: t.dpi };
}

/** Output colour decision, made on the decoded pixels. */
type OutputMode = 'bilevel' | 'gray' | 'rgb' | 'rgb-as-gray';

/** A page whose pixels are this much black or white is a bilevel scan stored as grey or RGB. */
const BILEVEL_SHARE = 0.99;
/** Neutral within scanner noise: 99.5 % of pixels within this chroma, and a mean below 2. */
const NEUTRAL_CHROMA = 12;

function outputMode(page: DecodedPage): OutputMode {
  if (page.colorMode === 'bilevel') return 'bilevel';
  const img = page.image;
  const step = Math.max(1, Math.floor((img.width * img.height) / 400_000));
  if (img.channels === 3 && !isNeutral(img, step)) return 'rgb';
  const h = histogram(lumaPlane(img), step);
  let extreme = 0;
  let total = 0;
  for (let v = 0; v < 256; v++) {
    total += h[v]!;
    if (v <= 16 || v >= 239) extreme += h[v]!;
  }
  if (total > 0 && extreme / total >= BILEVEL_SHARE) return 'bilevel';
  return img.channels === 3 ? 'rgb-as-gray' : 'gray';
}

/** Every sampled pixel grey within scanner noise (a grey page scanned or saved in colour). */
function isNeutral(img: RasterImage, step: number): boolean {
  const chroma = new Uint32Array(256);
  let sum = 0;
  let n = 0;
  const d = img.data;
  for (let i = 0; i < img.width * img.height; i += step) {
    const j = i * 3;
    const r = d[j]!;
    const g = d[j + 1]!;
    const b = d[j + 2]!;
    const c = Math.max(r, g, b) - Math.min(r, g, b);
    chroma[c]!++;
    sum += c;
    n++;
  }
  let acc = 0;
  for (let c = 0; c < 256; c++) {
    acc += chroma[c]!;
    if (acc >= n * 0.995) return c <= NEUTRAL_CHROMA && sum / n < 2;
  }
  return false;
}

async function encode(
  image: RasterImage,
  mode: OutputMode,
  dpi: Resolution,
  jpegQuality: number,
): Promise<{ bytes: Buffer; mediaType: 'image/png' | 'image/jpeg'; colorMode: ColorMode }> {
  const density = Math.max(1, Math.round(dpi.x));
  if (mode === 'bilevel') {
    const grey = lumaPlane(image);
    const bits = Buffer.alloc(grey.data.length);
    for (let i = 0; i < bits.length; i++) bits[i] = grey.data[i]! < 128 ? 0 : 255;
    // Two palette entries make libvips write a 1-bit PNG; no dithering keeps it exact.
    const bytes = await sharp(bits, {
      raw: { width: image.width, height: image.height, channels: 1 },
    })
      .png({ palette: true, colours: 2, dither: 0, compressionLevel: 9 })
      .withDensity(density)
      .toBuffer();
    return { bytes, mediaType: 'image/png', colorMode: 'bilevel' };
  }
  const quality = Math.min(100, Math.max(1, Math.round(jpegQuality)));
  const grey = mode !== 'rgb' || image.channels === 1;
  let s = toSharp(image);
  if (grey) s = s.toColourspace('b-w');
  // mozjpeg's trellis quantisation and progressive scans: a fifth smaller than libjpeg at the same
  // quality on the corpus pages (grey 300 dpi: 7.0 → 5.6 MB over 12 first pages).
  const bytes = await s.jpeg({ quality, mozjpeg: true }).withDensity(density).toBuffer();
  return { bytes, mediaType: 'image/jpeg', colorMode: grey ? 'gray' : 'rgb' };
}
