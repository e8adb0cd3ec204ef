import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { checkCommitments } from '../../../src/domain/checks.js';
import { parseCommitments } from '../../../src/domain/commitments.js';
import type { Commitment, Tier } from '../../../src/domain/types.js';
import {
  GOAL_SETS,
  JUNIOR_ON_AUTH,
  SENIOR_ON_OBSERVABILITY,
  TWELVE_ITEMS,
} from '../../fixtures/goal-sets.js';

const UTC = { timezone: 'UTC', weekClose: { day: 5 as const, time: '18:00' } };
// 2026-Q4 starts on Monday 2026-09-28.
const q4 = quarterById('2026-Q4', UTC);

const item = (index: number, over: Partial<Commitment> = {}): Commitment => ({
  index,
  text: `Publish runbook number ${index} for the billing service`,
  ambitious: false,
  ...over,
});
const items = (n: number, over: (i: number) => Partial<Commitment> = () => ({})) =>
  Array.from({ length: n }, (_, i) => item(i + 1, over(i + 1)));
const codes = (input: Parameters<typeof checkCommitments>[0]) => checkCommitments(input).map((f) => f.code);

describe('when the number of commitments is checked', () => {
  it.each([
    { n: 0, expected: ['too-few'] },
    { n: 2, expected: ['too-few'] },
    { n: 3, expected: [] },
    { n: 5, expected: [] },
    { n: 6, expected: ['too-many'] },
    { n: 12, expected: ['too-many'] },
  ])('should find $expected with $n items', ({ n, expected }) => {
    expect(codes({ commitments: items(n) })).toEqual(expected);
  });

  it('should refuse a 12-item draft with a request to cut, saying why', () => {
    expect(checkCommitments({ commitments: parseCommitments(TWELVE_ITEMS) })).toEqual([
      {
        code: 'too-many',
        message:
          '12 commitments is more than anyone can hold in a quarter; it usually means what matters has not been chosen yet. Cut to the 3–5 that matter most, and keep the rest as a backlog.',
      },
    ]);
  });

  it.each([
    [0, 'No commitments yet: write 3 to 5'],
    [1, 'Only 1 commitment: write 3 to 5'],
    [2, 'Only 2 commitments: write 3 to 5'],
  ])('should ask for more with %i', (n, words) => {
    expect(checkCommitments({ commitments: items(n) })[0]?.message).toContain(words);
  });
});

describe('when each commitment is checked for being observable', () => {
  it.each(GOAL_SETS)('should find nothing to change in the $name example', ({ draft }) => {
    expect(checkCommitments({ commitments: parseCommitments(draft) })).toEqual([]);
  });

  it('should name each vague item by its number, quote it, and say what would make it checkable', () => {
    const draft =
      'I will:\n1. Publish the billing runbook\n2. Delight our power users\n3. Hire one senior engineer\n4. Improve performance';
    expect(checkCommitments({ commitments: parseCommitments(draft) })).toEqual([
      {
        code: 'not-observable',
        item: 2,
        message: expect.stringMatching(
          /^Item 2, “Delight our power users”, cannot be checked at the end of the quarter: it names no deliverable, number or person; name what will exist/,
        ),
      },
      {
        code: 'not-observable',
        item: 4,
        message: expect.stringMatching(
          /^Item 4, “Improve performance”, .*says which way “performance” should move but not to what: give the number to reach/,
        ),
      },
    ]);
  });

  it.each([
    [
      'Cut p95 latency by 30%',
      /asks for a change \(“by 30%”\) with no starting point: say where it stands today/,
    ],
    ['Fix bugs', /says “bugs” but not how many or which/],
    ['Be more proactive', /describes a way of working, not a result/],
    [
      'Ship the new invoice PDF and be more responsive on Slack',
      /“be more responsive on Slack” describes a way of working/,
    ],
  ])('should say what “%s” is missing', (text, words) => {
    const commitments = [item(1), item(2), item(3, { text })];
    expect(checkCommitments({ commitments })).toEqual([
      { code: 'not-observable', item: 3, message: expect.stringMatching(words) },
    ]);
  });

  it.each([
    'Land 80% line coverage on the auth module (currently 12%).',
    'Run weekly architecture reviews; build a backlog of the next 6 RFCs.',
    'Achieve SOC 2 Type I certification.',
    'Hit 99.95% availability on the public API for the quarter.',
  ])('should find nothing to change in the model goal “%s”', (text) => {
    expect(checkCommitments({ commitments: [item(1), item(2), item(3, { text })] })).toEqual([]);
  });
});

