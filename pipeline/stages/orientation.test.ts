import { greyRaster } from '../../tests/fixtures/render.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_FIRST_PAGE,
  renderPage,
  renderPatchSheet,
  type RenderedPage,
} from '../../tests/fixtures/render.js';
import type { OcrResult, RasterImage } from '../domain.js';
import type { QuarterTurn } from './ocr/engine.js';
import {
  decideOrientation,
  detectOrientationWith,
  ORIENTATION_DPI,
  osdProbability,
  turnsToRead,
  type OrientationDeps,
  type OsdVote,
  type ReadVote,
} from './orientation.js';

// Fixtures are drawn at the detector's own resolution, so the copy it reads has the size of the
// upright reference and the stand-in reader can compare them pixel for pixel.
const DPI = ORIENTATION_DPI;

/** `img` at a quarter of its size, as grey bytes. */
const quarter = (img: RasterImage): Promise<Buffer> =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(Math.round(img.width / 4), Math.round(img.height / 4), { fit: 'fill' })
    .raw()
    .toBuffer();

/** Correlation (−1…1) of two equally long runs of grey values. */
function correlation(x: Uint8Array, y: Uint8Array): number {
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / x.length;
  const my = sy / y.length;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  return xx === 0 || yy === 0 ? 0 : xy / Math.sqrt(xx * yy);
}

/** Correlation of the ink of two same-sized images, compared at a quarter of their size. */
async function inkCorrelation(a: RasterImage, b: RasterImage): Promise<number> {
  return correlation(await quarter(a), await quarter(b));
}

/**
 * How well `part`, as wide as `whole` and no taller, matches some horizontal band of it: the best
 * correlation over the band's possible positions, at a quarter of the size.
 */
async function bandCorrelation(part: RasterImage, whole: RasterImage): Promise<number> {
  if (part.width !== whole.width || part.height > whole.height) return 0;
  if (part.height === whole.height) return inkCorrelation(part, whole);
  const p = await quarter(part);
  const w = await quarter(whole);
  const qw = Math.round(whole.width / 4);
  const ph = p.length / qw;
  let best = -1;
  for (let y = 0; (y + ph) * qw <= w.length; y++) {
    best = Math.max(best, correlation(p, w.subarray(y * qw, (y + ph) * qw)));
  }
  return best;
}

function words(confidence: number, count: number): OcrResult {
  const ws = Array.from({ length: count }, (_, i) => ({
    text: 'chữ',
    bbox: { x0: i * 10, y0: 0, x1: i * 10 + 9, y1: 10 },
    confidence,
    line: 0,
  }));
  return {
    width: 1,
    height: 1,
    words: ws,
    lines: [],
    text: ws.map((w) => w.text).join(' '),
    meanConfidence: confidence,
    engine: 'fake',
  };
}

/** Ink correlation above which the stand-in reader takes a copy for the upright page. */
const SAME_PAGE = 0.9;

/**
 * A stand-in for tesseract's one-block read (psm 6): it reads the page, or a band of it, well only
 * when it is given it upright and straight (like the reference), and badly in any other turn or
 * skew. `seen.heights` collects the share of the page height each read was given.
 */
function readerOf(
  upright: RasterImage,
  seen: { reads: number; heights?: number[] },
): OrientationDeps['readText'] {
  return async (png) => {
    seen.reads++;
    const img = await greyRaster(png);
    seen.heights?.push(img.height / upright.height);
    const same = (await bandCorrelation(img, upright)) >= SAME_PAGE;
    return same ? words(94, 20) : words(35, 20);
  };
}

const osdSays =
  (rotationDeg: QuarterTurn | null, score: number): OrientationDeps['osd'] =>
  () =>
    Promise.resolve(rotationDeg === null ? null : { rotationDeg, score });

async function detect(page: RenderedPage, deps: OrientationDeps) {
  const img = await greyRaster(page.png);
  return detectOrientationWith(
    img,
    { x: page.dpi, y: page.dpi, source: 'tag', tag: page.dpi, suspect: false },
    deps,
  );
}

