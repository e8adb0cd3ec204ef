import { describe, expect, it } from 'vitest';
import { parseCommitments } from '../../../src/domain/commitments.js';
import { judgeObservability, observabilityHint } from '../../../src/domain/observable.js';
import { GOAL_SETS, VAGUE_ITEMS } from '../../fixtures/goal-sets.js';

describe('when the method’s example goal sets are checked for being observable', () => {
  it.each(GOAL_SETS)('should pass every item of the $name example', ({ draft }) => {
    const verdicts = parseCommitments(draft).map((c) => ({ text: c.text, ...judgeObservability(c.text) }));
    expect(verdicts.filter((v) => !v.observable)).toEqual([]);
  });
});

describe('when a commitment holds something a third party can check', () => {
  it.each([
    // a target number, with or without a stated baseline
    ['Cut p95 sign-in latency from 1.4 s to under 600 ms', 'target', 'from 1.4 s to under 600 ms'],
    ['Land 80% line coverage on the auth module (currently 12%).', 'target', '80%'],
    ['Hit 99.95% availability on the public API for the quarter.', 'target', '99.95%'],
    ['Get the main CI pipeline under 10 minutes at p90', 'target', 'under 10 minutes'],
    ['Get median build time under ten minutes', 'target', 'under ten minutes'],
    ['Move logs from Loki to Datadog with zero data loss at cutover', 'target', 'zero data loss'],
    ['cut the monthly GCP bill by $10k (from $60k)', 'target', 'by $10k'],
    // a named or counted deliverable
    [
      'Write the onboarding doc for the next engineer on auth',
      'deliverable',
      'the onboarding doc for the next engineer on auth',
    ],
    ['Achieve SOC 2 Type I certification.', 'deliverable', 'SOC 2 Type I certification'],
    ['Retire the legacy cron server.', 'deliverable', 'the legacy cron server'],
    ['Give a talk at one external conference.', 'deliverable', 'a talk at one external conference'],
    ['write 4 posts for the eng blog', 'deliverable', '4 posts for the eng blog'],
    [
      'ship the passkeys flow on web and iOS behind a flag',
      'deliverable',
      'the passkeys flow on web and iOS behind a flag',
    ],
    [
      'Upgrade Kafka to 3.7 on all three clusters with no consumer downtime',
      'target',
      'with no consumer downtime',
    ],
    // a people outcome with a count or a name
    [
      'Hire two backend engineers (one mid, one senior)',
      'people',
      'hire two backend engineers (one mid, one senior)',
    ],
    ['onboard one mid engineer onto on-call', 'people', 'onboard one mid engineer onto on-call'],
    ['Mentor Lars through his first design review', 'people', 'mentor Lars through his first design review'],
    [
      'Pair with a senior engineer on the rate-limit design RFC',
      'people',
      'a senior engineer on the rate-limit design RFC',
    ],
    // a recurring practice, counting its own output
    [
      'Run weekly architecture reviews; build a backlog of the next 6 RFCs.',
      'practice',
      'run weekly architecture reviews',
    ],
    ['Host a monthly frontend guild meeting', 'practice', 'host a monthly frontend guild meeting'],
  ])('should see “%s” as observable by its %s (“%s”)', (text, kind, words) => {
    const judgement = judgeObservability(text);
    expect(judgement).toMatchObject({
      verdict: 'observable',
      observable: true,
      anchor: { kind, text: words },
    });
    expect(judgement.missing).toBeUndefined();
  });

  it('should give every clause its own anchor', () => {
    expect(
      judgeObservability('Run a weekly architecture review and keep a backlog of the next six RFCs').clauses,
    ).toEqual([
      expect.objectContaining({
        verdict: 'observable',
        anchor: expect.objectContaining({ kind: 'practice' }),
      }),
      expect.objectContaining({
        verdict: 'observable',
        anchor: expect.objectContaining({ kind: 'deliverable' }),
      }),
    ]);
  });

  it('should take the baseline of a relative change from a clause that measures it', () => {
    const judgement = judgeObservability('Finish the alert-fatigue audit and halve noisy alerts');
    expect(judgement.verdict).toBe('observable');
    expect(judgeObservability('Halve noisy alerts').verdict).toBe('needs-baseline');
  });
});

