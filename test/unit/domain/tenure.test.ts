import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { guidanceFor } from '../../../src/domain/guidance.js';
import { tenureAt } from '../../../src/domain/tenure.js';
import { SETTINGS } from '../../fixtures/team.js';

// Mon 28 Sep 2026 – Sun 3 Jan 2027 (14 weeks); four weeks before it starts on Mon 31 Aug 2026,
// four weeks before the next one (Mon 4 Jan 2027) on Mon 7 Dec 2026.
const q4 = quarterById('2026-Q4', SETTINGS);
const q3 = quarterById('2026-Q3', SETTINGS);

describe('when the tenure of an engineer is measured at a quarter', () => {
  it.each([
    // Joined in the quarter, before its last four weeks: this is the first quarter.
    { start: '2026-09-28', firstQuarter: true, underSixMonths: true, why: 'the quarter’s first day' },
    { start: '2026-10-19', firstQuarter: true, underSixMonths: true, why: 'week 4' },
    {
      start: '2026-12-06',
      firstQuarter: true,
      underSixMonths: true,
      why: 'the day before its last four weeks',
    },
    // Joined in the last four weeks before the quarter: this one is the first, not the run-in.
    { start: '2026-09-14', firstQuarter: true, underSixMonths: true, why: 'two weeks before' },
    { start: '2026-09-27', firstQuarter: true, underSixMonths: true, why: 'the day before' },
    { start: '2026-08-31', firstQuarter: true, underSixMonths: true, why: 'exactly four weeks before' },
    { start: '2026-08-30', firstQuarter: false, underSixMonths: true, why: 'four weeks and a day before' },
    // Joined in the quarter's last four weeks: the next quarter is the first.
    { start: '2026-12-07', firstQuarter: false, underSixMonths: true, why: 'its last four weeks' },
    { start: '2026-12-28', firstQuarter: false, underSixMonths: true, why: 'its last week' },
    { start: '2027-02-01', firstQuarter: false, underSixMonths: true, why: 'after it' },
    // Long known.
    { start: '2026-03-29', firstQuarter: false, underSixMonths: true, why: 'six months less a day before' },
    { start: '2026-03-28', firstQuarter: false, underSixMonths: false, why: 'six months before' },
    { start: '2021-01-11', firstQuarter: false, underSixMonths: false, why: 'years before' },
  ])(
    'should see a start on $start ($why) as first quarter $firstQuarter, under six months $underSixMonths',
    (row) => {
      expect(tenureAt(row.start, q4, SETTINGS)).toEqual({
        firstQuarter: row.firstQuarter,
        underSixMonths: row.underSixMonths,
      });
    },
  );

  it('should give exactly one first quarter to someone who joins near a quarter’s end', () => {
    // Two weeks before Q4: Q3's last two weeks are a run-in, Q4 is the first quarter.
    expect(tenureAt('2026-09-14', q3, SETTINGS).firstQuarter).toBe(false);
    expect(tenureAt('2026-09-14', q4, SETTINGS).firstQuarter).toBe(true);
    // Five weeks before Q4: Q3 is the first quarter.
    expect(tenureAt('2026-08-24', q3, SETTINGS).firstQuarter).toBe(true);
    expect(tenureAt('2026-08-24', q4, SETTINGS).firstQuarter).toBe(false);
  });
});

describe('when guidance is chosen for a page', () => {
  it.each([
    { tier: 'junior', start: '2026-10-19', kind: 'first-quarter' },
    { tier: 'junior', start: '2026-09-14', kind: 'first-quarter' },
    { tier: 'senior', start: '2026-10-19', kind: 'first-quarter' },
    { tier: 'junior', start: '2026-12-14', kind: 'new-to-manager' },
    { tier: 'mid', start: '2026-06-01', kind: 'new-to-manager' },
    { tier: 'lead', start: '2021-01-11', kind: 'senior' },
    { tier: 'senior', start: '2023-04-03', kind: 'senior' },
    { tier: 'mid', start: '2023-04-03', kind: 'standard' },
  ] as const)('should give a $tier who started $start the $kind guidance', ({ tier, start, kind }) => {
    const guidance = guidanceFor(tier, tenureAt(start, q4, SETTINGS));
    expect(guidance.kind).toBe(kind);
    expect(guidance.lines.length).toBeGreaterThan(0);
  });

  it('should ask a junior who joined two weeks before the quarter for 4 items, one paired', () => {
    const lines = guidanceFor('junior', tenureAt('2026-09-14', q4, SETTINGS)).lines.join(' ');
    expect(lines).toContain('write 4 commitments rather than 5');
    expect(lines).toContain('Pair at least one with a senior or lead engineer');
  });

  it('should ask a senior with five commitments the first-3 question', () => {
    const lines = guidanceFor('senior', tenureAt('2023-04-03', q4, SETTINGS)).lines.join(' ');
    expect(lines).toContain('would you be okay if only the first 3 were hit?');
  });
});
