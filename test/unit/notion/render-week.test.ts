import { describe, expect, it } from 'vitest';
import type { WeekRow } from '../../../src/domain/index.js';
import { MAX_ARRAY } from '../../../src/notion/limits.js';
import { rowComputedProperties, rowKey, rowKeyOf } from '../../../src/notion/render-week.js';
import { BEN, shipped } from '../../fixtures/team.js';

const textOf = (items: { text: { content: string } }[]) => items.map((i) => i.text.content).join('');
const issuesOf = (row: WeekRow) =>
  (rowComputedProperties(row).Issues as { rich_text: { text: { content: string } }[] }).rich_text;

function week(titles: string[]): WeekRow {
  return {
    week: '2026-W48',
    status: 'hit',
    shipped: titles.map((title) => shipped(BEN, '2026-11-24T10:00:00Z', title)),
    days: { first: '2026-11-23', last: '2026-11-29' },
  };
}

describe('when a week’s issues are written to its row', () => {
  it('should link every issue, separated by commas', () => {
    const items = issuesOf(week(['Passkeys', 'Device list']));
    expect(items.map((i) => i.text.content)).toEqual([
      expect.stringMatching(/^ENG-\d+ Passkeys$/),
      ', ',
      expect.stringMatching(/^ENG-\d+ Device list$/),
    ]);
  });

  it('should stay within 100 items when titles are long, counting the issues left out', () => {
    // Each title takes three items (2,000 characters each) and a comma one: 25 issues fit in 99.
    const titles = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(4_500, 'x'));
    const items = issuesOf(week(titles));
    expect(items.length).toBeLessThanOrEqual(MAX_ARRAY);
    const text = textOf(items);
    expect((text.match(/ENG-\d+ /g) ?? []).length).toBe(25);
    expect(text.endsWith(' and 5 more')).toBe(true);
  });

  it('should count the rest when a week has more short issues than fit', () => {
    const items = issuesOf(week(Array.from({ length: 70 }, (_, i) => `Change ${i}`)));
    expect(items.length).toBeLessThanOrEqual(MAX_ARRAY);
    expect((textOf(items).match(/ENG-\d+ /g) ?? []).length).toBe(50);
    expect(textOf(items)).toMatch(/ and 20 more$/);
  });
});

describe('when a week’s dates and off week are written to its row', () => {
  it('should give the week as a date range, Monday to Sunday, and no reason on a working week', () => {
    const props = rowComputedProperties(week(['a']));
    expect(props.Dates).toEqual({ date: { start: '2026-11-23', end: '2026-11-29' } });
    expect(props['Off week']).toEqual({ rich_text: [] });
  });

  it('should give an off week its reason', () => {
    const props = rowComputedProperties({ ...week([]), status: 'excused', offWeek: 'Year-end break' });
    expect(textOf(props['Off week'].rich_text)).toBe('Year-end break');
  });

  it('should read back as unchanged what it wrote, and as changed a row without Dates', () => {
    const row = { ...week(['a']), offWeek: 'Offsite' };
    const shown = (props: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(props).map(([name, value]) => {
          const type = Object.keys(value as object)[0] as string;
          const inner = (value as Record<string, unknown>)[type];
          const withPlain =
            type === 'rich_text'
              ? (inner as { text: { content: string } }[]).map((t) => ({
                  ...t,
                  plain_text: t.text.content,
                  href: null,
                }))
              : type === 'date'
                ? { ...(inner as object), time_zone: null }
                : inner;
          return [name, { type, [type]: withPlain }];
        }),
      );
    const written = shown(rowComputedProperties(row));
    expect(rowKeyOf(written as never)).toBe(rowKey(row));
    const { Dates: _dates, ...older } = written;
    expect(rowKeyOf(older as never)).not.toBe(rowKey(row));
  });
});
