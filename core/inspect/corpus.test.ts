// Corpus-level checks against ../shared/corpus (skipped when it is absent). Page counts are
// compared with independent readers: libvips (sharp) for images and poppler's pdfinfo for PDFs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectUpload, MEDIA_TYPES, sniffFormat } from './inspect.js';
import { bufferSource } from './types.js';

const CORPUS = '/work/shared/corpus';
const LIMITS = { maxPixels: 250_000_000 };
const SCAN_FILE = /\.(pdf|png|jpe?g|tiff?)$/i;

const files = (dir: string): string[] =>
  existsSync(join(CORPUS, dir))
    ? (readdirSync(join(CORPUS, dir), { recursive: true }) as string[])
        .filter((f) => SCAN_FILE.test(f))
        .map((f) => join(CORPUS, dir, f))
        .sort()
    : [];

/** Pages poppler counts, or undefined when pdfinfo is missing or cannot open the file. */
function pdfinfoPages(path: string): number | undefined {
  const r = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  const m = r.status === 0 ? /^Pages:\s+(\d+)/m.exec(r.stdout) : null;
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

async function expectedPages(path: string, buf: Buffer): Promise<number | undefined> {
  if (sniffFormat(buf) === 'pdf') return pdfinfoPages(path);
  return (await sharp(buf).metadata()).pages ?? 1;
}

const declared = (buf: Buffer): string => {
  const f = sniffFormat(buf);
  return f === null ? 'application/octet-stream' : MEDIA_TYPES[f];
};

describe.skipIf(!existsSync(CORPUS))('inspectUpload on the shared corpus', () => {
  it('accepts every real and synthetic scan with the page count other readers find', async () => {
    const paths = [...files('real'), ...files('vn')];
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      const buf = readFileSync(path);
      const r = await inspectUpload(bufferSource(buf), declared(buf), LIMITS);
      const expected = await expectedPages(path, buf);
      if (expected !== undefined)
        expect({ path, pages: r.frameCount }).toEqual({ path, pages: expected });
    }
  });

  it('refuses bad/invalid.pdf and accepts the odd but valid files of bad/', async () => {
    for (const path of files('bad')) {
      const buf = readFileSync(path);
      const run = inspectUpload(bufferSource(buf), declared(buf), LIMITS);
      if (path.endsWith('invalid.pdf')) {
        await expect(run).rejects.toMatchObject({ code: 'upload.corrupt' });
        continue;
      }
      const r = await run;
      const expected = await expectedPages(path, buf);
      // Encrypted files: poppler needs the password, we read the plain page tree.
      expect({ path, pages: r.frameCount }).toEqual({ path, pages: expected ?? r.frameCount });
      expect(r.frameCount).toBeGreaterThanOrEqual(1);
    }
  });

  it('says every corpus file cut in half is truncated', async () => {
    for (const path of [...files('real'), ...files('vn'), ...files('bad')]) {
      if (path.endsWith('invalid.pdf')) continue;
      const buf = readFileSync(path);
      const half = buf.subarray(0, Math.floor(buf.length / 2));
      await expect(
        inspectUpload(bufferSource(half), declared(buf), LIMITS).then(
          () => ({ path, code: 'accepted' }),
          (err: { code?: string }) => ({ path, code: err.code }),
        ),
      ).resolves.toEqual({ path, code: 'upload.truncated' });
    }
  });
});
