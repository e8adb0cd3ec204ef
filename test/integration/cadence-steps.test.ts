import { type Job, Queue } from 'bullmq';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarSettings, Engineer, Notice, Quarter } from '../../src/domain/index.js';
import { buildQuarterPage, goLiveAt, quarterById } from '../../src/domain/index.js';
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
/** What the Slack digest was asked for, in order, beside the grid's writes. */
const digests: string[] = [];
/** Jobs a step asked for again, later: `team-grid <quarter> in <ms>`. */
const later: string[] = [];

afterAll(async () => {
  await recompute.close();
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});
beforeEach(async () => {
  await queue.obliterate({ force: true });
  grids.length = 0;
  digests.length = 0;
  later.length = 0;
});

/** Runs one cadence step at `now`, as the scheduler would, and lists the recomputes it asked for. */
async function step(
  name: string,
  now: string,
  settings: CalendarSettings = SETTINGS,
  options: {
    goLive?: Date;
    dueAt?: string;
    roster?: readonly Engineer[];
    zone?: string;
    quarterId?: string;
  } = {},
): Promise<string[]> {
  const run = cadenceProcessor({
    roster: options.roster ?? ROSTER,
    settings,
    now: () => new Date(now),
    recompute,
    grid: {
      writeGrid: async (quarter: Quarter) => {
        grids.push(quarter.id);
        digests.push(`grid ${quarter.id}`);
        return [];
      },
    },
    digest: {
      weekClosed: async () => void digests.push('week closed'),
      quarterChanged: async (quarter: Quarter) => void digests.push(`changed ${quarter.id}`),
    },
    requestGrid: async (quarterId, delayMs) => void later.push(`team-grid ${quarterId} in ${delayMs}`),
    logger: createLogger({ level: 'silent' }),
    goLive: async () => options.goLive,
  });
  // A scheduler's job carries the moment it was due for.
  const opts = options.dueAt ? { prevMillis: new Date(options.dueAt).getTime() } : {};
  const data = {
    step: name,
    ...(options.zone ? { zone: options.zone } : {}),
    ...(options.quarterId ? { quarterId: options.quarterId } : {}),
  };
  await run({ data, opts } as Job);
  const jobs = await queue.getJobs(['delayed', 'waiting']);
  return jobs.map((job) => `${job.data.engineerId}:${job.data.quarterId}`).sort();
}

const everyone = (quarter: string) => ROSTER.map((e) => `${e.id}:${quarter}`).sort();

describe('when the weekly close runs', () => {
  it('should recompute every engineer’s page and rewrite the grid', async () => {
    expect(await step('weekly-close', '2026-11-20T17:00:00Z')).toEqual(everyone('2026-Q4'));
    expect(grids).toEqual(['2026-Q4']);
  });

  it('should publish the week’s Slack digest right after the grid is written', async () => {
    await step('weekly-close', '2026-11-20T17:00:00Z');
    expect(digests).toEqual(['grid 2026-Q4', 'week closed']);
  });
});

describe('when a past week changes and the grid is rewritten', () => {
  it('should have the quarter’s posted digests follow the grid', async () => {
    const run = cadenceProcessor({
      roster: ROSTER,
      settings: SETTINGS,
      now: () => new Date('2026-11-25T10:00:00Z'),
      recompute,
      grid: {
        writeGrid: async (quarter: Quarter) => {
          digests.push(`grid ${quarter.id}`);
          return [];
        },
      },
      digest: {
        weekClosed: async () => void digests.push('week closed'),
        quarterChanged: async (quarter: Quarter) => void digests.push(`changed ${quarter.id}`),
      },
      logger: createLogger({ level: 'silent' }),
    });
    await run({ data: { step: 'team-grid', quarterId: '2026-Q4' }, opts: {} } as Job);
    expect(digests).toEqual(['grid 2026-Q4', 'changed 2026-Q4']);
  });
});

