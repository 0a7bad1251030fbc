import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_FIRST_PAGE,
  greyPng,
  renderPage,
  renderPatchSheet,
  scanOnBed,
  showThrough,
  type TextLine,
} from '../../tests/fixtures/render.js';
import type { DecodedPage, PreparedPage, RasterImage, SourceFile } from '../domain.js';
import { decodeFrame } from './decode.js';
import { measureSkew } from './deskew.js';
import { preparePage, type PrepareDeps, type PrepareOptions } from './prepare.js';

const DPI = 200;
const OPTS: PrepareOptions = { orientationMinConfidence: 0.5, maxSkewDeg: 15, jpegQuality: 80 };
const BODY: readonly TextLine[] = [
  ...ADMIN_FIRST_PAGE,
  ...ADMIN_FIRST_PAGE.slice(6),
  ...ADMIN_FIRST_PAGE.slice(6),
];

const upright: PrepareDeps = {
  detectOrientation: () => Promise.resolve({ rotationDeg: 0, confidence: 0.95 }),
};
const turned = (rotationDeg: 0 | 90 | 180 | 270, confidence: number): PrepareDeps => ({
  detectOrientation: () => Promise.resolve({ rotationDeg, confidence }),
});

const decode = (bytes: Buffer, format: SourceFile['format']): Promise<DecodedPage> =>
  decodeFrame({ bytes, format, label: 'page-1' }, 0, { maxPixels: 50_000_000 });

/** The encoded output read back. */
async function readBack(p: PreparedPage): Promise<RasterImage & { bits: number | undefined }> {
  const meta = await sharp(p.encoded).metadata();
  const { data, info } = await sharp(p.encoded)
    .toColourspace(meta.channels === 1 || meta.space === 'b-w' || meta.isPalette ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    channels: info.channels === 1 ? 1 : 3,
    bits: meta.bitsPerSample,
  };
}

let straightGrey: DecodedPage;

beforeAll(async () => {
  straightGrey = await decode(
    await greyPng((await renderPage({ lines: BODY, dpi: DPI })).png, DPI),
    'png',
  );
});

