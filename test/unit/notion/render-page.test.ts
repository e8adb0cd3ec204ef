import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import { sectionBlocks } from '../../../src/notion/render-page.js';
import { BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);

function evidenceText(engineer: typeof BEN): string {
  const page = buildQuarterPage({
    engineer,
    quarter: q4,
    settings: SETTINGS,
    now: new Date('2026-10-10T12:00:00Z'),
    // Sunday 4 October, 23:30 in Berlin; Monday 5 October, 06:30 in Tokyo.
    shipped: [shipped(engineer, '2026-10-04T21:30:00Z')],
    readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
  });
  return JSON.stringify(sectionBlocks(page, 'evidence', SETTINGS.timezone));
}

describe('when the evidence is listed', () => {
  it('should date each ship as it was where the engineer is', () => {
    expect(evidenceText(BEN)).toContain('· 2026-10-04');
    expect(evidenceText({ ...BEN, timezone: 'Asia/Tokyo' })).toContain('· 2026-10-05');
  });
});
