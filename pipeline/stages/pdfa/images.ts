/**
 * Page images as PDF image XObjects, without re-encoding wherever the bytes can go in as they are:
 *
 * - JPEG: the file itself under DCTDecode (8-bit baseline or progressive, 1 or 3 components).
 *   Other JPEGs (CMYK, 12-bit, arithmetic coded) are converted to sRGB by sharp first, since PDF/A
 *   with an sRGB output intent forbids DeviceCMYK.
 * - Bilevel pages: CCITT Group 4, 1 bit per pixel, written by libvips' TIFF encoder (sharp) with one
 *   strip for the whole page so the strip is a complete G4 stream.
 * - Grey and colour PNG: the PNG's own zlib data (IDAT) under FlateDecode with the PNG predictor,
 *   which is exactly what a PNG holds. PNGs that do not fit (alpha, 16-bit, interlaced, palette)
 *   are rewritten by sharp as a plain 8-bit PNG first: alpha flattened onto white, so the page has
 *   no soft mask and no transparency.
 *
 * PNG chunks and JPEG markers are read here because the installed libraries either decode the
 * whole image (sharp, pdf-lib's UPNG) or do not expose the coded data.
 */
import sharp from 'sharp';
import { StageError } from '../../../core/errors.js';
import type { ColorMode } from '../../domain.js';

export interface PdfImage {
  /** Image XObject dictionary entries other than Type, Subtype, Width, Height and Length */
  readonly colorSpace: 'DeviceGray' | 'DeviceRGB';
  readonly bitsPerComponent: 1 | 8;
  readonly filter: 'DCTDecode' | 'FlateDecode' | 'CCITTFaxDecode';
  readonly decodeParms: Readonly<Record<string, number | boolean>> | null;
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * Encodes one page image for the PDF. `label` names the page in errors.
 *
 * Throws `pdfa.image_unreadable` when the bytes are not the declared JPEG/PNG, and
 * `pdfa.image_size_mismatch` when their pixel size differs from the declared one.
 */
export async function toPdfImage(
  bytes: Buffer,
  mediaType: 'image/jpeg' | 'image/png',
  colorMode: ColorMode,
  size: { readonly width: number; readonly height: number },
  label: string,
): Promise<PdfImage> {
  const img =
    mediaType === 'image/jpeg'
      ? await jpegImage(bytes, label)
      : colorMode === 'bilevel'
        ? ((await bilevelImage(bytes, label)) ?? (await pngImage(bytes, false, label)))
        : await pngImage(bytes, colorMode === 'rgb', label);
  if (img.width !== size.width || img.height !== size.height) {
    throw new StageError('pdfa.image_size_mismatch', {
      message: `Ảnh ${label} có ${img.width}×${img.height} điểm ảnh, khai báo là ${size.width}×${size.height} / Image ${label} has ${img.width}×${img.height} pixels, declared ${size.width}×${size.height}`,
      retryable: false,
    });
  }
  return img;
}

interface JpegFrame {
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive; others are not for PDF */
  readonly marker: number;
}

/** Reads the frame header (SOFn) of a JPEG, or null when there is none before the scan. */
export function readJpegFrame(b: Buffer): JpegFrame | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && i + 10 <= b.length) {
      return {
        marker,
        precision: b[i + 4] as number,
        height: b.readUInt16BE(i + 5),
        width: b.readUInt16BE(i + 7),
        components: b[i + 9] as number,
      };
    }
    if (marker === 0xda || marker === 0xd9) return null;
    i += 2 + len;
  }
  return null;
}

async function jpegImage(bytes: Buffer, label: string): Promise<PdfImage> {
  const frame = readJpegFrame(bytes);
  if (frame === null) throw unreadable(label, 'JPEG');
  const plain = frame.precision === 8 && [0xc0, 0xc1, 0xc2].includes(frame.marker);
  if (plain && (frame.components === 1 || frame.components === 3)) {
    return {
      colorSpace: frame.components === 1 ? 'DeviceGray' : 'DeviceRGB',
      bitsPerComponent: 8,
      filter: 'DCTDecode',
      decodeParms: null,
      data: bytes,
      width: frame.width,
      height: frame.height,
    };
  }
  const converted = await sharpOrThrow(
    () => sharp(bytes).toColourspace('srgb').jpeg({ quality: 90 }).toBuffer(),
    label,
    'JPEG',
  );
  return jpegImage(converted, label);
}

