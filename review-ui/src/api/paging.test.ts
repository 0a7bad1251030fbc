import { describe, expect, it } from 'vitest';
import { mergePages } from './paging.js';
import type { DossierSummary } from './types.js';

const d = (id: string): DossierSummary => ({
  id,
  code: `H49.${id}`,
  title: `Hồ sơ ${id}`,
  status: 'processing',
  updatedAt: '2025-07-01T00:00:00Z',
});

describe('mergePages', () => {
  it('returns the first page alone when nothing more was loaded', () => {
    const first = { items: [d('a'), d('b')], nextCursor: 'c1' };
    expect(mergePages(first, null)).toBe(first);
  });

  it('appends extra items once each, keeping the extra cursor', () => {
    // "c" moved up into the fresh first page; "b" slid down into what was loaded later.
    const first = { items: [d('c'), d('a')], nextCursor: 'x' };
    const extra = { items: [d('b'), d('c'), d('d')], nextCursor: null };
    const merged = mergePages(first, extra);
    expect(merged.items.map((i) => i.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(merged.nextCursor).toBeNull();
  });
});
