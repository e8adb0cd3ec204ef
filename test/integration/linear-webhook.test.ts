import { randomUUID } from 'node:crypto';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { Queue, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, buildOperationsApp } from '../../src/http/app.js';
import { LinearWebhookVerifier } from '../../src/linear/webhook.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis, waitReady } from '../../src/queue/connection.js';
import { createIntake, deliveryJobId, type Intake } from '../../src/queue/intake.js';
import { recomputeKey } from '../../src/queue/jobs.js';
import { QUEUE } from '../../src/queue/names.js';
import { createRecomputeScheduler } from '../../src/queue/recompute.js';
import { linearEventProcessor } from '../../workers/linear-event.js';
import {
  ANA,
  BEN,
  issueDelivery,
  LABEL_ID,
  OTHER_LABEL_ID,
  sign,
  signedHeaders,
} from '../fixtures/linear/deliveries.js';
import { ANA as ANA_ENGINEER, SETTINGS } from '../fixtures/team.js';
import { buildReceiver } from '../helpers/receiver.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { commandRedisAt, freePort, startRedis } from '../helpers/redis-server.js';

const SECRET = 'lin_wh_test_secret_current';
const OLD_SECRET = 'lin_wh_test_secret_previous';
const prefix = testPrefix('linear-webhook');
const redis = commandRedis();
const queue = new Queue(QUEUE.linearEvents, { connection: redis, prefix });
let receiver: ReturnType<typeof buildReceiver>;

