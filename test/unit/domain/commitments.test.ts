import { describe, expect, it } from 'vitest';
import { parseCommitments } from '../../../src/domain/commitments.js';
import { GOAL_SETS, JUNIOR_ON_AUTH, LEAD, SENIOR_ON_OBSERVABILITY } from '../../fixtures/goal-sets.js';

const texts = (draft: string) => parseCommitments(draft).map((c) => c.text);

describe('when a commitments draft is read', () => {
  it('should take the list after “I will:”, numbered from 1, with its markers', () => {
    expect(parseCommitments(JUNIOR_ON_AUTH)).toEqual([
      { index: 1, text: 'Ship email+password sign-up behind a feature flag', ambitious: true },
      { index: 2, text: 'Raise line coverage of the auth module from 12% to 80%', ambitious: false },
      { index: 3, text: 'Write the onboarding doc for the next engineer on auth', ambitious: false },
      {
        index: 4,
        text: 'Pair with a senior engineer on the rate-limit design RFC',
        ambitious: false,
        pairedWith: 'a senior engineer',
      },
    ]);
  });

  it.each(GOAL_SETS)('should read the $name example without the notes around it', ({ draft, count }) => {
    expect(parseCommitments(draft)).toHaveLength(count);
  });

  it.each([
    ['“## Commitments” and dashes', SENIOR_ON_OBSERVABILITY, 'Move logs from Loki to Datadog'],
    ['“Commitments:” and asterisks', LEAD, 'Hire two backend engineers'],
    ['“# Commitments”', '# Commitments\n\n1) Publish the billing runbook', 'Publish the billing runbook'],
    ['a bold label', '**Q4 commitments**\n- Publish the billing runbook', 'Publish the billing runbook'],
    ['a heading with the quarter', '## Commitments (2026-Q4)\n- Publish the runbook', 'Publish the runbook'],
  ])('should start under %s', (_what, draft, first) => {
    expect(texts(draft)[0]).toContain(first);
  });

  it.each([
    ['1.', '1. Ship A\n2. Ship B'],
    ['1)', '1) Ship A\n2) Ship B'],
    ['-', '- Ship A\n- Ship B'],
    ['*', '* Ship A\n* Ship B'],
    ['•', '• Ship A\n• Ship B'],
    ['- [ ]', '- [ ] Ship A\n- [x] Ship B'],
    ['[ ]', '[ ] Ship A\n[ ] Ship B'],
    ['blank lines between items', '1. Ship A\n\n\n2. Ship B'],
    ['Windows line endings', 'I will:\r\n1. Ship A\r\n2. Ship B\r\n'],
  ])('should forgive the list marker %s', (_marker, draft) => {
    expect(texts(draft)).toEqual(['Ship A', 'Ship B']);
  });

  it.each([
    ['an indented wrapped line', '1. Ship the passkeys flow\n   behind a flag\n2. Ship B'],
    ['a lazy wrapped line', '1. Ship the passkeys flow\nbehind a flag\n2. Ship B'],
    ['a nested bullet', '- Ship the passkeys flow\n    - behind a flag\n- Ship B'],
    ['an indented paragraph after a blank line', '1. Ship the passkeys flow\n\n   behind a flag\n2. Ship B'],
  ])('should join %s to its item', (_what, draft) => {
    expect(texts(draft)).toEqual(['Ship the passkeys flow behind a flag', 'Ship B']);
  });

  it.each([
    ['the next heading', 'I will:\n1. Ship A\n2. Ship B\n## Notes\n- not a commitment'],
    ['a blank line then text', 'I will:\n1. Ship A\n2. Ship B\n\nThanks, Ana\n- not a commitment'],
  ])('should stop at %s', (_what, draft) => {
    expect(texts(draft)).toEqual(['Ship A', 'Ship B']);
  });

  it('should take the list after the marker, not an earlier one', () => {
    const draft = 'Last quarter:\n- Old thing\n\nBy end of 2026-Q4 (Fri 1 Jan 2027), I will:\n- New thing';
    expect(texts(draft)).toEqual(['New thing']);
  });

  it('should take the first list when there is no marker', () => {
    expect(texts('Ana, Q4\n\n- Ship A\n- Ship B\n\nLater:\n- Ship C')).toEqual(['Ship A', 'Ship B']);
  });

  it.each(['I will do great things this quarter.', '', '# Commitments\n\nTBD'])(
    'should find nothing in “%s”',
    (draft) => {
      expect(parseCommitments(draft)).toEqual([]);
    },
  );
});

describe('when an item carries the ambitious tag', () => {
  it.each([
    ['(ambitious)', 'Ship the passkeys flow (ambitious)'],
    ['(Ambitious)', 'Ship the passkeys flow (Ambitious)'],
    ['[ambitious]', 'Ship the passkeys flow [ambitious]'],
    ['**ambitious**', '**ambitious** Ship the passkeys flow'],
    ['**Ambitious:**', '**Ambitious:** Ship the passkeys flow'],
    ['_ambitious_', 'Ship the passkeys flow _ambitious_'],
    ['🚀', '🚀 Ship the passkeys flow'],
    ['ambitious: prefix', 'Ambitious: Ship the passkeys flow'],
    ['a dash suffix', 'Ship the passkeys flow — ambitious'],
  ])('should read %s as ambitious and strip it', (_form, item) => {
    expect(parseCommitments(`- ${item}\n- Ship B`)[0]).toEqual({
      index: 1,
      text: 'Ship the passkeys flow',
      ambitious: true,
    });
  });

  it.each(['Ship the ambitious redesign of search', 'Ship B'])('should not read “%s” as tagged', (item) => {
    expect(parseCommitments(`- ${item}`)[0]?.ambitious).toBe(false);
  });
});

describe('when an item is paired', () => {
  it.each([
    ['Land the RFC, paired with Ben Okoro', 'Ben Okoro'],
    ['Pair with Dana on the on-call handbook', 'Dana'],
    ['Paired with @Ben on the rate-limit RFC', 'Ben'],
    ['Pair with a senior engineer on the rate-limit design RFC', 'a senior engineer'],
    ['pairing with a senior backend engineer, ship the cache', 'a senior backend engineer'],
  ])('should read “%s” as paired with %s and keep the phrase', (item, name) => {
    expect(parseCommitments(`- ${item}`)[0]).toMatchObject({ text: item, pairedWith: name });
  });

  it.each(['Pair with the team on reliability', 'Ship the repair flow'])(
    'should not read “%s” as paired with someone',
    (item) => {
      expect(parseCommitments(`- ${item}`)[0]?.pairedWith).toBeUndefined();
    },
  );
});
