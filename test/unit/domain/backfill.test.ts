import { describe, expect, it } from 'vitest';
import {
  backfillDecision,
  backfillEngineerDecision,
  backfillQuarterDecision,
} from '../../../src/domain/backfill.js';
import { quarterById } from '../../../src/domain/calendar.js';
import { SETTINGS } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
const timezone = SETTINGS.timezone;

describe('when a backfill is asked for a quarter', () => {
  it.each([
    { when: 'before it begins', now: '2026-09-27T12:00:00Z', create: true, expected: { action: 'refuse' } },
    {
      when: 'while it runs',
      now: '2026-11-02T12:00:00Z',
      create: false,
      expected: { action: 'recompute', when: 'current', createPages: true, notices: true },
    },
    {
      when: 'after it ended, without --create',
      now: '2027-02-01T12:00:00Z',
      create: false,
      expected: { action: 'recompute', when: 'past', createPages: false, notices: false },
    },
    {
      when: 'after it ended, with --create',
      now: '2027-02-01T12:00:00Z',
      create: true,
      expected: { action: 'recompute', when: 'past', createPages: true, notices: false },
    },
    {
      // Even in the two weeks a worker still reminds about grades: a backfill does not speak.
      when: 'a week after it ended',
      now: '2027-01-08T12:00:00Z',
      create: true,
      expected: { action: 'recompute', when: 'past', createPages: true, notices: false },
    },
  ])('should decide $when', ({ now, create, expected }) => {
    expect(backfillQuarterDecision({ quarter: q4, now: new Date(now), create, timezone })).toMatchObject(
      expected,
    );
  });

  it('should refuse a future quarter with a message saying when it starts', () => {
    const decision = backfillQuarterDecision({
      quarter: q4,
      now: new Date('2026-09-01T12:00:00Z'),
      create: true,
      timezone,
    });
    expect(decision).toEqual({
      action: 'refuse',
      code: 'future-quarter',
      message:
        '2026-Q4 has not begun (it starts on Mon 28 Sep 2026): there is nothing to backfill yet. Its pages are opened when it begins.',
    });
  });
});

describe('when a backfill reaches one engineer', () => {
  // 2026-Q4 runs from Mon 28 Sep 2026 to Sun 3 Jan 2027.
  it.each([
    { startDate: '2023-04-03', action: 'recompute' },
    { startDate: '2026-12-14', action: 'recompute' },
    { startDate: '2027-01-03', action: 'recompute' },
    { startDate: '2027-01-04', action: 'skip' },
    { startDate: '2027-03-01', action: 'skip' },
  ])('should give a page to someone who joined on $startDate: $action', ({ startDate, action }) => {
    expect(
      backfillEngineerDecision({ quarter: q4, engineerName: 'Ana Ruiz', startDate, timezone }).action,
    ).toBe(action);
  });

  it('should skip a late joiner even with --create, and say why', () => {
    const decision = backfillDecision({
      quarter: q4,
      now: new Date('2027-03-01T12:00:00Z'),
      engineer: { name: 'Ana Ruiz', startDate: '2027-02-01' },
      create: true,
      timezone,
    });
    expect(decision).toEqual({
      action: 'skip',
      code: 'joined-after-quarter',
      message: 'Ana Ruiz joined on Mon 1 Feb 2027, after 2026-Q4 ended: no page for it.',
    });
  });

  it('should refuse a future quarter before looking at anyone', () => {
    const decision = backfillDecision({
      quarter: q4,
      now: new Date('2026-09-01T12:00:00Z'),
      engineer: { name: 'Ana Ruiz', startDate: '2027-02-01' },
      create: true,
      timezone,
    });
    expect(decision.action).toBe('refuse');
  });
});
