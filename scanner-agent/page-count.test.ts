import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaType } from './api-types.js';
import { countPages, UnreadableFileError } from './page-count.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-pages-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function count(bytes: Uint8Array, type: MediaType): Promise<number> {
  const path = join(dir, `f${n++}`);
  await writeFile(path, bytes);
  const r = await countPages(path, type);
  expect(r.exact).toBe(true);
  return r.pages;
}
async function refusal(bytes: Uint8Array, type: MediaType): Promise<UnreadableFileError> {
  const err = await count(bytes, type).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnreadableFileError);
  const e = err as UnreadableFileError;
  expect(e.code).toBe('inbox.unreadable_file');
  expect(e.retryable).toBe(false);
  expect(e.hint).toMatch(/^Quét lại/);
  return e;
}

/** A multi-page TIFF as libvips (sharp) writes it: LZW strips, one IFD after each page's data. */
async function scannedTiff(pages: number, o: { bigtiff?: boolean } = {}): Promise<Buffer> {
  const sheets = await Promise.all(
    Array.from({ length: pages }, (_, i) =>
      sharp({
        create: { width: 120, height: 160, channels: 3, background: { r: i * 20, g: 90, b: 40 } },
      })
        .png()
        .toBuffer(),
    ),
  );
  const first = sheets[0] ?? Buffer.alloc(0);
  return sharp(pages === 1 ? first : sheets, pages === 1 ? {} : { join: { animated: true } })
    .tiff({ compression: 'lzw', bigtiff: o.bigtiff ?? false })
    .toBuffer();
}

/**
 * A big-endian ("MM") TIFF built by hand, IFDs first: `pages` grey pages of 8×8 in two strips
 * each, the strip tables stored outside the IFD; `nextOfLast` lets a test make the chain loop.
 */
function bigEndianTiff(pages: number, nextOfLast = 0): Buffer {
  const entries = 7;
  const ifdLen = 2 + entries * 12 + 4;
  const tablesLen = 16; // two LONG offsets, two LONG counts
  const pageLen = ifdLen + tablesLen + 64;
  const out = Buffer.alloc(8 + pages * pageLen);
  out.write('MM', 0, 'latin1');
  out.writeUInt16BE(42, 2);
  out.writeUInt32BE(8, 4);
  for (let p = 0; p < pages; p++) {
    const at = 8 + p * pageLen;
    const tables = at + ifdLen;
    const data = tables + tablesLen;
    const tags: [number, number, number, number][] = [
      [256, 3, 1, 8],
      [257, 3, 1, 8],
      [258, 3, 1, 8],
      [262, 3, 1, 1],
      [273, 4, 2, tables],
      [278, 3, 1, 4],
      [279, 4, 2, tables + 8],
    ];
    out.writeUInt16BE(entries, at);
    tags.forEach(([tag, type, cnt, value], i) => {
      const o = at + 2 + i * 12;
      out.writeUInt16BE(tag, o);
      out.writeUInt16BE(type, o + 2);
      out.writeUInt32BE(cnt, o + 4);
      if (type === 3) out.writeUInt16BE(value, o + 8);
      else out.writeUInt32BE(value, o + 8);
    });
    out.writeUInt32BE(data, tables);
    out.writeUInt32BE(data + 32, tables + 4);
    out.writeUInt32BE(32, tables + 8);
    out.writeUInt32BE(32, tables + 12);
    const next = p + 1 < pages ? at + pageLen : nextOfLast;
    out.writeUInt32BE(next, at + 2 + entries * 12);
  }
  return out;
}

