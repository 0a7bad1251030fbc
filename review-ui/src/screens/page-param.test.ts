import { describe, expect, it } from 'vitest';
import { selectedPageIndex } from './page-param.js';

describe('selectedPageIndex', () => {
  it('turns ?page=N into a 0-based index', () => {
    expect(selectedPageIndex('1', 4)).toBe(0);
    expect(selectedPageIndex('3', 4)).toBe(2);
  });

  it('opens the first page when the parameter is absent or not a page number', () => {
    for (const raw of [null, '', '0', '-2', '1.5', 'abc', '2e1']) {
      expect(selectedPageIndex(raw, 4), String(raw)).toBe(0);
    }
  });

  it('opens the last page when the number is past the end', () => {
    expect(selectedPageIndex('9', 4)).toBe(3);
    expect(selectedPageIndex('9', 0)).toBe(0);
  });
});
