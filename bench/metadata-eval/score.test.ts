import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exact,
  missedBars,
  scoreUnit,
  similarity,
  summarize,
  type PredictedDocument,
} from './score.js';
import {
  authorityOf,
  EVAL_FIELDS,
  loadEvalUnits,
  type EvalUnit,
  type FieldValues,
} from './truth.js';

const fields = (over: Partial<FieldValues>): FieldValues => {
  const base = Object.fromEntries(EVAL_FIELDS.map((f) => [f, null])) as Record<
    keyof FieldValues,
    string | null
  >;
  return { ...base, ...over };
};

const doc = (pages: string[], over: Partial<FieldValues> = {}): PredictedDocument => ({
  pages,
  boundaryConfidence: 1,
  fields: fields(over),
  confidence: {},
});

describe('value comparison', () => {
  it('ignores case and runs of spaces, not letters or tone marks', () => {
    expect(exact('ỦY BAN NHÂN DÂN', 'Ủy  ban nhân dân ')).toBe(true);
    expect(exact('Quyết định', 'Quyết đinh')).toBe(false);
    expect(exact(null, null)).toBe(true);
    expect(exact('146', null)).toBe(false);
  });

  it('gives character similarity over code points of the normalised values', () => {
    expect(similarity('Quyết định', 'Quyết đinh')).toBeCloseTo(1 - 1 / 10, 6);
    expect(similarity('abc', 'ABC')).toBe(1);
    expect(similarity(null, 'x')).toBe(0);
    expect(similarity(null, null)).toBe(1);
  });
});

describe('scoreUnit', () => {
  const unit: EvalUnit = {
    id: 'b1',
    group: 'vn',
    pages: [],
    documents: [
      { id: 'd1', pages: ['a1', 'a2'], fields: { number: '146', date: '2021-05-18' } },
      { id: 'd2', pages: ['b1'], fields: { number: '7', date: null } },
      { id: 'd3', pages: ['c1', 'c2'], fields: { number: '9' } },
    ],
  };

  it('pairs each expected document with the predicted one holding its first page', () => {
    const s = scoreUnit(unit, [
      doc(['a1', 'a2'], { number: '146', date: '2021-05-18' }),
      doc(['b1', 'c1', 'c2'], { number: '7' }),
    ]);
    const byDoc = (d: string, f: string) => s.fields.find((x) => x.document === d && x.field === f);
    expect(byDoc('d1', 'number')?.exact).toBe(true);
    expect(byDoc('d2', 'date')?.exact).toBe(true); // no date printed, none drafted
    // d3 was swallowed by d2: its first page is in d2's prediction, whose number is not its own
    expect(byDoc('d3', 'number')).toMatchObject({ truth: '9', got: '7', exact: false });
    // fields the truth does not state are not scored
    expect(s.fields.filter((f) => f.document === 'd1')).toHaveLength(2);
  });

  it('counts document starts: a missed start lowers recall, an extra one precision', () => {
    const merged = scoreUnit(unit, [doc(['a1', 'a2']), doc(['b1', 'c1', 'c2'])]);
    expect(merged.boundaries).toEqual({
      truePositives: 2,
      predicted: 2,
      expected: 3,
      exactDocuments: 1,
    });
    expect(merged.innerBoundaries).toMatchObject({ truePositives: 1, predicted: 1, expected: 2 });
    const split = scoreUnit(unit, [doc(['a1']), doc(['a2']), doc(['b1']), doc(['c1', 'c2'])]);
    expect(split.boundaries).toMatchObject({ truePositives: 3, predicted: 4, expected: 3 });
  });

  it('summarises exact share, similarity and empty share per field, and checks the bars', () => {
    const s = summarize([
      scoreUnit(unit, [
        doc(['a1', 'a2'], { number: '146' }),
        doc(['b1'], { number: '1' }),
        doc(['c1', 'c2']),
      ]),
    ]);
    const number = s.fields.find((f) => f.field === 'number');
    expect(number?.documents).toBe(3);
    expect(number?.exact).toBeCloseTo(1 / 3, 6);
    expect(number?.empty).toBeCloseTo(1 / 3, 6);
    expect(s.boundaries.precision).toBe(1);
    expect(s.boundaries.recall).toBe(1);
    expect(missedBars(s).some((m) => m.startsWith('number exact'))).toBe(true);
    expect(missedBars(s).some((m) => m.startsWith('boundaries'))).toBe(false);
  });
});

