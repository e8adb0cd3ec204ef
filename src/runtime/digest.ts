/**
 * The Friday digest from what Linear and Notion say now: each engineer's baseline for the week's
 * quarter (the same inputs as the team grid), their quarter page and the grid linked, published
 * through the Slack adapter. The cadence calls it right after the grid is written.
 */
import type { Redis } from 'ioredis';
import type { Env } from '../config/env.js';
import { calendarSettings } from '../config/load.js';
import type { TeamConfig } from '../config/team.js';
import type {
  DigestPublisher,
  Engineer,
  EngineerBaseline,
  Quarter,
  TeamMember,
  Week,
  WeekDigest,
  WeekId,
} from '../domain/index.js';
import {
  digestStreaks,
  gridTitle,
  isBeforeCommitline,
  lastClosedWeek,
  quarterOf,
  weekById,
  weekDigest,
} from '../domain/index.js';
import { notionPageUrl } from '../notion/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { pageSerializer } from '../queue/lock.js';
import {
  createSlackApi,
  createSlackDigests,
  type PublishedDigest,
  SlackApiError,
  type SlackDigests,
  type SlackRetry,
} from '../slack/index.js';
import { type Adapters, connectAdapters } from './adapters.js';
import type { ProcessContext } from './context.js';
import { type GridSources, teamQuarter } from './grid.js';
import { resolveRoster } from './roster.js';
import { teamSources } from './sources.js';

export interface DigestSources extends GridSources {
  /** The id of the team grid's page of that title, once written. */
  gridPageId?: (title: string) => Promise<string | undefined>;
}

interface TeamQuarter {
  quarter: Quarter;
  team: { engineer: Engineer; baseline: EngineerBaseline; pageUrl?: string }[];
  gridUrl?: string;
}

/**
 * Every engineer's baseline for the quarter, with their page, read once for all its weeks; or
 * taken from `read`, what the grid's writer has just read of it.
 */
async function readTeamQuarter(
  sources: DigestSources,
  quarter: Quarter,
  read?: readonly TeamMember[],
): Promise<TeamQuarter> {
  const members = read ?? (await teamQuarter(sources, quarter));
  const team = members.map(({ engineer, baseline, pageId }) => ({
    engineer,
    baseline,
    ...(pageId ? { pageUrl: notionPageUrl(pageId) } : {}),
  }));
  const gridId = await sources.gridPageId?.(gridTitle(quarter.id));
  return { quarter, team, ...(gridId ? { gridUrl: notionPageUrl(gridId) } : {}) };
}

function digestOf(sources: DigestSources, read: TeamQuarter, week: Week): WeekDigest {
  return weekDigest({
    week,
    quarter: read.quarter,
    settings: sources.settings,
    team: read.team,
    gridUrl: read.gridUrl,
  });
}

/** The week's digest as it would be posted now (`commitline digest --dry-run`). */
export async function computeWeekDigest(sources: DigestSources, weekId: WeekId): Promise<WeekDigest> {
  const week = weekById(weekId, sources.settings);
  return digestOf(sources, await readTeamQuarter(sources, quarterOf(week.start, sources.settings)), week);
}

/** Each manager's email in the team file (managers, and engineers who manage), by id. */
export function managerEmails(team: Pick<TeamConfig, 'managers' | 'roster'>): Map<string, string> {
  const emails = new Map<string, string>();
  for (const person of [...team.managers, ...team.roster]) {
    if (person.notion.email) emails.set(person.id, person.notion.email);
  }
  return emails;
}

export interface DigestRun {
  digest: WeekDigest;
  published: PublishedDigest;
  /** Streaks told to managers in this run. */
  told: number;
}

export interface WeekDigestPublisher extends DigestPublisher {
  /** Posts or updates one week's digest now; streaks reach managers only for the last closed week. */
  publishWeek(weekId: WeekId): Promise<DigestRun>;
}

