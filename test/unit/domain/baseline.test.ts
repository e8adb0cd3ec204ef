import { describe, expect, it } from 'vitest';
import { engineerBaseline, teamBaseline } from '../../../src/domain/baseline.js';
import { quarterById } from '../../../src/domain/calendar.js';
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
