import { describe, expect, it } from 'vitest';
import {
  CONFIDENCE_LIMITS,
  confidenceLevel,
  formatConfidence,
  formatDate,
  formatDateTime,
  formatDegrees,
  formatNumberSymbol,
  formatTime,
} from './format.js';

describe('formatDate', () => {
  it('writes full, month and year precision the Vietnamese way', () => {
    expect(formatDate('2021-05-18')).toBe('18/05/2021');
    expect(formatDate('1975-09')).toBe('09/1975');
    expect(formatDate('1998')).toBe('1998');
  });

  it('never shifts a day, whatever the time zone', () => {
    expect(formatDate('2025-01-01')).toBe('01/01/2025');
    expect(formatDate('2024-02-29')).toBe('29/02/2024');
  });

  it('returns impossible or foreign values unchanged', () => {
    for (const v of [
      '2021-02-30',
      '2023-02-29',
      '2021-13',
      '2021-00-10',
      '18/05/2021',
      'ngày 5',
      '',
    ]) {
      expect(formatDate(v)).toBe(v);
    }
  });
});

describe('formatDateTime', () => {
  it('shows instants in Vietnam time', () => {
    expect(formatDateTime('2025-07-01T03:04:05Z')).toBe('01/07/2025 10:04');
    expect(formatDateTime('2025-07-01T03:04:05Z', { seconds: true })).toBe('01/07/2025 10:04:05');
  });

  it('moves to the next day past 17:00 UTC', () => {
    expect(formatDateTime('2025-06-30T17:30:00.000Z')).toBe('01/07/2025 00:30');
  });

  it('returns an unparsable value unchanged', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('writes a time of day in Vietnam time', () => {
    expect(formatTime(new Date('2025-01-02T23:59:58Z'))).toBe('06:59:58');
  });
});

describe('confidence', () => {
  it('bands 0–1 values at the limits', () => {
    expect(confidenceLevel(CONFIDENCE_LIMITS.low - 0.001)).toBe('low');
    expect(confidenceLevel(CONFIDENCE_LIMITS.low)).toBe('medium');
    expect(confidenceLevel(CONFIDENCE_LIMITS.high - 0.001)).toBe('medium');
    expect(confidenceLevel(CONFIDENCE_LIMITS.high)).toBe('high');
  });

  it('reads tesseract means on the 0–100 scale', () => {
    expect(confidenceLevel(45, 100)).toBe('low');
    expect(confidenceLevel(92, 100)).toBe('high');
    expect(formatConfidence(87.4, 100)).toBe('87%');
  });

  it('writes whole percentages and clamps out-of-range values', () => {
    expect(formatConfidence(0.873)).toBe('87%');
    expect(formatConfidence(0.005)).toBe('1%');
    expect(formatConfidence(1.7)).toBe('100%');
    expect(formatConfidence(-0.2)).toBe('0%');
    expect(confidenceLevel(-3)).toBe('low');
  });
});

describe('formatNumberSymbol', () => {
  it('joins number and symbol as printed', () => {
    expect(formatNumberSymbol('146', 'KH-UBND')).toBe('146/KH-UBND');
    expect(formatNumberSymbol(' 05 ', 'BNV-VP ')).toBe('05/BNV-VP');
  });

  it('shows whichever part exists', () => {
    expect(formatNumberSymbol('25', null)).toBe('25');
    expect(formatNumberSymbol(null, 'QĐ-UB')).toBe('QĐ-UB');
    expect(formatNumberSymbol('', '  ')).toBeNull();
    expect(formatNumberSymbol(undefined, null)).toBeNull();
  });
});

describe('formatDegrees', () => {
  it('uses the decimal comma in Vietnamese', () => {
    expect(formatDegrees(1.26, 'vi')).toBe('1,3°');
    expect(formatDegrees(-2.04, 'en')).toBe('-2.0°');
  });
});
