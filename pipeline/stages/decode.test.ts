import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { StageError } from '../../core/errors.js';
import { greyPng, renderPage, writeTiff, type TiffPage } from '../../tests/fixtures/render.js';
import type { SourceFile } from '../domain.js';
import { countFrames, decodeFrame } from './decode.js';

const LIMITS = { maxPixels: 50_000_000 };
const src = (bytes: Buffer, format: SourceFile['format'], label = 'upload-7'): SourceFile => ({
  bytes,
  format,
  label,
});

/** The StageError a promise rejects with (fails the test on anything else). */
async function stageError(p: Promise<unknown>): Promise<StageError> {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StageError);
  const e = err as StageError;
  expect(e.retryable).toBe(false);
  expect(e.message).toContain(' / ');
  return e;
}

let page: { png: Buffer; width: number; height: number };
let raw: { data: Buffer; width: number; height: number };

const min = (a: Uint8Array): number => a.reduce((m, v) => Math.min(m, v), 255);

beforeAll(async () => {
  const r0 = await renderPage({
    lines: ['Số hóa tài liệu lưu trữ', 'Kế hoạch năm 2021'],
    dpi: 100,
  });
  page = { ...r0, png: await greyPng(r0.png, 100) };
  const r = await sharp(page.png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  raw = { data: r.data, width: r.info.width, height: r.info.height };
});

describe('decodeFrame: raster formats', () => {
  it('decodes a grey PNG with pHYs to one channel at the tagged resolution', async () => {
    const p = await decodeFrame(src(page.png, 'png'), 0, LIMITS);
    expect(p).toMatchObject({
      frameIndex: 0,
      colorMode: 'gray',
      bitsPerSample: 8,
      sourceFormat: 'png',
    });
    expect(p.image).toMatchObject({ width: page.width, height: page.height, channels: 1 });
    expect(p.dpi).toMatchObject({ x: 100, source: 'tag', tag: 100, suspect: false });
    expect(Buffer.compare(p.image.data, raw.data)).toBe(0);
  });

  it('infers the resolution of a PNG without pHYs from the sheet size', async () => {
    // sharp always writes a pHYs chunk (1 pixel per mm without a density): take it out.
    const bare = withoutChunk(
      await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 1 } })
        .png()
        .toBuffer(),
      'pHYs',
    );
    const p = await decodeFrame(src(bare, 'png'), 0, LIMITS);
    expect(p.dpi).toMatchObject({ x: 100, source: 'inferred', tag: null });
  });

  it('decodes a colour JPEG to sRGB and reads its density', async () => {
    const rgb = await sharp(page.png)
      .toColourspace('srgb')
      .tint('#c02020')
      .jpeg()
      .withDensity(100)
      .toBuffer();
    const p = await decodeFrame(src(rgb, 'jpeg'), 0, LIMITS);
    expect(p.colorMode).toBe('rgb');
    expect(p.image.channels).toBe(3);
    expect(p.image.data.length).toBe(page.width * page.height * 3);
    expect(p.dpi).toMatchObject({ x: 100, source: 'tag' });
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await sharp(page.png).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const p = await decodeFrame(src(cmyk, 'jpeg'), 0, LIMITS);
    expect(p).toMatchObject({ colorMode: 'rgb', image: { channels: 3 } });
    // Paper stays light and text dark through the colour conversion.
    expect(p.image.data[0]!).toBeGreaterThan(200);
    expect(min(p.image.data)).toBeLessThan(80);
  });

  it('reduces a 16-bit grey PNG to 8 bits, scaling rather than clipping', async () => {
    const png16 = await sharp(raw.data, {
      raw: { width: raw.width, height: raw.height, channels: 1 },
    })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const p = await decodeFrame(src(png16, 'png'), 0, LIMITS);
    expect(p).toMatchObject({ colorMode: 'gray', bitsPerSample: 16 });
    const diff = p.image.data.reduce((m, v, i) => Math.max(m, Math.abs(v - raw.data[i]!)), 0);
    expect(diff).toBeLessThanOrEqual(1);
  });

  it('flattens alpha on white', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([10, 20, 30, i < 8 ? 0 : 255], 4 * i);
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } })
      .png()
      .toBuffer();
    const p = await decodeFrame(src(png, 'png'), 0, LIMITS);
    expect(p.image.channels).toBe(3);
    expect([...p.image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect([...p.image.data.subarray(45, 48)]).toEqual([10, 20, 30]);
  });

  it('reads a 1-bit PNG as bilevel with only black and white', async () => {
    const png = await sharp(raw.data, {
      raw: { width: raw.width, height: raw.height, channels: 1 },
    })
      .threshold(128)
      .png({ palette: true, colours: 2, dither: 0 })
      .toBuffer();
    const p = await decodeFrame(src(png, 'png'), 0, LIMITS);
    expect(p).toMatchObject({ colorMode: 'bilevel', bitsPerSample: 1, image: { channels: 1 } });
    expect(new Set(p.image.data)).toEqual(new Set([0, 255]));
  });

  it('reads a CCITT G4 TIFF as bilevel at its resolution', async () => {
    const g4 = await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 1 } })
      .threshold(128)
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 100 / 25.4, yres: 100 / 25.4 })
      .toBuffer();
    const p = await decodeFrame(src(g4, 'tiff'), 0, LIMITS);
    expect(p).toMatchObject({
      colorMode: 'bilevel',
      bitsPerSample: 1,
      dpi: { x: 100, source: 'tag' },
    });
    expect(new Set(p.image.data)).toEqual(new Set([0, 255]));
  });

  it('applies the EXIF orientation', async () => {
    const jpeg = await sharp(page.png).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const p = await decodeFrame(src(jpeg, 'jpeg'), 0, LIMITS);
    expect(p.image).toMatchObject({ width: page.height, height: page.width });
  });
});

