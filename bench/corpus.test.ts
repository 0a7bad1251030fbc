import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { loadCorpus, pageKey } from './corpus.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');

const vnPage = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  image: `${id}.png`,
  gt: `${id}.gt.txt`,
  dpi: 200,
  skewDeg: 1.25,
  rotationDeg: 0,
  isBlank: false,
  isSeparator: false,
  ...extra,
});

/** A corpus in the manifest layout: two documents, a separator between them in a batch, a real file. */
const MANIFEST = {
  cases: [
    {
      id: 'doc_a',
      kind: 'document',
      set: 'holdout',
      dir: 'vn',
      era: 'typewriter',
      font: { typewriter: true },
      pageDetails: [vnPage('doc_a_p1', { rotationDeg: 90 }), vnPage('doc_a_p2', { isBlank: true })],
    },
    {
      id: 'doc_b',
      kind: 'document',
      set: 'holdout',
      dir: 'vn',
      font: { typewriter: false },
      pageDetails: [vnPage('doc_b_p1')],
    },
    {
      id: 'sep1',
      kind: 'separator',
      set: 'holdout',
      dir: 'vn',
      page: vnPage('sep1', { isSeparator: true }),
    },
    {
      id: 'real_one',
      kind: 'file',
      set: 'real',
      file: 'real/one.png',
      gt: ['real/one.p1.gt.txt'],
      pages: [{ page: 1, skewDeg: -0.5, rotationDeg: 180 }],
    },
    { id: 'bad_one', kind: 'file', set: 'bad', file: 'bad/x.png', gt: null, pages: null },
  ],
  batches: [{ id: 'b1', pages: ['doc_b_p1', 'sep1', 'doc_a_p1', 'doc_a_p2'] }],
};

describe('loadCorpus on a corpus in the manifest layout', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-corpus-'));
    await mkdir(join(dir, 'vn'));
    await mkdir(join(dir, 'real'));
    const png = await sharp({
      create: { width: 8, height: 8, channels: 3, background: '#ffffff' },
    })
      .png()
      .toBuffer();
    for (const id of ['doc_a_p1', 'doc_a_p2', 'doc_b_p1', 'sep1']) {
      await writeFile(join(dir, 'vn', `${id}.png`), png);
      await writeFile(join(dir, 'vn', `${id}.gt.txt`), id === 'doc_a_p2' ? '' : `Trang ${id}\n`);
    }
    await writeFile(join(dir, 'real', 'one.png'), png);
    await writeFile(join(dir, 'real', 'one.p1.gt.txt'), 'Tiếng Việt\n');
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts batch pages first in scan order and scores only text pages, by group', async () => {
    const c = await loadCorpus(dir, { set: 'vn' });
    expect(c.pages.map((p) => p.id)).toEqual(['doc_b_p1', 'sep1', 'doc_a_p1', 'doc_a_p2']);
    expect(c.inputs.map((i) => i.file)).toEqual(c.pages.map((p) => p.file));
    expect(c.pages.map((p) => p.textGroup)).toEqual(['vnPrinted', null, 'vnTypewritten', null]);
    const a1 = c.pages[2]!;
    expect(a1).toMatchObject({
      set: 'vn',
      frame: 0,
      dpi: 200,
      skewDeg: 1.25,
      rotationDeg: 90,
      gt: 'Trang doc_a_p1\n',
    });
    expect(a1.key).toBe(pageKey(join(dir, 'vn', 'doc_a_p1.png'), 0));
  });

  it('reads real files with per-page GT and leaves bad inputs out', async () => {
    const c = await loadCorpus(dir, { set: 'real' });
    expect(c.pages).toHaveLength(1);
    expect(c.pages[0]).toMatchObject({
      id: 'real_one#1',
      set: 'real',
      skewDeg: -0.5,
      rotationDeg: 180,
      isBlank: false,
      isSeparator: false,
      gt: 'Tiếng Việt\n',
      textGroup: 'real',
    });
    const all = await loadCorpus(dir, { set: 'all' });
    expect(all.pages).toHaveLength(5);
  });

  it('stops adding files once the limit is reached', async () => {
    const c = await loadCorpus(dir, { set: 'all', limit: 2 });
    expect(c.pages.map((p) => p.id)).toEqual(['doc_b_p1', 'sep1']);
  });

  it('refuses a folder without a manifest with a bilingual message', async () => {
    const err: unknown = await loadCorpus(join(dir, 'vn'), { set: 'vn' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bench.manifest_invalid');
    expect((err as AppError).message).toMatch(
      /Không đọc được danh mục .* \/ Cannot read the manifest/,
    );
  });
});

describe.skipIf(!existsSync(join(CORPUS, 'manifest.json')))(
  'loadCorpus on the shared corpus',
  () => {
    it('finds the pages, blank pages, separators and text pages the manifest announces', async () => {
      const manifest = JSON.parse(await readFile(join(CORPUS, 'manifest.json'), 'utf8')) as {
        sets: {
          vn: {
            pageImages: number;
            contentPages: number;
            blankPages: number;
            separatorPages: number;
          };
        };
      };
      const want = manifest.sets.vn;
      const c = await loadCorpus(CORPUS, { set: 'vn' });
      expect(c.pages).toHaveLength(want.pageImages);
      expect(c.pages.filter((p) => p.isBlank)).toHaveLength(want.blankPages);
      expect(c.pages.filter((p) => p.isSeparator)).toHaveLength(want.separatorPages);
      expect(c.pages.filter((p) => p.textGroup !== null)).toHaveLength(want.contentPages);
      expect(new Set(c.pages.map((p) => p.key)).size).toBe(c.pages.length);
      for (const p of c.pages) expect(existsSync(p.file)).toBe(true);
    });

    it('gives every real page with GT a page of a file that exists', async () => {
      const c = await loadCorpus(CORPUS, { set: 'real' });
      const scored = c.pages.filter((p) => p.textGroup === 'real');
      expect(scored.length).toBeGreaterThan(0);
      for (const p of scored) {
        expect(existsSync(p.file)).toBe(true);
        expect(p.gt?.trim()).not.toBe('');
      }
    });
  },
);
