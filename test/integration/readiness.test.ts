/**
 * Readiness tells the truth, and a refused credential loses no work: with the Notion token
 * refused, /readyz answers 503 naming Notion and the recompute that hit it waits (not failed);
 * once the token is accepted again, /readyz answers 200 and that very job runs and writes the page.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { parseTeamConfig } from '../../src/config/team.js';
import { QUARTER_PROPS, storeTargets } from '../../src/notion/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { QUEUE } from '../../src/queue/names.js';
import { createRecomputeScheduler } from '../../src/queue/recompute.js';
import { buildApiServer } from '../../src/runtime/api.js';
import type { ProcessContext } from '../../src/runtime/context.js';
import { createDependencyMonitor } from '../../src/runtime/readiness.js';
import type { WorkerProcess } from '../../src/runtime/worker-process.js';
import { SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';
import { startWorkerProcess } from '../../workers/process.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('readiness');
const redis = commandRedis();
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;
let worker: WorkerProcess;
let api: ReturnType<typeof buildApiServer>;
const lines: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readyz() {
  const response = await api.operations.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  env = await sandboxWithNotion({ redis, prefix });
  await storeTargets(redis, prefix, env.targets);
  const ana = {
    linear: env.sandbox.linear.addUser({ name: 'Ana Ruiz', email: 'ana@example.com' }),
    notion: env.sandbox.notion.addUser({ type: 'person', name: 'Ana Ruiz', email: 'ana@example.com' }),
  };
  const maya = env.sandbox.notion.addUser({ type: 'person', name: 'Maya', email: 'maya@example.com' });
  env.sandbox.linear.addLabel('production-visible');
  const team = parseTeamConfig({
    timezone: 'Europe/Berlin',
    since: '2026-10-01',
    managers: [{ id: 'maya', name: 'Maya', notion: maya.id }],
    roster: [
      {
        id: 'ana',
        name: 'Ana Ruiz',
        linear: ana.linear.id,
        notion: ana.notion.id,
        manager: 'maya',
        startDate: '2025-01-06',
        tier: 'mid',
      },
    ],
  });
  const logger = createLogger({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const context: ProcessContext = {
    env: readEnv({
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
      LINEAR_API_URL: env.urls.linearApiUrl,
      NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
      NOTION_API_URL: env.urls.notionApiUrl,
      NOTION_PARENT_PAGE_ID: env.parent.id,
      // The sandbox's own rate (sandboxWithNotion's), not production's default of 3 a second.
      NOTION_RATE_LIMIT: '1000',
      RECOMPUTE_DEBOUNCE_SECONDS: '0',
      SHUTDOWN_GRACE_SECONDS: '2',
    }),
    team,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    // Small in tests; minutes in production.
    dependencies: createDependencyMonitor({ intervalMs: 300, logger }),
  };
  worker = await startWorkerProcess(context, {
    now: () => new Date('2026-11-25T12:00:00Z'),
    schedulers: false,
    // Longer than the test: the job runs because readiness saw Notion recover, not because its wait ended.
    wait: { baseMs: 60_000, maxMs: 60_000, giveUpAfterMs: 600_000 },
  });
  api = buildApiServer({
    ...context,
    label: { name: 'production-visible', ids: new Set() },
    readiness: [{ name: 'workers', check: async () => worker.workers.running() }],
    webhooks: false,
  });
  await api.ready();
});

afterAll(async () => {
  await api?.close();
  await worker?.close();
  await env?.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('when Notion refuses the token, then accepts it again', () => {
  it('should answer 200 while everything works', async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: { redis: 'ok', workers: 'ok', linear: 'ok', notion: 'ok' },
        failing: [],
      },
    });
  });

  it('should answer 503 naming Notion, keep the job waiting, and run it once the token works', async () => {
    env.sandbox.setCredentials({ notionToken: 'ntn_revoked_by_an_admin' });
    const queue = new Queue(QUEUE.recompute, { connection: redis, prefix });
    const recompute = createRecomputeScheduler({ connection: redis, prefix, debounceMs: 0 });
    try {
      await recompute.schedule({ engineerId: 'ana', quarterId: '2026-Q4', reason: 'linear' }, { delayMs: 0 });

      const unready = await until('a 503', async () => {
        const answer = await readyz();
        return answer.status === 503 ? answer : undefined;
      });
      expect(unready.body).toMatchObject({
        status: 'unready',
        failing: [{ dependency: 'notion', reason: 'token refused (401)' }],
      });
      expect(unready.body.checks).toMatchObject({ notion: 'failing', linear: 'ok', redis: 'ok' });

      // The job hit the refused token: it waits, it has not used up an attempt, it is not failed.
      const [waiting] = await until('the job to wait', async () => {
        const jobs = await queue.getJobs(['delayed']);
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(waiting?.attemptsMade).toBe(0);
      expect(await queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 0 });
      const pageOf = () =>
        env.sandbox.notion.pagesWhere(env.targets.quarterDataSourceId, QUARTER_PROPS.engineerKey, 'ana');
      expect(pageOf()).toHaveLength(0);

      env.sandbox.setCredentials({ notionToken: SANDBOX_NOTION_TOKEN });
      await until('a 200', async () => ((await readyz()).status === 200 ? true : undefined));
      const done = await until('the job to complete', async () => {
        const counts = await queue.getJobCounts('completed', 'failed', 'delayed');
        return counts.completed === 1 ? counts : undefined;
      });
      expect(done).toEqual({ completed: 1, failed: 0, delayed: 0 });
      expect(pageOf()).toHaveLength(1);
      expect(lines.join('')).not.toContain(SANDBOX_NOTION_TOKEN);
    } finally {
      await recompute.close();
      await queue.close();
    }
  }, 30_000);
});