let sheetUpright: RasterImage;
let letterUpright: RasterImage;

beforeAll(async () => {
  sheetUpright = await greyRaster((await renderPatchSheet({ dpi: DPI })).png);
  letterUpright = await greyRaster((await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI })).png);
});

describe('the stand-in reader', () => {
  it('tells the upright, straight page from a skewed or upside-down one', async () => {
    const skewed = await greyRaster((await renderPatchSheet({ dpi: DPI, skewDeg: 6.9 })).png);
    const upsideDown = await greyRaster(
      (await renderPatchSheet({ dpi: DPI, rotationDeg: 180 })).png,
    );
    expect(await inkCorrelation(sheetUpright, sheetUpright)).toBeGreaterThan(0.99);
    expect(await inkCorrelation(skewed, sheetUpright)).toBeLessThan(SAME_PAGE);
    expect(await inkCorrelation(upsideDown, sheetUpright)).toBeLessThan(SAME_PAGE);
  });
});

describe('detectOrientationWith', () => {
  it('turns back a separator sheet fed sideways and 6.9° skewed, on which OSD is unsure', async () => {
    // The corpus' vn_s_sep02: OSD finds the turn with a score of 1.15 only.
    const page = await renderPatchSheet({ dpi: DPI, skewDeg: 6.9, rotationDeg: 270 });
    const seen = { reads: 0 };
    const r = await detect(page, {
      osd: osdSays(270, 1.15),
      readText: readerOf(sheetUpright, seen),
    });
    expect(r.rotationDeg).toBe(270);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(seen.reads).toBe(4);
  });

  it('finds a sideways letter that OSD took for upright with a low score', async () => {
    const page = await renderPage({
      lines: ADMIN_FIRST_PAGE,
      dpi: DPI,
      skewDeg: -5,
      rotationDeg: 90,
    });
    const r = await detect(page, {
      osd: osdSays(0, 2),
      readText: readerOf(letterUpright, { reads: 0 }),
    });
    expect(r.rotationDeg).toBe(90);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('never turns a straight page, even when OSD is sure of a turn', async () => {
    const page = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI, skewDeg: 3 });
    for (const turn of [90, 180, 270] as const) {
      const r = await detect(page, {
        osd: osdSays(turn, 9),
        readText: readerOf(letterUpright, { reads: 0 }),
      });
      expect(r.rotationDeg === 0 || r.confidence < 0.5, `OSD said ${turn}`).toBe(true);
    }
  });

  it('confirms a turn OSD is sure of by reading a band of the page, turned back and turned over', async () => {
    const lines = [...ADMIN_FIRST_PAGE, ...ADMIN_FIRST_PAGE, ...ADMIN_FIRST_PAGE];
    const upright = await greyRaster((await renderPage({ lines, dpi: DPI })).png);
    for (const turn of [90, 180, 270] as const) {
      const page = await renderPage({ lines, dpi: DPI, rotationDeg: turn });
      const seen = { reads: 0, heights: [] as number[] };
      const r = await detect(page, { osd: osdSays(turn, 9), readText: readerOf(upright, seen) });
      expect(r.rotationDeg, `turn ${turn}`).toBe(turn);
      expect(r.confidence).toBeGreaterThan(0.9);
      expect(seen.reads).toBe(2);
      // Each read is a band of about a third of the page, not the whole of it.
      for (const h of seen.heights) expect(h).toBeLessThan(0.4);
    }
  });

  it('trusts OSD on an upright page it is sure of, without reading', async () => {
    const page = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: DPI });
    const seen = { reads: 0 };
    const r = await detect(page, { osd: osdSays(0, 12), readText: readerOf(letterUpright, seen) });
    expect(r).toEqual({ rotationDeg: 0, confidence: 1 });
    expect(seen.reads).toBe(0);
  });

  it('gives confidence 0 to an empty sheet', async () => {
    const page = await renderPage({ lines: [], dpi: DPI });
    const r = await detect(page, {
      osd: osdSays(null, 0),
      readText: () => Promise.resolve(words(0, 0)),
    });
    expect(r).toEqual({ rotationDeg: 0, confidence: 0 });
  });
});

