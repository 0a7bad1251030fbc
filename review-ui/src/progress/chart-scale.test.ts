import { describe, expect, it } from 'vitest';
import { dayIndex, linear, ticks } from './chart-scale.js';
import { addDays, formatNumber, formatPercent, vnToday } from './numbers.js';

describe('chart scale', () => {
  it('maps values onto the drawing and picks round ticks above the data', () => {
    const y = linear(0, 1000, 300, 0);
    expect(y(0)).toBe(300);
    expect(y(500)).toBe(150);
    expect(ticks(580)).toEqual([0, 200, 400, 600]);
    expect(ticks(1160, 5)).toEqual([0, 500, 1000, 1500]);
    expect(ticks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(0)).toEqual([0, 1]);
    expect(dayIndex('2026-06-30', '2026-07-02')).toBe(2);
  });
});

describe('numbers', () => {
  it('writes figures the Vietnamese way, and the English way on request', () => {
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(6.5, 'vi', 1)).toBe('6,5');
    expect(formatPercent(14.655, 'vi')).toBe('14,7 %');
    expect(formatPercent(null, 'en')).toBe('—');
    expect(vnToday(new Date('2026-06-30T17:30:00Z'))).toBe('2026-07-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