async function pdfOf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Trang ${i + 1}`);
  return doc.save();
}

describe('countPages: TIFF', () => {
  it('counts every page of a multi-page TIFF, classic and BigTIFF', async () => {
    const tif = await scannedTiff(3);
    expect((await sharp(tif).metadata()).pages).toBe(3);
    expect(await count(tif, 'image/tiff')).toBe(3);
    expect(await count(await scannedTiff(2, { bigtiff: true }), 'image/tiff')).toBe(2);
    expect(await count(await scannedTiff(1), 'image/tiff')).toBe(1);
  });

  it('reads big-endian files with strip tables outside the directory', async () => {
    expect(await count(bigEndianTiff(4), 'image/tiff')).toBe(4);
  });

  it('refuses a TIFF cut short, naming the page that is missing', async () => {
    const tif = await scannedTiff(3);
    const e = await refusal(tif.subarray(0, Math.floor(tif.length * 0.7)), 'image/tiff');
    expect(e.message).toMatch(/^Tệp TIFF bị cắt cụt: trang \d/);
    expect(e.message).toContain('/ The TIFF file is cut short');
    // IFDs first, data last: the directories are whole but the last strip is not.
    const be = bigEndianTiff(2);
    const cut = await refusal(be.subarray(0, be.length - 10), 'image/tiff');
    expect(cut.message).toContain('trang 2');
  });

  it('refuses a chain of directories that loops, and a file that is not a TIFF', async () => {
    const loop = await refusal(bigEndianTiff(3, 8), 'image/tiff');
    expect(loop.message).toContain('bị lặp ở trang 4');
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: 'white' },
    })
      .png()
      .toBuffer();
    const notTiff = await refusal(png, 'image/tiff');
    expect(notTiff.message).toMatch(/^Tệp không phải ảnh TIFF .*bắt đầu bằng 89 50 4e 47/);
    expect((await refusal(Buffer.alloc(0), 'image/tiff')).message).toContain('tệp rỗng');
  });
});

describe('countPages: PDF', () => {
  it('counts the pages of a PDF, with or without object streams', async () => {
    expect(await count(await pdfOf(5), 'application/pdf')).toBe(5);
    const doc = await PDFDocument.load(await pdfOf(7));
    expect(await count(await doc.save({ useObjectStreams: false }), 'application/pdf')).toBe(7);
  });

  it('refuses a PDF cut in half and a file that is no PDF', async () => {
    const pdf = await pdfOf(5);
    const e = await refusal(pdf.subarray(0, Math.floor(pdf.length / 2)), 'application/pdf');
    expect(e.message).toMatch(/^Không đọc được cấu trúc tệp PDF/);
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .jpeg()
      .toBuffer();
    expect((await refusal(jpeg, 'application/pdf')).message).toContain('bắt đầu bằng ff d8 ff');
  });

  it.skipIf(!hasQpdf())(
    'counts an encrypted PDF by its plain page tree, and takes one whose tree is encrypted as 1 page',
    async () => {
      const plain = join(dir, 'plain.pdf');
      await writeFile(plain, await pdfOf(3));
      const encrypt = (out: string, extra: string[]) => {
        execFileSync('qpdf', ['--encrypt', 'u', 'o', '256', '--', ...extra, plain, out]);
        return out;
      };
      const open = encrypt(join(dir, 'open-tree.pdf'), ['--object-streams=disable']);
      expect(await countPages(open, 'application/pdf')).toEqual({ pages: 3, exact: true });
      const hidden = encrypt(join(dir, 'hidden-tree.pdf'), ['--object-streams=generate']);
      expect(await countPages(hidden, 'application/pdf')).toEqual({ pages: 1, exact: false });
    },
  );
});

describe('countPages: JPEG and PNG', () => {
  it('counts one page, and refuses a file whose bytes are not its type', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .jpeg()
      .toBuffer();
    const png = await sharp(jpeg).png().toBuffer();
    expect(await count(jpeg, 'image/jpeg')).toBe(1);
    expect(await count(png, 'image/png')).toBe(1);
    expect((await refusal(png, 'image/jpeg')).message).toMatch(/^Tệp không phải ảnh JPEG/);
    expect((await refusal(jpeg, 'image/png')).message).toContain('/ The file is not the PNG');
  });
});

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
