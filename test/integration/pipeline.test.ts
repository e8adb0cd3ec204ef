import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuarterPage } from '../../src/domain/page-model.js';
import type { LinearReader, QuarterPageStore, ShippedQuery } from '../../src/domain/ports.js';
import type { ShippedChange } from '../../src/domain/types.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { deliveryJobId } from '../../src/queue/intake.js';
import { QUEUE } from '../../src/queue/names.js';
import { createRecomputeScheduler } from '../../src/queue/recompute.js';
import {
  linearEventProcessor,
  recomputeProcessor,
  startWorkers,
  type WorkerSet,
} from '../../workers/index.js';
import { ANA as ANA_LINEAR_ID, issueDelivery, signedHeaders } from '../fixtures/linear/deliveries.js';
import { MAYA, SETTINGS } from '../fixtures/team.js';
import { buildReceiver } from '../helpers/receiver.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';

const SECRET = 'lin_wh_pipeline';
const prefix = testPrefix('pipeline');
const redis = commandRedis();
const ana = {
  id: 'ana',
  name: 'Ana Ruiz',
  tier: 'junior' as const,
  startDate: '2026-09-14',
  linearUserId: ANA_LINEAR_ID,
  notionUserId: 'notion-ana',
  manager: MAYA,
};

/** What Linear says now: the test adds issues as they "ship". */
const linearIssues: ShippedChange[] = [];
const queries: ShippedQuery[] = [];
const linear: LinearReader = {
  async shippedChanges(query) {
    queries.push(query);
    return linearIssues.filter(
      (i) => i.assigneeId === query.assigneeId && i.completedAt >= query.from && i.completedAt < query.to,
    );
  },
};
const written: QuarterPage[] = [];
const notion: QuarterPageStore = {
  async read() {
    return {
      readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
    };
  },
  async write(page) {
    written.push(page);
    return { writes: 1, requests: 1 };
  },
};

let receiver: ReturnType<typeof buildReceiver>;
let workers: WorkerSet;
const recompute = createRecomputeScheduler({ connection: redis, prefix, debounceMs: 1_500 });

beforeAll(async () => {
  receiver = buildReceiver({ prefix, secrets: [SECRET] });
  const logger = createLogger({ level: 'silent' });
  workers = startWorkers({
    processors: {
      [QUEUE.linearEvents]: linearEventProcessor({ roster: [ana], settings: SETTINGS, recompute }),
      [QUEUE.recompute]: recomputeProcessor({
        roster: new Map([[ana.id, ana]]),
        settings: SETTINGS,
        label: 'production-visible',
        linear,
        notion,
        now: () => new Date('2026-11-25T12:00:00Z'),
        logger,
      }),
    },
    connection: () => createRedis(REDIS_URL, 'worker'),
    prefix,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    concurrency: { [QUEUE.linearEvents]: 4, [QUEUE.recompute]: 2 },
  });
});

afterAll(async () => {
  await workers.close(5_000);
  await receiver.close();
  await recompute.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * Until nothing is left to run: no delivery waiting or running, then no recompute waiting,
 * debounced, or running (a delivery schedules its recompute before it completes). Whatever the
 * pipeline would still write, a follow-up recompute included, has been written by then.
 */
async function settled() {
  const events = new Queue(QUEUE.linearEvents, { connection: redis, prefix });
  const recomputes = new Queue(QUEUE.recompute, { connection: redis, prefix });
  const idle = async (queue: Queue) =>
    Object.values(await queue.getJobCounts(...PENDING)).every((count) => count === 0);
  try {
    await until(async () => (await idle(events)) && (await idle(recomputes)));
  } finally {
    await events.close();
    await recomputes.close();
  }
}

describe('when 20 production-visible changes ship for one engineer inside the debounce window', () => {
  it('should cost one recompute, which reads the truth from Linear once', async () => {
    for (let i = 0; i < 20; i++) {
      const issueId = randomUUID();
      const completedAt = new Date(Date.parse('2026-11-24T10:00:00Z') + i * 60_000);
      linearIssues.push({
        issueId,
        identifier: `ENG-${i + 1}`,
        title: `Change ${i + 1}`,
        url: `https://linear.app/acme/issue/ENG-${i + 1}`,
        assigneeId: ANA_LINEAR_ID,
        completedAt,
      });
      const raw = JSON.stringify(
        issueDelivery({ data: { id: issueId, completedAt: completedAt.toISOString() } }),
      );
      const res = await receiver.app.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: signedHeaders(raw, SECRET),
        payload: raw,
      });
      expect(res.statusCode).toBe(200);
    }
    await until(() => written.length >= 1);
    // Nothing left queued or debounced: no second recompute follows.
    await settled();
    expect(written).toHaveLength(1);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ assigneeId: ANA_LINEAR_ID, label: 'production-visible' });
    expect(queries[0]?.from.toISOString()).toBe('2026-09-27T22:00:00.000Z');
    expect(written[0]?.evidence).toHaveLength(20);
    expect(written[0]?.weeks.find((w) => w.week === '2026-W48')?.shipped).toHaveLength(20);
  });
});

describe('when one delivery is sent three times', () => {
  it('should be processed once', async () => {
    const events = new Queue(QUEUE.linearEvents, { connection: redis, prefix });
    const eventsBefore = Object.values(await events.getJobCounts()).reduce((a, b) => a + b, 0);
    const before = written.length;
    const deliveryId = randomUUID();
    for (let i = 0; i < 3; i++) {
      const raw = JSON.stringify(issueDelivery({ data: { completedAt: '2026-11-25T09:00:00.000Z' } }));
      const res = await receiver.app.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: signedHeaders(raw, SECRET, deliveryId),
        payload: raw,
      });
      expect(res.statusCode).toBe(200);
    }
    await until(() => written.length === before + 1);
    await settled();
    expect(written).toHaveLength(before + 1);
    const eventsAfter = Object.values(await events.getJobCounts()).reduce((a, b) => a + b, 0);
    expect(eventsAfter - eventsBefore).toBe(1);
    expect((await events.getJob(deliveryJobId(deliveryId)))?.finishedOn).toBeTypeOf('number');
    await events.close();
  });
});
