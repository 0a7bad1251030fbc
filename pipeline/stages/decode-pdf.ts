/**
 * PDF pages to pixels with pdfjs (legacy build, which runs in Node), offline: fonts, CMaps, the
 * JPEG 2000 / JBIG2 decoders and ICC data come from the pdfjs-dist package itself.
 *
 * Archives receive scanned PDFs, one image per page. Such a page is taken at the image's own
 * resolution, with no resampling: the image comes out of pdfjs' object store and only the quarter
 * turn or mirror of its placement (and of the page's /Rotate) is applied. A small rotation of the
 * placement is undone by taking the pixels as they are stored, and reported as `undoneSkewDeg`;
 * deskew then measures whatever skew the pixels themselves carry. Any other page (born-digital,
 * mixed) is rendered at 300 dpi, less when the page would exceed the pixel limit.
 */
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import {
  AnnotationMode,
  getDocument,
  OPS,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DecodedPage, DecodeLimits, SourceFile } from '../domain.js';
import { resolveDpi } from './dpi.js';
import {
  corrupt,
  describe,
  noSuchFrame,
  pdfPassword,
  tooManyPixels,
} from './image/decode-errors.js';
import { type Matrix, placementOf, soleImage } from './image/pdf-placement.js';
import { pdfjsPixels, readCanvas } from './image/pdf-pixels.js';
import { largestImageOnPage } from './image/pdf-prescan.js';
import { rasterFromSharp, toSharp } from './raster.js';

/** Resolution of rendered (not extracted) pages. */
export const PDF_RENDER_DPI = 300;

/** A page counts as a scan when its image covers this much of it and not much more. */
const MIN_COVERAGE = 0.85;
const MAX_OVERHANG = 1.2;
/** Beyond this the image is placed at an angle, not scanned askew: render what the page shows. */
const MAX_RESIDUAL_DEG = 20;

const PDFJS_DIR = createRequire(import.meta.url)
  .resolve('pdfjs-dist/package.json')
  .replace(/package\.json$/, '');

/**
 * Number of pages of the PDF in `src`.
 * Throws StageError `decode.pdf_password` (a user password is needed) or `decode.corrupt`.
 */
