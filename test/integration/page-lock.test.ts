import type { IncomingMessage } from 'node:http';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { quarterById } from '../../src/domain/calendar.js';
import type { LinearReader } from '../../src/domain/ports.js';
import type { Engineer } from '../../src/domain/types.js';
import { createNotionQuarterPages } from '../../src/notion/writer.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { LockLostError, LockTimeoutError, pageSerializer, withLock } from '../../src/queue/lock.js';
import { QUEUE } from '../../src/queue/names.js';
import { RECOMPUTE_JOB_OPTIONS } from '../../src/queue/recompute.js';
import { plain } from '../../src/sandbox/notion-store.js';
import { recomputeProcessor, startWorkers } from '../../workers/index.js';
import { MAYA, SETTINGS, shipped } from '../fixtures/team.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { freePort, startRedis } from '../helpers/redis-server.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('page-lock');
const redis = commandRedis();
const other = commandRedis();
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  other.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('when two processes recompute the same page at once', () => {
  it('should run them one after the other, never together', async () => {
    const serialize = pageSerializer(redis, prefix);
    const elsewhere = pageSerializer(other, prefix);
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await sleep(150);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      serialize('page:ana:2026-Q4', work('worker')),
      elsewhere('page:ana:2026-Q4', work('backfill')),
    ]);
    expect(results).toEqual(['worker', 'backfill']);
    expect(log).toHaveLength(4);
    expect(log[0]?.split(' ')[0]).toBe(log[1]?.split(' ')[0]);
    expect(log[2]?.split(' ')[0]).toBe(log[3]?.split(' ')[0]);
    expect(await redis.exists(`${prefix}:lock:page:ana:2026-Q4`)).toBe(0);
  });

  it('should let different pages run side by side', async () => {
    const serialize = pageSerializer(redis, prefix);
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(100);
      running -= 1;
    };
    await Promise.all([serialize('page:ana:2026-Q4', work), serialize('page:ben:2026-Q4', work)]);
    expect(most).toBe(2);
  });
});

describe('when a holder runs longer than the lock’s time to live', () => {
  it('should keep the lock renewed, so no one else takes it meanwhile', async () => {
    const key = `${prefix}:lock:long`;
    let secondRanDuring = false;
    let firstRunning = true;
    const first = withLock(
      redis,
      key,
      async () => {
        await sleep(400);
        firstRunning = false;
      },
      { ttlMs: 100 },
    );
    await sleep(20);
    const second = withLock(
      other,
      key,
      async () => {
        secondRanDuring = firstRunning;
      },
      { ttlMs: 100, waitMs: 2_000 },
    );
    await Promise.all([first, second]);
    expect(secondRanDuring).toBe(false);
  });

  it('should give up waiting with a typed error naming the lock', async () => {
    const key = `${prefix}:lock:busy`;
    const holder = withLock(redis, key, () => sleep(500), { ttlMs: 1_000 });
    await sleep(20);
    const error = await withLock(other, key, async () => 'ran', { waitMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).toBe('lock-timeout');
    expect(String((error as Error).message)).toContain(key);
    await holder;
  });
});

/** When `signal` was aborted (ms since the epoch), or undefined if it was not within `withinMs`. */
function abortedAt(signal: AbortSignal, withinMs: number): Promise<number | undefined> {
  if (signal.aborted) return Promise.resolve(Date.now());
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), withinMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(Date.now());
    });
  });
}

