/**
 * `commitline worker`: the processors, their adapters, and the cadence schedulers, wired together
 * with Linear, Notion, Redis and the domain.
 *
 * The process never exits for a service it cannot use yet. Redis down at start, a refused Linear
 * key or Notion token, an unreachable API: it keeps running, /readyz names what fails, and it
 * starts (or its jobs run) by itself once that works. What a person must fix in the configuration
 * (an unknown roster email, an evicting Redis) still stops a start that can tell at once.
 */
import { type Processor, Queue } from 'bullmq';
import { calendarSettings } from '../src/config/load.js';
import { type Engineer, rosterZones } from '../src/domain/index.js';
import { createLinearApi, createLinearDirectory, LinearApiError } from '../src/linear/index.js';
import { createLocalNotionLimiter, createNotionClient, NotionApiError } from '../src/notion/index.js';
import { maskUrl, maskUrls } from '../src/observability/redact.js';
import { createRedis, waitReady } from '../src/queue/connection.js';
import { pageSerializer } from '../src/queue/lock.js';
import { QUEUE } from '../src/queue/names.js';
import { createRecomputeScheduler, type RecomputeScheduler } from '../src/queue/recompute.js';
import { assertRedisSafe } from '../src/queue/redis-check.js';
import { requestGridRefresh, requestWeekDigest, upsertCadence } from '../src/queue/schedulers.js';
import { type Adapters, connectAdapters, notionEventReader } from '../src/runtime/adapters.js';
import type { ProcessContext } from '../src/runtime/context.js';
import { slackDigestPublisher } from '../src/runtime/digest.js';
import { createGridWriter } from '../src/runtime/grid.js';
import {
  createDependencyMonitor,
  linearCheck,
  notionCheck,
  unavailableReason,
} from '../src/runtime/readiness.js';
import { resolveRoster } from '../src/runtime/roster.js';
import { teamSources } from '../src/runtime/sources.js';
import type { StartWorkerProcess, WorkerProcess, WorkerStartOptions } from '../src/runtime/worker-process.js';
import { classifyFailure, type Dependency } from './failure.js';
import {
  cadenceProcessor,
  linearEventProcessor,
  notionEventProcessor,
  recomputeProcessor,
  startWorkers,
  type WorkerSet,
} from './index.js';

interface Running {
  workers: WorkerSet;
  roster: Engineer[];
  adapters: Adapters;
  recompute: RecomputeScheduler;
  cadenceQueue: Queue;
}

/** How /readyz names a start that has not happened yet. */
const START = 'worker-start';

/** Why the start has not happened, on one line, naming the service when one is at fault. */
function startReason(error: unknown): string {
  if (error instanceof LinearApiError) return `Linear: ${unavailableReason(error) ?? 'rate limited'}`;
  if (error instanceof NotionApiError) return `Notion: ${unavailableReason(error) ?? 'rate limited'}`;
  const message = error instanceof Error ? error.message : String(error);
  return maskUrls(
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join('; '),
  );
}

/** A start that cannot go on yet: Redis is not there. */
class RedisNotReady extends Error {
  readonly code = 'redis-not-ready';
}

/** Failures a start waits out instead of stopping: they are fixed by time or in another service. */
function waitsForService(error: unknown): boolean {
  return error instanceof RedisNotReady || classifyFailure(error).kind === 'unavailable';
}