const vote = (rotationDeg: QuarterTurn, score: number): OsdVote => ({
  rotationDeg,
  probability: osdProbability(score),
});
const reads = (...r: [QuarterTurn, number, number][]): ReadVote[] =>
  r.map(([rotationDeg, confidence, chars]) => ({ rotationDeg, confidence, chars }));

describe('turnsToRead', () => {
  it('reads nothing when OSD is sure of upright, a turn and its opposite when sure of it, else all four', () => {
    expect(turnsToRead(vote(0, 8))).toEqual([]);
    expect(turnsToRead(vote(180, 8))).toEqual([0, 180]);
    expect(turnsToRead(vote(90, 8))).toEqual([90, 270]);
    expect(turnsToRead(vote(270, 8))).toEqual([90, 270]);
    expect(turnsToRead(vote(0, 2))).toEqual([0, 90, 180, 270]);
    expect(turnsToRead(vote(90, 1))).toEqual([0, 90, 180, 270]);
    expect(turnsToRead(null)).toEqual([0, 90, 180, 270]);
  });
});

describe('decideOrientation', () => {
  it('confirms a sure OSD turn that reads upright, with a high confidence', () => {
    const r = decideOrientation(vote(180, 10), reads([0, 30, 200], [180, 92, 210]));
    expect(r.rotationDeg).toBe(180);
    expect(r.confidence).toBeGreaterThan(0.95);
  });

  it("takes the reads' clear winner when OSD is unsure (the corpus' sideways separator)", () => {
    // vn_s_sep02 as measured: OSD 1.15; reads of the turns 0/90/180/270.
    const r = decideOrientation(
      vote(270, 1.15),
      reads([0, 29, 88], [90, 60, 58], [180, 25, 87], [270, 95, 56]),
    );
    expect(r.rotationDeg).toBe(270);
    expect(r.confidence).toBeGreaterThan(0.8);
  });

  it('keeps a turn the reads do not confirm below 0.3', () => {
    const r = decideOrientation(vote(90, 9), reads([90, 70, 100], [270, 40, 100]));
    expect(r.rotationDeg).toBe(90);
    expect(r.confidence).toBeLessThanOrEqual(0.3);
  });

  it('wants a margin over every other read, not just a high one', () => {
    const r = decideOrientation(
      vote(0, 1),
      reads([0, 75, 100], [90, 85, 100], [180, 20, 100], [270, 20, 100]),
    );
    expect(r.rotationDeg === 0 || r.confidence < 0.5).toBe(true);
  });

  it('ignores reads of fewer than 20 characters', () => {
    const r = decideOrientation(null, reads([0, 0, 0], [90, 96, 12], [180, 0, 0], [270, 0, 3]));
    expect(r).toEqual({ rotationDeg: 0, confidence: 0 });
  });

  it('never turns an upright page OSD took for sideways: neither sideways read looks upright', () => {
    const sure = decideOrientation(vote(90, 9), reads([90, 35, 380], [270, 30, 390]));
    expect(sure.confidence).toBeLessThanOrEqual(0.3);
  });

  it('leaves the page upright when it reads upright as is, whatever OSD said', () => {
    const r = decideOrientation(vote(180, 9), reads([0, 93, 400], [180, 41, 380]));
    expect(r.rotationDeg).toBe(0);
    const weak = decideOrientation(vote(0, 3), reads([0, 90, 300], [90, 20, 300], [180, 45, 300]));
    expect(weak.rotationDeg).toBe(0);
    expect(weak.confidence).toBeGreaterThan(0.75);
  });

  it('discounts a read winner by how much OSD believed another turn', () => {
    const against = decideOrientation(vote(0, 3.9), reads([0, 40, 90], [90, 95, 90]));
    const without = decideOrientation(null, reads([0, 40, 90], [90, 95, 90]));
    expect(against.rotationDeg).toBe(90);
    expect(against.confidence).toBeLessThan(without.confidence);
    expect(against.confidence).toBeLessThan(0.5);
  });
});
