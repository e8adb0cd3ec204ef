import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { previousQuarterLine } from '../../../src/domain/previous-quarter.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import { BEN, SETTINGS } from '../../fixtures/team.js';

const record = { quarterId: '2026-Q3', weeksShipped: 10, weeksMissed: 2, hit: 2, partial: 1, missed: 1 };

describe('when a quarter page recalls the previous quarter', () => {
  it.each([
    {
      given: record,
      line: 'Last quarter (2026-Q3): shipped in 10 of 12 weeks; grades agreed: 2 hit, 1 partial, 1 missed.',
    },
    {
      given: { ...record, weeksShipped: 1, weeksMissed: 0, hit: 0, partial: 0, missed: 0 },
      line: 'Last quarter (2026-Q3): shipped in 1 of 1 week; no grades agreed.',
    },
    {
      given: { ...record, weeksShipped: 0, weeksMissed: 0 },
      line: 'Last quarter (2026-Q3): no week counted; grades agreed: 2 hit, 1 partial, 1 missed.',
    },
  ])('should say it in one line: $line', ({ given, line }) => {
    expect(previousQuarterLine(given)).toBe(line);
  });

  it('should put the line on the page from what the previous page says, and none without one', () => {
    const input = {
      engineer: BEN,
      quarter: quarterById('2026-Q4', SETTINGS),
      settings: SETTINGS,
      now: new Date('2026-10-07T12:00:00Z'),
      shipped: [],
    };
    const readback = { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] };
    const recalled = buildQuarterPage({ ...input, readback: { ...readback, previousQuarter: record } });
    expect(recalled.previousQuarter).toEqual({ record, line: previousQuarterLine(record) });
    expect(buildQuarterPage({ ...input, readback }).previousQuarter).toBeUndefined();
  });
});