export async function countPdfPages(src: SourceFile, limits: DecodeLimits): Promise<number> {
  const doc = await openPdf(src, limits);
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Page `frameIndex` (0-based) of the PDF in `src` as 8-bit pixels. Guarantees: a scanned page
 * (one image covering the page) comes at the image's native resolution, bilevel images as
 * `bilevel`, grey as `gray`; other pages are rendered at 300 dpi (or less, to stay within
 * `limits.maxPixels`); `dpi` is pixels over the displayed size in inches. Throws StageError:
 * `decode.too_many_pixels` (an image or the page over the limit, checked before decoding),
 * `decode.pdf_password`, `decode.corrupt`, `decode.frame_out_of_range`.
 */
export async function decodePdfPage(
  src: SourceFile,
  frameIndex: number,
  limits: DecodeLimits,
): Promise<DecodedPage> {
  const doc = await openPdf(src, limits);
  try {
    if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= doc.numPages) {
      throw noSuchFrame(src, frameIndex, doc.numPages);
    }
    const biggest = await largestImageOnPage(new Uint8Array(src.bytes), frameIndex);
    if (biggest !== null && biggest.width * biggest.height > limits.maxPixels) {
      throw tooManyPixels(src, frameIndex, biggest.width, biggest.height, limits.maxPixels);
    }
    const page = await step(src, frameIndex, () => doc.getPage(frameIndex + 1));
    try {
      return (
        (await extractScan(src, page, frameIndex)) ??
        (await renderPage(src, page, frameIndex, limits))
      );
    } finally {
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
}

async function openPdf(src: SourceFile, limits: DecodeLimits): Promise<PDFDocumentProxy> {
  const task = getDocument({
    // A copy: pdfjs may take over the buffer it is given, and `src.bytes` is the archival master.
    data: new Uint8Array(src.bytes),
    standardFontDataUrl: `${PDFJS_DIR}standard_fonts/`,
    cMapUrl: `${PDFJS_DIR}cmaps/`,
    cMapPacked: true,
    wasmUrl: `${PDFJS_DIR}wasm/`,
    iccUrl: `${PDFJS_DIR}iccs/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    enableXfa: false,
    maxImageSize: limits.maxPixels,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy();
    const name = (err as { name?: unknown } | null)?.name;
    if (name === 'PasswordException') {
      throw pdfPassword(src, (err as { code?: unknown }).code === 2);
    }
    throw corrupt(src, null, describe(err), err);
  }
}

/** Runs one pdfjs call, turning its failure into `decode.corrupt` for this page. */
async function step<T>(src: SourceFile, frameIndex: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw corrupt(src, frameIndex, describe(err), err);
  }
}

/** The page's single covering image at native resolution, or null when the page is not a scan. */
async function extractScan(
  src: SourceFile,
  page: PDFPageProxy,
  frameIndex: number,
): Promise<DecodedPage | null> {
  const list = await step(src, frameIndex, () =>
    page.getOperatorList({ annotationMode: AnnotationMode.DISABLE }),
  );
  const img = soleImage(list.fnArray, list.argsArray, OPS);
  if (img === null) return null;
  const viewport = page.getViewport({ scale: 1 });
  const view = viewport.transform as unknown as Matrix;
  const placed = placementOf(img, view, viewport.width, viewport.height);
  if (
    placed === null ||
    placed.coverage < MIN_COVERAGE ||
    placed.overhang > MAX_OVERHANG ||
    placed.residualDeg > MAX_RESIDUAL_DEG
  ) {
    return null;
  }
  const objs = img.objId.startsWith('g_') ? page.commonObjs : page.objs;
  const data = await new Promise<unknown>((resolve) => {
    objs.get(img.objId, resolve);
  });
  const pixels = pdfjsPixels(data, img.mask);
  if (pixels === null) return null;
  const { dihedral } = placed;
  let image = pixels.image;
  if (dihedral.rotate !== 0 || dihedral.flip || dihedral.flop) {
    let s = toSharp(image);
    if (dihedral.rotate !== 0) s = s.rotate(dihedral.rotate);
    if (dihedral.flip) s = s.flip();
    if (dihedral.flop) s = s.flop();
    image = await rasterFromSharp(s, image.channels);
  }
  return {
    frameIndex,
    image,
    dpi: resolveDpi({
      width: image.width,
      height: image.height,
      tagX: snapDpi(placed.dpiX),
      tagY: snapDpi(placed.dpiY),
    }),
    colorMode: pixels.colorMode,
    bitsPerSample: pixels.colorMode === 'bilevel' ? 1 : 8,
    sourceFormat: 'pdf',
    ...(placed.skewDeg === 0 ? {} : { undoneSkewDeg: placed.skewDeg }),
  };
}

async function renderPage(
  src: SourceFile,
  page: PDFPageProxy,
  frameIndex: number,
  limits: DecodeLimits,
): Promise<DecodedPage> {
  const unit = page.getViewport({ scale: 1 });
  const wanted = PDF_RENDER_DPI / 72;
  const fit = Math.sqrt(limits.maxPixels / Math.max(1, unit.width * unit.height));
  const scale = Math.min(wanted, fit);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  if (width * height > limits.maxPixels || scale * 72 < 1) {
    throw tooManyPixels(src, frameIndex, width, height, limits.maxPixels);
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await step(src, frameIndex, async () => {
    // pdfjs types its canvas as the DOM's; @napi-rs/canvas implements the same 2D API (and is
    // what pdfjs' own Node canvas factory creates).
    const task = page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      viewport,
      annotationMode: AnnotationMode.ENABLE,
      background: '#ffffff',
    });
    await task.promise;
  });
  const image = readCanvas(ctx, width, height);
  const dpi = Math.round(scale * 72 * 100) / 100;
  return {
    frameIndex,
    image: image.image,
    // The page size is the PDF's own; the resolution is ours, so it is exact by construction.
    dpi: { x: dpi, y: dpi, source: 'tag', tag: dpi, suspect: false },
    colorMode: image.colorMode,
    bitsPerSample: 8,
    sourceFormat: 'pdf',
  };
}

/**
 * Pixels over placed inches comes out as 200.2 when the page box was rounded to whole points;
 * within half a percent of a scanner resolution, the scanner meant that resolution.
 */
function snapDpi(v: number): number {
  for (const dpi of [72, 96, 100, 150, 200, 240, 300, 400, 600, 1200, 2400]) {
    if (Math.abs(v / dpi - 1) < 0.005) return dpi;
  }
  return Math.round(v * 100) / 100;
}
