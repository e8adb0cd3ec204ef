import { describe, expect, it } from 'vitest';
import type { QuarterPage, QuarterReadback } from '../../../src/domain/index.js';
import { createLogger } from '../../../src/observability/logger.js';
import { type RecomputeDeps, recomputePage } from '../../../src/runtime/recompute-page.js';
import { ANA, SETTINGS } from '../../fixtures/team.js';

function deps(exists: boolean) {
  const written: QuarterPage[] = [];
  const readback: QuarterReadback = {
    exists,
    commitments: [],
    commitmentEdits: [],
    comments: [],
    excusedWeeks: [],
  };
  const value: RecomputeDeps = {
    roster: new Map([[ANA.id, ANA]]),
    settings: SETTINGS,
    label: 'production-visible',
    linear: { shippedChanges: async () => [] },
    notion: {
      read: async () => ({ readback }),
      write: async (page) => {
        written.push(page);
        return { requests: 1, writes: 1 };
      },
    },
    now: () => new Date('2027-01-08T12:00:00Z'),
    logger: createLogger({ level: 'silent' }),
  };
  return { value, written };
}

describe('when the quarter just ended is recomputed', () => {
  it('should leave a page that does not exist uncreated', async () => {
    const { value, written } = deps(false);
    const result = await recomputePage(value, {
      engineerId: 'ana',
      quarterId: '2026-Q4',
      existingOnly: true,
    });
    expect(result.skipped).toBe('no-page');
    expect(written).toEqual([]);
  });

  it('should recompute a page that exists', async () => {
    const { value, written } = deps(true);
    await recomputePage(value, { engineerId: 'ana', quarterId: '2026-Q4', existingOnly: true });
    expect(written.map((p) => p.quarter.id)).toEqual(['2026-Q4']);
  });

  it('should create the page of a quarter when asked without the restriction', async () => {
    const { value, written } = deps(false);
    await recomputePage(value, { engineerId: 'ana', quarterId: '2027-Q1' });
    expect(written.map((p) => p.quarter.id)).toEqual(['2027-Q1']);
  });
});