interface PngInfo {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
  readonly hasTransparency: boolean;
  readonly idat: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads IHDR and joins the IDAT chunks of a PNG, or null when the bytes are not a whole PNG. */
export function readPng(b: Buffer): PngInfo | null {
  if (b.length < 33 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let i = 8;
  let ihdr: Buffer | null = null;
  let hasTransparency = false;
  const idat: Buffer[] = [];
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (i + 12 + len > b.length) return null;
    const data = b.subarray(i + 8, i + 8 + len);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tRNS') hasTransparency = true;
    else if (type === 'IEND') break;
    i += 12 + len;
  }
  if (ihdr === null || ihdr.length < 13 || idat.length === 0) return null;
  const colorType = ihdr[9] as number;
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8] as number,
    colorType,
    interlaced: ihdr[12] !== 0,
    hasTransparency: hasTransparency || colorType === 4 || colorType === 6,
    idat: Buffer.concat(idat),
  };
}

/**
 * A PNG as Flate data. A grey page stays grey even when the PNG was written as RGB; a colour page
 * whose PNG is grey stays grey too (nothing to keep in a third channel).
 */
async function pngImage(bytes: Buffer, colour: boolean, label: string): Promise<PdfImage> {
  const png = readPng(bytes);
  if (png === null) throw unreadable(label, 'PNG');
  const direct =
    !png.interlaced &&
    !png.hasTransparency &&
    png.bitDepth === 8 &&
    (png.colorType === 0 || (png.colorType === 2 && colour));
  if (!direct) {
    const plain = await sharpOrThrow(
      () =>
        sharp(bytes)
          .flatten({ background: '#ffffff' })
          .toColourspace(colour && (png.colorType & 2) !== 0 ? 'srgb' : 'b-w')
          .png({ palette: false, progressive: false, compressionLevel: 9 })
          .toBuffer(),
      label,
      'PNG',
    );
    const again = readPng(plain);
    if (again === null || again.interlaced || again.hasTransparency || again.bitDepth !== 8) {
      throw unreadable(label, 'PNG');
    }
    return flateFromPng(again);
  }
  return flateFromPng(png);
}

function flateFromPng(png: PngInfo): PdfImage {
  const colors = png.colorType === 2 ? 3 : 1;
  return {
    colorSpace: colors === 3 ? 'DeviceRGB' : 'DeviceGray',
    bitsPerComponent: 8,
    filter: 'FlateDecode',
    decodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: 8, Columns: png.width },
    data: png.idat,
    width: png.width,
    height: png.height,
  };
}

/**
 * A bilevel page as CCITT G4, or null when the image holds other values than black and white
 * (then it goes in as grey, losslessly).
 */
async function bilevelImage(bytes: Buffer, label: string): Promise<PdfImage | null> {
  const { data, info } = await sharpOrThrow(
    () =>
      sharp(bytes)
        .flatten({ background: '#ffffff' })
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    label,
    'PNG',
  );
  for (const v of data) if (v !== 0 && v !== 255) return null;
  const tiff = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .toColourspace('b-w')
    // One strip for the whole page: a G4 strip is a complete stream only when it is the only one.
    .tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: info.height, miniswhite: true })
    .toBuffer();
  const strip = singleStrip(tiff);
  if (strip === null) return null;
  return {
    colorSpace: 'DeviceGray',
    bitsPerComponent: 1,
    filter: 'CCITTFaxDecode',
    // libvips wrote MinIsWhite data, whose coded white runs are white pixels: BlackIs1 false.
    decodeParms: { K: -1, Columns: info.width, Rows: info.height },
    data: strip,
    width: info.width,
    height: info.height,
  };
}

/** The one strip of a single-strip TIFF, or null when the TIFF has several. */
function singleStrip(t: Buffer): Buffer | null {
  const le = t[0] === 0x49;
  const u16 = (o: number): number => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number): number => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  const ifd = u32(4);
  const count = u16(ifd);
  let offset = -1;
  let length = -1;
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    const tag = u16(e);
    const type = u16(e + 2);
    const n = u32(e + 4);
    const value = type === 3 ? u16(e + 8) : u32(e + 8);
    if (n !== 1 && (tag === 273 || tag === 279)) return null;
    if (tag === 273) offset = value;
    if (tag === 279) length = value;
  }
  if (offset < 0 || length < 0 || offset + length > t.length) return null;
  return t.subarray(offset, offset + length);
}

async function sharpOrThrow<T>(f: () => Promise<T>, label: string, kind: string): Promise<T> {
  try {
    return await f();
  } catch (cause) {
    throw unreadable(label, kind, cause);
  }
}

function unreadable(label: string, kind: string, cause?: unknown): StageError {
  return new StageError('pdfa.image_unreadable', {
    message: `Ảnh ${label} không phải tệp ${kind} đọc được / Image ${label} is not a readable ${kind} file`,
    hint: 'Chạy lại bước chuẩn bị ảnh cho trang này / Run the image preparation of this page again',
    retryable: false,
    cause,
  });
}
