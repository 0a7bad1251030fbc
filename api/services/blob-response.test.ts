import { describe, expect, it } from 'vitest';
import { contentDisposition, parseRange } from './blob-response.js';

describe('parseRange', () => {
  it('reads the three forms of a single byte range (end exclusive)', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 100 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 1000 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 1000 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 1000 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 1000 });
  });

  it('ignores what it may ignore and refuses what cannot be served', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=5-2', 10)).toBeNull();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    const v = contentDisposition('inline', 'Hưng Yên "số" 1.pdf');
    expect(v).toBe(
      `inline; filename="Hung Yen _so_ 1.pdf"; filename*=UTF-8''${encodeURIComponent('Hưng Yên "số" 1.pdf')}`,
    );
    expect(contentDisposition('attachment', 'Đơn.pdf')).toMatch(/^attachment; filename="Don.pdf"/);
  });
});
