import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectPng } from './png.js';
import { bufferSource, type ByteSource } from './types.js';

const LIMITS = { maxPixels: 250_000_000 };

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function ihdr(width: number, height: number, depth = 8, colorType = 0): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = depth;
  d[9] = colorType;
  return chunk('IHDR', d);
}

const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A source that records the furthest byte asked for. */
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

async function realPng(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 80, channels: 3, background: '#c0ffee' } })
    .png()
    .withMetadata({ density: 300 })
    .toBuffer();
}

describe('inspectPng', () => {
  it('reads the size and the pHYs resolution of a real PNG', async () => {
    const r = await inspectPng(bufferSource(await realPng()), LIMITS);
    expect(r.frame).toEqual({ width: 120, height: 80 });
    expect(r.dpi?.x).toBeCloseTo(300, 0);
    expect(r.dpi?.y).toBeCloseTo(300, 0);
  });

  it('refuses a 100000×100000 PNG from its IHDR without reading further', async () => {
    // The file claims a huge image; what follows the header would be gigabytes.
    const file = Buffer.concat([SIG, ihdr(100_000, 100_000), Buffer.alloc(4096)]);
    const src = spy(file);
    await expect(inspectPng(src, LIMITS)).rejects.toMatchObject({
      code: 'upload.too_many_pixels',
      status: 422,
      message: expect.stringContaining('100000×100000') as unknown,
    });
    expect(src.furthest).toBeLessThanOrEqual(33);
  });

  it('says a PNG cut inside a chunk is truncated, naming the chunk', async () => {
    const png = await realPng();
    const cut = png.subarray(0, png.length - 20);
    await expect(inspectPng(bufferSource(cut), LIMITS)).rejects.toMatchObject({
      code: 'upload.truncated',
      status: 422,
      message: expect.stringMatching(/Truncated PNG/) as unknown,
    });
  });

  it('says a PNG that stops right before IEND is truncated', async () => {
    const png = await realPng();
    const cut = png.subarray(0, png.length - 12);
    await expect(inspectPng(bufferSource(cut), LIMITS)).rejects.toMatchObject({
      code: 'upload.truncated',
      message: expect.stringContaining('IEND') as unknown,
    });
  });

  it('finds a damaged byte through the chunk CRC', async () => {
    const png = Buffer.from(await realPng());
    const idat = png.indexOf('IDAT');
    png[idat + 8] = (png[idat + 8] ?? 0) ^ 0xff;
    await expect(inspectPng(bufferSource(png), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
      message: expect.stringContaining('IDAT') as unknown,
    });
  });

  it('refuses an IHDR with an impossible bit depth', async () => {
    const file = Buffer.concat([SIG, ihdr(10, 10, 3, 2), chunk('IEND', Buffer.alloc(0))]);
    await expect(inspectPng(bufferSource(file), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });

  it('refuses a PNG without image data', async () => {
    const file = Buffer.concat([SIG, ihdr(10, 10), chunk('IEND', Buffer.alloc(0))]);
    await expect(inspectPng(bufferSource(file), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
      message: expect.stringContaining('IDAT') as unknown,
    });
  });
});
