import { describe, expect, it } from 'vitest';
import { toSearchParams } from './api.js';
import { EMPTY_QUERY, isEmptySearch, parseSearch, searchPath } from './search-params.js';

describe('search in the URL', () => {
  it('round-trips a search through /tra-cuu?…', () => {
    const q = {
      ...EMPTY_QUERY,
      q: 'quyết định ubnd',
      diacritics: 'ignore' as const,
      fonds: 'PHONG01',
      type: '02',
      organ: 'Sở Nội vụ',
      yearFrom: '1997',
      yearTo: '2021',
      sort: 'newest' as const,
    };
    const path = searchPath(q);
    expect(path.startsWith('/tra-cuu?')).toBe(true);
    expect(parseSearch(new URL(path, 'http://x').searchParams)).toEqual(q);
  });

  it('leaves malformed parts out and an empty search bare', () => {
    const q = parseSearch(new URLSearchParams('tu=97&den=abcd&loai=2&dau=x&sap=best'));
    expect(q).toEqual(EMPTY_QUERY);
    expect(isEmptySearch(q)).toBe(true);
    expect(searchPath(EMPTY_QUERY)).toBe('/tra-cuu');
  });

  it('asks the api with its own parameter names, years as partial dates', () => {
    const p = toSearchParams({
      ...EMPTY_QUERY,
      q: '146/KH-UBND',
      yearFrom: '2019',
      yearTo: '2021',
    });
    expect(p.toString()).toBe('q=146%2FKH-UBND&dateFrom=2019&dateTo=2021');
  });
});
