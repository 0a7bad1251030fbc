import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectUpload, normalizeMediaType, sniffFormat } from './inspect.js';
import { bufferSource } from './types.js';

const LIMITS = { maxPixels: 250_000_000 };
const canvas = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } });

async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return Buffer.from(await doc.save());
}

describe('inspectUpload', () => {
  it('refuses an empty upload', async () => {
    await expect(
      inspectUpload(bufferSource(Buffer.alloc(0)), 'image/png', LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.empty',
      status: 400,
    });
  });

  it('names the format of bytes that are no scan, using file-type', async () => {
    const gif = await canvas().gif().toBuffer();
    await expect(inspectUpload(bufferSource(gif), 'image/png', LIMITS)).rejects.toMatchObject({
      code: 'upload.unsupported_type',
      status: 415,
      message: expect.stringContaining('image/gif') as unknown,
    });
  });

  it('shows the first bytes of content nobody recognises', async () => {
    const text = Buffer.from('hello, this is a text file\n');
    await expect(inspectUpload(bufferSource(text), 'image/png', LIMITS)).rejects.toMatchObject({
      code: 'upload.unsupported_type',
      message: expect.stringContaining('68 65 6c 6c 6f') as unknown,
    });
  });

  it('refuses a PDF sent as image/png, naming both types', async () => {
    await expect(
      inspectUpload(bufferSource(await onePagePdf()), 'image/png', LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.type_mismatch',
      status: 415,
      message: expect.stringMatching(
        /khai báo image\/png nhưng nội dung là application\/pdf \/ declared image\/png but the content is application\/pdf/i,
      ) as unknown,
    });
  });

  it('refuses a declared type outside the four formats even when the bytes are fine', async () => {
    const png = await canvas().png().toBuffer();
    await expect(
      inspectUpload(bufferSource(png), 'application/octet-stream', LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.unsupported_type',
      message: expect.stringContaining('application/octet-stream') as unknown,
    });
  });

  it('accepts parameters, capitals and common aliases in the declared type', async () => {
    const png = await canvas().png().toBuffer();
    const jpg = await canvas().jpeg().toBuffer();
    expect(
      await inspectUpload(bufferSource(png), 'Image/PNG; charset=binary', LIMITS),
    ).toMatchObject({
      mediaType: 'image/png',
      format: 'png',
      frameCount: 1,
      frames: [{ width: 40, height: 30 }],
    });
    expect(await inspectUpload(bufferSource(jpg), 'image/jpg', LIMITS)).toMatchObject({
      mediaType: 'image/jpeg',
      frameCount: 1,
    });
    expect(normalizeMediaType(' image/x-tiff ')).toBe('image/tiff');
  });

  it('reports the pages of a multi-page TIFF and of a PDF', async () => {
    const tif = await sharp(Buffer.alloc(20 * 10 * 3, 90), {
      raw: { width: 20, height: 30, channels: 1, pageHeight: 10 },
    })
      .tiff()
      .toBuffer();
    expect(await inspectUpload(bufferSource(tif), 'image/tiff', LIMITS)).toMatchObject({
      format: 'tiff',
      frameCount: 3,
      frameCountKnown: true,
    });
    expect(
      await inspectUpload(bufferSource(await onePagePdf()), 'application/pdf', LIMITS),
    ).toMatchObject({
      format: 'pdf',
      frameCount: 1,
      frameCountKnown: true,
      frames: [],
    });
  });

  it('applies the pixel limit it is given', async () => {
    const png = await canvas().png().toBuffer();
    await expect(
      inspectUpload(bufferSource(png), 'image/png', { maxPixels: 1000 }),
    ).rejects.toMatchObject({
      code: 'upload.too_many_pixels',
    });
  });
});

describe('sniffFormat', () => {
  it('finds a PDF header after leading junk, as readers do', () => {
    expect(sniffFormat(Buffer.from('\r\n\r\n%PDF-1.4\n'))).toBe('pdf');
    expect(sniffFormat(Buffer.from('II*\0\x08\0\0\0', 'latin1'))).toBe('tiff');
    expect(sniffFormat(Buffer.from('MM\0+\0\x08\0\0\0\0\0\0\0\0\0\x10', 'latin1'))).toBe('tiff');
    expect(sniffFormat(Buffer.from('GIF89a'))).toBeNull();
  });
});
