import {
  beginText,
  concatTransformationMatrix,
  degrees,
  drawObject,
  endText,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFontAndSize,
  setTextRenderingMode,
  showText,
  StandardFonts,
  TextRenderingMode,
} from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { StageError } from '../../core/errors.js';
import type { DecodedPage, SourceFile } from '../domain.js';
import { countFrames, decodeFrame } from './decode.js';

const LIMITS = { maxPixels: 50_000_000 };
const pdf = (bytes: Uint8Array, label = 'dossier-3.pdf'): SourceFile => ({
  bytes: Buffer.from(bytes),
  format: 'pdf',
  label,
});

/** A 850 × 1100 grey scan (letter at 100 dpi) with a black square in its top-left corner. */
const W = 850;
const H = 1100;
let scan: Buffer;
let scanPng: Buffer;

beforeAll(async () => {
  scan = Buffer.alloc(W * H, 255);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if ((x * 7 + y * 3) % 97 < 20) scan[y * W + x] = 120;
  for (let y = 20; y < 120; y++) for (let x = 20; x < 120; x++) scan[y * W + x] = 0;
  scanPng = await sharp(scan, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
});

/** A one-page PDF (letter) drawing the scan with `draw`. */
async function scanPdf(
  draw: (ctx: {
    doc: PDFDocument;
    page: ReturnType<PDFDocument['addPage']>;
    image: Awaited<ReturnType<PDFDocument['embedPng']>>;
  }) => void | Promise<void>,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const image = await doc.embedPng(scanPng);
  await draw({ doc, page, image });
  return doc.save();
}

const at = (p: DecodedPage, x: number, y: number): number =>
  p.image.data[(y * p.image.width + x) * p.image.channels]!;

describe('decodeFrame: scanned PDF pages', () => {
  it('takes the page image at its native resolution, pixel for pixel', async () => {
    const bytes = await scanPdf(({ page, image }) =>
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 }),
    );
    const p = await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(p).toMatchObject({ colorMode: 'gray', sourceFormat: 'pdf', bitsPerSample: 8 });
    expect(p.image).toMatchObject({ width: W, height: H, channels: 1 });
    expect(p.dpi).toMatchObject({ x: 100, y: 100, source: 'tag', suspect: false });
    expect(p.image.data.equals(scan)).toBe(true);
  });

  it("honours the page's /Rotate", async () => {
    const bytes = await scanPdf(({ page, image }) => {
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
      page.setRotation(degrees(90));
    });
    const p = await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(p.image).toMatchObject({ width: H, height: W });
    // Shown turned a quarter clockwise, the top-left corner is now top-right.
    expect(at(p, H - 70, 70)).toBe(0);
    expect(at(p, 70, 70)).toBe(255);
  });

  it("honours the image's own placement (turned and mirrored)", async () => {
    const turned = await scanPdf(({ page, image }) => {
      page.drawImage(image, { x: 612, y: 0, width: 792, height: 612, rotate: degrees(90) });
    });
    const a = await decodeFrame(pdf(turned), 0, LIMITS);
    // The page is portrait, the image lies across it: its height runs along the page's width.
    expect(a.image).toMatchObject({ width: H, height: W });
    expect(a.image.width * a.image.height).toBe(W * H);

    const mirrored = await scanPdf(({ page, image }) => {
      page.node.setXObject(PDFName.of('Scan'), image.ref);
      page.pushOperators(
        pushGraphicsState(),
        concatTransformationMatrix(-612, 0, 0, 792, 612, 0),
        drawObject('Scan'),
        popGraphicsState(),
      );
    });
    const b = await decodeFrame(pdf(mirrored), 0, LIMITS);
    expect(b.image).toMatchObject({ width: W, height: H });
    expect(at(b, W - 70, 70)).toBe(0);
    expect(at(b, 70, 70)).toBe(255);
  });

  it('takes an image placed at a slight angle straight, and reports the angle it undid', async () => {
    // pdf-lib's rotate turns counter-clockwise in PDF space (y up), which is counter-clockwise on
    // screen too: the skew convention of the page findings.
    const tilted = (deg: number, pageTurn: number) =>
      scanPdf(({ page, image }) => {
        page.drawImage(image, { x: 10, y: 5, width: 612, height: 792, rotate: degrees(deg) });
        page.setRotation(degrees(pageTurn));
      });
    const a = await decodeFrame(pdf(await tilted(-1.865, 0)), 0, LIMITS);
    expect(a.image).toMatchObject({ width: W, height: H });
    expect(a.image.data.equals(scan)).toBe(true);
    expect(a.undoneSkewDeg).toBeCloseTo(-1.865, 3);

    // A page turned a quarter by /Rotate: the angle on screen is the same as in the placement.
    const b = await decodeFrame(pdf(await tilted(2.792, 90)), 0, LIMITS);
    expect(b.image).toMatchObject({ width: H, height: W });
    expect(b.undoneSkewDeg).toBeCloseTo(2.792, 3);

    const straight = await scanPdf(({ page, image }) =>
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 }),
    );
    expect((await decodeFrame(pdf(straight), 0, LIMITS)).undoneSkewDeg).toBeUndefined();
  });

  it('ignores an invisible OCR text layer over the scan', async () => {
    const bytes = await scanPdf(async ({ doc, page, image }) => {
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.node.setFontDictionary(PDFName.of('F1'), font.ref);
      page.pushOperators(
        beginText(),
        setFontAndSize('F1', 12),
        setTextRenderingMode(TextRenderingMode.Invisible),
        showText(font.encodeText('Quyet dinh')),
        endText(),
      );
    });
    const p = await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(p.image).toMatchObject({ width: W, height: H });
  });

  it('renders a page with visible content besides the image at 300 dpi', async () => {
    const bytes = await scanPdf(async ({ doc, page, image }) => {
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
      page.drawText('SAO Y', {
        x: 300,
        y: 700,
        size: 30,
        font: await doc.embedFont(StandardFonts.Helvetica),
      });
    });
    const p = await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(p.image).toMatchObject({ width: 2550, height: 3300 });
    expect(p.dpi).toMatchObject({ x: 300, source: 'tag' });
    expect(p.colorMode).toBe('gray');
  });

  it('renders a born-digital page, within the pixel limit', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    // The standard fonts carry no Vietnamese letters.
    page.drawText('Ke hoach so hoa', {
      x: 72,
      y: 700,
      size: 14,
      font: await doc.embedFont(StandardFonts.TimesRoman),
    });
    page.drawRectangle({ x: 72, y: 600, width: 200, height: 20, color: rgb(0.8, 0, 0) });
    const bytes = await doc.save();
    const full = await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(full.image).toMatchObject({ width: Math.floor((595 * 300) / 72), channels: 3 });
    expect(full.colorMode).toBe('rgb');
    const small = await decodeFrame(pdf(bytes), 0, { maxPixels: 1_000_000 });
    expect(small.image.width * small.image.height).toBeLessThanOrEqual(1_000_000);
    expect(small.dpi.x).toBeLessThan(300);
  });

  it('counts pages and refuses a page past the end', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 3; i++) doc.addPage([200, 200]);
    const bytes = await doc.save();
    expect(await countFrames(pdf(bytes), LIMITS)).toBe(3);
    const e = await stageError(decodeFrame(pdf(bytes), 3, LIMITS));
    expect(e.code).toBe('decode.frame_out_of_range');
  });

  it('never changes the uploaded bytes', async () => {
    const bytes = Buffer.from(
      await scanPdf(({ page, image }) =>
        page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 }),
      ),
    );
    const copy = Buffer.from(bytes);
    await decodeFrame(pdf(bytes), 0, LIMITS);
    expect(bytes.equals(copy)).toBe(true);
  });
});