beforeAll(() => {
  receiver = buildReceiver({ prefix, secrets: [SECRET, OLD_SECRET] });
});
afterEach(async () => {
  await queue.obliterate({ force: true });
});
afterAll(async () => {
  await receiver.close();
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

function post(body: unknown, headers: Record<string, string>, raw?: string) {
  return receiver.app.inject({
    method: 'POST',
    url: '/webhooks/linear',
    headers,
    payload: raw ?? JSON.stringify(body),
  });
}

function signed(body: Record<string, unknown>, secret = SECRET, deliveryId: string = randomUUID()) {
  const raw = JSON.stringify(body);
  return post(undefined, signedHeaders(raw, secret, deliveryId), raw);
}

async function jobCount(): Promise<number> {
  const counts = await queue.getJobCounts(
    'waiting',
    'delayed',
    'active',
    'completed',
    'failed',
    'prioritized',
  );
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('when a delivery is signed the way Linear signs it', () => {
  it('should be accepted by the Linear SDK verifier too (the fixture signs correctly)', () => {
    const raw = JSON.stringify(issueDelivery());
    expect(new LinearWebhookClient(SECRET).verify(Buffer.from(raw), sign(raw, SECRET))).toBe(true);
  });

  it('should enqueue a relevant delivery under its delivery id and answer 200', async () => {
    const deliveryId = randomUUID();
    const res = await signed(issueDelivery(), SECRET, deliveryId);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'enqueued' });
    const job = await queue.getJob(deliveryJobId(deliveryId));
    expect(job?.data).toEqual({
      deliveryId,
      organizationId: expect.any(String),
      issueId: '0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f',
      action: 'update',
      assigneeIds: [ANA],
      completedAts: ['2026-11-24T15:04:05.000Z'],
    });
    expect(job?.opts.removeOnComplete).toEqual({ age: 7 * 24 * 3600 });
  });

  it('should accept a delivery signed with the previous secret during a rotation', async () => {
    const res = await signed(issueDelivery(), OLD_SECRET);
    expect(res.statusCode).toBe(200);
    expect(await jobCount()).toBe(1);
  });

  it('should make one job of a delivery sent three times', async () => {
    const deliveryId = randomUUID();
    const raw = JSON.stringify(issueDelivery());
    for (let i = 0; i < 3; i++) {
      const res = await post(undefined, signedHeaders(raw, SECRET, deliveryId), raw);
      expect(res.statusCode).toBe(200);
    }
    expect(await jobCount()).toBe(1);
  });

  it('should carry ids and timestamps only, never the body or a secret', async () => {
    const deliveryId = randomUUID();
    await signed(issueDelivery(), SECRET, deliveryId);
    const job = await queue.getJob(deliveryJobId(deliveryId));
    const stored = JSON.stringify(job?.data);
    expect(stored).not.toContain('Ship passkeys');
    expect(stored).not.toContain(SECRET);
  });

  it('should enqueue both the current and the previous assignee on a reassignment', async () => {
    const deliveryId = randomUUID();
    await signed(
      issueDelivery({ data: { assigneeId: BEN }, updatedFrom: { assigneeId: ANA, updatedAt: 'x' } }),
      SECRET,
      deliveryId,
    );
    expect((await queue.getJob(deliveryJobId(deliveryId)))?.data.assigneeIds).toEqual([BEN, ANA]);
  });
});

describe('when a delivery cannot be trusted or read', () => {
  it.each([
    ['no signature', () => ({ 'content-type': 'application/json', 'linear-delivery': randomUUID() })],
    [
      'a wrong signature',
      () => ({ ...signedHeaders('{}', SECRET), 'linear-signature': sign('{"other":1}', SECRET) }),
    ],
    [
      'a signature made with an unknown secret',
      () => signedHeaders(JSON.stringify(issueDelivery()), 'not-ours'),
    ],
  ])('should answer 401 to %s and enqueue nothing', async (_name, headers) => {
    const res = await post(issueDelivery(), headers());
    expect(res.statusCode).toBe(401);
    expect(await jobCount()).toBe(0);
  });

  it('should answer 401 to a stale timestamp, even correctly signed', async () => {
    const res = await signed(issueDelivery({ webhookTimestamp: Date.now() - 120_000 }));
    expect(res.statusCode).toBe(401);
    expect(await jobCount()).toBe(0);
  });

  it('should answer 400 to a signed body that is not JSON', async () => {
    const raw = 'action=update&type=Issue';
    const res = await post(undefined, signedHeaders(raw, SECRET), raw);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/not JSON/);
  });

  it('should answer 413 to a body over 1 MiB', async () => {
    const raw = JSON.stringify({ ...issueDelivery(), padding: 'x'.repeat(1024 * 1024) });
    const res = await post(undefined, signedHeaders(raw, SECRET), raw);
    expect(res.statusCode).toBe(413);
    expect(await jobCount()).toBe(0);
  });

  it('should answer 400 when the Linear-Delivery header is missing', async () => {
    const raw = JSON.stringify(issueDelivery());
    const { 'linear-delivery': _, ...headers } = signedHeaders(raw, SECRET);
    const res = await post(undefined, headers, raw);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/Linear-Delivery/);
  });

  it.each([
    ['data.labelIds', { labelIds: 'production-visible' }],
    ['data.id', { id: 42 }],
    ['data.completedAt', { completedAt: 20261124 }],
  ])('should answer 400 naming %s when a signed Issue is malformed', async (field, data) => {
    const res = await signed(issueDelivery({ data }));
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect(await jobCount()).toBe(0);
  });
});

