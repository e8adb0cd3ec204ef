import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type RecomputeRequest, recomputeJob, recomputeKey } from './jobs.js';
import { FAILED_RETENTION_SECONDS, QUEUE } from './names.js';

/** The backoff type whose delays the worker computes, honouring an API's retry-after. */
export const RETRY_AFTER_BACKOFF = 'retry-after';

export const RECOMPUTE_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: RETRY_AFTER_BACKOFF },
  // Completed recomputes carry no information worth keeping; deduplication does not depend on them.
  removeOnComplete: { count: 1_000 },
  removeOnFail: { age: FAILED_RETENTION_SECONDS },
};

export interface RecomputeScheduler {
  /**
   * Asks for one recompute of an (engineer, quarter) page. Requests for the same page inside the
   * debounce window become one job; a request while that job runs becomes exactly one follow-up,
   * so a page is never recomputed by two workers at once and no request is lost.
   */
  schedule(data: RecomputeRequest, options?: { delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createRecomputeScheduler(options: {
  connection: Redis;
  prefix: string;
  debounceMs: number;
}): RecomputeScheduler {
  const queue = new Queue(QUEUE.recompute, { connection: options.connection, prefix: options.prefix });
  queue.on('error', () => {});
  return {
    async schedule(data, scheduleOptions = {}) {
      const job = recomputeJob.parse(data);
      await queue.add('recompute', job, {
        ...RECOMPUTE_JOB_OPTIONS,
        delay: scheduleOptions.delayMs ?? options.debounceMs,
        deduplication: { id: recomputeKey(job.engineerId, job.quarterId), keepLastIfActive: true },
      });
    },
    async close() {
      await queue.close();
    },
  };
}