describe('decodeFrame: hostile and broken PDFs', () => {
  it('refuses a decompression bomb from the image dictionary, before decoding it', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    const bomb = doc.context.flateStream(new Uint8Array(1000), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 40000,
      Height: 40000,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 1,
    });
    page.node.setXObject(PDFName.of('Bomb'), doc.context.register(bomb));
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(612, 0, 0, 792, 0, 0),
      drawObject('Bomb'),
      popGraphicsState(),
    );
    const e = await stageError(decodeFrame(pdf(await doc.save(), 'bomb.pdf'), 0, LIMITS));
    expect(e.code).toBe('decode.too_many_pixels');
    expect(e.message).toContain('40000×40000');
    expect(e.message).toContain('bomb.pdf');
  });

  it('reports a broken file as corrupt', async () => {
    const e = await stageError(countFrames(pdf(Buffer.from('%PDF-1.4\n%%EOF\n')), LIMITS));
    expect(e.code).toBe('decode.corrupt');
  });

  it('asks for the password of a PDF that needs one to open', async () => {
    const e = await stageError(countFrames(pdf(encryptedPdf(), 'locked.pdf'), LIMITS));
    expect(e.code).toBe('decode.pdf_password');
    expect(e.message).toContain('locked.pdf');
    expect(e.hint).toBeDefined();
  });
});

async function stageError(p: Promise<unknown>): Promise<StageError> {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StageError);
  expect((err as StageError).retryable).toBe(false);
  return err as StageError;
}

/**
 * A PDF encrypted with the standard handler (RC4, revision 2) whose user password is not empty:
 * its /U entry does not match the empty password, so no reader can open it without one.
 */
function encryptedPdf(): Buffer {
  const hex32 = 'a1'.repeat(32);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex32}> /U <${'5c'.repeat(32)}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'0f'.repeat(16)}> <${'0f'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
