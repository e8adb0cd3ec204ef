/**
 * The Notion client's rules, with Notion intercepted by nock in API 2025-09-03 shapes, and the
 * rate limit shared through real Redis.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotionClient } from '../../src/notion/client.js';
import { toNotionApiError } from '../../src/notion/errors.js';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const NOTION = 'https://api.notion.com';
const PAGE_ID = '59833787-2cf9-4fdf-8782-e53db20768a5';
const DATA_SOURCE_ID = '1a44be12-0953-4631-b498-9e5817518db8';
const prefix = testPrefix('notion-client');
const redis = commandRedis();
const sleeps: number[] = [];

const page = {
  object: 'page',
  id: PAGE_ID,
  created_time: '2026-10-01T09:00:00.000Z',
  last_edited_time: '2026-10-01T09:00:00.000Z',
  created_by: { object: 'user', id: 'ee5f0f84-409a-440f-983a-a5315961c6e4' },
  last_edited_by: { object: 'user', id: 'ee5f0f84-409a-440f-983a-a5315961c6e4' },
  cover: null,
  icon: null,
  parent: {
    type: 'data_source_id',
    data_source_id: DATA_SOURCE_ID,
    database_id: 'd9824bdc-8445-4327-be8b-5b47500af6ce',
  },
  archived: false,
  in_trash: false,
  is_locked: false,
  properties: { Name: { id: 'title', type: 'title', title: [] } },
  url: `https://www.notion.so/${PAGE_ID.replace(/-/g, '')}`,
  public_url: null,
};
const notionError = (status: number, code: string, message: string) => ({
  object: 'error',
  status,
  code,
  message,
  request_id: 'a1b2c3d4-0000-4000-8000-000000000000',
});

function client() {
  const limiter = createNotionLimiter({ redis, prefix, ratePerSecond: 1_000, burst: 100 });
  return createNotionClient({
    token: 'ntn_test',
    limiter,
    retry: { tries: 3, baseMs: 1, maxMs: 5 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(async () => {
  nock.cleanAll();
  sleeps.length = 0;
  await deleteKeys(redis, prefix);
});
afterAll(async () => {
  nock.enableNetConnect();
  redis.disconnect();
});

describe('when Notion rate-limits a request, then answers', () => {
  it('should pause every process for Retry-After and send it again once', async () => {
    const scope = nock(NOTION, {
      reqheaders: { 'notion-version': '2025-09-03', authorization: 'Bearer ntn_test' },
    })
      .get(`/v1/pages/${PAGE_ID}`)
      .reply(
        429,
        notionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
        { 'Retry-After': '2' },
      )
      .get(`/v1/pages/${PAGE_ID}`)
      .reply(200, page);
    const pausedFor = (async () => {
      // The pause is shared: another limiter on the same Redis sees it.
      await new Promise((r) => setTimeout(r, 50));
      return redis.pttl(`${prefix}:notion:pause`);
    })();
    const result = await client().pages.retrieve({ page_id: PAGE_ID });
    expect(result.id).toBe(PAGE_ID);
    expect(scope.isDone()).toBe(true);
    const left = await pausedFor;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(2_000);
  }, 10_000);
});

describe.each([
  { status: 502, code: 'internal_server_error', method: 'GET' },
  { status: 504, code: 'gateway_timeout', method: 'GET' },
  { status: 409, code: 'conflict_error', method: 'PATCH' },
])('when Notion answers $status to a $method that is safe to repeat', ({ status, code, method }) => {
  it('should retry with backoff and succeed', async () => {
    const interceptor =
      method === 'GET'
        ? nock(NOTION).get(`/v1/pages/${PAGE_ID}`)
        : nock(NOTION).patch(`/v1/pages/${PAGE_ID}`);
    interceptor.reply(status, notionError(status, code, 'Try again.'));
    const ok =
      method === 'GET'
        ? nock(NOTION).get(`/v1/pages/${PAGE_ID}`)
        : nock(NOTION).patch(`/v1/pages/${PAGE_ID}`);
    ok.reply(200, page);
    const c = client();
    const result =
      method === 'GET'
        ? await c.pages.retrieve({ page_id: PAGE_ID })
        : await c.pages.update({ page_id: PAGE_ID, properties: {} });
    expect(result.id).toBe(PAGE_ID);
    expect(sleeps).toHaveLength(1);
  });

  it('should give up after 3 tries with the typed error', async () => {
    const path = `/v1/pages/${PAGE_ID}`;
    (method === 'GET' ? nock(NOTION).get(path) : nock(NOTION).patch(path))
      .times(3)
      .reply(status, notionError(status, code, 'Still failing.'));
    const c = client();
    const error = await (method === 'GET'
      ? c.pages.retrieve({ page_id: PAGE_ID })
      : c.pages.update({ page_id: PAGE_ID, properties: {} })
    ).catch((e: unknown) => toNotionApiError(e));
    expect(error).toMatchObject({ status, retryable: true });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('when creating a page meets a 502', () => {
  it('should not send the create again (the writer finds before it creates)', async () => {
    nock(NOTION)
      .post('/v1/pages')
      .once()
      .reply(502, notionError(502, 'internal_server_error', 'Bad gateway.'));
    const error = await client()
      .pages.create({ parent: { type: 'data_source_id', data_source_id: DATA_SOURCE_ID }, properties: {} })
      .catch((e: unknown) => toNotionApiError(e));
    expect(error).toMatchObject({ code: 'server', retryable: true });
    expect(sleeps).toEqual([]);
  });
});

describe('when Notion refuses a request as invalid', () => {
  it('should fail at once, not retryable, keeping Notion’s message', async () => {
    const message =
      'body failed validation: body.properties.Shipped.number should be a number, instead was `"two"`.';
    nock(NOTION)
      .patch(`/v1/pages/${PAGE_ID}`)
      .once()
      .reply(400, notionError(400, 'validation_error', message));
    const error = await client()
      .pages.update({ page_id: PAGE_ID, properties: {} })
      .catch((e: unknown) => toNotionApiError(e));
    expect(error).toMatchObject({ code: 'validation', retryable: false, message });
    expect(sleeps).toEqual([]);
  });
});

describe('when two processes share the Notion rate limit', () => {
  it('should hold both together to the configured rate, bursts bounded', async () => {
    const rate = 40;
    const a = createNotionLimiter({ redis, prefix, ratePerSecond: rate, burst: 2 });
    const b = createNotionLimiter({ redis, prefix, ratePerSecond: rate, burst: 2 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).acquire()));
    const seconds = (performance.now() - started) / 1000;
    // 20 requests at 40/s with a burst of 2: at least (20 - 2) / 40 s.
    expect(seconds).toBeGreaterThanOrEqual(0.4);
    expect(seconds).toBeLessThan(1.5);
  });

  it('should hold every process back while Notion asked for a pause', async () => {
    const a = createNotionLimiter({ redis, prefix, ratePerSecond: 1_000 });
    const b = createNotionLimiter({ redis, prefix, ratePerSecond: 1_000 });
    await a.pauseFor(300);
    const started = performance.now();
    await b.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});