describe('preparePage', () => {
  it('turns a sideways page upright, deskews it and records both', async () => {
    const png = await greyPng(
      (await renderPage({ lines: BODY, dpi: DPI, skewDeg: 3, rotationDeg: 90 })).png,
      DPI,
    );
    const page = await decode(png, 'png');
    const detectOrientation = vi.fn(() =>
      Promise.resolve({ rotationDeg: 90 as const, confidence: 0.9 }),
    );
    const out = await preparePage(page, { detectOrientation }, OPTS);
    expect(detectOrientation).toHaveBeenCalledWith(page.image, page.dpi);
    expect(out.findings).toMatchObject({
      rotationDeg: 90,
      rotationConfidence: 0.9,
      rotationApplied: true,
      crop: null,
      isBlank: false,
      isSeparator: false,
    });
    expect(Math.abs(out.findings.skewDeg - 3)).toBeLessThanOrEqual(0.15);
    expect(out).toMatchObject({ mediaType: 'image/jpeg', colorMode: 'gray', bitsPerSample: 8 });
    expect(out.dpi).toMatchObject({ x: DPI, y: DPI });
    const back = await readBack(out);
    expect(back).toMatchObject({ width: out.width, height: out.height, channels: 1 });
    expect(out.height).toBeGreaterThan(out.width);
    expect(Math.abs(measureSkew(back, DPI).angleDeg)).toBeLessThanOrEqual(0.15);
  });

  it('records but does not apply a turn found with low confidence', async () => {
    const png = await greyPng(
      (await renderPage({ lines: BODY, dpi: DPI, rotationDeg: 90 })).png,
      DPI,
    );
    const page = await decode(png, 'png');
    const out = await preparePage(page, turned(90, 0.2), OPTS);
    expect(out.findings).toMatchObject({
      rotationDeg: 90,
      rotationConfidence: 0.2,
      rotationApplied: false,
    });
    expect(out.width).toBe(page.image.width);
    expect(out.width).toBeGreaterThan(out.height);
  });

  it('leaves a page skewed beyond the limit as it is, with the skew recorded', async () => {
    const png = await greyPng((await renderPage({ lines: BODY, dpi: DPI, skewDeg: 5 })).png, DPI);
    const out = await preparePage(await decode(png, 'png'), upright, { ...OPTS, maxSkewDeg: 2 });
    expect(Math.abs(out.findings.skewDeg - 5)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(measureSkew(await readBack(out), DPI).angleDeg - 5)).toBeLessThanOrEqual(0.15);
  });

  it('leaves a straight bilevel page untouched and encodes it as a lossless 1-bit PNG', async () => {
    const { data, info } = await sharp(straightGrey.image.data, {
      raw: { width: straightGrey.image.width, height: straightGrey.image.height, channels: 1 },
    })
      .threshold(160)
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const g4 = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: DPI / 25.4, yres: DPI / 25.4 })
      .toBuffer();
    const page = await decode(g4, 'tiff');
    const out = await preparePage(page, upright, OPTS);
    expect(out).toMatchObject({ mediaType: 'image/png', colorMode: 'bilevel', bitsPerSample: 1 });
    expect(out.findings.crop).toBeNull();
    expect(Math.abs(out.findings.skewDeg)).toBeLessThan(0.1);
    const back = await readBack(out);
    expect(back.bits).toBe(1);
    expect(back.data.equals(page.image.data)).toBe(true);
  });

  it('encodes a grey or RGB scan holding only black and white as bilevel', async () => {
    const bw = Buffer.from(straightGrey.image.data).map((v) => (v < 140 ? 0 : 255));
    const raw = {
      raw: {
        width: straightGrey.image.width,
        height: straightGrey.image.height,
        channels: 1 as const,
      },
    };
    const grey = await sharp(bw, raw).toColourspace('b-w').withDensity(DPI).png().toBuffer();
    const g = await decode(grey, 'png');
    expect(g).toMatchObject({ colorMode: 'gray', bitsPerSample: 8 });
    expect(await preparePage(g, upright, OPTS)).toMatchObject({
      mediaType: 'image/png',
      colorMode: 'bilevel',
    });
    const rgb = await sharp(bw, raw).toColourspace('srgb').withDensity(DPI).png().toBuffer();
    const r = await decode(rgb, 'png');
    expect(r.colorMode).toBe('rgb');
    expect(await preparePage(r, upright, OPTS)).toMatchObject({ colorMode: 'bilevel' });
  });

  it('encodes an RGB scan of a neutral page as grey, and a page with a red seal in colour', async () => {
    const neutral = await sharp(straightGrey.image.data, {
      raw: { width: straightGrey.image.width, height: straightGrey.image.height, channels: 1 },
    })
      .toColourspace('srgb')
      .jpeg({ quality: 92 })
      .withDensity(DPI)
      .toBuffer();
    const a = await preparePage(await decode(neutral, 'jpeg'), upright, OPTS);
    expect(a).toMatchObject({ colorMode: 'gray', mediaType: 'image/jpeg' });
    expect((await readBack(a)).channels).toBe(1);

    const seal = Buffer.from(
      `<svg width="400" height="400"><circle cx="200" cy="200" r="150" stroke="#d01010" stroke-width="30" fill="none"/></svg>`,
    );
    const stamped = await sharp(neutral)
      .composite([{ input: seal, left: 1000, top: 1600 }])
      .jpeg({ quality: 92 })
      .withDensity(DPI)
      .toBuffer();
    const b = await preparePage(await decode(stamped, 'jpeg'), upright, OPTS);
    expect(b).toMatchObject({ colorMode: 'rgb', mediaType: 'image/jpeg' });
    expect((await readBack(b)).channels).toBe(3);
  });

  it('encodes at the JPEG quality asked for', async () => {
    const low = await preparePage(straightGrey, upright, { ...OPTS, jpegQuality: 20 });
    const high = await preparePage(straightGrey, upright, { ...OPTS, jpegQuality: 95 });
    expect(low.encoded.length).toBeLessThan(high.encoded.length * 0.6);
  });

  it('crops a dark scanner border and keeps the physical resolution', async () => {
    const sheet = await renderPage({ lines: BODY, dpi: DPI });
    const png = await scanOnBed({
      png: sheet.png,
      skewDeg: -2.5,
      border: { top: 30, right: 25, bottom: 35, left: 40 },
      dpi: DPI,
    });
    const page = await decode(png, 'png');
    const out = await preparePage(page, upright, OPTS);
    expect(out.findings.crop).not.toBeNull();
    expect(Math.abs(out.width - sheet.width)).toBeLessThanOrEqual(12);
    expect(Math.abs(out.height - sheet.height)).toBeLessThanOrEqual(12);
    expect(out.dpi).toEqual(page.dpi);
    const c = out.findings.crop!;
    expect([c.x1 - c.x0, c.y1 - c.y0]).toEqual([out.width, out.height]);
  });

  it('flags a blank back side, and a separator sheet, without dropping them', async () => {
    const back = await decode(
      await greyPng(
        await showThrough((await renderPage({ lines: BODY, dpi: DPI })).png, 0.1, DPI),
        DPI,
      ),
      'png',
    );
    const b = await preparePage(back, upright, OPTS);
    expect(b.findings).toMatchObject({ isBlank: true, isSeparator: false, skewDeg: 0 });
    expect(b.encoded.length).toBeGreaterThan(0);

    const sep = await decode((await renderPatchSheet({ dpi: DPI, skewDeg: 3 })).png, 'png');
    const s = await preparePage(sep, upright, OPTS);
    expect(s.findings).toMatchObject({ isBlank: false, isSeparator: true });

    const text = await preparePage(straightGrey, upright, OPTS);
    expect(text.findings).toMatchObject({ isBlank: false, isSeparator: false });
  });

  it('does not change the decoded page', async () => {
    const copy = Buffer.from(straightGrey.image.data);
    await preparePage(straightGrey, turned(180, 0.9), OPTS);
    expect(straightGrey.image.data.equals(copy)).toBe(true);
  });
});
