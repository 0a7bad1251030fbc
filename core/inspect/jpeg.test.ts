import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectJpeg } from './jpeg.js';
import { bufferSource, type ByteSource } from './types.js';

const LIMITS = { maxPixels: 250_000_000 };

const jpeg = (o: { progressive?: boolean; density?: number } = {}): Promise<Buffer> => {
  const img = sharp({
    create: {
      width: 64,
      height: 48,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  }).jpeg({ progressive: o.progressive ?? false });
  return (o.density === undefined ? img : img.withMetadata({ density: o.density })).toBuffer();
};

/** Offset of the first 0xFF <marker> segment. */
const markerAt = (buf: Buffer, marker: number): number => {
  for (let i = 2; i + 1 < buf.length; i++) if (buf[i] === 0xff && buf[i + 1] === marker) return i;
  return -1;
};

function spy(buf: Buffer): ByteSource & { furthest: number } {
  const inner = bufferSource(buf);
  const s = {
    size: buf.length,
    furthest: 0,
    read(offset: number, length: number) {
      s.furthest = Math.max(s.furthest, Math.min(offset + length, buf.length));
      return inner.read(offset, length);
    },
  };
  return s;
}

describe('inspectJpeg', () => {
  it('reads the frame size and the resolution', async () => {
    const r = await inspectJpeg(bufferSource(await jpeg({ density: 300 })), LIMITS);
    expect(r.frame).toEqual({ width: 64, height: 48 });
    expect(r.dpi).toEqual({ x: 300, y: 300 });
  });

  it('walks every scan of a progressive JPEG to its EOI', async () => {
    const r = await inspectJpeg(bufferSource(await jpeg({ progressive: true })), LIMITS);
    expect(r.frame).toEqual({ width: 64, height: 48 });
  });

  it('says a JPEG cut inside its scan data is truncated', async () => {
    const buf = await jpeg();
    const sos = markerAt(buf, 0xda);
    const cut = buf.subarray(0, sos + Math.floor((buf.length - sos) / 2));
    await expect(inspectJpeg(bufferSource(cut), LIMITS)).rejects.toMatchObject({
      code: 'upload.truncated',
      status: 422,
      message: expect.stringContaining('EOI') as unknown,
    });
  });

  it('says a JPEG that lost only its EOI is truncated', async () => {
    const buf = await jpeg();
    await expect(
      inspectJpeg(bufferSource(buf.subarray(0, buf.length - 2)), LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.truncated',
    });
  });

  it('says a JPEG cut inside a header segment is truncated', async () => {
    const buf = await jpeg();
    const dqt = markerAt(buf, 0xdb);
    await expect(
      inspectJpeg(bufferSource(buf.subarray(0, dqt + 10)), LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.truncated',
      message: expect.stringContaining('0xFFDB') as unknown,
    });
  });

  it('refuses an oversized frame from its header, before the scan data', async () => {
    const buf = Buffer.from(await jpeg());
    const sof = markerAt(buf, 0xc0);
    buf.writeUInt16BE(60_000, sof + 5);
    buf.writeUInt16BE(60_000, sof + 7);
    const src = spy(buf);
    await expect(inspectJpeg(src, LIMITS)).rejects.toMatchObject({
      code: 'upload.too_many_pixels',
    });
    expect(src.furthest).toBeLessThan(markerAt(buf, 0xda));
  });

  it('refuses a frame of height 0 (DNL) and scan data before any frame', async () => {
    const buf = Buffer.from(await jpeg());
    const sof = markerAt(buf, 0xc0);
    const dnl = Buffer.from(buf);
    dnl.writeUInt16BE(0, sof + 5);
    await expect(inspectJpeg(bufferSource(dnl), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
    const noFrame = Buffer.from(buf);
    noFrame[sof + 1] = 0xe5; // the frame header becomes an APP5 segment
    await expect(inspectJpeg(bufferSource(noFrame), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });

  it('refuses garbage where a marker should be', async () => {
    const buf = Buffer.from(await jpeg());
    buf[2] = 0x00;
    await expect(inspectJpeg(bufferSource(buf), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });
});
