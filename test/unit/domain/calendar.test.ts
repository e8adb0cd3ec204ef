import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayOf,
  nextQuarter,
  quarterById,
  quarterLabel,
  quarterOf,
  weekById,
  weekOf,
} from '../../../src/domain/calendar.js';
import { isDomainError } from '../../../src/domain/errors.js';
import type { CalendarSettings } from '../../../src/domain/types.js';

const settings = (timezone: string): CalendarSettings => ({ timezone, weekClose: { day: 5, time: '18:00' } });
const BERLIN = settings('Europe/Berlin');
const hours = (ms: number) => ms / 3_600_000;

describe('when the week of an instant is asked', () => {
  it.each([
    ['2026-11-25T12:00:00Z', 'Europe/Berlin', '2026-W48'],
    ['2026-01-01T12:00:00Z', 'UTC', '2026-W01'],
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    // Sunday 20:00 in Los Angeles is Monday 04:00 UTC: still the Sunday's week there.
    ['2026-11-30T04:00:00Z', 'America/Los_Angeles', '2026-W48'],
    ['2026-11-30T04:00:00Z', 'UTC', '2026-W49'],
  ])('should put %s in %s into %s', (instant, zone, week) => {
    expect(weekOf(new Date(instant), settings(zone)).id).toBe(week);
  });

  it('should run Monday 00:00 to Monday 00:00 in the team timezone, closing Friday 18:00', () => {
    const week = weekById('2026-W48', BERLIN);
    expect(week.start.toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(week.end.toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(week.closesAt.toISOString()).toBe('2026-11-27T17:00:00.000Z');
  });
});

describe('when a week holds a daylight-saving change', () => {
  it.each([
    ['Europe/Berlin', '2026-W13', 167, '2026-03-27T17:00:00.000Z'],
    ['Europe/Berlin', '2026-W43', 169, '2026-10-23T16:00:00.000Z'],
    ['America/New_York', '2026-W10', 167, '2026-03-06T23:00:00.000Z'],
    ['America/New_York', '2026-W44', 169, '2026-10-30T22:00:00.000Z'],
    ['Australia/Sydney', '2026-W14', 169, '2026-04-03T07:00:00.000Z'],
  ])('should give %s %s %i hours and close at 18:00 local', (zone, id, length, closes) => {
    const week = weekById(id, settings(zone));
    expect(hours(week.end.getTime() - week.start.getTime())).toBe(length);
    expect(week.closesAt.toISOString()).toBe(closes);
  });
});

describe('when quarters follow ISO weeks', () => {
  it.each([
    ['2026-Q1', '2026-W01', '2026-W13', 13],
    ['2026-Q2', '2026-W14', '2026-W26', 13],
    ['2026-Q3', '2026-W27', '2026-W39', 13],
    ['2026-Q4', '2026-W40', '2026-W53', 14],
    ['2025-Q4', '2025-W40', '2025-W52', 13],
  ])('should make %s run %s to %s (%i weeks)', (id, first, last, count) => {
    const quarter = quarterById(id, BERLIN);
    expect([quarter.weeks[0]?.id, quarter.weeks.at(-1)?.id, quarter.weeks.length]).toEqual([
      first,
      last,
      count,
    ]);
  });

  it('should end 2025-Q2 for people on Friday 27 June 2025', () => {
    const quarter = quarterById('2025-Q2', BERLIN);
    expect(quarter.lastDay).toBe('2025-06-27');
    expect(quarterLabel(quarter)).toBe('Fri 27 Jun 2025');
  });

  it('should end 2026-Q4, which takes week 53, on Friday 1 January 2027', () => {
    expect(quarterLabel(quarterById('2026-Q4', BERLIN))).toBe('Fri 1 Jan 2027');
  });
});

describe('when a team has its own fiscal quarters', () => {
  const fiscal: CalendarSettings = {
    ...BERLIN,
    quarters: [
      { id: 'FY27-Q1', start: '2026-02-02', weeks: 13 },
      { id: 'FY27-Q2', start: '2026-05-04', weeks: 13 },
    ],
  };

  it('should use them', () => {
    expect(quarterOf(new Date('2026-05-05T10:00:00Z'), fiscal).id).toBe('FY27-Q2');
    expect(nextQuarter('FY27-Q1', fiscal).id).toBe('FY27-Q2');
  });

  it('should refuse an instant no quarter covers, with a stable code', () => {
    let error: unknown;
    try {
      quarterOf(new Date('2025-06-01T10:00:00Z'), fiscal);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'quarter-not-defined')).toBe(true);
  });
});

describe('when labels are malformed', () => {
  it.each(['2026-W54', '2025-W53', 'W48', '2026-48'])('should refuse the week %s', (id) => {
    expect(() => weekById(id, BERLIN)).toThrowError();
  });
  it.each(['2026-Q5', '2026Q1', 'Q1-2026'])('should refuse the quarter %s', (id) => {
    expect(() => quarterById(id, BERLIN)).toThrowError();
  });
});

describe('calendar properties', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Sydney',
    'Asia/Kolkata',
    'Pacific/Chatham',
  ];
  const instant = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const zone = fc.constantFrom(...zones);

  it('should put every instant in exactly one week, which round-trips by its label', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const week = weekOf(t, settings(tz));
        expect(week.start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(t.getTime()).toBeLessThan(week.end.getTime());
        expect(weekById(week.id, settings(tz))).toEqual(week);
        expect(week.closesAt > week.start && week.closesAt < week.end).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('should put every instant in exactly one quarter, holding its week', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const quarter = quarterOf(t, settings(tz));
        expect(quarter.start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(t.getTime()).toBeLessThan(quarter.end.getTime());
        expect(quarter.weeks.map((w) => w.id)).toContain(weekOf(t, settings(tz)).id);
      }),
      { numRuns: 300 },
    );
  });

  it('should make weeks and quarters contiguous, with 13 weeks except a long year’s Q4', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 4 }),
        zone,
        (year, q, tz) => {
          const quarter = quarterById(`${year}-Q${q}`, settings(tz));
          quarter.weeks.forEach((w, i) => {
            const next = quarter.weeks[i + 1];
            if (next) expect(next.start.getTime()).toBe(w.end.getTime());
          });
          expect(nextQuarter(quarter.id, settings(tz)).start.getTime()).toBe(quarter.end.getTime());
          const long = quarter.weeks.at(-1)?.id.endsWith('W53');
          expect(quarter.weeks.length).toBe(q === 4 && long ? 14 : 13);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should give each week a Monday start in the team timezone', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const start = weekOf(t, settings(tz)).start;
        const day = dayOf(start, tz);
        expect(new Date(`${day}T12:00:00Z`).getUTCDay()).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
