/**
 * The Friday digest end to end on the sandbox: six weeks of a team played through the pipeline,
 * each week's close posting its digest to the sandbox's Slack; then a late ship in a past week,
 * and Redis losing the digest's keys. One message per week, ever.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../workers/register.js';
import { runSimulation, type Simulation } from '../../src/demo/simulation.js';
import { DEMO_MANAGER, DEMO_TEAM } from '../../src/demo/team.js';
import { missStreakText } from '../../src/domain/notices.js';
import { QUEUE } from '../../src/queue/names.js';
import type { StoredSlackMessage } from '../../src/sandbox/slack-store.js';
import { DIGEST_EVENT, STREAK_EVENT } from '../../src/slack/index.js';
import { commandRedis, deleteKeys, REDIS_URL } from '../helpers/redis.js';

const TEAM = DEMO_TEAM.filter((e) => ['ana', 'ben', 'chen'].includes(e.id));
let simulation: Simulation;
let cadence: Queue;
const redis = commandRedis();

beforeAll(async () => {
  simulation = await runSimulation({ redisUrl: REDIS_URL, team: TEAM, notionRate: 400, weeks: 6 });
  cadence = new Queue(QUEUE.cadence, { connection: redis, prefix: simulation.prefix });
}, 120_000);

afterAll(async () => {
  await cadence?.close();
  await simulation?.close();
  redis.disconnect();
});

const digests = (): StoredSlackMessage[] =>
  simulation.sandbox.slack.messages().filter((m) => m.metadata?.event_type === DIGEST_EVENT);
const digestOf = (week: string) => digests().find((m) => m.metadata?.event_payload.week === week);
const shown = (m: StoredSlackMessage | undefined) => JSON.stringify(m?.blocks ?? []);

/** Runs a cadence step and waits for it (and what it asked for) to be done. */
async function runStep(data: Record<string, string>): Promise<void> {
  const job = await cadence.add(data.step ?? 'step', data);
  for (let i = 0; i < 400; i++) {
    const state = await job.getState();
    if (state === 'completed') return;
    if (state === 'failed')
      throw new Error(`step failed: ${(await cadence.getJob(job.id ?? ''))?.failedReason}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`step ${data.step} did not finish`);
}

describe('when six weeks close with the Slack digest configured', () => {
  it('should post one message per week, each with its week in the metadata', () => {
    const weeks = digests().map((m) => m.metadata?.event_payload.week);
    expect(weeks).toEqual(simulation.quarter.weeks.slice(0, 6).map((w) => w.id));
  });

  it('should show each engineer’s line with the shipped issue linked, and the grid', () => {
    const first = shown(digestOf('2026-W40'));
    for (const e of TEAM) expect(first).toContain(e.name);
    expect(first).toContain('✅');
    expect(first).toMatch(/<http[^|]+\|[A-Z]+-\d+ Ana: user-facing change 1>/);
    expect(first).toContain('Team baseline 2026-Q4');
    // Each name links to the engineer's quarter page in Notion.
    const ana = simulation.pages.get('ana')?.replace(/-/g, '');
    expect(first).toContain(`*<https://www.notion.so/${ana}|Ana Ruiz>*`);
  });

  it('should mark Ana’s two misses as a question for the 1:1 and tell Maya once, in the Notion comment’s words', () => {
    expect(shown(digestOf('2026-W45'))).toContain('2 weeks missed in a row (W44, W45)');
    const dms = simulation.sandbox.slack.directMessages(DEMO_MANAGER.email);
    expect(dms.filter((m) => m.metadata?.event_type === STREAK_EVENT)).toHaveLength(1);
    expect(dms[0]?.text).toContain(missStreakText('Ana Ruiz', ['2026-W44', '2026-W45']));
  });
});

describe('when a past week changes after its digest was posted', () => {
  it('should update that week’s message, not post another', async () => {
    const before = digestOf('2026-W44');
    const count = digests().length;
    const sandbox = simulation.sandbox;
    const realNow = sandbox.linear.now;
    // Ana ships late, dated in week 5 (W44), where she had missed.
    const w44 = simulation.quarter.weeks[4];
    if (!w44) throw new Error('no week 5');
    sandbox.linear.now = () => new Date(w44.start.getTime() + 3 * 86_400_000);
    const issue = await sandbox.actions.createIssue('ana@demo.test', 'Ana: the late one');
    await sandbox.actions.ship(issue.id);
    sandbox.linear.now = realNow;
    // The grid refresh a changed past week asks for (its 60 s debounce is not waited here).
    await new Promise((r) => setTimeout(r, 500));
    await runStep({ step: 'team-grid', quarterId: simulation.quarter.id });
    const after = digestOf('2026-W44');
    expect(digests()).toHaveLength(count);
    expect(after?.ts).toBe(before?.ts);
    expect(after?.edited).toBeDefined();
    expect(shown(after)).toContain('Ana: the late one');
    // W45 is a single miss now: no streak in its digest.
    expect(shown(digestOf('2026-W45'))).not.toContain('in a row');
  });
});

describe('when Redis loses the digest’s keys', () => {
  it('should find the week’s message again in the channel and still have one per week', async () => {
    const count = digests().length;
    await deleteKeys(redis, `${simulation.prefix}:slack:`);
    await runStep({ step: 'weekly-close' });
    await runStep({ step: 'team-grid', quarterId: simulation.quarter.id });
    expect(digests()).toHaveLength(count);
    const dms = simulation.sandbox.slack.directMessages(DEMO_MANAGER.email);
    expect(dms.filter((m) => m.metadata?.event_type === STREAK_EVENT)).toHaveLength(1);
  });
});
