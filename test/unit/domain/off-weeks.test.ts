import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { teamGrid } from '../../../src/domain/grid.js';
import type { QuarterReadback } from '../../../src/domain/ports.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import type { CalendarSettings, ShippedChange, WeekId } from '../../../src/domain/types.js';
import { BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
const readback: QuarterReadback = {
  exists: true,
  commitments: [],
  commitmentEdits: [],
  comments: [],
  excusedWeeks: [],
};
const off = (week: WeekId, reason: string): CalendarSettings => ({
  ...SETTINGS,
  offWeeks: [{ week, reason }],
});

function page(now: string, settings: CalendarSettings, changes: ShippedChange[] = []) {
  return buildQuarterPage({
    engineer: BEN,
    quarter: q4,
    settings,
    now: new Date(now),
    shipped: changes,
    readback,
  });
}
const keys = (built: ReturnType<typeof page>) => built.notices.map((n) => n.key);

describe('when the whole team is off for a week', () => {
  it('should show the week excused with its reason on the row and the page, never a miss', () => {
    const built = page('2026-10-14T12:00:00Z', off('2026-W41', 'Company offsite'));
    expect(built.weeks.map((w) => [w.week, w.status, w.offWeek])).toEqual([
      ['2026-W40', 'missed', undefined],
      ['2026-W41', 'excused', 'Company offsite'],
      ['2026-W42', 'open', undefined],
    ]);
    expect(built.properties.weeksMissed).toBe(1);
    expect(built.offWeeks).toEqual([
      '2026-W41: Company offsite. Off for the whole team: excused for everyone, never a miss.',
    ]);
  });

  it('should make no streak: a miss before it stays one miss, and no comment is posted', () => {
    // W40 shipped, W41 missed, W42 off: at W42's close a single miss, no streak, no comment.
    const settings = off('2026-W42', 'Public holidays');
    const built = page('2026-10-17T12:00:00Z', settings, [shipped(BEN, '2026-09-30T10:00:00Z')]);
    expect(built.properties.missStreak).toBe(1);
    expect(built.properties.flags).not.toContain('Two misses in a row');
    expect(keys(built).filter((k) => k.startsWith('miss-streak'))).toEqual([]);
    // Without the off week the same weeks raise the streak: the test can tell.
    const worked = page('2026-10-17T12:00:00Z', SETTINGS, [shipped(BEN, '2026-09-30T10:00:00Z')]);
    expect(keys(worked).filter((k) => k.startsWith('miss-streak'))).toEqual(['miss-streak:2026-W41']);
  });

  it('should send no nudge in it: week 1’s signing reminder waits for the week after', () => {
    const settings = off('2026-W40', 'Offsite');
    // Saturday of week 1, after its close: the reminder is due, but the team is off.
    expect(keys(page('2026-10-03T12:00:00Z', settings))).toEqual([]);
    expect(keys(page('2026-10-03T12:00:00Z', SETTINGS))).toContain('signing-reminder:2026-Q4');
    // Monday of week 2: said then.
    expect(keys(page('2026-10-05T09:00:00Z', settings))).toContain('signing-reminder:2026-Q4');
  });

  it('should not ask for grades at an off week’s close, nor prompt in it', () => {
    const settings = off('2026-W52', 'Year-end break');
    // Week 13 (W52) is off: the prompt waits for week 53, and W52's close asks nobody for anything.
    expect(keys(page('2026-12-26T12:00:00Z', settings))).toEqual([]);
    const later = keys(page('2027-01-02T12:00:00Z', settings));
    expect(later).toContain('grading:2026-Q4');
    expect(later).toContain('grading-reminder:2026-W53');
    expect(later).not.toContain('grading-reminder:2026-W52');
    expect(keys(page('2027-01-02T12:00:00Z', SETTINGS))).toContain('grading-reminder:2026-W52');
  });

  it('should count a ship in it as shipped', () => {
    const built = page('2026-10-17T12:00:00Z', off('2026-W41', 'Offsite'), [
      shipped(BEN, '2026-10-07T10:00:00Z'),
    ]);
    expect(built.weeks.find((w) => w.week === '2026-W41')?.status).toBe('hit');
    expect(built.properties.weeksShipped).toBe(1);
  });

  it('should name the off week and its reason in the grid’s column', () => {
    const settings = off('2026-W41', 'Company offsite');
    const built = page('2026-10-14T12:00:00Z', settings);
    const grid = teamGrid(
      q4,
      [
        {
          engineer: BEN,
          baseline: {
            engineerId: BEN.id,
            weeks: built.weeks.map((w) => ({ ...w, excused: false })),
            counts: { hit: 0, missed: 1, excused: 1, open: 1 },
            missStreak: 1,
            flagged: false,
          },
        },
      ],
      settings.offWeeks,
    );
    expect(grid.header.slice(1, 4)).toEqual(['W40', 'W41 🟡 Company offsite', 'W42']);
    expect(grid.rows[0]?.slice(1, 4)).toEqual(['❌', '🟡', '⏳']);
  });
});
