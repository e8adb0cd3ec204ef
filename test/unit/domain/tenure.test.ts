import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { guidanceFor } from '../../../src/domain/guidance.js';
import { tenureAt } from '../../../src/domain/tenure.js';
import { SETTINGS } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS); // Mon 28 Sep 2026 – Sun 3 Jan 2027

describe('when the tenure of an engineer is measured at a quarter', () => {
  it.each([
    { start: '2026-10-19', firstQuarter: true, underSixMonths: true },
    { start: '2026-09-28', firstQuarter: true, underSixMonths: true },
    { start: '2026-09-14', firstQuarter: false, underSixMonths: true },
    { start: '2026-03-29', firstQuarter: false, underSixMonths: true },
    { start: '2026-03-28', firstQuarter: false, underSixMonths: false },
    { start: '2021-01-11', firstQuarter: false, underSixMonths: false },
  ])('should see $start as first quarter $firstQuarter, under six months $underSixMonths', (row) => {
    expect(tenureAt(row.start, q4, SETTINGS)).toEqual({
      firstQuarter: row.firstQuarter,
      underSixMonths: row.underSixMonths,
    });
  });
});

describe('when guidance is chosen for a page', () => {
  it.each([
    { tier: 'junior', start: '2026-10-19', kind: 'first-quarter' },
    { tier: 'senior', start: '2026-10-19', kind: 'first-quarter' },
    { tier: 'mid', start: '2026-06-01', kind: 'new-to-manager' },
    { tier: 'lead', start: '2021-01-11', kind: 'senior' },
    { tier: 'senior', start: '2023-04-03', kind: 'senior' },
    { tier: 'mid', start: '2023-04-03', kind: 'standard' },
  ] as const)('should give a $tier who started $start the $kind guidance', ({ tier, start, kind }) => {
    const guidance = guidanceFor(tier, tenureAt(start, q4, SETTINGS));
    expect(guidance.kind).toBe(kind);
    expect(guidance.lines.length).toBeGreaterThan(0);
  });

  it('should ask a senior with five commitments the first-3 question', () => {
    const lines = guidanceFor('senior', tenureAt('2023-04-03', q4, SETTINGS)).lines.join(' ');
    expect(lines).toContain('would you be okay if only the first 3 were hit?');
  });
});
