/**
 * The image work behind IIIF: decoding a page's clean image (turned by the reviewer's quarter turn)
 * and cutting, scaling, turning and encoding one request from it. sharp (libvips) does the pixel
 * work on libuv's thread pool, so the event loop stays free; a 512-pixel tile takes milliseconds.
 */
import sharp, { type Sharp } from 'sharp';
import type { QuarterTurn } from './params.js';
import type { ResolvedRequest } from './resolve.js';

/** Raw 8-bit pixels of a page, upright as the reviewer sees it. */
export interface DecodedPage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  /** 1 (grey) or 3 (colour); alpha is flattened onto white */
  readonly channels: 1 | 3;
}

/** Width and height of `encoded` after a clockwise quarter turn, from its header only. */
export async function turnedSize(
  encoded: Buffer,
  turn: QuarterTurn,
): Promise<{ width: number; height: number }> {
  const m = await sharp(encoded).metadata();
  const { width, height } = m;
  return turn === 90 || turn === 270 ? { width: height, height: width } : { width, height };
}

/** The stored file turned by `turn`, white under any transparency, grey kept as one channel. */
async function source(encoded: Buffer, turn: QuarterTurn): Promise<{ img: Sharp; grey: boolean }> {
  const m = await sharp(encoded).metadata();
  let img = sharp(encoded).rotate(turn);
  if (m.hasAlpha) img = img.flatten({ background: '#ffffff' });
  // libvips hands out sRGB unless told: a grey page would take three times the memory.
  const grey = m.space === 'b-w' || m.space === 'grey16' || (m.channels ?? 3) <= 2;
  return { img: img.toColourspace(grey ? 'b-w' : 'srgb'), grey };
}

/** Decodes `encoded` (JPEG, PNG …) turned clockwise by `turn` into raw 8-bit pixels. */
export async function decodePage(encoded: Buffer, turn: QuarterTurn): Promise<DecodedPage> {
  const { data, info } = await (
    await source(encoded, turn)
  ).img
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  if (channels !== 1 && channels !== 3) {
    throw new Error(`decoded page has ${channels} channels, expected 1 or 3`);
  }
  return { data, width: info.width, height: info.height, channels };
}

async function finish(img: Sharp, r: ResolvedRequest, grey: boolean): Promise<Buffer> {
  const { degrees, mirror } = r.rotation;
  // libvips turns one-channel raw pixels into sRGB on output unless told otherwise.
  let out = grey ? img.toColourspace('b-w') : img;
  if (degrees !== 0 || mirror) {
    // sharp applies flop and rotate at fixed points of its pipeline, not in call order; a second
    // pipeline over the scaled pixels keeps IIIF's order: region, size, mirror, rotation.
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    out = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (grey) out = out.toColourspace('b-w');
    if (mirror) out = out.flop();
    if (degrees !== 0) out = out.rotate(degrees);
  }
  if (r.quality === 'gray') out = out.greyscale();
  if (r.quality === 'bitonal') out = out.threshold(128);
  switch (r.format) {
    case 'jpg':
      return out.jpeg({ quality: 85 }).toBuffer();
    case 'png':
      return out.png({ compressionLevel: 6 }).toBuffer();
    case 'webp':
      return out.webp({ quality: 80 }).toBuffer();
  }
}

function cutAndScale(
  img: Sharp,
  r: ResolvedRequest,
  full: { width: number; height: number },
): Sharp {
  const { left, top, width, height } = r.region;
  let out = img;
  if (left !== 0 || top !== 0 || width !== full.width || height !== full.height) {
    out = out.extract({ left, top, width, height });
  }
  if (r.width !== width || r.height !== height) {
    out = out.resize(r.width, r.height, { fit: 'fill' });
  }
  return out;
}

/** Encodes request `r` from a decoded page (tiles: the page is decoded once for all of them). */
export function renderFromDecoded(page: DecodedPage, r: ResolvedRequest): Promise<Buffer> {
  const img = sharp(page.data, {
    raw: { width: page.width, height: page.height, channels: page.channels },
  });
  return finish(cutAndScale(img, r, page), r, page.channels === 1);
}

/**
 * Encodes request `r` straight from the stored file. For small views of the whole page
 * (thumbnails): JPEG shrink-on-load makes them cheaper than a full decode, and they do not push
 * the pages being zoomed out of the cache.
 */
export async function renderFromEncoded(
  encoded: Buffer,
  turn: QuarterTurn,
  full: { width: number; height: number },
  r: ResolvedRequest,
): Promise<Buffer> {
  const { img, grey } = await source(encoded, turn);
  return finish(cutAndScale(img, r, full), r, grey);
}
