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
    // First quarter: the one joined in, or the next one when joined in the last four weeks before it.
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
    // Joining after the quarter makes a later quarter the first: only the ambition check applies.
    { tier: 'junior', startDate: '2027-02-01', n: 4, ambitious: [], expected: ['ambition'] },
    // The first-quarter size already asks a senior for 4: no first-3 question on top.
    {
      tier: 'senior',
      startDate: '2026-10-05',
      n: 5,
      ambitious: [1],
      paired: true,
      expected: ['first-quarter-size'],
    },
    // Joined the day before, or two weeks before the quarter: it is their first quarter.
    {
      tier: 'junior',
      startDate: '2026-09-27',
      n: 5,
      ambitious: [1],
      expected: ['first-quarter-size', 'first-quarter-pairing'],
    },
    { tier: 'junior', startDate: '2026-09-14', n: 4, ambitious: [1], paired: true, expected: [] },
    {
      tier: 'junior',
      startDate: '2026-09-14',
      n: 5,
      ambitious: [1],
      paired: true,
      expected: ['first-quarter-size'],
    },
    { tier: 'junior', startDate: '2026-09-14', n: 4, ambitious: [1], expected: ['first-quarter-pairing'] },
    // Joined five weeks before, or in the quarter's last four weeks: not the first quarter.
    { tier: 'junior', startDate: '2026-08-24', n: 5, ambitious: [1], expected: [] },
    { tier: 'junior', startDate: '2026-12-07', n: 5, ambitious: [1], expected: [] },
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
    // four weeks before it is 31 August there and 30 August by the UTC reading, so someone who
    // started on the 30th is in their first quarter only by the UTC reading.
    const auckland = quarterById('2026-Q4', { ...UTC, timezone: 'Pacific/Auckland' });
    const commitments = items(4, (i) => ({ ambitious: i === 1 }));
    const input = { commitments, tier: 'junior' as const, startDate: '2026-08-30', quarter: auckland };
    expect(codes({ ...input, timezone: 'Pacific/Auckland' })).toEqual([]);
    expect(codes(input)).toEqual(['first-quarter-pairing']);
  });
});

describe('when a first quarter is checked for pairing with a senior', () => {
  const ROSTER = [
    { name: 'Ana Ruiz', tier: 'junior' },
    { name: 'Ben Adeyemi', tier: 'senior' },
    { name: 'Chen Wei', tier: 'lead' },
    { name: 'Dev Patel', tier: 'mid' },
    { name: 'Ben Okoro', tier: 'senior' },
    { name: 'Sam Lee', tier: 'senior' },
    { name: 'Sam Ortiz', tier: 'junior' },
  ] as const;
  const firstQuarter = (
    text: string,
    roster: readonly { name: string; tier: Tier }[] | undefined = ROSTER,
  ) => {
    const commitments = parseCommitments(
      `I will:\n1. Ship email sign-up behind a flag (ambitious)\n2. Publish the auth onboarding doc\n3. Raise auth coverage from 12% to 80%\n4. ${text}`,
    );
    return checkCommitments({
      commitments,
      tier: 'junior',
      startDate: '2026-10-05',
      quarter: q4,
      ...(roster ? { roster } : {}),
    }).filter((f) => f.code === 'first-quarter-pairing');
  };

  it.each([
    'Land the rate-limit design RFC, paired with Ben Adeyemi',
    'Land the rate-limit design RFC, paired with Ben',
    'Land the rate-limit design RFC, paired with @Chen Wei',
    'Pair with Chen on the rate-limit design RFC',
    'Land the rate-limit design RFC (paired with ben adeyemi)',
    'Land the rate-limit design RFC, pairing with Dev and Chen',
    'Land the rate-limit design RFC, paired with Sam Lee',
    'Pair with a senior engineer on the rate-limit design RFC',
    'Land the rate-limit design RFC, paired with a senior',
    'Land the rate-limit design RFC, paired with a senior backend engineer',
    'Land the rate-limit design RFC, paired with a lead',
    'Land the rate-limit design RFC, paired with a tech lead from payments',
    'Land the rate-limit design RFC, paired with a staff engineer',
    'Pair up with one of the seniors to land the rate-limit design RFC',
  ])('should count “%s”', (text) => {
    expect(firstQuarter(text)).toEqual([]);
  });

  it.each([
    ['Land the rate-limit design RFC, paired with Kubernetes', 'Kubernetes'],
    ['Land the rate-limit design RFC, paired with Dev', 'Dev'],
    ['Land the rate-limit design RFC, paired with Ana Ruiz', 'Ana Ruiz'],
    ['Pair with the platform team on the rate-limit design RFC', 'the platform team'],
    // Two Sams, one of them junior: the first name alone does not say who.
    ['Land the rate-limit design RFC, paired with Sam', 'Sam'],
  ])('should not count “%s”, and say who is not a senior', (text, who) => {
    expect(firstQuarter(text)).toEqual([
      {
        code: 'first-quarter-pairing',
        item: 4,
        message: `Item 4 pairs with “${who}”, who is not a senior or lead engineer on the roster. In a first quarter, pair at least one commitment with a senior engineer: write “paired with <name>” in it.`,
      },
    ]);
  });

  it('should ask for a pairing when no item has one', () => {
    expect(firstQuarter('Fix the five flakiest auth tests')).toEqual([
      {
        code: 'first-quarter-pairing',
        message:
          'In a first quarter, pair at least one commitment with a senior engineer: write “paired with <name>” in it.',
      },
    ]);
  });

  it('should give a name the benefit of the doubt without a roster, but still read what it says', () => {
    expect(firstQuarter('Land the rate-limit design RFC, paired with Ben', undefined)).toEqual([]);
    expect(firstQuarter('Pair with a senior engineer on the rate-limit design RFC', undefined)).toEqual([]);
    expect(firstQuarter('Fix the five flakiest auth tests', undefined)).toHaveLength(1);
  });
});
