import { describe, expect, it } from 'vitest';
import {
  angleErrorStats,
  characterErrors,
  detection,
  errorRate,
  levenshtein,
  mean,
  median,
  normalizeText,
  orientationStats,
  percentile,
  quarter,
  rateSummary,
  wordErrors,
} from './metrics.js';

/** The textbook full-matrix distance, to check the one-row version against. */
function naiveLevenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
  }
  return d[x.length]![y.length]!;
}

/** Deterministic pseudo-random strings over a small Vietnamese alphabet. */
function randomStrings(seed: number, count: number): string[] {
  const alphabet = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ '];
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: Math.floor(next() * 25) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join(''),
  );
}

describe('normalizeText', () => {
  it('composes to NFC and folds every run of white space into one space', () => {
    const decomposed = 'Quye\u0302\u0301t \u0111i\u0323nh'; // "Quyết định" written NFD
    expect(normalizeText(`  ${decomposed}\n\n\tsố\f 12  \n`)).toBe('Quyết định số 12');
  });
});

describe('levenshtein', () => {
  it('counts the classic edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });

  it('counts a precomposed Vietnamese letter and an astral character as one', () => {
    expect(levenshtein('Nghệ', 'Nghe')).toBe(1);
    expect(levenshtein('a𝔸b', 'ab')).toBe(1);
  });

  it('agrees with the full-matrix definition whichever string is longer', () => {
    const xs = randomStrings(7, 40);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const a = xs[i]!;
      const b = xs[i + 1]!;
      expect(levenshtein(a, b)).toBe(naiveLevenshtein(a, b));
      expect(levenshtein(b, a)).toBe(naiveLevenshtein(a, b));
    }
  });
});

describe('characterErrors', () => {
  it('joins GT lines with a space and ignores layout white space in the output', () => {
    expect(
      characterErrors('ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\n', 'ỦY BAN  NHÂN DÂN\n\nTỈNH HƯNG YÊN'),
    ).toEqual({
      errors: 0,
      total: 29,
    });
  });

  it('compares NFD output with NFC truth as the same letters', () => {
    expect(characterErrors('Hòa', 'Ho\u0300a')).toEqual({ errors: 0, total: 3 });
  });

  it('charges a dropped diacritic as one substitution', () => {
    expect(characterErrors('Số: 146/KH-UBND', 'So: 146/KH-UBND')).toEqual({ errors: 1, total: 15 });
  });

  it('charges an empty output the whole GT', () => {
    expect(characterErrors('abc de', '')).toEqual({ errors: 6, total: 6 });
  });
});

describe('wordErrors', () => {
  it('counts GT words missing from the output as a multiset', () => {
    // "a" is wanted twice and read once; the extra "b" in the output earns nothing back.
    expect(wordErrors('a a b', 'a b b')).toEqual({ errors: 1, total: 3 });
  });

  it('ignores reading order', () => {
    expect(wordErrors('Nơi nhận:\nGIÁM ĐỐC\n', 'GIÁM ĐỐC Nơi nhận:')).toEqual({
      errors: 0,
      total: 4,
    });
  });

  it('keeps case and punctuation, so a misread word is a missing word', () => {
    expect(wordErrors('Điều 1.', 'điều 1')).toEqual({ errors: 2, total: 2 });
  });

  it('has nothing to miss on an empty GT', () => {
    expect(wordErrors('\n', 'stray words')).toEqual({ errors: 0, total: 0 });
  });
});

describe('errorRate', () => {
  it('sums numerators and denominators (long pages weigh more)', () => {
    expect(
      errorRate([
        { errors: 1, total: 10 },
        { errors: 0, total: 90 },
      ]),
    ).toBeCloseTo(0.01, 10);
  });

  it('is null without any GT to score', () => {
    expect(errorRate([])).toBeNull();
    expect(errorRate([{ errors: 0, total: 0 }])).toBeNull();
  });
});