describe('when a holder loses its lock while it works', () => {
  // A TTL of 2 s renews every 200 ms.
  const ttlMs = 2_000;
  const everyMs = ttlMs / 10;

  it('should abort its signal within one renewal interval of the key being deleted', async () => {
    const key = `${prefix}:lock:deleted`;
    const reason = await withLock(
      redis,
      key,
      async (signal) => {
        // Renewals have gone through for a while: the lock is held, and the signal quiet.
        await sleep(3 * everyMs);
        expect(signal.aborted).toBe(false);
        await other.del(key);
        const deletedAt = Date.now();
        const at = await abortedAt(signal, ttlMs);
        expect(at).toBeDefined();
        // One interval, and a little for the timer and the round trip on a busy machine.
        expect((at ?? Infinity) - deletedAt).toBeLessThanOrEqual(everyMs + 100);
        return signal.reason as unknown;
      },
      { ttlMs },
    );
    expect(reason).toBeInstanceOf(LockLostError);
    expect((reason as LockLostError).code).toBe('lock-lost');
    expect((reason as LockLostError).retryable).toBe(true);
    expect((reason as Error).message).toContain(key);
    expect((reason as Error).message).toContain('gone or held by someone else');
  });

  it('should abort when another holder took the key, and leave that holder’s lock alone', async () => {
    const key = `${prefix}:lock:taken`;
    await withLock(
      redis,
      key,
      async (signal) => {
        // What a failover that lost the key, followed by another process's SET, leaves.
        await other.set(key, 'someone-else', 'PX', 60_000);
        expect(await abortedAt(signal, ttlMs)).toBeDefined();
      },
      { ttlMs },
    );
    expect(await redis.get(key)).toBe('someone-else');
    await redis.del(key);
  });

  it('should count the lock lost once it could have expired while Redis does not answer', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const frozen = createRedis(`redis://127.0.0.1:${port}`, 'command');
    frozen.on('error', () => {});
    try {
      await withLock(
        frozen,
        'lock:frozen',
        async (signal) => {
          await sleep(2 * everyMs);
          // A frozen Redis: the renewals are sent and never answered.
          server.kill('SIGSTOP');
          const frozenAt = Date.now();
          const at = await abortedAt(signal, 2 * ttlMs);
          expect(at).toBeDefined();
          const waited = (at ?? Infinity) - frozenAt;
          // Not at the first unanswered renewal: only when the key could expire before the next.
          expect(waited).toBeGreaterThan(ttlMs / 2);
          expect(waited).toBeLessThanOrEqual(ttlMs);
          expect((signal.reason as Error).message).toContain('may have expired');
          server.kill('SIGCONT');
        },
        { ttlMs },
      );
    } finally {
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      frozen.disconnect();
    }
  });

  it('should never abort a holder that keeps its lock, during its work or after it released it', async () => {
    const key = `${prefix}:lock:kept`;
    let kept: AbortSignal | undefined;
    await withLock(
      redis,
      key,
      async (signal) => {
        kept = signal;
        await sleep(3 * 300);
      },
      { ttlMs: 300 },
    );
    expect(kept?.aborted).toBe(false);
    expect(await redis.exists(key)).toBe(0);
    // No renewal outlives the release to find the key gone.
    await sleep(3 * 30);
    expect(kept?.aborted).toBe(false);
  });
});

