import { describe, expect, it } from 'vitest';
import { decodeLine, readCode39 } from './code39.js';

/** Wide-element patterns from the Code 39 specification, for the characters used here. */
const SPEC: Readonly<Record<string, string>> = {
  '*': '010010100',
  P: '001010010',
  A: '100001001',
  T: '000010110',
  C: '101001000',
  H: '100001100',
  '7': '000100101',
  '-': '010000101',
};

/** A scan line across `*text*`: samples 0 (bar) or 255, with quiet zones. */
function line(text: string, narrow = 3, wide = 7, gap = 3): number[] {
  const s: number[] = [];
  const push = (dark: boolean, n: number): void => {
    for (let i = 0; i < n; i++) s.push(dark ? 0 : 255);
  };
  push(false, 15 * narrow);
  for (const ch of `*${text}*`) {
    const p = SPEC[ch]!;
    for (let k = 0; k < 9; k++) push(k % 2 === 0, p[k] === '1' ? wide : narrow);
    push(false, gap);
  }
  push(false, 15 * narrow);
  return s;
}

describe('decodeLine', () => {
  it('reads a symbol forwards and backwards', () => {
    const s = line('PATCHT');
    expect(decodeLine(s, s.length, 128)).toEqual(['PATCHT']);
    const r = [...s].reverse();
    expect(decodeLine(r, r.length, 128)).toEqual(['PATCHT']);
  });

  it('reads digits and signs, and thin bars printed thicker than their spaces', () => {
    const s = line('7-A', 3, 7).map((v, i, a) => (v === 255 && a[i - 1] === 0 ? 0 : v));
    expect(decodeLine(s, s.length, 128)).toEqual(['7-A']);
  });

  it('rejects a symbol with a damaged character or without its quiet zone', () => {
    const s = line('PATCHT');
    // Make the first wide bar of the P (its third element) narrow: quiet zone, '*', gap, two
    // narrow elements come before it.
    const at = 15 * 3 + (3 + 7 + 3 + 3 + 7 + 3 + 7 + 3 + 3) + 3 + 3 + 3;
    const damaged = [...s];
    for (let i = at + 3; i < at + 7; i++) damaged[i] = 255;
    expect(decodeLine(damaged, damaged.length, 128)).toEqual([]);
    const crowded = [...s.slice(0, 12).map(() => 0), ...s.slice(40)];
    expect(decodeLine(crowded, crowded.length, 128)).not.toContain('PATCHT');
  });
});

describe('readCode39', () => {
  it('finds a symbol on a page, along rows or columns, through speckle', () => {
    const row = line('PATCHT', 4, 10, 4);
    const w = row.length;
    const h = 60;
    const data = new Uint8Array(w * h);
    let seed = 3;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        // One pixel in twelve flipped: single-line reading would break bars apart.
        data[y * w + x] = (seed >>> 16) % 12 === 0 ? 255 - row[x]! : row[x]!;
      }
    }
    expect([
      ...readCode39(
        { data, width: w, height: h },
        { threshold: 128, step: 7, window: 9, vertical: false },
      ),
    ]).toEqual(['PATCHT']);
    expect(
      readCode39(
        { data, width: w, height: h },
        { threshold: 128, step: 7, window: 1, vertical: false },
      ).size,
    ).toBe(0);
    // The same page turned a quarter: the bars are rows now.
    const turned = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) turned[x * h + y] = data[y * w + x]!;
    const found = readCode39(
      { data: turned, width: h, height: w },
      { threshold: 128, step: 7, window: 9, vertical: true },
    );
    expect([...found]).toEqual(['PATCHT']);
  });
});
