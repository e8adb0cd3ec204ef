import { describe, expect, it } from 'vitest';
import { affectedPages } from '../../../src/domain/affected.js';
import { ANA, BEN, ROSTER, SETTINGS } from '../../fixtures/team.js';

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