describe('when a delivery cannot affect any baseline', () => {
  it.each([
    ['another entity type', issueDelivery({ type: 'Comment', data: { body: 'looks good' } })],
    ['an unlabelled issue', issueDelivery({ data: { labelIds: [OTHER_LABEL_ID], labels: [] } })],
    [
      'a title-only edit of an issue not shipped',
      issueDelivery({
        data: { completedAt: null, state: { id: 's', name: 'In Progress', type: 'started' } },
        updatedFrom: { title: 'Old title', updatedAt: 'x' },
      }),
    ],
    [
      'a title-only edit of an unlabelled shipped issue',
      issueDelivery({
        data: { labelIds: [OTHER_LABEL_ID], labels: [] },
        updatedFrom: { title: 'Old title', updatedAt: 'x' },
      }),
    ],
    [
      'a label change between other labels',
      issueDelivery({
        data: { labelIds: [OTHER_LABEL_ID], labels: [{ id: OTHER_LABEL_ID, name: 'bug' }] },
        updatedFrom: { labelIds: [] },
      }),
    ],
  ])('should answer 200 to %s and enqueue nothing', async (_name, body) => {
    const res = await signed(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ignored' });
    expect(await jobCount()).toBe(0);
  });

  it('should enqueue a rename of a shipped issue: its row and page show the new title', async () => {
    const res = await signed(issueDelivery({ updatedFrom: { title: 'Old title', updatedAt: 'x' } }));
    expect(res.json()).toEqual({ status: 'enqueued' });
  });

  it('should enqueue when the production-visible label was just removed', async () => {
    const res = await signed(
      issueDelivery({
        data: { labelIds: [], labels: [] },
        updatedFrom: { labelIds: [LABEL_ID] },
      }),
    );
    expect(res.json()).toEqual({ status: 'enqueued' });
  });
});

/** `commitline_webhook_deliveries_total{source="linear",outcome=…}` as scraped from GET /metrics. */
async function scrapeDeliveries(
  app = receiver.operations,
): Promise<{ text: string; count: (o: string) => number }> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const count = (outcome: string) => {
    const line = new RegExp(
      `^commitline_webhook_deliveries_total\\{source="linear",outcome="${outcome}"\\} (\\d+)$`,
      'm',
    ).exec(res.body);
    return line ? Number(line[1]) : 0;
  };
  return { text: res.body, count };
}

describe('when the metrics are scraped', () => {
  it('should count each outcome', async () => {
    const before = await scrapeDeliveries();
    await signed(issueDelivery());
    await post(issueDelivery(), { 'content-type': 'application/json', 'linear-delivery': randomUUID() });
    await post(issueDelivery(), {
      ...signedHeaders('{}', SECRET),
      'linear-signature': sign('{"other":1}', SECRET),
    });
    await signed(issueDelivery({ type: 'Project' }));
    const notJson = 'action=update&type=Issue';
    await post(undefined, signedHeaders(notJson, SECRET), notJson);
    const raw = JSON.stringify(issueDelivery());
    const { 'linear-delivery': _, ...noDelivery } = signedHeaders(raw, SECRET);
    await post(undefined, noDelivery, raw);
    await signed(issueDelivery({ data: { id: 42 } }));
    const after = await scrapeDeliveries();
    const delta = (outcome: string) => after.count(outcome) - before.count(outcome);
    expect({
      enqueued: delta('enqueued'),
      unauthorized: delta('unauthorized'),
      ignored: delta('ignored'),
      bad_request: delta('bad_request'),
      bad_delivery_id: delta('bad_delivery_id'),
    }).toEqual({ enqueued: 1, unauthorized: 2, ignored: 1, bad_request: 2, bad_delivery_id: 1 });
  });

  it('should count a body over 1 MiB, refused before the route runs, as too_large', async () => {
    const before = (await scrapeDeliveries()).count('too_large');
    const raw = JSON.stringify({ ...issueDelivery(), padding: 'x'.repeat(1024 * 1024) });
    const res = await post(undefined, signedHeaders(raw, SECRET), raw);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'body over 1 MiB' });
    const after = await scrapeDeliveries();
    expect(after.text).toContain(
      `commitline_webhook_deliveries_total{source="linear",outcome="too_large"} ${before + 1}`,
    );
    expect(await jobCount()).toBe(0);
  });
});

