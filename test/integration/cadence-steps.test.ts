import { type Job, Queue } from 'bullmq';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarSettings, Quarter } from '../../src/domain/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { QUEUE } from '../../src/queue/names.js';
import { createRecomputeScheduler } from '../../src/queue/recompute.js';
import { cadenceProcessor } from '../../workers/cadence.js';
import { ROSTER, SETTINGS } from '../fixtures/team.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('cadence-steps');
const redis = commandRedis();
const recompute = createRecomputeScheduler({ connection: redis, prefix, debounceMs: 10_000 });
const queue = new Queue(QUEUE.recompute, { connection: redis, prefix });
const grids: string[] = [];

afterAll(async () => {
  await recompute.close();
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});
beforeEach(async () => {
  await queue.obliterate({ force: true });
  grids.length = 0;
});

/** Runs one cadence step at `now`, as the scheduler would, and lists the recomputes it asked for. */
async function step(name: string, now: string, settings: CalendarSettings = SETTINGS): Promise<string[]> {
  const run = cadenceProcessor({
    roster: ROSTER,
    settings,
    now: () => new Date(now),
    recompute,
    grid: { writeGrid: async (quarter: Quarter) => void grids.push(quarter.id) },
    logger: createLogger({ level: 'silent' }),
  });
  await run({ data: { step: name } } as Job);
  const jobs = await queue.getJobs(['delayed', 'waiting']);
  return jobs.map((job) => `${job.data.engineerId}:${job.data.quarterId}`).sort();
}

const everyone = (quarter: string) => ROSTER.map((e) => `${e.id}:${quarter}`).sort();

describe('when the weekly close runs', () => {
  it('should recompute every engineer’s page and rewrite the grid', async () => {
    expect(await step('weekly-close', '2026-11-20T17:00:00Z')).toEqual(everyone('2026-Q4'));
    expect(grids).toEqual(['2026-Q4']);
  });
});

describe('when a step that belongs to one week runs every week', () => {
  it('should act in its week only: the checkpoint in week 7', async () => {
    expect(await step('checkpoint', '2026-11-02T08:00:00Z')).toEqual([]); // week 6
    expect(await step('checkpoint', '2026-11-09T08:00:00Z')).toEqual(everyone('2026-Q4')); // week 7
  });

  it('should open a quarter in its first week only', async () => {
    expect(await step('quarter-open', '2027-01-04T00:05:00+01:00')).toEqual(everyone('2027-Q1'));
    await queue.obliterate({ force: true });
    expect(await step('quarter-open', '2027-01-11T00:05:00+01:00')).toEqual([]);
  });
});

describe('when the grading step runs', () => {
  it('should act from week 13 of the quarter', async () => {
    expect(await step('grading', '2026-12-14T08:00:00Z')).toEqual([]); // week 12
    expect(await step('grading', '2026-12-21T08:00:00Z')).toEqual(everyone('2026-Q4')); // week 13
  });

  it('should keep recomputing the quarter just ended for two weeks, so grades are still asked for', async () => {
    expect(await step('grading', '2027-01-08T08:00:00Z')).toEqual(everyone('2026-Q4'));
    await queue.obliterate({ force: true });
    expect(await step('grading', '2027-01-19T08:00:00Z')).toEqual([]);
  });
});

describe('when a week closes in the two weeks after a quarter', () => {
  it('should recompute the quarter just ended too, for the reminders due at that close', async () => {
    const jobs = await step('weekly-close', '2027-01-15T17:00:00Z');
    expect(jobs).toEqual([...everyone('2026-Q4'), ...everyone('2027-Q1')].sort());
    // The ended quarter's pages are recomputed where they exist, never created.
    const data = (await queue.getJobs(['delayed', 'waiting'])).map((job) => job.data);
    expect(data.filter((d) => d.existingOnly).map((d) => d.quarterId)).toEqual(ROSTER.map(() => '2026-Q4'));
    expect(data.filter((d) => d.quarterId === '2027-Q1').every((d) => d.existingOnly === false)).toBe(true);
  });
});

describe('when a team runs its first quarter of its own calendar', () => {
  const fiscal: CalendarSettings = {
    ...SETTINGS,
    quarters: [{ id: 'FY27-Q1', start: '2026-02-02', weeks: 13 }],
  };

  it('should run every step, there being no quarter before it to look back on', async () => {
    expect(await step('weekly-close', '2026-03-06T17:00:00Z', fiscal)).toEqual(everyone('FY27-Q1'));
    await queue.obliterate({ force: true });
    expect(await step('grading', '2026-03-02T08:00:00Z', fiscal)).toEqual([]);
  });
});
