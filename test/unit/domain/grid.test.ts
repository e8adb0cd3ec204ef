import { describe, expect, it } from 'vitest';
import { engineerBaseline } from '../../../src/domain/baseline.js';
import { quarterById } from '../../../src/domain/calendar.js';
import { gridText, teamGrid } from '../../../src/domain/grid.js';
import { ANA, BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
const now = new Date('2026-10-21T12:00:00Z');

describe('when the team grid is drawn', () => {
  it('should mark each week, count the shipped ones, and flag a streak', () => {
    const ana = engineerBaseline({
      engineer: ANA,
      quarter: q4,
      shipped: [shipped(ANA, '2026-09-30T10:00:00Z')],
      excusedWeeks: [],
      now,
      settings: SETTINGS,
    });
    const ben = engineerBaseline({
      engineer: BEN,
      quarter: q4,
      shipped: [shipped(BEN, '2026-10-14T10:00:00Z')],
      excusedWeeks: ['2026-W40'],
      now,
      settings: SETTINGS,
    });
    const grid = teamGrid(q4, [
      { engineer: ANA, baseline: ana },
      { engineer: BEN, baseline: ben },
    ]);
    expect(grid.title).toBe('Team baseline 2026-Q4');
    expect(grid.header.slice(0, 5)).toEqual(['Engineer', 'W40', 'W41', 'W42', 'W43']);
    expect(grid.header).toHaveLength(1 + 14 + 2);
    expect(grid.rows[0]?.slice(0, 5)).toEqual(['Ana Ruiz', '✅', '❌', '❌', '⏳']);
    expect(grid.rows[0]?.slice(-2)).toEqual(['1/3', '2 missed ⚑']);
    expect(grid.rows[1]?.slice(0, 5)).toEqual(['Ben Adeyemi', '🟡', '❌', '✅', '⏳']);
    expect(grid.rows[1]?.slice(-2)).toEqual(['1/2', '—']);
  });

  it('should align the text grid, counting the marks two columns wide', () => {
    const ana = engineerBaseline({
      engineer: ANA,
      quarter: q4,
      shipped: [],
      excusedWeeks: [],
      now,
      settings: SETTINGS,
    });
    const lines = gridText(teamGrid(q4, [{ engineer: ANA, baseline: ana }])).split('\n');
    const header = lines[1] ?? '';
    expect(header.indexOf('W41')).toBe(header.indexOf('W40') + 5);
    expect(lines[2]).toMatch(/^Ana Ruiz {2}❌ {3}❌ {3}❌ {3}⏳/);
  });
});
