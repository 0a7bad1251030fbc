import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPng, stampPng, stampTiff } from './page-stamp.js';
import { batchArgs, scanBatch, type BatchScanRequest } from './scanimage.js';
import { ScannerError } from './scanner-errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-scanimage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A stand-in for scanimage at the process boundary: writes `pages` files the way --batch does,
 * prints their names on stdout, then `stderr` and exits with `code`.
 */
async function fakeScanimage(pages: number, stderr: string, code: number): Promise<string> {
  const bin = join(dir, 'scanimage');
  const staging = join(dir, 'staging');
  const lines = [`#!/bin/sh`, `mkdir -p '${staging}'`];
  for (let i = 1; i <= pages; i++) {
    const f = `${staging}/p${String(i).padStart(4, '0')}.png`;
    lines.push(`echo 'Scanning page ${i}' >&2`, `printf 'page ${i}' > '${f}'`, `echo '${f}'`);
  }
  lines.push(`printf '%s' '${stderr}' >&2`, `exit ${code}`);
  await writeFile(bin, `${lines.join('\n')}\n`);
  await chmod(bin, 0o755);
  return bin;
}

const req = (): BatchScanRequest => ({
  device: 'test',
  stagingDir: join(dir, 'staging'),
  format: 'png',
  resolution: 300,
  mode: 'Gray',
  source: 'Automatic Document Feeder',
});

describe('batchArgs', () => {
  it('builds one argument vector, names with spaces kept whole', () => {
    expect(batchArgs({ ...req(), device: 'net:host:fujitsu fi 7160', single: true })).toEqual([
      '-d',
      'net:host:fujitsu fi 7160',
      `--batch=${join(dir, 'staging', 'p%04d.png')}`,
      '--batch-print',
      '--format=png',
      '--resolution',
      '300',
      '--batch-count=1',
      '--mode',
      'Gray',
      '--source',
      'Automatic Document Feeder',
    ]);
    expect(batchArgs({ ...req(), format: 'tiff' })[2]).toMatch(/p%04d\.tif$/);
  });
});

describe('scanBatch', () => {
  it('hands pages on in order and ends normally when the feeder runs out', async () => {
    const bin = await fakeScanimage(
      3,
      'scanimage: sane_start: Document feeder out of documents\n',
      0,
    );
    const got: string[] = [];
    const scanning: number[] = [];
    const r = await scanBatch(
      req(),
      {
        onScanning: (n) => scanning.push(n),
        onPage: async (p, n) => {
          await new Promise((res) => setTimeout(res, 20 * (4 - n))); // slower first: order holds
          got.push(`${n}:${await readFile(p, 'utf8')}`);
        },
      },
      { bin },
    );
    expect(r).toEqual({ pages: 3, endedBy: 'feeder-empty' });
    expect(got).toEqual(['1:page 1', '2:page 2', '3:page 3']);
    expect(scanning).toEqual([1, 2, 3]);
  });

  it('reports an empty feeder before the first page as scanner.no_docs', async () => {
    const bin = await fakeScanimage(
      0,
      'scanimage: sane_start: Document feeder out of documents\n',
      7,
    );
    const err = await scanBatch(req(), { onPage: () => Promise.resolve() }, { bin }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).code).toBe('scanner.no_docs');
  });

  it('hands on the pages before a jam, then throws scanner.jammed', async () => {
    const bin = await fakeScanimage(2, 'scanimage: sane_read: Document feeder jammed\n', 6);
    const got: number[] = [];
    const err = await scanBatch(
      req(),
      { onPage: (_p, n) => Promise.resolve(void got.push(n)) },
      { bin },
    ).catch((e: unknown) => e);
    expect(got).toEqual([1, 2]);
    expect((err as ScannerError).code).toBe('scanner.jammed');
    expect((err as ScannerError).message).toContain('Đã quét xong 2 trang');
  });

  it('says scanimage is missing when it is not installed', async () => {
    const err = await scanBatch(
      req(),
      { onPage: () => Promise.resolve() },
      { bin: join(dir, 'none') },
    ).catch((e: unknown) => e);
    expect((err as ScannerError).code).toBe('scanner.not_installed');
  });
});

describe('stampPng', () => {
  it('adds a valid iTXt chunk and leaves the pixels alone', async () => {
    const png = await sharp({
      create: { width: 8, height: 4, channels: 3, background: { r: 10, g: 200, b: 30 } },
    })
      .png()
      .toBuffer();
    const stamped = stampPng(png, 'sohoa:scan', 'HS-Thử 01 · tờ 3');
    expect(isPng(stamped)).toBe(true);
    expect(stamped.length).toBeGreaterThan(png.length);
    expect(stamped.toString('utf8')).toContain('HS-Thử 01 · tờ 3');
    const a = await sharp(png).raw().toBuffer();
    const b = await sharp(stamped).raw().toBuffer();
    expect(b.equals(a)).toBe(true);
    expect(() => stampPng(Buffer.from('not a png'), 'k', 'v')).toThrow();
  });
});

describe('stampTiff', () => {
  it('sets ImageDescription once and leaves the pixels alone', async () => {
    const tiff = await sharp({
      create: { width: 6, height: 5, channels: 3, background: { r: 200, g: 10, b: 30 } },
    })
      .tiff({ compression: 'none' })
      .toBuffer();
    const stamped = stampTiff(tiff, 'Hồ sơ HS-Đ01 · tờ 3');
    expect(stamped).toBeDefined();
    const a = await sharp(tiff).raw().toBuffer();
    expect((await sharp(stamped).raw().toBuffer()).equals(a)).toBe(true);
    // TIFF text is ASCII: diacritics dropped, đ → d, the rest replaced.
    expect(stamped?.toString('latin1')).toContain('Ho so HS-D01 ? to 3\0');
    // Stamping again replaces the tag instead of adding a second one.
    const twice = stampTiff(stamped ?? Buffer.alloc(0), 'lan 2');
    expect((await sharp(twice).raw().toBuffer()).equals(a)).toBe(true);
    expect((await sharp(twice).metadata()).width).toBe(6);
  });

  it('leaves what it does not know alone', () => {
    expect(stampTiff(Buffer.from('not a tiff at all'), 'x')).toBeUndefined();
  });
});