describe('when the week closes in each engineer’s own zone', () => {
  const [ana, ben, chen, dev] = ROSTER as [Engineer, Engineer, Engineer, Engineer];
  const roster = [
    { ...ana, timezone: 'America/Los_Angeles' },
    { ...ben, timezone: 'Asia/Tokyo' },
    chen,
    { ...dev, timezone: 'America/Los_Angeles' },
  ];
  // 2026-W47 closes at Friday 20 November 18:00 in each zone.
  const close = (zone: string, at: string) => step('weekly-close', at, SETTINGS, { roster, zone, dueAt: at });

  it('should recompute only that zone’s engineers, and write the grid once, at the last close', async () => {
    expect(await close('Asia/Tokyo', '2026-11-20T09:00:00Z')).toEqual([`${ben.id}:2026-Q4`]);
    expect(grids).toEqual([]);
    await queue.obliterate({ force: true });
    expect(await close('Europe/Berlin', '2026-11-20T17:00:00Z')).toEqual([`${chen.id}:2026-Q4`]);
    expect(grids).toEqual([]);
    await queue.obliterate({ force: true });
    expect(await close('America/Los_Angeles', '2026-11-21T02:00:00Z')).toEqual(
      [`${ana.id}:2026-Q4`, `${dev.id}:2026-Q4`].sort(),
    );
    expect(grids).toEqual(['2026-Q4']);
  });

  it('should ask again, just after the last close, for a grid refresh asked for between the closes', async () => {
    const refresh = (at: string) => step('team-grid', at, SETTINGS, { roster, quarterId: '2026-Q4' });
    await refresh('2026-11-20T17:01:00Z'); // Tokyo and Berlin closed, Los Angeles not yet
    expect(grids).toEqual([]);
    // Los Angeles closes at 02:00 UTC: the refresh comes back a minute after, not dropped.
    expect(later).toEqual([`team-grid 2026-Q4 in ${9 * 3_600_000}`]);
    await refresh('2026-11-21T02:01:00Z');
    expect(grids).toEqual(['2026-Q4']);
    expect(digests).toEqual(['grid 2026-Q4', 'changed 2026-Q4']);
  });

  it('should ask for the week’s digest as a job of its own at the last close, which posts that week', async () => {
    const asked: string[] = [];
    const closed: string[] = [];
    const run = cadenceProcessor({
      roster,
      settings: SETTINGS,
      now: () => new Date('2026-11-21T02:00:00Z'),
      recompute,
      grid: {
        writeGrid: async (quarter: Quarter) => {
          grids.push(quarter.id);
          return [];
        },
      },
      digest: {
        weekClosed: async (week) => void closed.push(week),
        quarterChanged: async () => {},
      },
      requestDigest: async (week) => void asked.push(week),
      logger: createLogger({ level: 'silent' }),
    });
    const due = { prevMillis: new Date('2026-11-21T02:00:00Z').getTime() };
    await run({ data: { step: 'weekly-close', zone: 'America/Los_Angeles' }, opts: due } as Job);
    expect(grids).toEqual(['2026-Q4']);
    expect(asked).toEqual(['2026-W47']);
    expect(closed).toEqual([]);
    await run({ data: { step: 'week-digest', week: '2026-W47' }, opts: {} } as Job);
    expect(closed).toEqual(['2026-W47']);
  });

  it('should not write the grid for a zone that closes last but runs before everyone closed', async () => {
    // A Los Angeles close played early (a job added by hand with an earlier due time).
    await close('America/Los_Angeles', '2026-11-20T17:30:00Z');
    expect(grids).toEqual([]);
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

describe('when a team goes live in week 10 of the quarter', () => {
  // Set up on Wednesday 2 December 2026 (2026-W49, week 10 of 2026-Q4): 9 silent weeks before it.
  const goLive = goLiveAt('2026-12-02', SETTINGS.timezone);
  const live = { goLive };
  /** Comments posted so far, per page, as the writer posts them: once per key. */
  const posted = new Map<string, Notice[]>();

  /** Plays the recomputes a step asked for, at `now`, with nothing shipped and nothing written by people. */
  async function recomputeAsked(now: string): Promise<Notice[]> {
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    const fresh: Notice[] = [];
    for (const job of jobs) {
      const { engineerId, quarterId } = job.data as { engineerId: string; quarterId: string };
      const engineer = ROSTER.find((e) => e.id === engineerId)!;
      const page = buildQuarterPage({
        engineer,
        quarter: quarterById(quarterId, SETTINGS),
        settings: SETTINGS,
        now: new Date(now),
        shipped: [],
        readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
        goLive,
      });
      const key = `${engineerId}:${quarterId}`;
      const before = posted.get(key) ?? [];
      const news = page.notices.filter((n) => !before.some((p) => p.key === n.key));
      posted.set(key, [...before, ...news]);
      fresh.push(...news);
    }
    await queue.obliterate({ force: true });
    return fresh;
  }
  const streakComments = () => [...posted.values()].flat().filter((n) => n.key.startsWith('miss-streak:'));

  it('should post nothing on its first start about the weeks before it, then raise a streak of its own once', async () => {
    // First start: the nightly reconcile and the sweep recompute every page.
    expect(await step('reconcile', '2026-12-03T02:30:00Z', SETTINGS, live)).toEqual(everyone('2026-Q4'));
    expect(await recomputeAsked('2026-12-03T02:30:00Z')).toEqual([]);
    // Week 10 closes empty: one miss, no streak yet; the week-1 reminder is not played late.
    await step('weekly-close', '2026-12-04T17:00:00Z', SETTINGS, live);
    await step('signing-reminder', '2026-12-04T17:00:00Z', SETTINGS, live);
    expect(await recomputeAsked('2026-12-04T17:00:00Z')).toEqual([]);
    // Week 11 closes empty: two of commitline's weeks in a row, raised once per engineer.
    await step('weekly-close', '2026-12-11T17:00:00Z', SETTINGS, live);
    const raised = await recomputeAsked('2026-12-11T17:00:00Z');
    expect(raised.map((n) => n.key)).toEqual(ROSTER.map(() => 'miss-streak:2026-W49'));
    expect(raised[0]?.text).toContain('(2026-W49, 2026-W50)');
    // Week 12 closes empty: the count grows, no second comment.
    await step('weekly-close', '2026-12-18T17:00:00Z', SETTINGS, live);
    expect(await recomputeAsked('2026-12-18T17:00:00Z')).toEqual([]);
    expect(streakComments()).toHaveLength(ROSTER.length);
    // Week 13 begins after go-live: the graded review is asked for.
    await step('grading', '2026-12-21T08:00:00Z', SETTINGS, live);
    const grading = await recomputeAsked('2026-12-21T08:00:00Z');
    expect(new Set(grading.map((n) => n.key))).toEqual(new Set(['grading:2026-Q4']));
  });

  it('should not play a week-bound step whose moment came before go-live', async () => {
    // Week 7's checkpoint (Monday 9 November) for a team live from Tuesday 10 November.
    const tuesday = { goLive: goLiveAt('2026-11-10', SETTINGS.timezone) };
    expect(await step('checkpoint', '2026-11-10T08:00:00Z', SETTINGS, tuesday)).toEqual([]);
    const monday = { goLive: goLiveAt('2026-11-09', SETTINGS.timezone) };
    expect(await step('checkpoint', '2026-11-09T08:00:00Z', SETTINGS, monday)).toEqual(everyone('2026-Q4'));
  });

  it('should not play a job due before go-live, however late it runs', async () => {
    const due = { ...live, dueAt: '2026-11-27T17:00:00Z' };
    expect(await step('weekly-close', '2026-12-02T09:00:00Z', SETTINGS, due)).toEqual([]);
    expect(grids).toEqual([]);
    const dueAfter = { ...live, dueAt: '2026-12-04T17:00:00Z' };
    expect(await step('weekly-close', '2026-12-04T17:01:00Z', SETTINGS, dueAfter)).toEqual(
      everyone('2026-Q4'),
    );
  });

  it('should play nothing while the go-live date is still ahead', async () => {
    const ahead = { goLive: goLiveAt('2027-01-04', SETTINGS.timezone) };
    expect(await step('weekly-close', '2026-12-18T17:00:00Z', SETTINGS, ahead)).toEqual([]);
    expect(await step('quarter-open', '2027-01-04T00:05:00+01:00', SETTINGS, ahead)).toEqual(
      everyone('2027-Q1'),
    );
  });
});
