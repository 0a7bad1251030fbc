/**
 * Decode stage: one frame of an uploaded file to 8-bit pixels. Raster formats go through sharp
 * (libvips); PDFs through pdfjs (decode-pdf.ts). The file's own structure is checked first, so a
 * decompression bomb is refused before a pixel is allocated and a cut-short file is reported with
 * the page and byte where it ends.
 */
import sharp, { type Metadata } from 'sharp';
import { StageError } from '../../core/errors.js';
import type { DecodedPage, DecodeLimits, SourceFile } from '../domain.js';
import { countPdfPages, decodePdfPage } from './decode-pdf.js';
import { resolveDpi } from './dpi.js';
import {
  corrupt,
  describe,
  noSuchFrame,
  tooManyPixels,
  truncated,
  unsupportedType,
} from './image/decode-errors.js';
import { readPngLayout } from './image/png-chunks.js';
import {
  findTruncatedSegment,
  readTiffLayout,
  type TiffLayout,
  withChainCut,
} from './image/tiff-ifd.js';
import { rasterFromSharp } from './raster.js';

/**
 * Number of pages (frames) in the file: TIFF directories, PDF pages, 1 for JPEG/PNG.
 *
 * Expects `src.format` to be what the bytes are. Guarantees a count ≥ 1; a TIFF whose chain points
 * at a directory beyond the end still counts that page, so the pages before it can be processed
 * and only that one fails. Throws StageError `decode.unsupported_type` (bytes are not the declared
 * format), `decode.corrupt`, `decode.truncated` (nothing readable), `decode.pdf_password`.
 */
export async function countFrames(src: SourceFile, limits: DecodeLimits): Promise<number> {
  switch (src.format) {
    case 'pdf':
      return countPdfPages(src, limits);
    case 'tiff': {
      const layout = tiffLayoutOf(src);
      if (layout.frameCount === 0) throw layoutProblem(src, layout, 0);
      return layout.frameCount;
    }
    case 'png':
    case 'jpeg':
      checkSignature(src);
      return 1;
  }
}

/**
 * Decodes one frame to an 8-bit RasterImage (grey or sRGB, alpha flattened on white).
 *
 * Expects `frameIndex` in [0, countFrames). Guarantees: 1-bit sources come back as grey with only
 * 0 and 255 and `colorMode: 'bilevel'`; grey sources (any bit depth) as 1-channel `gray`; colour,
 * palette and CMYK as 3-channel sRGB `rgb`; EXIF orientation applied; `dpi` checked by resolveDpi.
 * The input buffer is not changed. Throws StageError (never retryable): `decode.too_many_pixels`
 * (checked from the header, before decoding), `decode.truncated`, `decode.corrupt`,
 * `decode.unsupported_type`, `decode.frame_out_of_range`, `decode.pdf_password`.
 */
