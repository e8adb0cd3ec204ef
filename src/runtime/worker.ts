/**
 * `commitline worker`: the processors, their adapters, and the cadence schedulers. The only place
 * that wires Linear, Notion, Redis and the domain together.
 */
import { type Processor, Queue } from 'bullmq';
import {
  cadenceProcessor,
  linearEventProcessor,
  notionEventProcessor,
  recomputeProcessor,
  startWorkers,
  type WorkerSet,
} from '../../workers/index.js';
import { calendarSettings } from '../config/load.js';
import type { Engineer } from '../domain/index.js';
import type { NotionEventReader } from '../http/notion-webhook.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { pageSerializer } from '../queue/lock.js';
import { QUEUE } from '../queue/names.js';
import { createRecomputeScheduler } from '../queue/recompute.js';
import { assertRedisSafe } from '../queue/redis-check.js';
import { requestGridRefresh, upsertCadence } from '../queue/schedulers.js';
import { type Adapters, connectAdapters, notionEventReader } from './adapters.js';
import type { ProcessContext } from './context.js';
import { createGridWriter } from './grid.js';
import { resolveRoster } from './roster.js';

export interface WorkerProcess {
  workers: WorkerSet;
  roster: readonly Engineer[];
  adapters: Adapters;
  /** For `serve`, whose API also receives Notion's webhooks. */
  notionReader: NotionEventReader;
  close(): Promise<void>;
}

export async function startWorkerProcess(
  context: ProcessContext,
  options: { now?: () => Date; schedulers?: boolean } = {},
): Promise<WorkerProcess> {
  const { env, team, logger, metrics } = context;
  const redis = createRedis(env.redisUrl, 'command');
  redis.on('error', (error) => logger.warn({ err: error }, 'Redis connection error'));
  await waitReady(redis, 10_000);
  const facts = await assertRedisSafe(redis, {
    allowEvicting: env.allowEvictingRedis,
    warn: (message) => logger.warn(message),
  });
  logger.info({ redis: facts }, 'Redis checked');

  const settings = calendarSettings(team);
  const now = options.now ?? (() => new Date());
  let adapters: Adapters;
  let roster: Engineer[];
  try {
    adapters = await connectAdapters({ env, team, redis, logger, metrics });
    roster = await resolveRoster({ team, directory: adapters.directory, redis, prefix: env.redisPrefix });
  } catch (error) {
    // Nothing runs yet: let go of Redis so the process can exit with the error.
    redis.disconnect();
    throw error;
  }
  const byId = new Map(roster.map((e) => [e.id, e]));
  const recompute = createRecomputeScheduler({
    connection: redis,
    prefix: env.redisPrefix,
    debounceMs: env.recomputeDebounceMs,
  });

  const cadenceQueue = new Queue(QUEUE.cadence, { connection: redis, prefix: env.redisPrefix });
  cadenceQueue.on('error', () => {});
  const processors: Record<string, Processor> = {
    [QUEUE.linearEvents]: linearEventProcessor({ roster, settings, recompute }),
    [QUEUE.notionEvents]: notionEventProcessor({ pages: adapters.pages, recompute }),
    [QUEUE.recompute]: recomputeProcessor({
      roster: byId,
      settings,
      label: team.label,
      linear: adapters.linear,
      notion: adapters.notion,
      now,
      logger,
      onPageChanged: (quarterId) => requestGridRefresh(cadenceQueue, quarterId),
      serialize: pageSerializer(redis, env.redisPrefix),
    }),
    [QUEUE.cadence]: cadenceProcessor({
      roster,
      settings,
      now,
      recompute,
      grid: createGridWriter(
        { roster, settings, label: team.label, linear: adapters.linear, notion: adapters.notion, now },
        adapters.gridPages,
      ),
      sweep: adapters.sweep,
      logger,
    }),
  };
  const workers = startWorkers({
    processors,
    connection: () => createRedis(env.redisUrl, 'worker'),
    prefix: env.redisPrefix,
    logger,
    metrics,
    concurrency: { [QUEUE.recompute]: 4, [QUEUE.linearEvents]: 8, [QUEUE.notionEvents]: 4 },
  });
  if (options.schedulers ?? true) {
    const steps = await upsertCadence({ connection: redis, prefix: env.redisPrefix, settings });
    logger.info({ steps, timezone: settings.timezone }, 'cadence scheduled');
  }
  logger.info({ engineers: roster.length }, 'workers running');

  return {
    workers,
    roster,
    adapters,
    notionReader: notionEventReader(env),
    async close() {
      await workers.close(env.shutdownGraceMs);
      await recompute.close();
      await cadenceQueue.close();
      await adapters.close();
      redis.disconnect();
    },
  };
}