export function createDigestPublisher(options: {
  sources: DigestSources;
  slack: SlackDigests;
  /** Manager id → email, for the direct message about a streak. */
  managerEmails: ReadonlyMap<string, string>;
  logger: Logger;
}): WeekDigestPublisher {
  const { sources, slack, logger } = options;
  const settings = sources.settings;

  async function tellManagers(digest: WeekDigest): Promise<number> {
    let told = 0;
    for (const { managerId, line, streak } of digestStreaks(digest)) {
      const group = digest.groups.find((g) => g.manager.id === managerId);
      const first = streak.missed[0] ?? digest.weekId;
      let via: Awaited<ReturnType<SlackDigests['tellManager']>>;
      try {
        via = await slack.tellManager({
          managerName: group?.manager.name ?? managerId,
          managerEmail: options.managerEmails.get(managerId),
          engineerName: line.name,
          pageUrl: line.pageUrl,
          streak,
          since: weekById(first, settings).start,
        });
      } catch (error) {
        // The digest is posted and shows the streak; a note Slack refuses for good (a scope
        // missing for DMs) is logged, not a failed week. What time fixes is tried again.
        if (!(error instanceof SlackApiError) || error.retryable) throw error;
        logger.error(
          { err: error, streak: streak.key, manager: managerId },
          'streak not told to the manager in Slack',
        );
        continue;
      }
      if (via !== 'already') told += 1;
    }
    return told;
  }

  async function publishWeek(weekId: WeekId): Promise<DigestRun> {
    const week = weekById(weekId, settings);
    const read = await readTeamQuarter(sources, quarterOf(week.start, settings));
    const digest = digestOf(sources, read, week);
    const published = await slack.publish(digest, { since: week.start });
    // A streak is news in the week it is current; an older week's digest does not reopen it.
    const current = lastClosedWeek(sources.now(), settings, sources.roster).id === weekId;
    const told = current ? await tellManagers(digest) : 0;
    return { digest, published, told };
  }

  return {
    publishWeek,
    async weekClosed(weekId) {
      const week = weekById(weekId, settings);
      // The team's first digest is for its first week with commitline.
      if (isBeforeCommitline(week, await sources.goLive?.())) return;
      await publishWeek(week.id);
    },
    async quarterChanged(quarter, team) {
      const now = sources.now();
      const closed = quarter.weeks.filter((w) => w.closesAt.getTime() <= now.getTime());
      if (closed.length === 0) return;
      const read = await readTeamQuarter(sources, quarter, team);
      let updated = 0;
      for (const week of closed) {
        const result = await slack.publish(digestOf(sources, read, week), {
          since: week.start,
          existingOnly: true,
        });
        if (result.outcome === 'updated') updated += 1;
      }
      logger.info(
        { quarter: quarter.id, weeks: closed.length, updated },
        'Slack digests of the quarter checked',
      );
    },
  };
}

/**
 * The digest publisher of a deployment, as the workers and `commitline digest` both build it:
 * Slack's client, one message per week in the channel, and the page lock's Redis lock, so a
 * week's close and an operator's run never both post.
 */
export function slackDigestPublisher(options: {
  slack: NonNullable<Env['slack']>;
  env: Pick<Env, 'redisPrefix'>;
  sources: DigestSources;
  redis: Redis;
  team: Pick<TeamConfig, 'managers' | 'roster'>;
  /** Its Notion parent page names the team's messages, unique per deployment. */
  adapters: Pick<Adapters, 'targets'>;
  logger: Logger;
  metrics: Metrics;
  retry?: SlackRetry;
}): WeekDigestPublisher {
  const { slack, redis, logger, metrics } = options;
  const prefix = options.env.redisPrefix;
  return createDigestPublisher({
    sources: options.sources,
    slack: createSlackDigests({
      api: createSlackApi({
        token: slack.token,
        apiUrl: slack.apiUrl,
        logger,
        metrics,
        ...(options.retry ? { retry: options.retry } : {}),
      }),
      redis,
      prefix,
      channel: slack.channel,
      team: options.adapters.targets.parentPageId,
      logger,
      metrics,
      serialize: pageSerializer(redis, prefix),
    }),
    managerEmails: managerEmails(options.team),
    logger,
  });
}

export interface DigestNowResult {
  digest: WeekDigest;
  /** Absent for a dry run. */
  run?: DigestRun;
}

/**
 * `commitline digest`: one week's digest from Linear and Notion now, printed (`dryRun`) or posted
 * (or its message updated) in Slack, in this process.
 */
export async function digestNow(
  context: ProcessContext,
  options: { weekId?: string; dryRun: boolean; slackRetry?: SlackRetry },
): Promise<DigestNowResult> {
  const { env, team, logger, metrics } = context;
  const settings = calendarSettings(team);
  const now = () => new Date();
  const redis = createRedis(env.redisUrl, 'command');
  try {
    await waitReady(redis, 10_000);
    const adapters = await connectAdapters({ env, team, redis, logger, metrics });
    const roster = await resolveRoster({
      team,
      directory: adapters.directory,
      redis,
      prefix: env.redisPrefix,
    });
    const sources: DigestSources = {
      ...teamSources({ settings, label: team.label, adapters, now }),
      roster,
      gridPageId: adapters.gridPages.pageIdOf,
    };
    const weekId = options.weekId ?? lastClosedWeek(now(), settings, roster).id;
    if (options.dryRun || !env.slack) return { digest: await computeWeekDigest(sources, weekId) };
    const publisher = slackDigestPublisher({
      slack: env.slack,
      env,
      sources,
      redis,
      team,
      adapters,
      logger,
      metrics,
      ...(options.slackRetry ? { retry: options.slackRetry } : {}),
    });
    const run = await publisher.publishWeek(weekId);
    return { digest: run.digest, run };
  } finally {
    redis.disconnect();
  }
}