describe('when the tenure checks run', () => {
  it.each([
    { tier: 'senior', startDate: '2020-01-06', n: 5, ambitious: [], expected: ['first-three'] },
    { tier: 'lead', startDate: '2020-01-06', n: 5, ambitious: [], expected: ['first-three'] },
    { tier: 'senior', startDate: '2020-01-06', n: 4, ambitious: [], expected: [] },
    { tier: 'mid', startDate: '2020-01-06', n: 5, ambitious: [], expected: [] },
    // Known under 6 months at the quarter's start: exactly one ambitious.
    { tier: 'mid', startDate: '2026-06-01', n: 3, ambitious: [], expected: ['ambition'] },
    { tier: 'mid', startDate: '2026-06-01', n: 3, ambitious: [1, 3], expected: ['ambition'] },
    { tier: 'mid', startDate: '2026-06-01', n: 3, ambitious: [2], expected: [] },
    { tier: 'mid', startDate: '2026-03-29', n: 3, ambitious: [], expected: ['ambition'] },
    { tier: 'mid', startDate: '2026-03-28', n: 3, ambitious: [], expected: [] },
    { tier: 'senior', startDate: '2026-06-01', n: 5, ambitious: [1], expected: ['first-three'] },
    // First quarter: the quarter holds the start date, or the start date is after its start.
    { tier: 'junior', startDate: '2026-10-05', n: 4, ambitious: [1], paired: true, expected: [] },
    { tier: 'junior', startDate: '2026-09-28', n: 4, ambitious: [1], paired: true, expected: [] },
    {
      tier: 'junior',
      startDate: '2026-10-05',
      n: 5,
      ambitious: [1],
      paired: true,
      expected: ['first-quarter-size'],
    },
    {
      tier: 'junior',
      startDate: '2026-10-05',
      n: 3,
      ambitious: [1],
      paired: true,
      expected: ['first-quarter-size'],
    },
    { tier: 'junior', startDate: '2026-10-05', n: 4, ambitious: [1], expected: ['first-quarter-pairing'] },
    {
      tier: 'junior',
      startDate: '2027-02-01',
      n: 4,
      ambitious: [],
      expected: ['ambition', 'first-quarter-pairing'],
    },
    // The first-quarter size already asks a senior for 4: no first-3 question on top.
    {
      tier: 'senior',
      startDate: '2026-10-05',
      n: 5,
      ambitious: [1],
      paired: true,
      expected: ['first-quarter-size'],
    },
    { tier: 'junior', startDate: '2026-09-27', n: 5, ambitious: [1], expected: [] },
  ] as Array<{
    tier: Tier;
    startDate: string;
    n: number;
    ambitious: number[];
    paired?: boolean;
    expected: string[];
  }>)(
    'should find $expected for a $tier who started $startDate with $n items, ambitious $ambitious',
    ({ tier, startDate, n, ambitious, paired, expected }) => {
      const commitments = items(n, (i) => ({
        ambitious: ambitious.includes(i),
        ...(paired && i === n ? { pairedWith: 'Ben' } : {}),
      }));
      expect(codes({ commitments, tier, startDate, quarter: q4 })).toEqual(expected);
    },
  );

  it.each([
    [0, /^None of these is marked ambitious\. Mark exactly one \(ambitious\)/],
    [2, /^2 commitments are marked ambitious; keep the mark on exactly one/],
  ])('should say which ambition case it is with %i marked', (marked, words) => {
    const commitments = items(3, (i) => ({ ambitious: i <= marked }));
    const finding = checkCommitments({ commitments, tier: 'mid', startDate: '2026-06-01', quarter: q4 });
    expect(finding).toEqual([{ code: 'ambition', message: expect.stringMatching(words) }]);
  });

  it('should ask a senior with five the first-3 question in the method’s words', () => {
    const commitments = parseCommitments(SENIOR_ON_OBSERVABILITY);
    expect(checkCommitments({ commitments, tier: 'senior', startDate: '2020-01-06', quarter: q4 })).toEqual([
      {
        code: 'first-three',
        message:
          'Would you be okay if only the first 3 were hit? If yes, cut to those 3; if not, say which of the last 2 matters more.',
      },
    ]);
  });

  it('should pass the junior example in her first quarter', () => {
    const commitments = parseCommitments(JUNIOR_ON_AUTH);
    expect(checkCommitments({ commitments, tier: 'junior', startDate: '2026-10-05', quarter: q4 })).toEqual(
      [],
    );
  });

  it.each([
    { given: 'no start date', input: { tier: 'junior' as const, quarter: q4 } },
    { given: 'no quarter', input: { tier: 'junior' as const, startDate: '2026-10-05' } },
    { given: 'no tier', input: { startDate: '2026-10-05', quarter: q4 } },
  ])('should skip the tenure checks with $given', ({ input }) => {
    expect(codes({ commitments: items(5), ...input })).toEqual([]);
  });

  it('should still ask a senior with five the first-3 question when the tenure is unknown', () => {
    expect(codes({ commitments: items(5), tier: 'lead' })).toEqual(['first-three']);
  });

  it('should read the quarter’s first day in the team timezone', () => {
    // In Auckland 2026-Q4 starts on Monday 2026-09-28 local time, which is Sunday 27th in UTC:
    // someone who started on the 27th is in their first quarter only by the UTC reading.
    const auckland = quarterById('2026-Q4', { ...UTC, timezone: 'Pacific/Auckland' });
    const commitments = items(4, (i) => ({ ambitious: i === 1 }));
    const input = { commitments, tier: 'junior' as const, startDate: '2026-09-27', quarter: auckland };
    expect(codes({ ...input, timezone: 'Pacific/Auckland' })).toEqual([]);
    expect(codes(input)).toEqual(['first-quarter-pairing']);
  });
});
