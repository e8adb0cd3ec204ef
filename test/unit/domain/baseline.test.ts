import { describe, expect, it } from 'vitest';
import { currentRun, engineerBaseline, teamBaseline } from '../../../src/domain/baseline.js';
import { quarterById } from '../../../src/domain/calendar.js';
import { goLiveAt } from '../../../src/domain/go-live.js';
import { ANA, BEN, DEV, ROSTER, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
const at = (iso: string) => new Date(iso);

function statuses(b: ReturnType<typeof engineerBaseline>) {
  return b.weeks.map((w) => `${w.week.slice(5)}:${w.status}`);
}

describe('when an engineer’s weeks are computed', () => {
  it('should mark closed weeks hit, missed or excused, and the current week open', () => {
    const b = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: [shipped(BEN, '2026-09-30T10:00:00Z'), shipped(BEN, '2026-10-21T10:00:00Z')],
      excusedWeeks: ['2026-W41'],
      now: at('2026-10-21T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(statuses(b)).toEqual(['W40:hit', 'W41:excused', 'W42:missed', 'W43:open']);
    expect(b.counts).toEqual({ hit: 1, missed: 1, excused: 1, open: 1 });
  });

  it('should close the week at Friday 18:00 in the team timezone, not before', () => {
    const input = { engineer: BEN, quarter: q4, shipped: [], excusedWeeks: [], settings: SETTINGS };
    // Friday 2 October 2026, 17:59 and 18:00 in Berlin (UTC+2).
    expect(statuses(engineerBaseline({ ...input, now: at('2026-10-02T15:59:00Z') }))).toEqual(['W40:open']);
    expect(statuses(engineerBaseline({ ...input, now: at('2026-10-02T16:00:00Z') }))).toEqual(['W40:missed']);
  });

  it('should count a ship in the week of its completion in the team timezone', () => {
    // Sunday 23:30 in Berlin is Sunday 21:30 UTC: still week 40, not 41.
    const b = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: [shipped(BEN, '2026-10-04T21:30:00Z')],
      excusedWeeks: [],
      now: at('2026-10-10T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(statuses(b)).toEqual(['W40:hit', 'W41:missed']);
  });

  it('should count a ship in the week of its completion where the engineer is, when that is not the team’s zone', () => {
    // Sunday 4 October 21:30 UTC: still Sunday in Berlin (week 40), already Monday in Tokyo (week 41).
    const input = {
      quarter: q4,
      excusedWeeks: [],
      now: at('2026-10-10T12:00:00Z'),
      settings: SETTINGS,
    };
    const tokyo = { ...BEN, timezone: 'Asia/Tokyo' };
    expect(
      statuses(
        engineerBaseline({ ...input, engineer: tokyo, shipped: [shipped(tokyo, '2026-10-04T21:30:00Z')] }),
      ),
    ).toEqual(['W40:missed', 'W41:hit']);
  });

  it('should excuse a week the whole team is off, for everyone', () => {
    const input = {
      quarter: q4,
      shipped: [shipped(BEN, '2026-09-30T10:00:00Z')],
      excusedWeeks: [],
      now: at('2026-10-21T12:00:00Z'),
      settings: { ...SETTINGS, offWeeks: [{ week: '2026-W41', reason: 'Company offsite' }] },
    };
    const ben = engineerBaseline({ ...input, engineer: BEN });
    expect(statuses(ben)).toEqual(['W40:hit', 'W41:excused', 'W42:missed', 'W43:open']);
    expect(ben.flagged).toBe(false);
    // Ana shipped nothing: the off week is not a miss for her either, as a ticked Excused is not.
    const ana = engineerBaseline({ ...input, engineer: ANA, shipped: [] });
    expect(statuses(ana)).toEqual(['W40:missed', 'W41:excused', 'W42:missed', 'W43:open']);
    expect(ana.counts).toEqual({ hit: 0, missed: 2, excused: 1, open: 1 });
  });

  it('should place a ship at Monday 03:00 UTC in the previous week in Los Angeles and the current one in Berlin', () => {
    // Monday 12 October 2026, 03:00 UTC: Sunday 20:00 in Los Angeles (week 41), Monday 05:00 in Berlin (week 42).
    const input = { quarter: q4, excusedWeeks: [], now: at('2026-10-17T12:00:00Z'), settings: SETTINGS };
    const la = { ...ANA, timezone: 'America/Los_Angeles' };
    const berlin = { ...BEN, timezone: 'Europe/Berlin' };
    const inLa = engineerBaseline({ ...input, engineer: la, shipped: [shipped(la, '2026-10-12T03:00:00Z')] });
    const inBerlin = engineerBaseline({
      ...input,
      engineer: berlin,
      shipped: [shipped(berlin, '2026-10-12T03:00:00Z')],
    });
    expect(statuses(inLa).slice(-2)).toEqual(['W41:hit', 'W42:missed']);
    expect(statuses(inBerlin).slice(-2)).toEqual(['W41:missed', 'W42:hit']);
  });

  it('should close an engineer’s week at Friday 18:00 where they are, and give its days there', () => {
    const la = { ...ANA, timezone: 'America/Los_Angeles' };
    const input = { engineer: la, quarter: q4, shipped: [], excusedWeeks: [], settings: SETTINGS };
    // Friday 2 October 2026 18:00 in Berlin (16:00 UTC) is 09:00 in Los Angeles: still open there.
    expect(statuses(engineerBaseline({ ...input, now: at('2026-10-02T16:00:00Z') }))).toEqual(['W40:open']);
    // 18:00 in Los Angeles (PDT, UTC−7) is Saturday 01:00 UTC.
    expect(statuses(engineerBaseline({ ...input, now: at('2026-10-03T00:59:00Z') }))).toEqual(['W40:open']);
    const closed = engineerBaseline({ ...input, now: at('2026-10-03T01:00:00Z') });
    expect(statuses(closed)).toEqual(['W40:missed']);
    expect(closed.weeks[0]?.days).toEqual({ first: '2026-09-28', last: '2026-10-04' });
  });

  it('should make no miss and no streak of an off week, and count a ship in it', () => {
    const settings = { ...SETTINGS, offWeeks: [{ week: '2026-W41', reason: 'Company offsite' }] };
    const input = { quarter: q4, excusedWeeks: [], now: at('2026-10-14T12:00:00Z'), settings };
    // Missed week 40, nothing in the off week 41: one miss, no streak of two.
    const ana = engineerBaseline({ ...input, engineer: ANA, shipped: [] });
    expect(statuses(ana)).toEqual(['W40:missed', 'W41:excused', 'W42:open']);
    expect(ana.weeks[1]?.offWeek).toBe('Company offsite');
    expect(ana.counts.missed).toBe(1);
    expect(ana.missStreak).toBe(1);
    expect(ana.flagged).toBe(false);
    // A ship in the off week is still a ship.
    const ben = engineerBaseline({
      ...input,
      engineer: BEN,
      shipped: [shipped(BEN, '2026-10-07T10:00:00Z')],
    });
    expect(statuses(ben)).toEqual(['W40:missed', 'W41:hit', 'W42:open']);
    expect(ben.counts.hit).toBe(1);
  });

  it('should list nothing before the start date', () => {
    const late = { ...ANA, startDate: '2026-10-14' };
    const b = engineerBaseline({
      engineer: late,
      quarter: q4,
      shipped: [],
      excusedWeeks: [],
      now: at('2026-10-28T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(b.weeks.map((w) => w.week)).toEqual(['2026-W42', '2026-W43', '2026-W44']);
  });

  it('should ignore other people’s issues', () => {
    const b = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: [shipped(DEV, '2026-09-30T10:00:00Z')],
      excusedWeeks: [],
      now: at('2026-10-03T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(statuses(b)).toEqual(['W40:missed']);
  });
});

describe('when misses follow one another', () => {
  it.each([
    { pattern: 'missed, missed, missed', ships: [], excused: [], streak: 3, flagged: true },
    { pattern: 'missed, excused, missed', ships: [], excused: ['2026-W41'], streak: 2, flagged: true },
    {
      pattern: 'hit, missed, missed',
      ships: ['2026-09-30T10:00:00Z'],
      excused: [],
      streak: 2,
      flagged: true,
    },
    {
      pattern: 'missed, hit, missed',
      ships: ['2026-10-07T10:00:00Z'],
      excused: [],
      streak: 1,
      flagged: false,
    },
    {
      pattern: 'missed, missed, hit',
      ships: ['2026-10-14T10:00:00Z'],
      excused: [],
      streak: 0,
      flagged: false,
    },
  ])('should give a streak of $streak for $pattern', ({ ships, excused, streak, flagged }) => {
    const b = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: ships.map((s) => shipped(BEN, s)),
      excusedWeeks: excused,
      now: at('2026-10-17T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(b.weeks).toHaveLength(3);
    expect({ streak: b.missStreak, flagged: b.flagged }).toEqual({ streak, flagged });
  });

  it('should neither break nor extend a streak with the open week', () => {
    const b = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: [shipped(BEN, '2026-10-13T10:00:00Z')],
      excusedWeeks: [],
      now: at('2026-10-15T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(statuses(b)).toEqual(['W40:missed', 'W41:missed', 'W42:open']);
    expect(b.flagged).toBe(true);
  });
});

describe('when the whole team is computed', () => {
  it('should keep the roster’s order and give each their own excused weeks', () => {
    const team = teamBaseline({
      roster: ROSTER,
      quarter: q4,
      shipped: [shipped(ANA, '2026-09-30T10:00:00Z')],
      excused: new Map([['ben', ['2026-W40']]]),
      now: at('2026-10-03T12:00:00Z'),
      settings: SETTINGS,
    });
    expect(team.map((b) => [b.engineerId, b.weeks[0]?.status])).toEqual([
      ['ana', 'hit'],
      ['ben', 'excused'],
      ['chen', 'missed'],
      ['dev', 'missed'],
    ]);
  });
});

describe('when commitline went live in the middle of the quarter', () => {
  // Live from Wednesday 2 December 2026 (week 10 of 2026-Q4, 2026-W49), Berlin.
  const goLive = goLiveAt('2026-12-02', SETTINGS.timezone);
  const base = { engineer: BEN, quarter: q4, excusedWeeks: [] as string[], settings: SETTINGS, goLive };
  const marks = (b: ReturnType<typeof engineerBaseline>) =>
    b.weeks.map((w) => `${w.week.slice(5)}:${w.status}${w.beforeCommitline ? ' (before)' : ''}`);

  it.each([
    {
      when: 'on the day it goes live, after 9 silent weeks',
      now: '2026-12-02T12:00:00Z',
      ships: [] as string[],
      streak: 0,
      counts: { hit: 0, missed: 0, excused: 0, open: 1 },
    },
    {
      when: 'after its first week closes without a ship',
      now: '2026-12-05T12:00:00Z',
      ships: [],
      streak: 1,
      counts: { hit: 0, missed: 1, excused: 0, open: 0 },
    },
    {
      when: 'after two of its weeks close without a ship',
      now: '2026-12-12T12:00:00Z',
      ships: [],
      streak: 2,
      counts: { hit: 0, missed: 2, excused: 0, open: 0 },
    },
    {
      when: 'after three of its weeks close without a ship',
      now: '2026-12-19T12:00:00Z',
      ships: [],
      streak: 3,
      counts: { hit: 0, missed: 3, excused: 0, open: 0 },
    },
    {
      when: 'with ships before it, which stay history',
      now: '2026-12-12T12:00:00Z',
      ships: ['2026-10-01T10:00:00Z', '2026-11-25T10:00:00Z'],
      streak: 2,
      counts: { hit: 0, missed: 2, excused: 0, open: 0 },
    },
  ])('should count only its own weeks $when', ({ now, ships, streak, counts }) => {
    const b = engineerBaseline({ ...base, now: at(now), shipped: ships.map((s) => shipped(BEN, s)) });
    expect(b.weeks.filter((w) => w.beforeCommitline).map((w) => w.week)).toEqual(
      q4.weeks.slice(0, 9).map((w) => w.id),
    );
    expect({ streak: b.missStreak, flagged: b.flagged, counts: b.counts }).toEqual({
      streak,
      flagged: streak >= 2,
      counts,
    });
  });

  it('should show a week before it with what shipped, marked as before commitline', () => {
    const b = engineerBaseline({
      ...base,
      now: at('2026-12-02T12:00:00Z'),
      shipped: [shipped(BEN, '2026-11-25T10:00:00Z')],
    });
    expect(marks(b).slice(-3)).toEqual(['W47:missed (before)', 'W48:hit (before)', 'W49:open']);
    expect(b.weeks.at(-2)?.shipped).toHaveLength(1);
  });

  it('should count the week it goes live in when that week closes after it', () => {
    // Live on Friday 4 December at 00:00: W49 closes at 18:00 that day, so it is commitline's.
    const friday = goLiveAt('2026-12-04', SETTINGS.timezone);
    const b = engineerBaseline({ ...base, goLive: friday, now: at('2026-12-05T12:00:00Z'), shipped: [] });
    expect(marks(b).slice(-2)).toEqual(['W48:missed (before)', 'W49:missed']);
  });

  it('should count every week when no go-live is known, as before', () => {
    const b = engineerBaseline({ ...base, goLive: undefined, now: at('2026-12-02T12:00:00Z'), shipped: [] });
    expect({ streak: b.missStreak, missed: b.counts.missed }).toEqual({ streak: 9, missed: 9 });
    expect(b.weeks.some((w) => w.beforeCommitline)).toBe(false);
  });
});

describe('when the run of a streak is read', () => {
  const weeks = (...marks: string[]) =>
    marks.map((m, i) => ({
      week: `2026-W${40 + i}`,
      status: m.replace('*', '') as 'hit' | 'missed' | 'excused' | 'open',
      shipped: [],
      excused: m === 'excused',
      days: { first: '2026-09-28', last: '2026-10-04' },
      ...(m.endsWith('*') ? { beforeCommitline: true } : {}),
    }));

  it.each([
    { marks: ['hit', 'missed', 'missed'], anchor: '2026-W41', missed: ['2026-W41', '2026-W42'] },
    { marks: ['hit', 'excused', 'missed', 'missed'], anchor: '2026-W41', missed: ['2026-W42', '2026-W43'] },
    {
      marks: ['missed', 'missed', 'missed', 'open'],
      anchor: '2026-W40',
      missed: ['2026-W40', '2026-W41', '2026-W42'],
    },
    { marks: ['missed*', 'missed*', 'missed', 'open'], anchor: '2026-W42', missed: ['2026-W42'] },
    { marks: ['missed', 'hit', 'missed'], anchor: '2026-W42', missed: ['2026-W42'] },
    { marks: ['missed', 'hit'], anchor: undefined, missed: [] },
    { marks: ['missed*', 'open'], anchor: undefined, missed: [] },
  ])('should start the run of $marks at $anchor', ({ marks, anchor, missed }) => {
    expect(currentRun(weeks(...marks))).toEqual({ ...(anchor ? { anchor } : {}), missed });
  });
});
