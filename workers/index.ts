import { type Job, type Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/observability/logger.js';
import type { Metrics } from '../src/observability/metrics.js';
import type { QueueName } from '../src/queue/names.js';
import { asJobError, retryDelay } from './failure.js';

export { cadenceProcessor, type NotionSweep, type TeamGridWriter } from './cadence.js';
export { linearEventProcessor } from './linear-event.js';
export { notionEventProcessor, type PageOwnerLookup } from './notion-event.js';
export { type RecomputeDeps, recomputePage, recomputeProcessor } from './recompute.js';

export interface WorkerSet {
  /** True while every worker is connected and taking jobs. */
  running(): boolean;
  /** Stops taking jobs, lets the running ones finish within `graceMs`, then closes. */
  close(graceMs: number): Promise<void>;
}

export interface StartWorkersOptions {
  processors: Partial<Record<QueueName, Processor>>;
  /** One blocking connection per worker, as BullMQ requires (`maxRetriesPerRequest: null`). */
  connection: () => Redis;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  concurrency?: Partial<Record<QueueName, number>>;
}

/** Starts one BullMQ worker per queue that has a processor. */
export function startWorkers(options: StartWorkersOptions): WorkerSet {
  const workers: Worker[] = [];
  const connections: Redis[] = [];
  for (const [queue, processor] of Object.entries(options.processors) as [QueueName, Processor][]) {
    const log = options.logger.child({ queue });
    const connection = options.connection();
    connections.push(connection);
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        try {
          return await processor(job, token);
        } catch (error) {
          throw asJobError(error);
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
        !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
      options.metrics.jobs.inc({ queue, outcome: final ? 'failed' : 'retried' });
      const fields = { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error };
      if (final) log.error(fields, 'job failed; kept in the failed set for inspection');
      else log.warn(fields, 'job failed; will retry');
    });
    worker.on('error', (error) => log.error({ err: error }, 'worker error'));
    workers.push(worker);
  }
  return {
    running: () => workers.every((w) => w.isRunning()),
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