export async function decodeFrame(
  src: SourceFile,
  frameIndex: number,
  limits: DecodeLimits,
): Promise<DecodedPage> {
  if (src.format === 'pdf') return decodePdfPage(src, frameIndex, limits);
  const tags = preflight(src, frameIndex, limits);
  const bytes = tags.bytes;

  let meta: Metadata;
  try {
    // Header only: the pixel limit is checked below, with the numbers in the message.
    meta = await sharp(bytes, {
      page: frameIndex,
      failOn: 'warning',
      limitInputPixels: false,
    }).metadata();
  } catch (err) {
    throw sharpFailure(src, frameIndex, err);
  }
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = swapped ? meta.height : meta.width;
  const height = swapped ? meta.width : meta.height;
  if (width * height > limits.maxPixels) {
    throw tooManyPixels(src, frameIndex, width, height, limits.maxPixels);
  }

  const bitsPerSample = tags.bitsPerSample ?? bitsOf(meta);
  const colorMode = bitsPerSample === 1 ? 'bilevel' : isGreySpace(meta) ? 'gray' : ('rgb' as const);
  let pipeline = sharp(bytes, {
    page: frameIndex,
    failOn: 'warning',
    limitInputPixels: limits.maxPixels,
    autoOrient: true,
  });
  if (meta.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  let image;
  try {
    image = await rasterFromSharp(pipeline, colorMode === 'rgb' ? 3 : 1);
  } catch (err) {
    throw sharpFailure(src, frameIndex, err);
  }
  if (colorMode === 'bilevel') binarizeInPlace(image.data);

  const dpiTags = tags.dpi ?? sharpDpi(meta);
  const [tagX, tagY] = swapped ? [dpiTags[1], dpiTags[0]] : dpiTags;
  return {
    frameIndex,
    image,
    dpi: resolveDpi({ width: image.width, height: image.height, tagX, tagY }),
    colorMode,
    bitsPerSample,
    sourceFormat: src.format,
  };
}

interface Preflight {
  /** What to hand to sharp: the file, or a copy with a broken directory chain cut */
  readonly bytes: Buffer;
  readonly bitsPerSample: number | null;
  /** Resolution tags read from the file's own structure, when sharp's are not to be trusted */
  readonly dpi: readonly [number | null, number | null] | null;
}

/** Structural checks that need no pixel decoding: format, frame range, size and truncation. */
function preflight(src: SourceFile, frameIndex: number, limits: DecodeLimits): Preflight {
  if (src.format === 'tiff') {
    const layout = tiffLayoutOf(src);
    if (frameIndex < 0 || frameIndex >= layout.frameCount) {
      throw noSuchFrame(src, frameIndex, layout.frameCount);
    }
    const dir = layout.directories[frameIndex];
    if (dir === undefined) throw layoutProblem(src, layout, frameIndex);
    if (dir.width * dir.height > limits.maxPixels) {
      throw tooManyPixels(src, frameIndex, dir.width, dir.height, limits.maxPixels);
    }
    const cut = findTruncatedSegment(dir, layout.fileLength);
    if (cut !== null) {
      const what = dir.segmentKind === 'strip' ? ['dải', 'strip'] : ['ô', 'tile'];
      throw truncated(
        src,
        frameIndex,
        `${what[0]} ${cut.index} kết thúc ở byte ${cut.end}, tệp chỉ có ${layout.fileLength} byte`,
        `${what[1]} ${cut.index} ends at byte ${cut.end}, the file has ${layout.fileLength}`,
      );
    }
    const perInch = dir.resolutionUnit === 3 ? 2.54 : dir.resolutionUnit === 2 ? 1 : null;
    const dpi =
      perInch === null
        ? ([null, null] as const)
        : ([scaleTag(dir.xResolution, perInch), scaleTag(dir.yResolution, perInch)] as const);
    const bytes = layout.problem === null ? src.bytes : withChainCut(src.bytes, layout);
    return { bytes, bitsPerSample: dir.bitsPerSample, dpi };
  }
  if (frameIndex !== 0) throw noSuchFrame(src, frameIndex, 1);
  if (src.format === 'png') {
    const layout = readPngLayout(src.bytes);
    if (layout === null) throw unsupportedType(src);
    if (layout.width * layout.height > limits.maxPixels) {
      throw tooManyPixels(src, frameIndex, layout.width, layout.height, limits.maxPixels);
    }
    if (layout.truncatedAt !== null) {
      const t = layout.truncatedAt;
      throw truncated(
        src,
        frameIndex,
        `khối ${t.chunk} ở byte ${t.offset} cần đến byte ${t.end}, tệp chỉ có ${layout.fileLength} byte`,
        `chunk ${t.chunk} at byte ${t.offset} needs up to byte ${t.end}, the file has ${layout.fileLength}`,
      );
    }
    return { bytes: src.bytes, bitsPerSample: null, dpi: [round(layout.dpiX), round(layout.dpiY)] };
  }
  checkSignature(src);
  return { bytes: src.bytes, bitsPerSample: null, dpi: null };
}

function tiffLayoutOf(src: SourceFile): TiffLayout {
  const layout = readTiffLayout(src.bytes);
  if (layout === null) throw unsupportedType(src);
  return layout;
}

function layoutProblem(src: SourceFile, layout: TiffLayout, frameIndex: number) {
  const p = layout.problem;
  if (p?.kind === 'truncated') {
    const d = p.detail;
    return d.what === 'directory'
      ? truncated(
          src,
          frameIndex,
          `thư mục ảnh ở byte ${d.offset} nằm ngoài tệp ${layout.fileLength} byte`,
          `the image directory at byte ${d.offset} lies beyond the ${layout.fileLength}-byte file`,
        )
      : truncated(
          src,
          frameIndex,
          `${d.what === 'strip' ? 'dải' : 'ô'} ${d.index} kết thúc ở byte ${d.end}, tệp chỉ có ${layout.fileLength} byte`,
          `${d.what} ${d.index} ends at byte ${d.end}, the file has ${layout.fileLength}`,
        );
  }
  return corrupt(src, frameIndex, p?.kind === 'corrupt' ? p.reason : 'no image directory');
}

function checkSignature(src: SourceFile): void {
  const b = src.bytes;
  const ok =
    src.format === 'jpeg'
      ? b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
      : src.format === 'png'
        ? readPngLayout(b) !== null
        : true;
  if (!ok) throw unsupportedType(src);
}

/** Turns a libvips failure into the stage's error: cut-short data, a bomb, or corruption. */
function sharpFailure(src: SourceFile, frameIndex: number, err: unknown) {
  const text = describe(err);
  if (/pixel limit/i.test(text)) {
    return new StageError('decode.too_many_pixels', {
      message:
        `Trang ${frameIndex + 1} của ${src.label} vượt giới hạn điểm ảnh khi giải mã / ` +
        `Page ${frameIndex + 1} of ${src.label} went over the pixel limit while decoding (${text})`,
      retryable: false,
      cause: err,
    });
  }
  if (/premature end|truncat|unexpected end|end of file|short read/i.test(text)) {
    return truncated(src, frameIndex, 'dữ liệu ảnh kết thúc sớm', text, err);
  }
  return corrupt(src, frameIndex, text, err);
}

function isGreySpace(meta: Metadata): boolean {
  return meta.space === 'b-w' || meta.space === 'grey16' || meta.channels <= 2;
}

function bitsOf(meta: Metadata): number {
  if (meta.bitsPerSample !== undefined) return meta.bitsPerSample;
  return meta.depth === 'ushort' || meta.depth === 'short' ? 16 : 8;
}

/** sharp reports density only with a unit for JPEG; without one the 72 it gives is made up. */
function sharpDpi(meta: Metadata): readonly [number | null, number | null] {
  if (meta.resolutionUnit === undefined || meta.density === undefined) return [null, null];
  const d = round(meta.density);
  return [d, d];
}

function scaleTag(v: number | null, perInch: number): number | null {
  return v === null ? null : round(v * perInch);
}

/** Values stored per metre or per centimetre come back as 299.9994; scanners mean 300. */
function round(v: number | null): number | null {
  if (v === null) return null;
  const r = Math.round(v);
  return Math.abs(v - r) < 0.05 ? r : Math.round(v * 100) / 100;
}

/** A 1-bit source turned grey may carry palette greys; the contract is pure black and white. */
function binarizeInPlace(d: Buffer): void {
  for (let i = 0; i < d.length; i++) d[i] = d[i]! < 128 ? 0 : 255;
}