describe('when a commitment cannot be checked', () => {
  it.each([
    // a direction over something measurable, with no number
    ['Make the API faster', 'needs-target', { about: 'faster' }],
    ['Reduce flaky tests', 'needs-target', { about: 'flaky' }],
    ['Improve performance', 'needs-target', { about: 'performance' }],
    ['Add more tests.', 'needs-target', { about: 'tests' }],
    ['hire backend engineers for the platform team', 'needs-target', { about: 'engineers', count: true }],
    ['Fix bugs', 'needs-target', { about: 'bugs', count: true }],
    // a relative change with no starting point
    ['Cut p95 latency by 30%', 'needs-baseline', { about: 'by 30%' }],
    ['Halve noisy alerts', 'needs-baseline', { about: 'halve noisy alerts' }],
    ['Reduce Snowflake costs by 20%', 'needs-baseline', { about: 'by 20%' }],
    ['cut CI build time in half', 'needs-baseline', { about: 'in half' }],
    // nothing to check: a trait, an open-ended activity, a direction over a quality
    ['Be more proactive', 'vague', { reason: 'trait' }],
    ['Communicate better', 'vague', { reason: 'trait' }],
    ['Work on reliability', 'vague', { reason: 'activity' }],
    ['Explore server components', 'vague', { reason: 'activity' }],
    ['Help the team ship faster', 'vague', { reason: 'activity' }],
    ['Improve code quality in the monolith', 'vague', { reason: 'direction' }],
    ['Ship improvements to the billing page.', 'vague', { reason: 'no-anchor' }],
    ['Pair with Kubernetes.', 'vague', { reason: 'no-anchor' }],
    ['Delight our power users', 'vague', { reason: 'no-anchor' }],
  ] as const)('should find “%s” %s', (text, verdict, missing) => {
    const judgement = judgeObservability(text);
    expect(judgement).toMatchObject({ verdict, observable: false, missing: { verdict, ...missing } });
    expect(judgement.anchor).toBeUndefined();
  });

  it.each([...VAGUE_ITEMS])('should not pass the vague “%s”', (text) => {
    expect(judgeObservability(text).observable).toBe(false);
  });

  it('should name the clause that lacks an anchor when another has one', () => {
    const judgement = judgeObservability('Ship the new invoice PDF and be more responsive on Slack');
    expect(judgement.missing).toMatchObject({ clause: 'be more responsive on Slack', reason: 'trait' });
    expect(judgement.clauses[0]).toMatchObject({ verdict: 'observable', anchor: { kind: 'deliverable' } });
  });

  it('should not read a date, a deadline or a version as a target', () => {
    for (const text of [
      'Improve performance by end of November',
      'Reduce flaky tests by week 8',
      'Keep up with iOS 18 changes',
      'Explore Postgres 16 for the reporting DB',
    ]) {
      expect(judgeObservability(text).observable, text).toBe(false);
    }
  });
});

describe('when an unobservable item needs a hint', () => {
  it.each([
    [
      'Improve performance',
      /says which way “performance” should move but not to what: give the number to reach/,
    ],
    ['Fix bugs', /says “bugs” but not how many or which/],
    [
      'Cut p95 latency by 30%',
      /asks for a change \(“by 30%”\) with no starting point: say where it stands today/,
    ],
    ['Be a better teammate', /describes a way of working, not a result; name what will exist/],
    ['Work on reliability', /says what you will work on, not what will be done/],
    ['Delight our power users', /names no deliverable, number or person; name what will exist/],
    ['Ship the new invoice PDF and be more responsive on Slack', /^“be more responsive on Slack” describes/],
  ])('should tell “%s” what would make it checkable', (text, hint) => {
    expect(observabilityHint(text)).toMatch(hint);
  });

  it('should have nothing to say about an observable item', () => {
    expect(observabilityHint('Retire the legacy cron server.')).toBe('');
  });
});

describe('when the words look like a count, a deadline or an effort but are not', () => {
  it.each([
    // A plural that names a feature is a deliverable, not "how many".
    ['Ship passkeys', true],
    ['Enable webhooks', true],
    ['Bring up the staging cluster', true],
    // A quarter-end deadline is not a relative change; a thousands count is a count.
    ['Mentor two mid engineers so that each leads one design review by quarter end.', true],
    ['Label 5,000 support tickets for the intent classifier.', true],
    // A share cut from the team's hours is a target; a share of one's time put in is effort.
    ["Cut 20% of the team's hours spent on toil (currently 35%)", true],
    ['Spend 20% of my time on tech debt.', false],
    // Events without a count or a name say neither how many nor which.
    ['Speak at conferences when possible.', false],
    ['Drive down p95 page load time on the dashboard.', false],
  ])('should judge “%s” observable: %s', (text, observable) => {
    expect(judgeObservability(text).observable).toBe(observable);
  });
});
