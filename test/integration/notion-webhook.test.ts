import { randomUUID } from 'node:crypto';
import { signWebhookPayload } from '@notionhq/client';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { QUEUE } from '../../src/queue/names.js';
import { notionEventReader } from '../../src/runtime/adapters.js';
import { buildApiServer, verificationTokenKey } from '../../src/runtime/api.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';

const SECRET = 'secret_notion_verification_token';
const prefix = testPrefix('notion-webhook');
const redis = commandRedis();
const env = readEnv({ REDIS_URL, REDIS_PREFIX: prefix, NOTION_WEBHOOK_SECRET: SECRET });
const api = buildApiServer({
  env,
  label: { name: 'production-visible', ids: new Set() },
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics({ defaultMetrics: false }),
  notionReader: notionEventReader(env),
});
const queue = new Queue(QUEUE.notionEvents, { connection: redis, prefix });

function event(type: string, pageId: string) {
  const comment = type.startsWith('comment.');
  return {
    id: randomUUID(),
    timestamp: '2026-11-25T10:00:00.000Z',
    workspace_id: randomUUID(),
    workspace_name: 'Acme',
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type,
    authors: [{ id: randomUUID(), type: 'person' }],
    attempt_number: 1,
    entity: comment ? { id: randomUUID(), type: 'comment' } : { id: pageId, type: 'page' },
    data: comment
      ? { page_id: pageId, parent: { id: pageId, type: 'page' } }
      : { parent: { id: randomUUID(), type: 'database' } },
  };
}

async function post(body: unknown, signature?: string) {
  const payload = JSON.stringify(body);
  const sig = signature ?? (await signWebhookPayload({ body: payload, verificationToken: SECRET }));
  return api.app.inject({
    method: 'POST',
    url: '/webhooks/notion',
    headers: { 'content-type': 'application/json', 'x-notion-signature': sig },
    payload,
  });
}

beforeAll(async () => {
  await api.ready();
  await api.app.ready();
});
afterAll(async () => {
  await api.close();
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

/** An API with no NOTION_WEBHOOK_SECRET yet: the moment a new subscription sends its token. */
async function unconfiguredApi() {
  const fresh = readEnv({ REDIS_URL, REDIS_PREFIX: prefix });
  const server = buildApiServer({
    env: fresh,
    label: { name: 'production-visible', ids: new Set() },
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    notionReader: notionEventReader(fresh),
  });
  await server.ready();
  return server;
}

function verification(app: typeof api.app, token: string, remoteAddress = '203.0.113.7') {
  return app.inject({
    method: 'POST',
    url: '/webhooks/notion',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ verification_token: token }),
    remoteAddress,
  });
}

describe('when Notion verifies a new subscription', () => {
  it('should keep the token, when and where from, for `commitline doctor`, and answer 200', async () => {
    const setup = await unconfiguredApi();
    try {
      await redis.del(verificationTokenKey(prefix));
      const before = Date.now();
      const res = await verification(setup.app, 'secret_new_subscription_token');
      expect(res.statusCode).toBe(200);
      const kept = JSON.parse((await redis.get(verificationTokenKey(prefix))) ?? '{}');
      expect(kept).toMatchObject({ token: 'secret_new_subscription_token', from: '203.0.113.7' });
      expect(Date.parse(kept.at)).toBeGreaterThanOrEqual(before - 1000);
    } finally {
      await setup.close();
    }
  });

  it.each([
    ['a token of 1,000,000 characters', 'secret_'.padEnd(1_000_000, 'x')],
    ['a token of 257 characters', 'secret_'.padEnd(257, 'x')],
    ['a token with spaces and markup', 'secret_ <script>'],
  ])('should refuse %s with 400 and keep nothing', async (_case, token) => {
    const setup = await unconfiguredApi();
    try {
      await redis.del(verificationTokenKey(prefix));
      const res = await verification(setup.app, token);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(/not a Notion token/);
      expect(await redis.get(verificationTokenKey(prefix))).toBeNull();
    } finally {
      await setup.close();
    }
  });

  it('should not change the kept token once NOTION_WEBHOOK_SECRET is set: 403 to an unsigned request', async () => {
    const kept = JSON.stringify({ token: SECRET, at: '2026-12-01T09:00:00.000Z', from: '198.51.100.1' });
    await redis.set(verificationTokenKey(prefix), kept);
    const res = await verification(api.app, 'secret_an_attackers_token');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/NOTION_WEBHOOK_SECRET is already set/);
    expect(await redis.get(verificationTokenKey(prefix))).toBe(kept);
  });

  it('should answer 200 when Notion sends again the token NOTION_WEBHOOK_SECRET holds', async () => {
    const res = await verification(api.app, SECRET);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'verification token already configured' });
  });
});

describe('when Notion sends an event', () => {
  it.each(['page.content_updated', 'page.properties_updated', 'comment.created'])(
    'should enqueue a refresh of the page for %s',
    async (type) => {
      const pageId = randomUUID();
      const res = await post(event(type, pageId));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'enqueued' });
      const jobs = await queue.getJobs(['delayed', 'waiting']);
      expect(jobs.some((j) => j.data.pageId === pageId && j.data.type === type)).toBe(true);
    },
  );

  it('should keep one pending refresh per page however many events arrive', async () => {
    const pageId = randomUUID();
    for (let i = 0; i < 5; i++)
      expect((await post(event('page.content_updated', pageId))).statusCode).toBe(200);
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    expect(jobs.filter((j) => j.data.pageId === pageId)).toHaveLength(1);
  });

  it('should refuse a wrong signature with 401 and enqueue nothing', async () => {
    const pageId = randomUUID();
    const res = await post(event('page.content_updated', pageId), 'sha256=0000');
    expect(res.statusCode).toBe(401);
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    expect(jobs.some((j) => j.data.pageId === pageId)).toBe(false);
  });

  it('should refuse an unsigned event (only the verification request comes unsigned)', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/webhooks/notion',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(event('page.content_updated', randomUUID())),
    });
    expect(res.statusCode).toBe(401);
  });

  it('should answer 200 and ignore events that cannot change a page', async () => {
    const res = await post({ ...event('page.created', randomUUID()), type: 'database.created' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ignored' });
  });
});

describe('when Notion sends a body over 1 MiB', () => {
  it('should answer 413 and count it as too_large', async () => {
    const metric = 'commitline_webhook_deliveries_total{source="notion",outcome="too_large"}';
    const scrape = async () => (await api.operations.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (text: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(metric))
          ?.split(' ')[1] ?? 0,
      );
    const before = count(await scrape());
    const res = await api.app.inject({
      method: 'POST',
      url: '/webhooks/notion',
      headers: { 'content-type': 'application/json', 'x-notion-signature': 'sha256=00' },
      payload: `{"padding":"${'x'.repeat(1024 * 1024)}"}`,
    });
    expect(res.statusCode).toBe(413);
    expect(count(await scrape())).toBe(before + 1);
  });
});