describe('decodeFrame: multi-page TIFF', () => {
  const w = 40;
  const h = 24;
  const pages: TiffPage[] = [
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h).map((_, i) => i % 200),
      bitsPerSample: 8,
      kind: 'grey',
    },
    {
      width: w,
      height: h,
      samples: new Uint16Array(w * h).fill(65535),
      bitsPerSample: 16,
      kind: 'grey',
    },
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h * 3).fill(90),
      bitsPerSample: 8,
      kind: 'rgb',
    },
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h * 4).fill(0),
      bitsPerSample: 8,
      kind: 'cmyk',
    },
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h).map((_, i) => i % 2),
      bitsPerSample: 1,
      kind: 'grey',
    },
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 0 : 30)),
      bitsPerSample: 8,
      kind: 'rgba',
    },
    {
      width: w,
      height: h,
      samples: new Uint8Array(w * h).fill(1),
      bitsPerSample: 8,
      kind: 'palette',
      colormap: Uint16Array.from({ length: 768 }, (_, i) => (i === 1 ? 65535 : 0)),
    },
  ];
  const tiff = writeTiff(pages);

  it('counts every directory', async () => {
    expect(await countFrames(src(tiff, 'tiff'), LIMITS)).toBe(pages.length);
  });

  it.each([
    [0, 'gray', 1, 8],
    [1, 'gray', 1, 16],
    [2, 'rgb', 3, 8],
    [3, 'rgb', 3, 8],
    [4, 'bilevel', 1, 1],
    [5, 'rgb', 3, 8],
    [6, 'rgb', 3, 8],
  ] as const)('decodes page %i as %s', async (i, mode, channels, bits) => {
    const p = await decodeFrame(src(tiff, 'tiff'), i, LIMITS);
    expect(p).toMatchObject({ frameIndex: i, colorMode: mode, bitsPerSample: bits });
    expect(p.image).toMatchObject({ width: w, height: h, channels });
  });

  it('keeps the pixel values of each page', async () => {
    const grey = await decodeFrame(src(tiff, 'tiff'), 0, LIMITS);
    expect([...grey.image.data.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    const white16 = await decodeFrame(src(tiff, 'tiff'), 1, LIMITS);
    expect(min(white16.image.data)).toBe(255);
    const bits = await decodeFrame(src(tiff, 'tiff'), 4, LIMITS);
    expect([...bits.image.data.subarray(0, 4)]).toEqual([0, 255, 0, 255]);
    const transparent = await decodeFrame(src(tiff, 'tiff'), 5, LIMITS);
    expect(min(transparent.image.data)).toBe(255);
    const palette = await decodeFrame(src(tiff, 'tiff'), 6, LIMITS);
    expect([...palette.image.data.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  it('refuses a page index past the end', async () => {
    const e = await stageError(decodeFrame(src(tiff, 'tiff'), 7, LIMITS));
    expect(e.code).toBe('decode.frame_out_of_range');
    expect(e.message).toContain('7');
  });
});

describe('decodeFrame: broken and hostile files', () => {
  const w = 64;
  const h = 64;
  const one = (kind: 'grey' | 'rgb' = 'grey'): TiffPage => ({
    width: w,
    height: h,
    samples: new Uint8Array(w * h * (kind === 'rgb' ? 3 : 1)).fill(128),
    bitsPerSample: 8,
    kind,
  });

  it('reports a cut-short TIFF with the strip and byte where it ends', async () => {
    const full = writeTiff([one()]);
    const cut = full.subarray(0, full.length - 1000);
    const e = await stageError(decodeFrame(src(cut, 'tiff', 'scan-12.tif'), 0, LIMITS));
    expect(e.code).toBe('decode.truncated');
    expect(e.message).toMatch(/dải \d+ kết thúc ở byte \d+, tệp chỉ có \d+ byte/);
    expect(e.message).toMatch(/strip \d+ ends at byte \d+, the file has \d+/);
    expect(e.message).toContain('scan-12.tif');
    expect(e.message).toContain(String(cut.length));
  });

  it('still decodes the pages before a cut-short page', async () => {
    const full = writeTiff([one(), one('rgb')]);
    const cut = full.subarray(0, full.length - 500);
    expect(await countFrames(src(cut, 'tiff'), LIMITS)).toBe(2);
    expect((await decodeFrame(src(cut, 'tiff'), 0, LIMITS)).image.width).toBe(w);
    expect((await stageError(decodeFrame(src(cut, 'tiff'), 1, LIMITS))).code).toBe(
      'decode.truncated',
    );
  });

  it('counts a page whose directory lies past the end, and fails only that page', async () => {
    const full = writeTiff([one(), one()]);
    const firstEnd = writeTiff([one()]).length;
    const cut = full.subarray(0, firstEnd + 4);
    expect(await countFrames(src(cut, 'tiff'), LIMITS)).toBe(2);
    await expect(decodeFrame(src(cut, 'tiff'), 0, LIMITS)).resolves.toMatchObject({
      frameIndex: 0,
    });
    const e = await stageError(decodeFrame(src(cut, 'tiff'), 1, LIMITS));
    expect(e.code).toBe('decode.truncated');
  });

  it('reports a cut-short PNG', async () => {
    const cut = page.png.subarray(0, Math.floor(page.png.length * 0.6));
    const e = await stageError(decodeFrame(src(cut, 'png'), 0, LIMITS));
    expect(e.code).toBe('decode.truncated');
    expect(e.message).toContain('IDAT');
  });

  it('reports a cut-short JPEG', async () => {
    const jpeg = await sharp(page.png).jpeg().toBuffer();
    const e = await stageError(
      decodeFrame(src(jpeg.subarray(0, jpeg.length >> 1), 'jpeg'), 0, LIMITS),
    );
    expect(e.code).toBe('decode.truncated');
  });

  it('reports corrupt JPEG data', async () => {
    const jpeg = Buffer.from(await sharp(page.png).jpeg().toBuffer());
    for (let i = 2000; i < 4000; i++) jpeg[i] = (i * 37) & 0xff;
    const e = await stageError(decodeFrame(src(jpeg, 'jpeg'), 0, LIMITS));
    expect(['decode.corrupt', 'decode.truncated']).toContain(e.code);
  });

  it('refuses a 100000 × 100000 PNG from its header, before decoding', async () => {
    const bomb = pngHeaderOnly(100_000, 100_000);
    const e = await stageError(decodeFrame(src(bomb, 'png', 'bomb.png'), 0, LIMITS));
    expect(e.code).toBe('decode.too_many_pixels');
    expect(e.message).toContain('100000×100000');
    expect(e.message).toContain(String(LIMITS.maxPixels));
  });

  it('refuses a TIFF page larger than the limit from its directory', async () => {
    const bomb = Buffer.from(writeTiff([one()]));
    // Directory entries 0 and 1 are ImageWidth and ImageLength (LONG, value inline).
    bomb.writeUInt32LE(60_000, 8 + 2 + 8);
    bomb.writeUInt32LE(60_000, 8 + 2 + 12 + 8);
    const e = await stageError(decodeFrame(src(bomb, 'tiff'), 0, LIMITS));
    expect(e.code).toBe('decode.too_many_pixels');
    expect(e.message).toContain('60000×60000');
  });

  it('refuses bytes that are not the declared format', async () => {
    const e = await stageError(
      decodeFrame(src(Buffer.from('not an image at all'), 'png'), 0, LIMITS),
    );
    expect(e.code).toBe('decode.unsupported_type');
    const j = await stageError(countFrames(src(Buffer.from('GIF89a'), 'jpeg'), LIMITS));
    expect(j.code).toBe('decode.unsupported_type');
  });

  it('reports a TIFF header whose first directory lies past the end as cut short', async () => {
    const headerOnly = src(Buffer.from('II*\0garbage'), 'tiff');
    expect(await countFrames(headerOnly, LIMITS)).toBe(1);
    expect((await stageError(decodeFrame(headerOnly, 0, LIMITS))).code).toBe('decode.truncated');
  });

  it('never changes the uploaded bytes', async () => {
    const bytes = Buffer.from(page.png);
    const copy = Buffer.from(bytes);
    await decodeFrame(src(bytes, 'png'), 0, LIMITS);
    expect(bytes.equals(copy)).toBe(true);
  });
});

/** A PNG whose header declares `width` × `height` grey pixels, with one empty IDAT. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** `png` without its chunks of `type`. */
function withoutChunk(png: Buffer, type: string): Buffer {
  const parts = [png.subarray(0, 8)];
  for (let at = 8; at < png.length;) {
    const end = at + 12 + png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) !== type) parts.push(png.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}
