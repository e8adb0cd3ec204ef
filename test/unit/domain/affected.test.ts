import { describe, expect, it } from 'vitest';
import { affectedPages } from '../../../src/domain/affected.js';
import { shipWindow } from '../../../src/domain/baseline.js';
import { quarterById } from '../../../src/domain/calendar.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import { ANA, BEN, ROSTER, SETTINGS, shipped } from '../../fixtures/team.js';

describe('when a Linear issue changes', () => {
  it.each([
    {
      when: 'it completes for one engineer',
      assignees: [ANA.linearUserId],
      completed: ['2026-11-25T10:00:00Z'],
      pages: [{ engineerId: 'ana', quarterId: '2026-Q4' }],
    },
    {
      when: 'it is reassigned from Ana to Ben',
      assignees: [BEN.linearUserId, ANA.linearUserId],
      completed: ['2026-11-25T10:00:00Z'],
      pages: [
        { engineerId: 'ana', quarterId: '2026-Q4' },
        { engineerId: 'ben', quarterId: '2026-Q4' },
      ],
    },
    {
      when: 'its completion moves across a quarter boundary',
      assignees: [ANA.linearUserId],
      completed: ['2026-09-25T10:00:00Z', '2026-10-02T10:00:00Z'],
      pages: [
        { engineerId: 'ana', quarterId: '2026-Q3' },
        { engineerId: 'ana', quarterId: '2026-Q4' },
      ],
    },
    { when: 'it was never completed', assignees: [ANA.linearUserId], completed: [], pages: [] },
    {
      when: 'its assignee is not on the roster',
      assignees: ['lin-stranger'],
      completed: ['2026-11-25T10:00:00Z'],
      pages: [],
    },
  ])('should touch exactly the affected quarter pages when $when', ({ assignees, completed, pages }) => {
    const result = affectedPages({
      assigneeIds: assignees,
      completedAts: completed.map((at) => new Date(at)),
      roster: ROSTER,
      settings: SETTINGS,
    });
    expect(result).toEqual(expect.arrayContaining(pages));
    expect(result).toHaveLength(pages.length);
  });
});

describe('when an engineer in another zone ships at the edge of a quarter', () => {
  // Sunday 27 September 2026, 23:30 in Berlin: still 2026-Q3 there, already Monday of Q4 in Tokyo.
  const at = new Date('2026-09-27T21:30:00Z');
  const tokyo = { ...ANA, timezone: 'Asia/Tokyo' };

  it('should touch the quarter it falls in where the engineer is', () => {
    expect(
      affectedPages({
        assigneeIds: [ANA.linearUserId],
        completedAts: [at],
        roster: [tokyo],
        settings: SETTINGS,
      }),
    ).toEqual([{ engineerId: 'ana', quarterId: '2026-Q4' }]);
  });

  it('should count it in that quarter’s first week, read through a window wide enough to hold it', () => {
    const q4 = quarterById('2026-Q4', SETTINGS);
    const window = shipWindow(tokyo, q4);
    expect(window.from.getTime()).toBeLessThanOrEqual(at.getTime());
    const ship = shipped(tokyo, at.toISOString());
    const page = buildQuarterPage({
      engineer: tokyo,
      quarter: q4,
      settings: SETTINGS,
      now: new Date('2026-10-03T12:00:00Z'),
      shipped: [ship],
      readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
    });
    expect(page.weeks[0]).toMatchObject({ week: '2026-W40', status: 'hit' });
    expect(page.evidence).toEqual([ship]);
    // In the team's zone the same ship belongs to Q3: it is not Q4's evidence for Ana in Berlin.
    const berlin = buildQuarterPage({
      engineer: ANA,
      quarter: q4,
      settings: SETTINGS,
      now: new Date('2026-10-03T12:00:00Z'),
      shipped: [shipped(ANA, at.toISOString())],
      readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
    });
    expect(berlin.evidence).toEqual([]);
  });
});
