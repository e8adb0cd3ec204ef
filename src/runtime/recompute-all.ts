/**
 * Recomputes every engineer's page for one quarter, in this process, one page at a time (the
 * Notion rate limit is the bottleneck, so parallel pages would only queue behind it), then the
 * team grid from what those recomputes read: Linear is asked once per engineer. Each page is
 * read fresh from Notion and taken under the same lock as the workers', so a backfill never
 * writes a page at the same time as a worker; a page whose lock is lost midway stops writing
 * and is tried again under a lock of its own. A failure that time may mend (a 503, a rate limit,
 * a lost lock) is retried with backoff like a job's; only what still fails after that is reported.
 */
import { calendarSettings } from '../config/load.js';
import {
  backfillEngineerDecision,
  backfillQuarterDecision,
  DomainError,
  quarterById,
} from '../domain/index.js';
import type { NotionRetry } from '../notion/client.js';
import { metered, RequestMeter } from '../notion/index.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { pageSerializer } from '../queue/lock.js';
import { connectAdapters } from './adapters.js';
import type { ProcessContext } from './context.js';
import { type BaselineInputs, computeTeamGrid } from './grid.js';
import { withPatience } from './patience.js';
import { type RecomputeDeps, recomputePage } from './recompute-page.js';
import { resolveRoster } from './roster.js';
import { teamSources } from './sources.js';

export interface PageProgress {
  engineerId: string;
  done: number;
  total: number;
  requests: number;
  writes: number;
}

export interface RecomputeAllResult {
  pages: number;
  /** Engineers with no page for this quarter (they joined after it ended), with the reason. */
  skipped: { engineerId: string; reason: string }[];
  /** Engineers whose page a past quarter never had, left uncreated without `create`. */
  uncreated: number;
  requests: number;
  writes: number;
  failed: { engineerId: string; error: string }[];
}

export interface RecomputeAllOptions {
  /** Create the pages a past quarter never had (`--create`). */
  create?: boolean;
  onProgress?: (progress: PageProgress) => void;
  /** Waits between tries of a page (tests shorten them). */
  retryDelayMs?: (attempt: number, error: unknown) => number;
  /** The Notion client's retries of one request, before a page's own (tests shorten them). */
  notionRetry?: NotionRetry;
  /** The page lock's time to live, renewed ten times in it (tests shorten it). */
  lockTtlMs?: number;
}

export async function recomputeAll(
  context: ProcessContext,
  quarterId: string,
  options: RecomputeAllOptions = {},
): Promise<RecomputeAllResult> {
  const { env, team, logger, metrics } = context;
  const settings = calendarSettings(team);
  const now = () => new Date();
  const quarter = quarterById(quarterId, settings);
  const decision = backfillQuarterDecision({
    quarter,
    now: now(),
    create: options.create ?? false,
    timezone: settings.timezone,
  });
  if (decision.action === 'refuse') throw new DomainError(decision.code, decision.message);

  const redis = createRedis(env.redisUrl, 'command');
  try {
    await waitReady(redis, 10_000);
    const adapters = await connectAdapters({
      env,
      team,
      redis,
      logger,
      metrics,
      notionRetry: options.notionRetry,
    });
    await adapters.upgradeDatabases();
    const roster = await resolveRoster({
      team,
      directory: adapters.directory,
      redis,
      prefix: env.redisPrefix,
    });
    const sources = teamSources({ settings, label: team.label, adapters, now });
    const deps: RecomputeDeps = {
      ...sources,
      roster: new Map(roster.map((e) => [e.id, e])),
      logger,
      serialize: pageSerializer(
        redis,
        env.redisPrefix,
        options.lockTtlMs !== undefined ? { ttlMs: options.lockTtlMs } : {},
      ),
    };
    let pages = 0;
    const failed: RecomputeAllResult['failed'] = [];
    const skipped: RecomputeAllResult['skipped'] = [];
    let uncreated = 0;
    const known = new Map<string, BaselineInputs>();
    // Every Notion request counts, the reads of the fresh snapshots included.
    const meter = new RequestMeter();
    for (const [index, engineer] of roster.entries()) {
      const one = backfillEngineerDecision({
        quarter,
        engineerName: engineer.name,
        startDate: engineer.startDate,
        timezone: settings.timezone,
      });
      if (one.action === 'skip') {
        skipped.push({ engineerId: engineer.id, reason: one.message });
        // Blank in the grid, and nothing to ask Linear about.
        known.set(engineer.id, { shipped: [], excusedWeeks: [] });
      } else {
        try {
          const result = await withPatience(
            () =>
              metered(meter, () =>
                recomputePage(
                  deps,
                  {
                    engineerId: engineer.id,
                    quarterId,
                    fresh: true,
                    existingOnly: !decision.createPages,
                    silent: !decision.notices,
                  },
                  logger.child({ engineer: engineer.id }),
                ),
              ),
            {
              ...(options.retryDelayMs ? { delayMs: options.retryDelayMs } : {}),
              onRetry: (attempt, error) =>
                logger.warn({ engineer: engineer.id, attempt, err: error }, 'page failed; trying again'),
            },
          );
          if (result.inputs) known.set(engineer.id, result.inputs);
          if (!result.skipped) pages += 1;
          if (result.skipped === 'no-page') uncreated += 1;
        } catch (error) {
          failed.push({
            engineerId: engineer.id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      options.onProgress?.({
        engineerId: engineer.id,
        done: index + 1,
        total: roster.length,
        requests: meter.requests,
        writes: meter.writes,
      });
    }
    // The manager's Friday scan follows what the backfill rewrote, from what it read.
    if (meter.writes > 0) {
      await withPatience(() =>
        metered(meter, async () =>
          adapters.gridPages.write(await computeTeamGrid({ ...sources, roster }, quarter, known)),
        ),
      );
    }
    await adapters.close();
    return { pages, skipped, uncreated, requests: meter.requests, writes: meter.writes, failed };
  } finally {
    redis.disconnect();
  }
}