describe('when the enqueue hangs', () => {
  it('should answer 503 within the enqueue timeout, well before Linear gives up at 5 s', async () => {
    const ENQUEUE_TIMEOUT_MS = 2_500;
    const connection = createRedis(REDIS_URL, 'producer');
    connection.on('error', () => {});
    const real = createIntake({ connection, prefix });
    // The route's port, wrapping the real intake: the enqueue is held until the test lets it go.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hanging: Intake = {
      enqueueLinearEvent: async (data) => {
        await held;
        await real.enqueueLinearEvent(data);
      },
      enqueueNotionEvent: (data) => real.enqueueNotionEvent(data),
      close: () => real.close(),
    };
    const metrics = createMetrics({ defaultMetrics: false });
    const app = buildApp({
      logger: createLogger({ level: 'silent' }),
      linear: {
        verifier: new LinearWebhookVerifier([SECRET]),
        label: { name: 'production-visible', ids: new Set() },
        intake: hanging,
        metrics,
        enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
      },
    });
    const ops = buildOperationsApp({
      logger: createLogger({ level: 'silent' }),
      operations: { metrics, readiness: [] },
    });
    try {
      const deliveryId = randomUUID();
      const raw = JSON.stringify(issueDelivery());
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: signedHeaders(raw, SECRET, deliveryId),
        payload: raw,
      });
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatch(/retry/);
      expect(elapsed).toBeGreaterThanOrEqual(ENQUEUE_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(ENQUEUE_TIMEOUT_MS + 500);
      expect((await scrapeDeliveries(ops)).count('unavailable')).toBe(1);
    } finally {
      release();
      await app.close();
      await ops.close();
      await hanging.close();
      connection.disconnect();
    }
  });
});

describe('when Redis is down', () => {
  it('should answer 503 quickly, and process the retried delivery once Redis is back', async () => {
    const port = await freePort();
    let server = await startRedis(port);
    const outage = buildReceiver({ prefix, secrets: [SECRET], redisUrl: `redis://127.0.0.1:${port}` });
    try {
      await outage.app.ready();
      // Connected and taking deliveries first, so what follows is Redis going away under a live
      // receiver.
      await waitReady(outage.connection);
      const before = JSON.stringify(issueDelivery());
      const accepted = await outage.app.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: signedHeaders(before, SECRET, randomUUID()),
        payload: before,
      });
      expect(accepted.statusCode).toBe(200);
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      // The receiver learns of it as a live one would: its connection drops.
      for (let i = 0; i < 100 && outage.connection.status === 'ready'; i++)
        await new Promise((r) => setTimeout(r, 20));

      const deliveryId = randomUUID();
      const raw = JSON.stringify(issueDelivery());
      const started = performance.now();
      const down = await outage.app.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: signedHeaders(raw, SECRET, deliveryId),
        payload: raw,
      });
      const elapsed = performance.now() - started;
      expect(down.statusCode).toBe(503);
      // At once, not after the 2.5 s enqueue timeout (a margin for a loaded two-core machine).
      expect(elapsed).toBeLessThan(1_000);

      server = await startRedis(port);
      // Linear retries the same delivery (same id, a fresh timestamp and signature) until it is
      // accepted; the receiver's connection comes back on its own reconnection schedule.
      let up: Awaited<ReturnType<typeof outage.app.inject>> | undefined;
      for (let i = 0; i < 75 && up?.statusCode !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 200));
        const retried = JSON.stringify(issueDelivery());
        up = await outage.app.inject({
          method: 'POST',
          url: '/webhooks/linear',
          headers: signedHeaders(retried, SECRET, deliveryId),
          payload: retried,
        });
        expect([200, 503]).toContain(up.statusCode);
      }
      expect(up?.statusCode).toBe(200);

      // A real worker runs the linear-event processor on that Redis, under this file's prefix.
      const url = `redis://127.0.0.1:${port}`;
      const probe = commandRedisAt(port);
      const events = new Queue(QUEUE.linearEvents, { connection: probe, prefix });
      const recomputes = new Queue(QUEUE.recompute, { connection: probe, prefix });
      const schedulerConnection = createRedis(url, 'command');
      const workerConnection = createRedis(url, 'worker');
      const scheduler = createRecomputeScheduler({
        connection: schedulerConnection,
        prefix,
        // Long enough that the recompute is still waiting when the test looks for it.
        debounceMs: 60_000,
      });
      const worker = new Worker(
        QUEUE.linearEvents,
        linearEventProcessor({
          roster: [{ ...ANA_ENGINEER, linearUserId: ANA }],
          settings: SETTINGS,
          recompute: scheduler,
        }),
        { connection: workerConnection, prefix },
      );
      worker.on('error', () => {});
      try {
        const job = await events.getJob(deliveryJobId(deliveryId));
        expect(job?.id).toBe(deliveryJobId(deliveryId));
        let state = await job?.getState();
        for (let i = 0; i < 100 && state !== 'completed' && state !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 50));
          state = await job?.getState();
        }
        expect(state).toBe('completed');
        const done = await events.getJob(deliveryJobId(deliveryId));
        expect(done?.returnvalue).toEqual({ pages: [{ engineerId: 'ana', quarterId: '2026-Q4' }] });

        const recomputeId = await recomputes.getDeduplicationJobId(recomputeKey('ana', '2026-Q4'));
        const recompute = recomputeId ? await recomputes.getJob(recomputeId) : undefined;
        expect(recompute?.data).toEqual({
          engineerId: 'ana',
          quarterId: '2026-Q4',
          reason: 'linear',
          fresh: false,
          existingOnly: false,
        });
        expect(await recompute?.getState()).toBe('delayed');
      } finally {
        await worker.close();
        await scheduler.close();
        await recomputes.close();
        await events.close();
        probe.disconnect();
        schedulerConnection.disconnect();
        workerConnection.disconnect();
      }
    } finally {
      await outage.close();
      server.kill('SIGKILL');
    }
  });
});

