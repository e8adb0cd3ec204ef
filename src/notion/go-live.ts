/**
 * When commitline went live for a team, kept where a lost Redis cannot take it: the quarter
 * database's description, where `commitline setup` writes "commitline live since 2026-11-23"
 * (people see it there too, and may correct it). The team file's `since` wins over it.
 *
 * A database set up before commitline recorded the line has none: its creation day in Notion
 * (`created_time`, in the team timezone) is taken instead. That is the day setup created it,
 * so an existing team keeps every week it had, and the next `setup` writes that day down.
 */
import { type Client, isFullDatabase } from '@notionhq/client';
import type { Redis } from 'ioredis';
import { dayOf, goLiveAt, type IsoDate } from '../domain/index.js';
import { NotionApiError, toNotionApiError } from './errors.js';

const LIVE_SINCE = /commitline live since (\d{4}-\d{2}-\d{2})/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The line setup writes into the databases' description. */
export function liveSinceLine(day: IsoDate): string {
  return `commitline live since ${day}`;
}

/** The go-live day a description records, if it records one. */
export function liveSinceIn(description: string): IsoDate | undefined {
  return LIVE_SINCE.exec(description)?.[1];
}

export interface RecordedGoLive {
  day: IsoDate;
  /** `description`: setup's line; `created`: the database's creation day (set up before the line). */
  from: 'description' | 'created';
}

/** The go-live a database records, from its description and its creation time. */
export function recordedGoLive(
  database: { description: string; createdTime: string },
  timezone: string,
): RecordedGoLive {
  const day = liveSinceIn(database.description);
  return day
    ? { day, from: 'description' }
    : { day: dayOf(new Date(database.createdTime), timezone), from: 'created' };
}

/** One read of a database: its description as plain text and its creation time. */
export async function readDatabaseGoLive(
  client: Client,
  databaseId: string,
  timezone: string,
): Promise<RecordedGoLive> {
  const database = await client.databases.retrieve({ database_id: databaseId }).catch((raw: unknown) => {
    throw toNotionApiError(raw);
  });
  if (!isFullDatabase(database)) {
    // Notion answers only the id for a database the integration may not read.
    throw new NotionApiError(
      'restricted',
      `Notion gave no description for the database ${databaseId}: share it with the integration`,
    );
  }
  return recordedGoLive(
    {
      description: database.description.map((item) => item.plain_text).join(''),
      createdTime: database.created_time,
    },
    timezone,
  );
}

/** How long a go-live read from Notion is kept in Redis: a person's correction shows within it. */
export const GO_LIVE_CACHE_SECONDS = 6 * 3600;

const cacheKey = (prefix: string, databaseId: string) => `${prefix}:notion:go-live:${databaseId}`;

/**
 * The team's go-live instant (the start of its day, team timezone), for the recompute and the
 * cadence: `since` from the team file when given (no Notion call), else the quarter database's
 * record, read once and kept in Redis for a few hours.
 */
export function createGoLive(options: {
  client: Client;
  redis: Redis;
  prefix: string;
  quarterDatabaseId: string;
  timezone: string;
  /** The team file's `since`. */
  since?: IsoDate;
}): () => Promise<Date> {
  const { client, redis, prefix, quarterDatabaseId, timezone, since } = options;
  return async () => {
    if (since) return goLiveAt(since, timezone);
    const key = cacheKey(prefix, quarterDatabaseId);
    const cached = await redis.get(key);
    if (cached && DAY.test(cached)) return goLiveAt(cached, timezone);
    const { day } = await readDatabaseGoLive(client, quarterDatabaseId, timezone);
    await redis.set(key, day, 'EX', GO_LIVE_CACHE_SECONDS);
    return goLiveAt(day, timezone);
  };
}

/** Forgets the kept go-live, so the next read asks Notion (after setup wrote it). */
export async function forgetGoLive(redis: Redis, prefix: string, quarterDatabaseId: string): Promise<void> {
  await redis.del(cacheKey(prefix, quarterDatabaseId));
}
