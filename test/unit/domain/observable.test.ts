import { describe, expect, it } from 'vitest';
import { parseCommitments } from '../../../src/domain/commitments.js';
import { observabilityHint, observabilityOf } from '../../../src/domain/observable.js';
import { GOAL_SETS, VAGUE_ITEMS } from '../../fixtures/goal-sets.js';

describe('when the method’s example goal sets are checked for being observable', () => {
  it.each(GOAL_SETS)('should pass every item of the $name example', ({ draft }) => {
    const verdicts = parseCommitments(draft).map((c) => ({ text: c.text, ...observabilityOf(c.text) }));
    expect(verdicts.filter((v) => !v.observable)).toEqual([]);
  });
});

describe('when a commitment is checked for being observable', () => {
  it.each([
    ['Ship the passkeys flow on web and iOS behind a flag', 'artifact'],
    ['Ship email+password sign-up behind a feature flag', 'artifact'],
    ['Move logs from Loki to Datadog with zero data loss at cutover', 'artifact'],
    ['Migrate billing from Heroku to AWS', 'artifact'],
    ['Launch CSV export of invoices', 'artifact'],
    ['Cut p95 sign-in latency from 1.4 s to under 600 ms', 'metric'],
    ['Raise line coverage of the auth module from 12% to 80%', 'metric'],
    ['Cut median SEV-2 time-to-recover from 47 to under 25 minutes', 'metric'],
    ['Cut p95 latency to under 600 ms (from 1.4 s)', 'metric'],
    ['Error rate 2% → 0.5%', 'metric'],
    ['Halve noisy alerts', 'metric'],
    ['Double weekly active teams', 'metric'],
    ['Reduce cloud spend by 20%', 'metric'],
    ['Land one RFC on the device-trust system', 'document'],
    ['Write the onboarding doc for the next engineer on auth', 'document'],
    ['Publish the payments runbook', 'document'],
    ['Finish the alert-fatigue audit', 'document'],
    ['Write the postmortem of the October outage', 'document'],
    ['Draft the ADR for the event bus', 'document'],
    ['Onboard one mid engineer onto on-call', 'people'],
    ['Hire two backend engineers (one mid, one senior)', 'people'],
    ['Hire 2 SREs', 'people'],
    ['Bring one mid engineer onto the on-call rotation', 'people'],
    ['Mentor two junior engineers through their first on-call', 'people'],
    ['Pair with a senior engineer on the rate-limit design RFC', 'people'],
    ['Pair with Dana on the billing rewrite', 'people'],
    ['Run a weekly architecture review', 'people'],
  ])('should see “%s” as observable (%s)', (text, kind) => {
    expect(observabilityOf(text)).toEqual({ observable: true, kind });
  });

  it.each([
    ...VAGUE_ITEMS,
    'Ship faster',
    'Double down on quality',
    'Own the billing domain',
    'Finish what I start',
    'Make onboarding smoother',
    'Learn Rust',
  ])('should catch the vague “%s”', (text) => {
    expect(observabilityOf(text)).toEqual({ observable: false });
  });
});

describe('when a vague item needs a hint', () => {
  it.each([
    ['Improve performance', /from what to what/],
    ['Reduce flaky tests', /from what to what/],
    ['Delight our power users', /a shipped artifact/],
    ['Be a better teammate', /a people outcome/],
    ['Work on reliability', /a named document/],
  ])('should tell “%s” what would make it checkable', (text, hint) => {
    expect(observabilityHint(text)).toMatch(hint);
  });
});
