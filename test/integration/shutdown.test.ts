/**
 * Stopping the workers (SIGTERM): no new job is taken, a running job finishes within the grace
 * period, and one that outlasts it is left in Redis, to be taken up again after the restart.
 */
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { QUEUE } from '../../src/queue/names.js';
import { startWorkers } from '../../workers/index.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';

const redis = commandRedis();
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withRunningJob(jobMs: number) {
  const prefix = testPrefix('shutdown');
  prefixes.push(prefix);
  const queue = new Queue(QUEUE.recompute, { connection: redis, prefix });
  let started = false;
  let finished = false;
  const workers = startWorkers({
    processors: {
      [QUEUE.recompute]: async () => {
        started = true;
        await sleep(jobMs);
        finished = true;
        return 'written';
      },
    },
    connection: () => createRedis(REDIS_URL, 'worker'),
    prefix,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const job = await queue.add('recompute', { engineerId: 'ana', quarterId: '2026-Q4', reason: 'linear' });
  while (!started) await sleep(10);
  return { queue, workers, job, finished: () => finished };
}

describe('when the workers are stopped while a job runs', () => {
  it('should let the job finish within the grace period, then stop', async () => {
    const { queue, workers, job, finished } = await withRunningJob(300);
    await workers.close(5_000);
    expect(finished()).toBe(true);
    expect(await queue.getJobState(job.id as string)).toBe('completed');
    expect(workers.running()).toBe(false);
    await queue.close();
  });

  it('should stop at the end of the grace period and leave the job in Redis to run again', async () => {
    const { queue, workers, job, finished } = await withRunningJob(3_000);
    const began = Date.now();
    await workers.close(200);
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(finished()).toBe(false);
    // Not completed, not lost: still active until its lock expires, then stalled and retried.
    expect(await queue.getJobState(job.id as string)).toBe('active');
    await queue.close();
  });
});
