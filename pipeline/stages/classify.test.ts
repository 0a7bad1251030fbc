import { greyRaster } from '../../tests/fixtures/render.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_FIRST_PAGE,
  renderCodeSheet,
  renderPage,
  renderPatchSheet,
  scanOnBed,
  showThrough,
} from '../../tests/fixtures/render.js';
import type { RasterImage } from '../domain.js';
import { blankEvidence, isBlank, isSeparator, patchBarEdges } from './classify.js';
import { workPage } from './image/ink.js';

const DPI = 200;

let textPage: RasterImage;
let frontPng: Buffer;

beforeAll(async () => {
  frontPng = (await renderPage({ lines: [...ADMIN_FIRST_PAGE, ...ADMIN_FIRST_PAGE], dpi: DPI }))
    .png;
  textPage = await greyRaster(frontPng);
});

describe('isBlank', () => {
  it('finds an empty sheet blank', async () => {
    expect(isBlank(await greyRaster((await renderPage({ lines: [], dpi: DPI })).png), DPI)).toBe(
      true,
    );
  });

  it('finds the back of a sheet blank despite show-through of its front', async () => {
    const back = await greyRaster(await showThrough(frontPng, 0.12, DPI));
    expect(isBlank(back, DPI)).toBe(true);
  });

  it('ignores dust specks and a dark scanner border', async () => {
    const blank = (await renderPage({ lines: [], dpi: DPI })).png;
    const onBed = await greyRaster(
      await scanOnBed({
        png: blank,
        skewDeg: 2,
        border: { top: 20, right: 20, bottom: 20, left: 20 },
        dpi: DPI,
      }),
    );
    // Specks of about 0.15 mm² scattered over the sheet.
    for (const [x, y] of [
      [300, 400],
      [900, 1200],
      [1400, 2000],
      [600, 1800],
      [1100, 700],
    ] as const) {
      for (let dy = 0; dy < 3; dy++)
        for (let dx = 0; dx < 3; dx++) onBed.data[(y + dy) * onBed.width + x + dx] = 20;
    }
    expect(isBlank(onBed, DPI)).toBe(true);
  });

  it('never finds a text page blank, even with a single line', async () => {
    expect(isBlank(textPage, DPI)).toBe(false);
    const one = await greyRaster((await renderPage({ lines: ['Nơi nhận:'], dpi: DPI })).png);
    expect(isBlank(one, DPI)).toBe(false);
  });

  it('never finds a strip holding one line of text blank, however close the text runs to its edges', async () => {
    // A slip 34 × 4.2 mm (400 × 50 pixels at 300 dpi), like OCRmyPDF's crom.png test page.
    const strip = await renderPage({
      lines: [{ text: 'Covfefe is a cromulent word.', pt: 9, xMm: 1.5 }],
      dpi: 300,
      widthMm: 34,
      heightMm: 4.2,
      topMm: 0,
      lineSpacing: 1,
    });
    expect(isBlank(await greyRaster(strip.png), 300)).toBe(false);
    const empty = await renderPage({ lines: [], dpi: 300, widthMm: 34, heightMm: 4.2 });
    expect(isBlank(await greyRaster(empty.png), 300)).toBe(true);
  });

  it('counts the marks on a page', () => {
    const work = workPage(textPage, DPI);
    const e = blankEvidence({ grey: work.plane, outside: work.bed, dpi: work.dpi });
    expect(e.marks).toBeGreaterThan(100);
    expect(e.inkShare).toBeGreaterThan(0.001);
  });
});

describe('isSeparator', () => {
  it('recognises a Patch T sheet', async () => {
    const sheet = await greyRaster((await renderPatchSheet({ dpi: DPI })).png);
    expect(await isSeparator(sheet, DPI)).toBe(true);
    expect(isBlank(sheet, DPI)).toBe(false);
  });

  it('recognises the bars alone, on both long edges or one', async () => {
    const both = await greyRaster((await renderPatchSheet({ dpi: DPI, barcode: null })).png);
    const work = workPage(both, DPI);
    expect(patchBarEdges({ grey: work.plane, outside: null, dpi: work.dpi })).toBe(2);
    const one = await greyRaster(
      (await renderPatchSheet({ dpi: DPI, barcode: null, bars: 'left' })).png,
    );
    expect(await isSeparator(one, DPI)).toBe(true);
  });

  it('recognises the *PATCHT* barcode alone, even on a sheet fed upside down', async () => {
    const png = (await renderPatchSheet({ dpi: DPI, bars: 'none' })).png;
    expect(await isSeparator(await greyRaster(png), DPI)).toBe(true);
    const upsideDown = await greyRaster(await sharp(png).rotate(180).toBuffer());
    expect(await isSeparator(upsideDown, DPI)).toBe(true);
  });

  it('recognises PATCHT printed as a QR code or Code 128, in any quarter turn', async () => {
    for (const format of ['QRCode', 'Code128'] as const) {
      for (const rotationDeg of [0, 90, 180] as const) {
        const sheet = await renderCodeSheet({ format, text: 'PATCHT', dpi: DPI, rotationDeg });
        expect(
          await isSeparator(await greyRaster(sheet.png), DPI),
          `${format} ${rotationDeg}`,
        ).toBe(true);
      }
    }
  });

  it('does not take another code, or a damaged PATCHT, for a separator', async () => {
    const other = await greyRaster(
      (await renderPatchSheet({ dpi: DPI, bars: 'none', barcode: 'HELLO' })).png,
    );
    expect(await isSeparator(other, DPI)).toBe(false);
    const qr = await renderCodeSheet({ format: 'QRCode', text: 'PATCH', dpi: DPI });
    expect(await isSeparator(await greyRaster(qr.png), DPI)).toBe(false);
    // The bars of the C (fifth symbol character, after '*PATC'… counted from the left) wiped out,
    // as by a tear: what is left is no longer a Code 39 symbol.
    const torn = await greyRaster((await renderPatchSheet({ dpi: DPI, bars: 'none' })).png);
    const mm = (v: number): number => Math.round((v / 25.4) * DPI);
    // Each character is 3 × 1.5 + 6 × 0.6 = 8.1 mm plus a 0.6 mm gap; the symbol starts at 60 mm.
    const from = mm(60 + 4 * 8.7);
    for (let y = mm(149); y < mm(179); y++) {
      for (let x = from; x < from + mm(8.7); x++) torn.data[y * torn.width + x] = 255;
    }
    expect(await isSeparator(torn, DPI)).toBe(false);
  });

  it('never takes a text page, or thick rules along the edge, for a separator', async () => {
    expect(await isSeparator(textPage, DPI)).toBe(false);
    const ruled = await greyRaster(frontPng);
    // Four equal 3 mm rules down the left margin, like a form's frame.
    const mm = (v: number): number => Math.round((v / 25.4) * DPI);
    for (let k = 0; k < 4; k++) {
      for (let y = mm(15); y < ruled.height - mm(15); y++) {
        for (let x = mm(8 + k * 5); x < mm(11 + k * 5); x++) ruled.data[y * ruled.width + x] = 0;
      }
    }
    expect(await isSeparator(ruled, DPI)).toBe(false);
  });
});