describe('rateSummary', () => {
  it('weighs pages equally in the mean and by length in the pooled rate', () => {
    const s = rateSummary([
      { errors: 1, total: 10 }, // 10 %
      { errors: 0, total: 90 }, // 0 %
    ]);
    expect(s.pooled).toBeCloseTo(0.01, 10);
    expect(s.pageMean).toBeCloseTo(0.05, 10);
    expect(s.pages).toBe(2);
  });

  it('takes the nearest-rank p90 of per-page rates, not of errors or totals', () => {
    // Ten pages: nine at 0 %, 10 %, …, 80 % and one at 100 % on a one-word page.
    const pages = [
      ...Array.from({ length: 9 }, (_, i) => ({ errors: i * 10, total: 100 })),
      { errors: 1, total: 1 },
    ];
    const s = rateSummary(pages);
    // rank ceil(0.9 · 10) = 9 → the 9th smallest rate, 80 %; an interpolated p90 would be 82 %.
    expect(s.pageP90).toBeCloseTo(0.8, 10);
    expect(s.pageMean).toBeCloseTo((0.1 * 36 + 1) / 10, 10);
    expect(s.pooled).toBeCloseTo(361 / 901, 10);
  });

  it('puts the worst page at p90 once fewer than ten pages are scored', () => {
    const s = rateSummary([
      { errors: 0, total: 50 },
      { errors: 1, total: 50 },
      { errors: 3, total: 10 },
    ]);
    expect(s.pageP90).toBeCloseTo(0.3, 10);
  });

  it('leaves pages with an empty GT out of the per-page figures', () => {
    const s = rateSummary([
      { errors: 0, total: 0 },
      { errors: 2, total: 4 },
    ]);
    expect(s.pages).toBe(1);
    expect(s.pageMean).toBe(0.5);
    expect(s.pageP90).toBe(0.5);
    expect(rateSummary([{ errors: 0, total: 0 }])).toEqual({
      pages: 0,
      pooled: null,
      pageMean: null,
      pageP90: null,
    });
  });

  it('has a plain mean that is null for no samples', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});

describe('percentile (nearest rank) and median', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i); // unsorted on purpose

  it('takes the smallest sample with at least p % at or below it', () => {
    expect(percentile(oneToTwenty, 95)).toBe(19);
    expect(percentile(oneToTwenty, 50)).toBe(10);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([3, 1, 2], 95)).toBe(3);
  });

  it('gives the extremes at 0 and 100 and the sample itself for one sample', () => {
    expect(percentile(oneToTwenty, 0)).toBe(1);
    expect(percentile(oneToTwenty, 100)).toBe(20);
    expect(percentile([4.2], 95)).toBe(4.2);
  });

  it('is null for no samples and refuses a p outside 0–100', () => {
    expect(percentile([], 95)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('takes the median as the middle sample or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('leaves its input unsorted', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('angleErrorStats', () => {
  it('works on absolute errors', () => {
    const s = angleErrorStats([
      { measured: -2.5, truth: -3 },
      { measured: 1, truth: -1 },
      { measured: 0, truth: 4 },
    ]);
    expect(s).toEqual({ n: 3, median: 2, p95: 4, max: 4 });
  });

  it('has no statistics without pages', () => {
    expect(angleErrorStats([])).toEqual({ n: 0, median: null, p95: null, max: null });
  });
});

describe('detection', () => {
  it('computes precision and recall from the counts', () => {
    const d = detection([
      { truth: true, predicted: true },
      { truth: true, predicted: false },
      { truth: false, predicted: true },
      { truth: false, predicted: true },
      { truth: false, predicted: false },
    ]);
    expect(d).toMatchObject({ n: 5, truePositives: 1, falsePositives: 2, falseNegatives: 1 });
    expect(d.precision).toBeCloseTo(1 / 3, 10);
    expect(d.recall).toBe(0.5);
  });

  it('leaves precision undefined (null) when nothing was flagged', () => {
    const d = detection([
      { truth: true, predicted: false },
      { truth: false, predicted: false },
    ]);
    expect(d.precision).toBeNull();
    expect(d.recall).toBe(0);
  });

  it('leaves recall undefined (null) when there was nothing to find', () => {
    const d = detection([
      { truth: false, predicted: true },
      { truth: false, predicted: false },
    ]);
    expect(d.precision).toBe(0);
    expect(d.recall).toBeNull();
    expect(detection([])).toMatchObject({ n: 0, precision: null, recall: null });
  });
});

describe('orientationStats', () => {
  it('scores quarter turns, counts straight pages turned and 90/270 swaps', () => {
    const s = orientationStats([
      { measured: 0, truth: 0 },
      { measured: 180, truth: 0 },
      { measured: 270, truth: 90 },
      { measured: 90, truth: 90 },
      { measured: null, truth: 180 },
    ]);
    expect(s).toEqual({ n: 5, accuracy: 2 / 5, straightTurned: 1, mirrored: 1 });
  });

  it('has no accuracy without pages', () => {
    expect(orientationStats([]).accuracy).toBeNull();
  });

  it('reads any multiple of 90 as a quarter turn', () => {
    expect([-90, 360, 450, 89.6, 0].map(quarter)).toEqual([270, 0, 90, 90, 0]);
  });
});
