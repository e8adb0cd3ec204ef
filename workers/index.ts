import { DelayedError, type Job, type Processor, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/observability/logger.js';
import type { Metrics } from '../src/observability/metrics.js';
import { LockLostError } from '../src/queue/lock.js';
import type { QueueName } from '../src/queue/names.js';
import {
  asJobError,
  classifyFailure,
  DEFAULT_WAIT,
  type Dependency,
  retryDelay,
  unavailableDelay,
  type WaitPolicy,
} from './failure.js';

export { cadenceProcessor } from './cadence.js';
export { linearEventProcessor } from './linear-event.js';
export { notionEventProcessor } from './notion-event.js';
export { recomputeProcessor } from './recompute.js';

export interface WorkerSet {
  /** True while every worker is connected and taking jobs. */
  running(): boolean;
  /** Stops taking jobs, lets the running ones finish within `graceMs`, then closes. */
  close(graceMs: number): Promise<void>;
  /**
   * Runs now the jobs this process put to wait for `dependency` (it works again); resolves to how
   * many. Jobs another process put to wait run at the end of their own wait.
   */
  resume(dependency: Dependency): Promise<number>;
}

export interface StartWorkersOptions {
  processors: Partial<Record<QueueName, Processor>>;
  /** One blocking connection per worker, as BullMQ requires (`maxRetriesPerRequest: null`). */
  connection: () => Redis;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  concurrency?: Partial<Record<QueueName, number>>;
  /** How jobs wait for a service that cannot be used (a refused credential, an outage). */
  wait?: WaitPolicy;
  /** Told when a job found a service unusable, so readiness says so before its next check. */
  onUnavailable?: (dependency: Dependency, error: unknown) => void;
}

/** Starts one BullMQ worker per queue that has a processor. */
export function startWorkers(options: StartWorkersOptions): WorkerSet {
  const workers: Worker[] = [];
  const connections: Redis[] = [];
  const wait = options.wait ?? DEFAULT_WAIT;
  // Jobs this process moved to the delayed set to wait for a service, by queue and id.
  const waiting = new Map<string, { job: Job; dependency: Dependency }>();
  for (const [queue, processor] of Object.entries(options.processors) as [QueueName, Processor][]) {
    const log = options.logger.child({ queue });
    const connection = options.connection();
    connections.push(connection);
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        waiting.delete(`${queue}:${job.id}`);
        try {
          return await processor(job, token);
        } catch (error) {
          const failure = classifyFailure(error);
          const delay =
            failure.kind === 'unavailable' && failure.dependency && token
              ? unavailableDelay(job.timestamp, Date.now(), wait)
              : undefined;
          if (delay === undefined || !failure.dependency || !token) throw asJobError(error);
          // The service is unusable, not the job: wait without spending an attempt.
          options.onUnavailable?.(failure.dependency, error);
          options.metrics.jobs.inc({ queue, outcome: 'waiting' });
          log.warn(
            { jobId: job.id, dependency: failure.dependency, code: failure.code, waitMs: delay, err: error },
            `job waits for ${failure.dependency} to work again`,
          );
          await job.moveToDelayed(Date.now() + delay, token);
          waiting.set(`${queue}:${job.id}`, { job, dependency: failure.dependency });
          throw new DelayedError();
        }
      },
      {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency?.[queue] ?? 1,
        settings: { backoffStrategy: (attemptsMade, _type, error) => retryDelay(attemptsMade, error) },
      },
    );
    worker.on('completed', (job) => {
      options.metrics.jobs.inc({ queue, outcome: 'completed' });
      log.debug({ jobId: job.id }, 'job completed');
    });
    worker.on('failed', (job, error) => {
      const final =
        !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      options.metrics.jobs.inc({ queue, outcome: final ? 'failed' : 'retried' });
      const fields = { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error };
      if (final) log.error(fields, 'job failed; kept in the failed set for inspection');
      else if (error instanceof LockLostError) {
        // Not a crash: the job stopped itself so that two holders never write one page.
        const { jobId, attemptsMade } = fields;
        log.warn(
          { jobId, attemptsMade, reason: error.message },
          'page lock lost; stopped writing, will retry',
        );
      } else log.warn(fields, 'job failed; will retry');
    });
    worker.on('error', (error) => log.error({ err: error }, 'worker error'));
    workers.push(worker);
  }
  return {
    running: () => workers.every((w) => w.isRunning()),
    async resume(dependency) {
      let resumed = 0;
      for (const [key, entry] of [...waiting]) {
        if (entry.dependency !== dependency) continue;
        waiting.delete(key);
        // Another process may have run it already: then there is nothing left to promote.
        const promoted = await entry.job.promote().then(
          () => true,
          () => false,
        );
        if (promoted) resumed += 1;
      }
      if (resumed > 0)
        options.logger.info({ dependency, jobs: resumed }, `${dependency} works again; waiting jobs run now`);
      return resumed;
    },
    async close(graceMs) {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
      ]);
      if (timedOut) {
        // A worker already closing ignores close(true): cut its connections instead. The jobs still
        // running stay active in Redis until their lock expires; then they are stalled and run again.
        options.logger.warn({ graceMs }, 'jobs still running after the grace period; closing anyway');
        graceful.catch(() => undefined);
      }
      for (const connection of connections) connection.disconnect();
    },
  };
}
