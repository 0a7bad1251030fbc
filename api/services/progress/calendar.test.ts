import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayEnd,
  dayStart,
  isDay,
  mondayOf,
  nthWorkingDayAfter,
  vnDay,
  workingDaysIn,
} from './calendar.js';

describe('Vietnam days', () => {
  it('takes the day of an instant in Vietnam time, whatever the machine', () => {
    expect(vnDay(new Date('2026-06-30T16:59:59Z'))).toBe('2026-06-30');
    expect(vnDay(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
    expect(dayStart('2026-07-01').toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(dayEnd('2026-06-30').toISOString()).toBe('2026-06-30T17:00:00.000Z');
  });

  it('knows real days and moves across months and years', () => {
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(mondayOf('2026-07-05')).toBe('2026-06-29'); // a Sunday belongs to the week before
    expect(mondayOf('2026-06-29')).toBe('2026-06-29');
  });

  it('counts working days Monday to Friday', () => {
    // 2026-06-01 is a Monday: June 2026 has 22 working days.
    expect(workingDaysIn('2026-06-01', '2026-06-30')).toBe(22);
    expect(workingDaysIn('2026-06-06', '2026-06-07')).toBe(0); // a weekend
    expect(workingDaysIn('2026-06-08', '2026-06-07')).toBe(0);
    expect(nthWorkingDayAfter('2026-06-26', 1)).toBe('2026-06-29'); // Friday → Monday
    expect(nthWorkingDayAfter('2026-06-27', 5)).toBe('2026-07-03'); // Saturday → Friday
    expect(nthWorkingDayAfter('2026-06-26', 11)).toBe('2026-07-13');
  });
});
