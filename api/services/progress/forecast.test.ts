import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.js';

describe('forecast', () => {
  it('projects the finish at the rolling pace, in working and in calendar days', () => {
    // Window 2026-05-30 … 2026-06-26 (a Friday): 28 days, 20 working days, 400 pages → 20 a
    // working day, 400/28 a calendar day. 400 pages remain: 20 working days (4 weeks) → Friday
    // 2026-07-24; 28 calendar days → 2026-07-24.
    const f = forecast({
      target: 1000,
      done: 600,
      windowDone: 400,
      windowDays: 28,
      asOf: '2026-06-26',
      deadline: '2026-07-31',
    });
    expect(f.window).toEqual({
      from: '2026-05-30',
      to: '2026-06-26',
      days: 28,
      workingDays: 20,
      done: 400,
    });
    expect(f.rate.perWorkingDay).toBe(20);
    expect(f.finish).toEqual({ working: '2026-07-24', calendar: '2026-07-24' });
    // 2026-06-27 … 2026-07-31: 35 days, 25 working days → 16 pages a working day, 12 a day.
    expect(f.daysLeft).toEqual({ working: 25, calendar: 35 });
    expect(f.required).toEqual({ perWorkingDay: 16, perCalendarDay: 12 });
    expect(f.onTrack).toBe(true);
    expect(f.overdue).toBe(false);
  });

  it('rounds the days and the required output up', () => {
    // 7 pages in the window (20 working days) → 0.35/day; 10 remain → 29 working days.
    const f = forecast({
      target: 110,
      done: 100,
      windowDone: 7,
      windowDays: 28,
      asOf: '2026-06-26',
      deadline: '2026-06-30',
    });
    expect(f.finish.working).toBe('2026-08-06');
    expect(f.finish.calendar).toBe('2026-08-05'); // ceil(10 × 28 / 7) = 40 days
    expect(f.daysLeft).toEqual({ working: 2, calendar: 4 });
    expect(f.required).toEqual({ perWorkingDay: 5, perCalendarDay: 3 });
    expect(f.onTrack).toBe(false);
  });

  it('has no finish date without output, and no required output past the deadline', () => {
    const f = forecast({
      target: 50,
      done: 10,
      windowDone: 0,
      windowDays: 28,
      asOf: '2026-07-01',
      deadline: '2026-07-01',
    });
    expect(f.finish).toEqual({ working: null, calendar: null });
    expect(f.required).toEqual({ perWorkingDay: null, perCalendarDay: null });
    expect(f.overdue).toBe(true);
    expect(f.onTrack).toBeNull();
  });

  it('says when the target is met', () => {
    const f = forecast({
      target: 50,
      done: 60,
      windowDone: 5,
      windowDays: 28,
      asOf: '2026-07-01',
      deadline: null,
    });
    expect(f).toMatchObject({ remaining: 0, reached: true, onTrack: true, daysLeft: null });
    expect(f.finish.working).toBeNull();
  });
});
