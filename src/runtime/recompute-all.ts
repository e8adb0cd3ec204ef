/**
 * Recomputes every engineer's page for one quarter, in this process, one page at a time (the
 * Notion rate limit is the bottleneck, so parallel pages would only queue behind it).
 */
import { type RecomputeDeps, recomputePage } from '../../workers/recompute.js';
import { calendarSettings } from '../config/load.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { connectAdapters } from './adapters.js';
import type { ProcessContext } from './context.js';
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
    const deps: RecomputeDeps = {
      roster: new Map(roster.map((e) => [e.id, e])),
      settings: calendarSettings(team),
      label: team.label,
      linear: adapters.linear,
      notion: adapters.notion,
      now: () => new Date(),
      logger,
    };
    const result: RecomputeAllResult = { pages: 0, requests: 0, writes: 0, failed: [] };
    for (const [index, engineer] of roster.entries()) {
      try {
        const report = await recomputePage(
          deps,
          engineer.id,
          quarterId,
          logger.child({ engineer: engineer.id }),
        );
        result.pages += 1;
        result.requests += report.requests;
        result.writes += report.writes;
      } catch (error) {
        result.failed.push({
          engineerId: engineer.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      onProgress({
        engineerId: engineer.id,
        done: index + 1,
        total: roster.length,
        requests: result.requests,
        writes: result.writes,
      });
    }
    await adapters.close();
    return result;
  } finally {
    redis.disconnect();
  }
}