describe('when a signed delivery names itself with something other than a UUID', () => {
  // Values that once became job ids as they were: BullMQ's own keys, forms it refuses.
  const names = ['meta', 'active', 'completed', 'wait', 'paused', 'a:b', '12345', '0', 'x'.repeat(36)];

  it.each(names)('should answer 400 to Linear-Delivery %j, count it, and enqueue nothing', async (name) => {
    const before = (await scrapeDeliveries()).count('bad_delivery_id');
    const res = await signed(issueDelivery(), SECRET, name);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('Linear-Delivery is not a UUID');
    expect((await scrapeDeliveries()).count('bad_delivery_id')).toBe(before + 1);
    expect(await jobCount()).toBe(0);
  });

  it('should leave the queue working: its own keys keep their types and a worker runs the next delivery', async () => {
    for (const name of names) await signed(issueDelivery(), SECRET, name);
    const deliveryId = randomUUID();
    expect((await signed(issueDelivery(), SECRET, deliveryId)).statusCode).toBe(200);
    const key = (name: string) => `${prefix}:${QUEUE.linearEvents}:${name}`;
    expect(await redis.type(key('meta'))).toBe('hash');
    expect(['none', 'list']).toContain(await redis.type(key('active')));
    const workerConnection = createRedis(REDIS_URL, 'worker');
    const seen: string[] = [];
    const worker = new Worker(
      QUEUE.linearEvents,
      async (job) => {
        seen.push(String(job.id));
      },
      { connection: workerConnection, prefix },
    );
    const failures: Error[] = [];
    worker.on('error', (error) => failures.push(error));
    try {
      const job = await queue.getJob(deliveryJobId(deliveryId));
      for (let i = 0; i < 100 && (await job?.getState()) !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await job?.getState()).toBe('completed');
      expect(seen).toEqual([deliveryJobId(deliveryId)]);
      expect(failures).toEqual([]);
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
  });

  it('should take the same delivery in either case as one job', async () => {
    const deliveryId = randomUUID();
    expect((await signed(issueDelivery(), SECRET, deliveryId.toUpperCase())).statusCode).toBe(200);
    expect((await signed(issueDelivery(), SECRET, deliveryId)).statusCode).toBe(200);
    expect(await jobCount()).toBe(1);
  });
});