describe('loadEvalUnits', () => {
  it('reads batches, stand-alone documents and real readings from a manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-eval-'));
    try {
      const page = (id: string) => ({ id, image: `${id}.png` });
      const d = (id: string, pages: string[], batch: string | null, extra: object = {}) => ({
        id,
        kind: 'document',
        dir: 'vn',
        batch,
        organ: 'SỞ NỘI VỤ',
        number: '12',
        numberYear: 2019,
        symbol: 'QĐ-SNV',
        docType: 'QUYẾT ĐỊNH',
        signerBlock: ['K/T GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
        pageCount: pages.length,
        language: 'vi',
        pageDetails: pages.map(page),
        ...extra,
      });
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({
          cases: [
            d('x1', ['x1_p1', 'x1_p2'], 'b1'),
            { id: 's1', kind: 'separator', dir: 'vn', page: page('s1') },
            d('x2', ['x2_p1'], 'b1'),
            d('x3', ['x3_p1'], null, { number: null, numberYear: null }),
            {
              id: 'r1',
              kind: 'file',
              set: 'real',
              file: 'real/r1.pdf',
              pages: [{ page: 1 }, { page: 2 }],
              meta: { organ: 'UBND', number: '5', signerBlock: ['GIÁM ĐỐC'], pageCount: 2 },
            },
            { id: 'r2', kind: 'file', set: 'real', file: 'real/r2.png' },
          ],
          batches: [
            {
              id: 'b1',
              pages: ['x1_p1', 'x1_p2', 's1', 'x2_p1'],
              expectedDocuments: [
                { doc: 'x1', pages: ['x1_p1', 'x1_p2'] },
                { doc: 'x2', pages: ['x2_p1'] },
              ],
            },
          ],
        }),
      );
      const units = await loadEvalUnits(dir);
      expect(units.map((u) => u.id)).toEqual(['b1', 'x3', 'r1']);
      const [b1, x3, r1] = units;
      expect(b1?.pages.map((p) => p.id)).toEqual(['x1_p1', 'x1_p2', 's1', 'x2_p1']);
      expect(b1?.pages[2]?.file).toBe(join(dir, 'vn', 's1.png'));
      expect(b1?.documents[0]?.fields).toMatchObject({
        number: '12',
        numberYear: '2019',
        docTypeCode: '02',
        signerAuthority: 'KT.',
        pageCount: '2',
        language: '01',
      });
      expect(x3?.documents[0]?.fields).toMatchObject({ number: null, numberYear: null });
      expect(r1?.group).toBe('real');
      expect(r1?.pages.map((p) => [p.id, p.frame])).toEqual([
        ['r1#1', 0],
        ['r1#2', 1],
      ]);
      expect(r1?.documents[0]?.fields).toMatchObject({ signerAuthority: null, pageCount: '2' });
      expect(r1?.documents[0]?.fields).not.toHaveProperty('date');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the manifest and the problem when a batch points at a page no case holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-eval-'));
    try {
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({ cases: [], batches: [{ id: 'b', pages: ['p9'], expectedDocuments: [] }] }),
      );
      await expect(loadEvalUnits(dir)).rejects.toThrow(/manifest\.json: page p9 is named/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the signer’s own authority prefix, nearest the name, in old and new spellings', () => {
    expect(authorityOf(['T/M UỶ BAN NHÂN DÂN', 'CHỦ TỊCH'])).toBe('TM.');
    expect(authorityOf(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'])).toBe('KT.');
    expect(authorityOf(['T/M UỶ BAN NHÂN DÂN', 'K/T CHỦ TỊCH', 'PHÓ CHỦ TỊCH'])).toBe('KT.');
    expect(authorityOf(['TUQ. CHỦ TỊCH'])).toBe('TUQ.');
    expect(authorityOf(['GIÁM ĐỐC'])).toBeNull();
  });
});
