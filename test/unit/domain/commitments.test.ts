import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { checkCommitments } from '../../../src/domain/checks.js';
import { parseCommitments } from '../../../src/domain/commitments.js';
import { observabilityOf } from '../../../src/domain/observable.js';
import { JUNIOR_ON_AUTH, LEAD, SENIOR_ON_OBSERVABILITY, TWELVE_ITEMS } from '../../fixtures/goal-sets.js';

const UTC = { timezone: 'UTC', weekClose: { day: 5 as const, time: '18:00' } };
const q4 = quarterById('2026-Q4', UTC);

describe('when a commitments draft is read', () => {
  it('should take the list after “I will:”, with its markers', () => {
    const commitments = parseCommitments(JUNIOR_ON_AUTH);
    expect(commitments.map((c) => c.text)).toEqual([
      'Ship email+password sign-up behind a feature flag',
      'Raise line coverage of the auth module from 12% to 80%',
      'Write the onboarding doc for the next engineer on auth',
      'Pair with a senior engineer on the rate-limit design RFC',
    ]);
    expect(commitments.map((c) => c.ambitious)).toEqual([true, false, false, false]);
    expect(commitments[3]?.pairedWith).toBe('a senior engineer');
  });

  it.each([
    ['a “## Commitments” heading and dashes', SENIOR_ON_OBSERVABILITY, 5],
    ['“Commitments:” and asterisks', LEAD, 4],
  ])('should read %s', (_what, draft, count) => {
    expect(parseCommitments(draft)).toHaveLength(count);
  });

  it('should forgive mixed numbering, checkboxes, continuation lines and other markers', () => {
    const draft = [
      'Notes before the list are ignored.',
      '',
      '# Commitments',
      '1) [ ] Ship the passkeys flow on web and iOS',
      '   behind a flag 🚀',
      '2. **ambitious** Cut p95 sign-in latency from 1.4 s to under 600 ms',
      '• paired with Ben Okoro: land one RFC on device trust',
      '',
      '## Later',
      '- not a commitment',
    ].join('\n');
    const commitments = parseCommitments(draft);
    expect(commitments.map((c) => c.text)).toEqual([
      'Ship the passkeys flow on web and iOS behind a flag',
      'Cut p95 sign-in latency from 1.4 s to under 600 ms',
      'paired with Ben Okoro: land one RFC on device trust',
    ]);
    expect(commitments.map((c) => c.ambitious)).toEqual([true, true, false]);
    expect(commitments[2]?.pairedWith).toBe('Ben Okoro');
  });

  it('should find nothing in a draft without a list', () => {
    expect(parseCommitments('I will do great things this quarter.')).toEqual([]);
  });
});

describe('when each commitment is checked for being observable', () => {
  it.each([JUNIOR_ON_AUTH, SENIOR_ON_OBSERVABILITY, LEAD])(
    'should pass every item of the method’s example goal sets',
    (draft) => {
      for (const c of parseCommitments(draft))
        expect({ text: c.text, ...observabilityOf(c.text) }).toMatchObject({ observable: true });
    },
  );

  it.each([
    ['cut p95 sign-in latency from 1.4 s to under 600 ms', 'metric'],
    ['ship the passkeys flow on web and iOS behind a flag', 'artifact'],
    ['land one RFC on the device-trust system', 'document'],
    ['onboard one mid engineer onto on-call', 'people'],
  ])('should see “%s” as observable (%s)', (text, kind) => {
    expect(observabilityOf(text)).toEqual({ observable: true, kind });
  });

  it.each([
    'Delight our power users',
    'Improve performance',
    'Be a better teammate',
    'Work on reliability',
    'Help the team ship faster',
  ])('should catch the vague “%s”', (text) => {
    expect(observabilityOf(text).observable).toBe(false);
  });
});

describe('when a set of commitments is checked', () => {
  it('should refuse 12 items with a request to cut, saying why', () => {
    const findings = checkCommitments({ commitments: parseCommitments(TWELVE_ITEMS) });
    const cut = findings.find((f) => f.code === 'too-many');
    expect(cut?.message).toMatch(/^12 commitments is more than anyone can hold in a quarter/);
    expect(cut?.message).toContain('Cut to the 3–5 that matter most');
  });

  it('should ask for more than two', () => {
    const findings = checkCommitments({
      commitments: parseCommitments('I will:\n1. Publish the billing runbook\n2. Hire one senior engineer'),
    });
    expect(findings.map((f) => f.code)).toEqual(['too-few']);
  });

  it('should name the vague item by its number', () => {
    const draft =
      'I will:\n1. Publish the billing runbook\n2. Delight our power users\n3. Hire one senior engineer';
    expect(checkCommitments({ commitments: parseCommitments(draft) })).toEqual([
      expect.objectContaining({ code: 'not-observable', item: 2 }),
    ]);
  });

  it('should ask a senior with five the first-3 question, and not one with four', () => {
    const five = parseCommitments(SENIOR_ON_OBSERVABILITY);
    const codes = (commitments: typeof five) =>
      checkCommitments({ commitments, tier: 'senior', startDate: '2020-01-06', quarter: q4 }).map(
        (f) => f.code,
      );
    expect(codes(five)).toEqual(['first-three']);
    expect(codes(five.slice(0, 4))).toEqual([]);
  });

  it.each([
    { case: 'no item marked ambitious', marks: [false, false, false], expected: ['ambition'] },
    { case: 'two marked ambitious', marks: [true, true, false], expected: ['ambition'] },
    { case: 'exactly one', marks: [false, true, false], expected: [] },
  ])('should check under-ambition for someone known under 6 months: $case', ({ marks, expected }) => {
    const commitments = parseCommitments(SENIOR_ON_OBSERVABILITY)
      .slice(0, 3)
      .map((c, i) => ({ ...c, ambitious: marks[i] ?? false }));
    const codes = checkCommitments({ commitments, tier: 'mid', startDate: '2026-06-01', quarter: q4 }).map(
      (f) => f.code,
    );
    expect(codes).toEqual(expected);
  });

  it('should keep a first quarter lighter: 4 items, one paired', () => {
    const five = parseCommitments(SENIOR_ON_OBSERVABILITY).map((c, i) => ({ ...c, ambitious: i === 0 }));
    const codes = checkCommitments({
      commitments: five,
      tier: 'junior',
      startDate: '2026-10-05',
      quarter: q4,
    }).map((f) => f.code);
    expect(codes).toEqual(['first-quarter-size', 'first-quarter-pairing']);
    const junior = parseCommitments(JUNIOR_ON_AUTH);
    expect(
      checkCommitments({ commitments: junior, tier: 'junior', startDate: '2026-10-05', quarter: q4 }),
    ).toEqual([]);
  });
});