describe('when the page lock is deleted under a running recompute job', () => {
  it('should send no Notion write after the loss, and the retried job should finish the page right', async () => {
    const env = await sandboxWithNotion({ redis, prefix });
    const notion = env.sandbox.notion;
    const maya = notion.addUser({ type: 'person', name: MAYA.name, email: 'maya@example.com' });
    const ana: Engineer = {
      id: 'ana',
      name: 'Ana Ruiz',
      tier: 'mid',
      startDate: '2024-01-08',
      linearUserId: 'lin-ana',
      notionUserId: notion.addUser({ type: 'person', name: 'Ana Ruiz', email: 'ana@example.com' }).id,
      manager: { ...MAYA, notionUserId: maya.id },
    };
    const changes = [
      shipped(ana, '2026-10-06T10:00:00Z', 'Passkeys on web'),
      shipped(ana, '2026-10-14T10:00:00Z', 'Export to CSV'),
    ];
    const linear: LinearReader = {
      shippedChanges: async (q) => changes.filter((c) => c.completedAt >= q.from && c.completedAt < q.to),
    };
    const pages = createNotionQuarterPages({
      client: env.client,
      targets: env.targets,
      redis,
      prefix,
      timezone: SETTINGS.timezone,
    });
    const lockKey = `${prefix}:lock:page:ana:2026-Q4`;

    // Notion slowed: the page's create is answered 1.5 s after it arrives. The lock is deleted the
    // moment it arrives, as a failover that lost the key would; renewals every 300 ms see it.
    env.sandbox.faults.inject({ service: 'notion', method: 'POST', path: '/v1/pages', latencyMs: 1_500 });
    let deleted = false;
    const writesAfterLoss: string[] = [];
    const arrived = (request: IncomingMessage) => {
      const [path = ''] = (request.url ?? '').split('?');
      const write = request.method !== 'GET' && !path.endsWith('/query');
      if (deleted && write) writesAfterLoss.push(`${request.method} ${path}`);
      if (!deleted && request.method === 'POST' && path.endsWith('/v1/pages')) {
        deleted = true;
        void redis.del(lockKey);
      }
    };
    env.sandbox.app.server.prependListener('request', arrived);

    const lines: string[] = [];
    const logger = createLogger({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const workers = startWorkers({
      processors: {
        [QUEUE.recompute]: recomputeProcessor({
          roster: new Map([[ana.id, ana]]),
          settings: SETTINGS,
          label: 'production-visible',
          linear,
          notion: pages,
          now: () => new Date('2026-10-21T12:00:00Z'),
          logger,
          serialize: pageSerializer(redis, prefix, { ttlMs: 3_000 }),
        }),
      },
      connection: () => createRedis(REDIS_URL, 'worker'),
      prefix,
      logger,
      metrics: createMetrics({ defaultMetrics: false }),
    });
    const queue = new Queue(QUEUE.recompute, { connection: redis, prefix });
    try {
      const job = await queue.add(
        'recompute',
        { engineerId: 'ana', quarterId: '2026-Q4', reason: 'linear' },
        { ...RECOMPUTE_JOB_OPTIONS, jobId: 'lost-lock' },
      );
      const state = async () => (await queue.getJob(job.id ?? ''))?.attemptsMade ?? 0;
      await until(async () => (await state()) >= 1);
      // The first try has stopped: the held create was answered, and nothing was sent after it.
      expect(deleted).toBe(true);
      expect(writesAfterLoss).toEqual([]);
      const failedOnce = await queue.getJob(job.id ?? '');
      expect(failedOnce?.failedReason).toContain('lost the lock');
      expect(await failedOnce?.getState()).toBe('delayed');

      await until(async () => (await queue.getJob(job.id ?? ''))?.finishedOn !== undefined, 20_000);
      const done = await queue.getJob(job.id ?? '');
      expect(await done?.getState()).toBe('completed');
      expect(done?.attemptsMade).toBe(2);
      expect(done?.returnvalue).toMatchObject({ shipped: 2 });

      // The page is right: one quarter page (the one the first try created), one row per started
      // week, both ships as evidence, and nothing left to write from what Notion shows now.
      const inSource = (id: string) =>
        [...notion.pages.values()].filter(
          (p) => !p.in_trash && (p.parent as { data_source_id?: string }).data_source_id === id,
        );
      expect(inSource(env.targets.quarterDataSourceId)).toHaveLength(1);
      const weeks = inSource(env.targets.weekDataSourceId).map((r) =>
        plain((r.properties.Week as { rich_text: [] }).rich_text),
      );
      expect(weeks.sort()).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43']);
      const text = JSON.stringify([...notion.blocks.values()].filter((b) => !b.in_trash));
      expect(text).toContain('Passkeys on web');
      expect(text).toContain('Export to CSV');
      await pages.invalidate('ana', '2026-Q4');
      const quarter = quarterById('2026-Q4', SETTINGS);
      const again = await pages.read(ana, quarter, { fresh: true });
      const { buildQuarterPage } = await import('../../src/domain/quarter-page.js');
      const page = buildQuarterPage({
        engineer: ana,
        quarter,
        settings: SETTINGS,
        now: new Date('2026-10-21T12:00:00Z'),
        shipped: changes,
        readback: again.readback,
      });
      expect((await pages.write(page, again)).writes).toBe(0);

      // Said once, as a warning naming the lock, with no stack: the job stopped itself, it did not crash.
      const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
      const lost = logged.filter((l) => l.msg === 'page lock lost; stopped writing, will retry');
      expect(lost).toHaveLength(1);
      expect(lost[0]?.level).toBe(40);
      expect(lost[0]?.reason).toContain(lockKey);
      expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      env.sandbox.app.server.off('request', arrived);
      await workers.close(5_000);
      await queue.close();
      await env.sandbox.close();
    }
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(50);
  }
}
