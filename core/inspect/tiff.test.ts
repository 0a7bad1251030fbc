import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectTiff } from './tiff.js';
import { bufferSource } from './types.js';

const LIMITS = { maxPixels: 250_000_000 };

interface Built {
  width: number;
  height: number;
  /** Bytes of each strip; written after the directory */
  strips: Buffer[];
  bigEndian?: boolean;
  /** Offset written as "next IFD"; default 0 (last) */
  next?: number;
}

/**
 * A grey uncompressed one-page TIFF laid out as header, directory, strip tables, strip data, so
 * that cutting the end of the file cuts strips and leaves the directory whole.
 */
function buildTiff(o: Built): Buffer {
  const le = o.bigEndian !== true;
  const n = o.strips.length;
  const entries: [tag: number, type: number, values: number[]][] = [
    [256, 4, [o.width]],
    [257, 4, [o.height]],
    [258, 3, [8]],
    [259, 3, [1]],
    [262, 3, [1]],
    [273, 4, []], // filled below
    [277, 3, [1]],
    [278, 4, [Math.ceil(o.height / n)]],
    [279, 4, o.strips.map((s) => s.length)],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const tablesAt = 8 + ifdSize;
  const tableBytes = n > 1 ? 8 * n : 0;
  let dataAt = tablesAt + tableBytes;
  const offsets = o.strips.map((s) => {
    const at = dataAt;
    dataAt += s.length;
    return at;
  });
  entries[5] = [273, 4, offsets];
  const out = Buffer.alloc(dataAt);
  const w16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  out.write(le ? 'II' : 'MM', 0, 'latin1');
  w16(42, 2);
  w32(8, 4);
  w16(entries.length, 8);
  let table = tablesAt;
  entries.forEach(([tag, type, values], i) => {
    const at = 10 + i * 12;
    w16(tag, at);
    w16(type, at + 2);
    w32(values.length, at + 4);
    if (values.length === 1) {
      if (type === 3) w16(values[0] ?? 0, at + 8);
      else w32(values[0] ?? 0, at + 8);
    } else {
      w32(table, at + 8);
      values.forEach((v, k) => w32(v, table + k * 4));
      table += values.length * 4;
    }
  });
  w32(o.next ?? 0, 8 + 2 + entries.length * 12);
  o.strips.forEach((s, i) => s.copy(out, offsets[i] ?? 0));
  return out;
}

const grey = (w: number, h: number, strips: number): Buffer[] => {
  const rows = Math.ceil(h / strips);
  return Array.from({ length: strips }, (_, i) =>
    Buffer.alloc(w * Math.min(rows, h - i * rows), 0x80),
  );
};

describe('inspectTiff', () => {
  it('reads a one-page TIFF written by libvips, with its resolution', async () => {
    const tif = await sharp({ create: { width: 90, height: 60, channels: 3, background: '#fff' } })
      .tiff({ compression: 'lzw' })
      .withMetadata({ density: 300 })
      .toBuffer();
    const r = await inspectTiff(bufferSource(tif), LIMITS);
    expect(r.frames).toEqual([{ width: 90, height: 60 }]);
    expect(r.dpi?.x).toBeCloseTo(300, 3);
  });

  it('counts every page of a multi-page TIFF', async () => {
    const w = 40;
    const h = 30;
    const tif = await sharp(Buffer.alloc(w * h * 4, 200), {
      raw: { width: w, height: h * 4, channels: 1, pageHeight: h },
    })
      .tiff()
      .toBuffer();
    const r = await inspectTiff(bufferSource(tif), LIMITS);
    expect(r.frames).toHaveLength(4);
    expect(r.frames.every((f) => f.width === w && f.height === h)).toBe(true);
  });

  it('reads BigTIFF and tiled TIFF', async () => {
    const base = sharp({ create: { width: 300, height: 200, channels: 3, background: '#123456' } });
    const big = await base.clone().tiff({ bigtiff: true }).toBuffer();
    expect(big.readUInt16LE(2)).toBe(43);
    expect((await inspectTiff(bufferSource(big), LIMITS)).frames).toEqual([
      { width: 300, height: 200 },
    ]);
    const tiled = await base.clone().tiff({ tile: true, tileWidth: 64, tileHeight: 64 }).toBuffer();
    expect((await inspectTiff(bufferSource(tiled), LIMITS)).frames).toEqual([
      { width: 300, height: 200 },
    ]);
  });

  it('reads a big-endian TIFF', async () => {
    const tif = buildTiff({ width: 20, height: 10, strips: grey(20, 10, 2), bigEndian: true });
    expect((await inspectTiff(bufferSource(tif), LIMITS)).frames).toEqual([
      { width: 20, height: 10 },
    ]);
  });

  it('says which strip lies past the end of a truncated TIFF', async () => {
    const tif = buildTiff({ width: 100, height: 100, strips: grey(100, 100, 4) });
    // Four strips of 2500 bytes at the end of the file: losing 2600 bytes cuts strip 2 short
    // and leaves strip 3 wholly outside.
    const cut = tif.subarray(0, tif.length - 2600);
    await expect(inspectTiff(bufferSource(cut), LIMITS)).rejects.toMatchObject({
      code: 'upload.truncated',
      status: 422,
      message: expect.stringMatching(
        new RegExp(`strip 2 of page 1 ends at byte \\d+, the file has ${cut.length}`),
      ) as unknown,
    });
  });

  it('says a TIFF whose directory was cut off is truncated', async () => {
    // libtiff writes the directory after the image data: cutting the tail loses it.
    const tif = await sharp({
      create: { width: 200, height: 100, channels: 3, background: '#fff' },
    })
      .tiff()
      .toBuffer();
    await expect(
      inspectTiff(bufferSource(tif.subarray(0, tif.length - 100)), LIMITS),
    ).rejects.toMatchObject({
      code: 'upload.truncated',
    });
  });

  it('refuses a directory chain that loops', async () => {
    const tif = buildTiff({ width: 10, height: 10, strips: grey(10, 10, 1), next: 8 });
    await expect(inspectTiff(bufferSource(tif), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
      message: expect.stringContaining('loops') as unknown,
    });
  });

  it('refuses an oversized page before looking at its strips', async () => {
    // Declares 100000×100000 with one tiny strip: the size alone must refuse it.
    const tif = buildTiff({ width: 100_000, height: 100_000, strips: [Buffer.alloc(10)] });
    await expect(inspectTiff(bufferSource(tif), LIMITS)).rejects.toMatchObject({
      code: 'upload.too_many_pixels',
      message: expect.stringContaining('100000×100000') as unknown,
    });
  });

  it('refuses a directory without strip tables or with mismatched ones', async () => {
    const tif = buildTiff({ width: 10, height: 10, strips: grey(10, 10, 2) });
    const noOffsets = Buffer.from(tif);
    noOffsets.writeUInt16LE(999, 10 + 5 * 12); // tag 273 becomes an unknown tag
    await expect(inspectTiff(bufferSource(noOffsets), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
    const mismatch = Buffer.from(tif);
    mismatch.writeUInt32LE(1, 10 + 8 * 12 + 4); // StripByteCounts claims 1 value, offsets 2
    await expect(inspectTiff(bufferSource(mismatch), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });

  it('refuses a header that is not TIFF', async () => {
    await expect(inspectTiff(bufferSource(Buffer.from('II*\0')), LIMITS)).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });
});
