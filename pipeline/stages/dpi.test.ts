import { describe, expect, it } from 'vitest';
import { resolveDpi } from './dpi.js';

describe('resolveDpi', () => {
  it('notices an A4 scan at 300 dpi tagged 72 dpi (34 × 48 inches) and infers 300', () => {
    const r = resolveDpi({ width: 2480, height: 3508, tagX: 72, tagY: 72 });
    expect(r).toEqual({ x: 300, y: 300, source: 'inferred', tag: 72, suspect: true });
  });

  it('notices a 200 dpi A4 scan tagged with the 96 dpi placeholder', () => {
    const r = resolveDpi({ width: 1654, height: 2339, tagX: 96, tagY: 96 });
    expect(r).toMatchObject({ x: 200, y: 200, source: 'inferred', suspect: true, tag: 96 });
  });

  it('keeps a plausible tag: a 200 dpi A5', () => {
    const r = resolveDpi({ width: 1166, height: 1654, tagX: 200, tagY: 200 });
    expect(r).toEqual({ x: 200, y: 200, source: 'tag', tag: 200, suspect: false });
  });

  it('keeps a tag that fits a sheet even when it is low', () => {
    expect(resolveDpi({ width: 595, height: 842, tagX: 72, tagY: 72 })).toMatchObject({
      x: 72,
      source: 'tag',
      suspect: false,
    });
  });

  it('keeps a plausible tag of an odd size (a receipt) that fits no sheet', () => {
    expect(resolveDpi({ width: 900, height: 2400, tagX: 300, tagY: 300 })).toMatchObject({
      x: 300,
      source: 'tag',
      suspect: false,
    });
  });

  it('keeps very high resolutions of small originals', () => {
    expect(resolveDpi({ width: 4000, height: 2864, tagX: 2400, tagY: 2400 })).toMatchObject({
      x: 2400,
      source: 'tag',
      suspect: false,
    });
  });

  it('infers from the sheet when there is no tag (a letter page at 300 dpi)', () => {
    expect(resolveDpi({ width: 2550, height: 3300, tagX: null, tagY: null })).toEqual({
      x: 300,
      y: 300,
      source: 'inferred',
      tag: null,
      suspect: false,
    });
  });

  it('allows a scan area a little larger than the sheet (a dark border)', () => {
    expect(resolveDpi({ width: 2601, height: 3606, tagX: null, tagY: null })).toMatchObject({
      x: 300,
      source: 'inferred',
    });
  });

  it('finds landscape sheets too', () => {
    expect(resolveDpi({ width: 3508, height: 2480, tagX: null, tagY: null }).x).toBe(300);
  });

  it('falls back to 300 dpi when nothing fits', () => {
    expect(resolveDpi({ width: 517, height: 147, tagX: null, tagY: null })).toEqual({
      x: 300,
      y: 300,
      source: 'default',
      tag: null,
      suspect: false,
    });
  });

  it('replaces a tag giving an impossible size when no sheet fits', () => {
    const r = resolveDpi({ width: 35000, height: 35000, tagX: 100, tagY: 100 });
    expect(r).toMatchObject({ source: 'default', suspect: true, tag: 100, x: 300 });
  });

  it('keeps different horizontal and vertical resolutions when they fit', () => {
    const r = resolveDpi({ width: 1654, height: 1170, tagX: 200, tagY: 100 });
    expect(r).toMatchObject({ x: 200, y: 100, source: 'tag', suspect: false });
  });

  it('treats a zero or missing tag as no tag', () => {
    expect(resolveDpi({ width: 2480, height: 3508, tagX: 0, tagY: 0 }).source).toBe('inferred');
    expect(resolveDpi({ width: 2480, height: 3508, tagX: 300, tagY: null })).toMatchObject({
      x: 300,
      y: 300,
      source: 'tag',
    });
  });
});
