/**
 * A process started while Redis is down listens, answers 503 naming Redis, and recovers by itself
 * once Redis comes up: the API answers 200, the workers start. Redis here is a throwaway server of
 * this test's own, with a password that must never appear in a log line or an answer.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { parseTeamConfig } from '../../src/config/team.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { buildApiServer } from '../../src/runtime/api.js';
import type { ProcessContext } from '../../src/runtime/context.js';
import { createDependencyMonitor } from '../../src/runtime/readiness.js';
import type { WorkerProcess } from '../../src/runtime/worker-process.js';
import { SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';
import { startWorkerProcess } from '../../workers/process.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { freePort, startRedis } from '../helpers/redis-server.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const PASSWORD = 's3cret-redis-pass';
const prefix = testPrefix('redis-start');
const shared = commandRedis();
let port: number;
let server: ChildProcess | undefined;
let sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>;
let context: ProcessContext;
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

beforeAll(async () => {
  port = await freePort();
  // The databases are found under the parent page: the throwaway Redis starts empty.
  sandboxEnv = await sandboxWithNotion({ redis: shared, prefix });
  const ana = sandboxEnv.sandbox.linear.addUser({ name: 'Ana', email: 'ana@example.com' });
  const logger = createLogger({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  context = {
    env: readEnv({
      REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}`,
      REDIS_PREFIX: prefix,
      LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
      LINEAR_API_URL: sandboxEnv.urls.linearApiUrl,
      NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
      NOTION_API_URL: sandboxEnv.urls.notionApiUrl,
      NOTION_PARENT_PAGE_ID: sandboxEnv.parent.id,
      // The sandbox's own rate (sandboxWithNotion's), not production's default of 3 a second.
      NOTION_RATE_LIMIT: '1000',
      SHUTDOWN_GRACE_SECONDS: '2',
    }),
    team: parseTeamConfig({
      timezone: 'Europe/Berlin',
      managers: [{ id: 'maya', name: 'Maya', notion: 'notion-maya' }],
      roster: [
        {
          id: 'ana',
          name: 'Ana',
          linear: ana.id,
          notion: 'notion-ana',
          manager: 'maya',
          startDate: '2025-01-06',
          tier: 'mid',
        },
      ],
    }),
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    dependencies: createDependencyMonitor({ intervalMs: 200, logger }),
  };
});

afterAll(async () => {
  server?.kill('SIGKILL');
  await sandboxEnv?.sandbox.close();
  await deleteKeys(shared, prefix);
  shared.disconnect();
});

describe('when the API and the workers start before Redis', () => {
  let worker: WorkerProcess | undefined;
  let api: ReturnType<typeof buildApiServer> | undefined;
  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('should listen and answer 503 naming Redis, then 200 once Redis is up, without a restart', async () => {
    const began = Date.now();
    worker = await startWorkerProcess(context, { schedulers: false, redisWaitMs: 200 });
    api = buildApiServer({
      ...context,
      label: { name: 'production-visible', ids: new Set() },
      readiness: [{ name: 'workers', check: async () => worker?.workers.running() ?? false }],
      redisWaitMs: 200,
    });
    await api.ready();
    // Today's start gave up after 10 s and exited; now it goes on at once.
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(worker.workers.running()).toBe(false);

    const down = await api.operations.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    const body = down.json();
    expect(body.status).toBe('unready');
    expect(body.failing).toContainEqual({
      dependency: 'redis',
      reason: `not reachable at redis://:***@127.0.0.1:${port}`,
    });
    expect(body.checks).toMatchObject({ redis: 'failing', workers: 'failing', linear: 'ok', notion: 'ok' });

    server = await startRedis(port, ['--requirepass', PASSWORD]);
    await until('the workers to start', async () => (worker?.workers.running() ? true : undefined));
    const up = await until('a 200', async () => {
      const answer = await api?.operations.inject({ method: 'GET', url: '/readyz' });
      return answer?.statusCode === 200 ? answer : undefined;
    });
    expect(up.json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', workers: 'ok', linear: 'ok', notion: 'ok' },
      failing: [],
    });
    expect(worker.roster.map((e) => e.id)).toEqual(['ana']);

    const logged = lines.join('');
    expect(logged).toContain('Redis is not reachable yet');
    expect(logged).toContain('workers running');
    expect(logged).not.toContain(PASSWORD);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  }, 30_000);
});
