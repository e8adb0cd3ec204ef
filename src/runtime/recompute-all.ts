/**
 * Recomputes every engineer's page for one quarter, in this process, one page at a time (the
 * Notion rate limit is the bottleneck, so parallel pages would only queue behind it), then the
 * team grid. Each page is read fresh from Notion and taken under the same lock as the workers',
 * so a backfill never writes a page at the same time as a worker.
 */
import { type RecomputeDeps, recomputePage } from '../../workers/recompute.js';
import { calendarSettings } from '../config/load.js';
import { quarterById } from '../domain/index.js';
import { metered, RequestMeter } from '../notion/index.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { pageSerializer } from '../queue/lock.js';
import { connectAdapters } from './adapters.js';
import type { ProcessContext } from './context.js';
import { createGridWriter } from './grid.js';
import { resolveRoster } from './roster.js';

export interface PageProgress {
  engineerId: string;
  done: number;
  total: number;
  requests: number;
  writes: number;
}

export interface RecomputeAllResult {
  pages: number;
  requests: number;
  writes: number;
  failed: { engineerId: string; error: string }[];
}

export async function recomputeAll(
  context: ProcessContext,
  quarterId: string,
  onProgress: (progress: PageProgress) => void = () => {},
): Promise<RecomputeAllResult> {
  const { env, team, logger, metrics } = context;
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
    const settings = calendarSettings(team);
    const now = () => new Date();
    const deps: RecomputeDeps = {
      roster: new Map(roster.map((e) => [e.id, e])),
      settings,
      label: team.label,
      linear: adapters.linear,
      notion: adapters.notion,
      now,
      logger,
      serialize: pageSerializer(redis, env.redisPrefix),
    };
    let pages = 0;
    const failed: RecomputeAllResult['failed'] = [];
    // Every Notion request counts, the reads of the fresh readback included.
    const meter = new RequestMeter();
    for (const [index, engineer] of roster.entries()) {
      try {
        await metered(meter, () =>
          recomputePage(
            deps,
            { engineerId: engineer.id, quarterId, fresh: true },
            logger.child({ engineer: engineer.id }),
          ),
        );
        pages += 1;
      } catch (error) {
        failed.push({
          engineerId: engineer.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      onProgress({
        engineerId: engineer.id,
        done: index + 1,
        total: roster.length,
        requests: meter.requests,
        writes: meter.writes,
      });
    }
    // The manager's Friday scan follows what the backfill rewrote.
    if (meter.writes > 0) {
      const grid = createGridWriter(
        { roster, settings, label: team.label, linear: adapters.linear, notion: adapters.notion, now },
        adapters.gridPages,
      );
      await metered(meter, () => grid.writeGrid(quarterById(quarterId, settings)));
    }
    await adapters.close();
    return { pages, requests: meter.requests, writes: meter.writes, failed };
  } finally {
    redis.disconnect();
  }
}
