import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, OcrResult, PreparedPage } from '../domain.js';
import { quarterTurn, turnBox } from './quarter-turn.js';

const W = 60;
const H = 40;
/** The one dark mark on the page, in the unturned image's pixels */
const MARK: Box = { x0: 5, y0: 8, x1: 15, y1: 14 };

/** A white W×H page with MARK painted black, encoded as `kind`. */
async function page(kind: 'bilevel' | 'gray-jpeg' | 'rgb-jpeg'): Promise<PreparedPage> {
  const px = Buffer.alloc(W * H, 255);
  for (let y = MARK.y0; y < MARK.y1; y++) for (let x = MARK.x0; x < MARK.x1; x++) px[y * W + x] = 0;
  const raw = sharp(px, { raw: { width: W, height: H, channels: 1 } }).withDensity(300);
  const encoded =
    kind === 'bilevel'
      ? await raw.png({ palette: true, colours: 2, dither: 0 }).toBuffer()
      : kind === 'gray-jpeg'
        ? await raw.jpeg({ quality: 95 }).toBuffer()
        : await raw.toColourspace('srgb').jpeg({ quality: 95 }).toBuffer();
  return {
    frameIndex: 0,
    encoded,
    mediaType: kind === 'bilevel' ? 'image/png' : 'image/jpeg',
    width: W,
    height: H,
    dpi: { x: 300, y: 200, source: 'tag', tag: 300, suspect: false },
    colorMode: kind === 'bilevel' ? 'bilevel' : kind === 'gray-jpeg' ? 'gray' : 'rgb',
    bitsPerSample: kind === 'bilevel' ? 1 : 8,
    findings: {
      rotationDeg: 0,
      rotationConfidence: 0.9,
      rotationApplied: false,
      skewDeg: 0,
      crop: null,
      isBlank: false,
      isSeparator: false,
    },
  };
}

const OCR: OcrResult = {
  width: W,
  height: H,
  words: [{ text: 'Số', bbox: MARK, confidence: 90, line: 0 }],
  lines: [{ bbox: MARK, block: 0, wordStart: 0, wordEnd: 1 }],
  text: 'Số',
  meanConfidence: 90,
  engine: 'test',
};

/** Mean grey level (0 black … 255 white) of `box` in the encoded image. */
async function meanIn(p: PreparedPage, box: Box): Promise<number> {
  const { data, info } = await sharp(p.encoded)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      sum += data[(y * info.width + x) * info.channels] ?? 0;
      n++;
    }
  }
  return sum / n;
}

describe('quarterTurn', () => {
  for (const kind of ['bilevel', 'gray-jpeg', 'rgb-jpeg'] as const) {
    for (const turnDeg of [90, 180, 270] as const) {
      it(`turns a ${kind} page ${turnDeg}° clockwise and its word boxes land on the mark`, async () => {
        const before = await page(kind);
        const out = await quarterTurn({
          page: before,
          ocr: OCR,
          turnDeg,
          jpegQuality: 90,
          label: 'p1',
        });
        const meta = await sharp(out.page.encoded).metadata();
        expect([meta.width, meta.height]).toEqual([out.page.width, out.page.height]);
        expect(out.page.mediaType).toBe(before.mediaType);
        if (turnDeg === 180) {
          expect([out.page.width, out.page.height]).toEqual([W, H]);
          expect(out.page.dpi).toEqual(before.dpi);
        } else {
          expect([out.page.width, out.page.height]).toEqual([H, W]);
          expect([out.page.dpi.x, out.page.dpi.y]).toEqual([200, 300]);
          expect([out.ocr?.width, out.ocr?.height]).toEqual([H, W]);
        }
        if (kind === 'bilevel') expect(meta.bitsPerSample).toBe(1);
        const word = out.ocr?.words[0]?.bbox;
        const line = out.ocr?.lines[0]?.bbox;
        expect(word).toBeDefined();
        expect(line).toEqual(word);
        // the turned box is dark, and the box the word had before the turn is not any more
        expect(await meanIn(out.page, word ?? MARK)).toBeLessThan(40);
        expect(await meanIn(out.page, { x0: 0, y0: 0, x1: 4, y1: 4 })).toBeGreaterThan(215);
        expect(out.ocr?.text).toBe('Số');
      });
    }
  }

  it('returns the page as it is for a turn of 0', async () => {
    const p = await page('bilevel');
    const out = await quarterTurn({ page: p, ocr: OCR, turnDeg: 0, jpegQuality: 80, label: 'p1' });
    expect(out.page).toBe(p);
    expect(out.ocr).toBe(OCR);
  });

  it('refuses a turn that is not a quarter turn', async () => {
    const p = await page('bilevel');
    await expect(
      quarterTurn({ page: p, ocr: null, turnDeg: 45 as 90, jpegQuality: 80, label: 'p1' }),
    ).rejects.toMatchObject({ code: 'turn.angle_invalid', retryable: false });
  });

  it('refuses bytes that are not an image', async () => {
    const p = { ...(await page('bilevel')), encoded: Buffer.from('not an image') };
    await expect(
      quarterTurn({ page: p, ocr: null, turnDeg: 90, jpegQuality: 80, label: 'p1' }),
    ).rejects.toMatchObject({ code: 'turn.image_unreadable', retryable: false });
  });

  it('four quarter turns bring a box back where it was', () => {
    let b = MARK;
    let size = { width: W, height: H };
    for (let i = 0; i < 4; i++) {
      b = turnBox(b, size, 90);
      size = { width: size.height, height: size.width };
    }
    expect(b).toEqual(MARK);
    expect(
      turnBox(turnBox(MARK, { width: W, height: H }, 90), { width: H, height: W }, 270),
    ).toEqual(MARK);
  });
});
