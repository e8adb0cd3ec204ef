import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CalendarSettings } from '../domain/index.js';
import type { CadenceJob } from './jobs.js';
import { FAILED_RETENTION_SECONDS, QUEUE } from './names.js';

/** Steps run on a schedule; `team-grid` is asked for when a past week changes. */
type Step = Exclude<CadenceJob['step'], 'team-grid'>;

/**
 * When each step of the method runs, as cron patterns in the team timezone. Steps that belong to
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
export async function requestGridRefresh(queue: Queue, quarterId: string): Promise<void> {
  await queue.add(
    'team-grid',
    { step: 'team-grid', quarterId },
    {
      delay: GRID_REFRESH_DELAY_MS,
      deduplication: { id: `team-grid.${quarterId}`, ttl: GRID_REFRESH_DELAY_MS },
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
 * Creates or updates one job scheduler per step. Idempotent: the scheduler id is the step, so
 * restarts and many workers leave exactly one scheduler per kind in Redis.
 */
export async function upsertCadence(options: {
  connection: Redis;
  prefix: string;
  settings: CalendarSettings;
  /** The first moment a step may run (tests look ahead with it); default now. */
  from?: Date;
  /** When commitline goes live for the team: no step is scheduled before it. */
  goLive?: Date;
}): Promise<Step[]> {
  const queue = new Queue(QUEUE.cadence, { connection: options.connection, prefix: options.prefix });
  queue.on('error', () => {});
  try {
    const patterns = cadencePatterns(options.settings);
    const startDate = cadenceStart(options.from, options.goLive, new Date());
    for (const [step, pattern] of Object.entries(patterns) as [Step, string][]) {
      await queue.upsertJobScheduler(
        step,
        {
          pattern,
          tz: options.settings.timezone,
          ...(startDate ? { startDate } : {}),
        },
        {
          name: step,
          data: { step },
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 30_000 },
            removeOnComplete: { count: 100 },
            removeOnFail: { age: FAILED_RETENTION_SECONDS },
          },
        },
      );
    }
    return Object.keys(patterns) as Step[];
  } finally {
    await queue.close();
  }
}