/** Starts the worker process: see the header. */
export const startWorkerProcess: StartWorkerProcess = async (
  context: ProcessContext,
  options: WorkerStartOptions = {},
): Promise<WorkerProcess> => {
  const { env, team, logger, metrics } = context;
  const monitor = context.dependencies ?? createDependencyMonitor({ logger });
  const redisAt = maskUrl(env.redisUrl);
  const redis = createRedis(env.redisUrl, 'command');
  let outage = false;
  redis.on('error', (error) => {
    if (!outage) logger.warn({ err: error, redis: redisAt }, 'Redis connection error');
    outage = true;
  });
  redis.on('ready', () => {
    outage = false;
  });

  // The credentials, checked now and every few minutes, with their own clients: a refused token
  // is seen even while Redis (and so the shared Notion limiter) is down.
  const checks: Promise<void>[] = [];
  if (env.linearApiKey) {
    const directory = createLinearDirectory(
      createLinearApi({ apiKey: env.linearApiKey, apiUrl: env.linearApiUrl, retry: false }),
    );
    checks.push(
      monitor.watch(
        'linear',
        linearCheck(() => directory.viewerId()),
      ),
    );
  }
  if (env.notionToken) {
    const client = createNotionClient({
      token: env.notionToken,
      baseUrl: env.notionApiUrl,
      limiter: createLocalNotionLimiter(1),
      retry: false,
    });
    checks.push(
      monitor.watch(
        'notion',
        notionCheck(() => client.users.me({})),
      ),
    );
  }

  const settings = calendarSettings(team);
  const now = options.now ?? (() => new Date());
  let running: Running | undefined;
  let closed = false;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });

  const start = async (): Promise<void> => {
    if (redis.status !== 'ready') throw new RedisNotReady(`Redis not reachable at ${redisAt}`);
    const facts = await assertRedisSafe(redis, {
      allowEvicting: env.allowEvictingRedis,
      warn: (message) => logger.warn(message),
    });
    logger.info({ redis: facts }, 'Redis checked');
    const adapters = await connectAdapters({ env, team, redis, logger, metrics });
    // An upgrade may write properties the databases do not have yet: they are added before any write.
    await adapters.upgradeDatabases();
    const roster = await resolveRoster({
      team,
      directory: adapters.directory,
      redis,
      prefix: env.redisPrefix,
    });
    if (options.schedulers ?? true) {
      const zones = rosterZones(roster, settings);
      const steps = await upsertCadence({
        connection: redis,
        prefix: env.redisPrefix,
        settings,
        zones,
        goLive: await adapters.goLive(),
      });
      logger.info({ steps, timezone: settings.timezone, zones }, 'cadence scheduled');
    }
    running = launch(adapters, roster);
    monitor.clear(START);
    logger.info({ engineers: roster.length }, 'workers running');
    markStarted();
  };

  const launch = (adapters: Adapters, roster: Engineer[]): Running => {
    const byId = new Map(roster.map((e) => [e.id, e]));
    const recompute = createRecomputeScheduler({
      connection: redis,
      prefix: env.redisPrefix,
      debounceMs: env.recomputeDebounceMs,
    });
    const cadenceQueue = new Queue(QUEUE.cadence, { connection: redis, prefix: env.redisPrefix });
    cadenceQueue.on('error', () => {});
    const sources = teamSources({ settings, label: team.label, adapters, now });
    const digest = env.slack
      ? slackDigestPublisher({
          slack: env.slack,
          env,
          redis,
          team,
          adapters,
          logger,
          metrics,
          sources: { ...sources, roster, gridPageId: adapters.gridPages.pageIdOf },
        })
      : undefined;
    const processors: Record<string, Processor> = {
      [QUEUE.linearEvents]: linearEventProcessor({ roster, settings, recompute }),
      [QUEUE.notionEvents]: notionEventProcessor({ pages: adapters.pages, recompute }),
      [QUEUE.recompute]: recomputeProcessor({
        ...sources,
        roster: byId,
        logger,
        onPageChanged: (quarterId) => requestGridRefresh(cadenceQueue, quarterId),
        serialize: pageSerializer(redis, env.redisPrefix),
      }),
      [QUEUE.cadence]: cadenceProcessor({
        roster,
        settings,
        now,
        goLive: adapters.goLive,
        recompute,
        grid: createGridWriter({ ...sources, roster }, adapters.gridPages),
        ...(digest ? { digest, requestDigest: (week: string) => requestWeekDigest(cadenceQueue, week) } : {}),
        requestGrid: (quarterId: string, delayMs: number) =>
          requestGridRefresh(cadenceQueue, quarterId, delayMs),
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
      ...(options.wait ? { wait: options.wait } : {}),
      onUnavailable: (dependency: Dependency, error: unknown) => {
        // Only what the next check can see again clears; a page not shared waits on its own.
        // Slack is optional and has no readiness check to clear it: its jobs wait on their own.
        if (dependency === 'slack') return;
        const reason = unavailableReason(error);
        const code = classifyFailure(error).code;
        if (reason && code !== 'restricted' && code !== 'forbidden') monitor.report(dependency, reason);
      },
    });
    return { workers, roster, adapters, recompute, cadenceQueue };
  };

  // A service that works again: the jobs that waited for it run now, not at the end of their wait.
  monitor.onRecovered((dependency) => {
    if (running && (dependency === 'linear' || dependency === 'notion')) {
      void running.workers.resume(dependency).catch((error: unknown) => {
        logger.warn({ err: error, dependency }, 'could not resume the jobs that waited');
      });
    }
  });

  // Tries the start again at each interval and each time Redis connects, until it is done.
  let attempting = false;
  const retry = async () => {
    if (running || closed || attempting) return;
    attempting = true;
    try {
      await start();
    } catch (error) {
      const reason = startReason(error);
      monitor.report(START, reason);
      if (waitsForService(error)) logger.warn({ err: error }, `workers not started yet: ${reason}`);
      else logger.error({ err: error }, `workers cannot start: ${reason}; trying again`);
    } finally {
      attempting = false;
    }
  };
  const deferred = () => {
    const timer = setInterval(
      () => {
        if (running || closed) clearInterval(timer);
        else void retry();
      },
      Math.max(1_000, monitor.intervalMs),
    );
    timer.unref();
    redis.on('ready', () => void retry());
  };

  await Promise.all(checks);
  const reachable = await waitReady(redis, options.redisWaitMs ?? 5_000).then(
    () => true,
    () => false,
  );
  if (!reachable) {
    monitor.report(START, `Redis not reachable at ${redisAt}`);
    logger.warn({ redis: redisAt }, 'Redis is not reachable yet: the workers start once it is');
    deferred();
  } else {
    try {
      await start();
    } catch (error) {
      if (!waitsForService(error)) {
        // Nothing runs yet: let go of Redis so the process can exit with the error.
        monitor.stop();
        redis.disconnect();
        throw error;
      }
      const reason = startReason(error);
      monitor.report(START, reason);
      logger.warn({ err: error }, `workers not started yet: ${reason}; trying again`);
      deferred();
    }
  }

  const workers: WorkerSet = {
    running: () => running?.workers.running() ?? false,
    resume: async (dependency) => (running ? running.workers.resume(dependency) : 0),
    async close(graceMs) {
      await running?.workers.close(graceMs);
    },
  };
  return {
    workers,
    get roster() {
      if (!running) throw new Error('the workers have not started yet');
      return running.roster;
    },
    get adapters() {
      if (!running) throw new Error('the workers have not started yet');
      return running.adapters;
    },
    dependencies: monitor,
    whenStarted: () => started,
    notionReader: notionEventReader(env),
    async close() {
      closed = true;
      monitor.stop();
      if (running) {
        await running.workers.close(env.shutdownGraceMs);
        await running.recompute.close();
        await running.cadenceQueue.close();
        await running.adapters.close();
      }
      redis.disconnect();
    },
  };
};
