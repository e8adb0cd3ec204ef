import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CalendarSettings } from '../domain/index.js';
import type { CadenceJob } from './jobs.js';
import { FAILED_RETENTION_SECONDS, QUEUE } from './names.js';

/**
 * Steps run on a schedule; `team-grid` is asked for when a past week changes, `week-digest` when
 * a week has closed for everyone.
 */
type Step = Exclude<CadenceJob['step'], 'team-grid' | 'week-digest'>;

/**
 * Steps that belong to an engineer's week (its close, week 1, 7 and 13): one scheduler per
 * distinct zone of the roster, each firing at that zone's wall-clock moment and acting for that
 * zone's engineers only. Chosen over one scheduler that serves all (say, every 15 minutes,
 * working out whose close has passed): BullMQ's cron with `tz` already does the DST-correct
 * arithmetic per zone, each job is due at an exact moment (its `prevMillis` says which week it
 * closes, even when it runs late), and nothing has to remember which zones were served. A team
 * in one zone keeps one scheduler per step, as before.
 */
const ZONE_STEPS = ['weekly-close', 'signing-reminder', 'quarter-open', 'checkpoint', 'grading'] as const;
const ZONED = new Set<string>(ZONE_STEPS);

/** The id of a step's scheduler: `weekly-close@America/Los_Angeles`, or the step for a team-wide one. */
function schedulerId(step: Step, zone?: string): string {
  return zone === undefined ? step : `${step}@${zone}`;
}

/**
 * When each step of the method runs, as cron patterns read in the zone of the scheduler that runs
 * them (each engineer zone for the steps of an engineer's week, the team's for the rest). Steps that belong to
 * one week of the quarter (week 1, 7, 13) run every week and act only in their week: quarters can
 * follow a team's own calendar, which cron cannot express.
 */
export function cadencePatterns(settings: CalendarSettings): Record<Step, string> {
  const [hour, minute] = settings.weekClose.time.split(':').map(Number) as [number, number];
  const closeDay = settings.weekClose.day % 7; // cron: 0 = Sunday
  return {
    'weekly-close': `${minute} ${hour} * * ${closeDay}`,
    // Week 1's close: the moment a page without both signatures gets its reminder.
    'signing-reminder': `${minute} ${hour} * * ${closeDay}`,
    'quarter-open': '5 0 * * 1',
    checkpoint: '0 9 * * 1',
    grading: '0 9 * * 1-5',
    reconcile: '30 3 * * *',
    'notion-sweep': '*/15 * * * *',
  };
}

/** How long the grid waits after a change to a past week, so a burst of changes costs one rewrite. */
export const GRID_REFRESH_DELAY_MS = 60_000;

/** Asks for the team grid of a quarter to be rewritten, at most once per delay. */
export async function requestGridRefresh(
  queue: Queue,
  quarterId: string,
  delayMs: number = GRID_REFRESH_DELAY_MS,
): Promise<void> {
  await queue.add(
    'team-grid',
    { step: 'team-grid', quarterId },
    {
      delay: delayMs,
      deduplication: { id: `team-grid.${quarterId}`, ttl: delayMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { age: FAILED_RETENTION_SECONDS },
    },
  );
}

/**
 * Asks for a week's Slack digest: a job of its own, so a Slack outage at the close waits and
 * retries the post alone, never the close's recomputes. Its id names the week, so the week has
 * one such job while it is kept; one asked for again later finds the week's message and changes
 * it only if the week changed.
 */
export async function requestWeekDigest(queue: Queue, week: string): Promise<void> {
  await queue.add(
    'week-digest',
    { step: 'week-digest', week },
    {
      jobId: `week-digest.${week}`,
      attempts: 6,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { age: FAILED_RETENTION_SECONDS },
    },
  );
}

/**
 * The first moment the schedulers may fire: `from` when given, moved on to go-live when that is
 * later (a `since` ahead in the team file), so no step is due before commitline is live.
 * Undefined: from now, BullMQ's default.
 */
export function cadenceStart(from: Date | undefined, goLive: Date | undefined, now: Date): Date | undefined {
  return goLive && goLive.getTime() > (from ?? now).getTime() ? goLive : from;
}

/**
 * Creates or updates the job schedulers: one per zone for the steps of an engineer's week, one
 * for each team-wide step. Idempotent: the scheduler id is the step (and zone), so restarts and
 * many workers leave exactly one scheduler per kind and zone in Redis; a zone no engineer lives
 * in any more loses its schedulers (as do ids of an earlier layout).
 */
export async function upsertCadence(options: {
  connection: Redis;
  prefix: string;
  settings: CalendarSettings;
  /** The roster's distinct zones (`rosterZones`); default the team's. */
  zones?: readonly string[];
  /** The first moment a step may run (tests look ahead with it); default now. */
  from?: Date;
  /** When commitline goes live for the team: no step is scheduled before it. */
  goLive?: Date;
}): Promise<string[]> {
  const queue = new Queue(QUEUE.cadence, { connection: options.connection, prefix: options.prefix });
  queue.on('error', () => {});
  try {
    const patterns = cadencePatterns(options.settings);
    const startDate = cadenceStart(options.from, options.goLive, new Date());
    const zones = [...new Set(options.zones ?? [options.settings.timezone])].sort();
    const wanted = (Object.entries(patterns) as [Step, string][]).flatMap(
      ([step, pattern]): { id: string; step: Step; pattern: string; zone: string | undefined }[] =>
        ZONED.has(step)
          ? zones.map((zone) => ({ id: schedulerId(step, zone), step, pattern, zone }))
          : [{ id: schedulerId(step), step, pattern, zone: undefined }],
    );
    for (const { id, step, pattern, zone } of wanted) {
      await queue.upsertJobScheduler(
        id,
        {
          pattern,
          tz: zone ?? options.settings.timezone,
          ...(startDate ? { startDate } : {}),
        },
        {
          name: step,
          data: { step, ...(zone ? { zone } : {}) },
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 30_000 },
            removeOnComplete: { count: 100 },
            removeOnFail: { age: FAILED_RETENTION_SECONDS },
          },
        },
      );
    }
    const ids = new Set(wanted.map((w) => w.id));
    for (const scheduler of await queue.getJobSchedulers(0, -1, true)) {
      const step = scheduler.key.split('@')[0] ?? '';
      if (step in patterns && !ids.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
    }
    return [...ids];
  } finally {
    await queue.close();
  }
}
