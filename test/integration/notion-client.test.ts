/**
 * The Notion client's rules, with Notion intercepted by nock in API 2025-09-03 shapes, and the
 * rate limit shared through real Redis. Backoff sleeps are recorded, not slept; Retry-After pauses
 * are real (short) waits in the shared limiter.
 */
import { collectPaginatedAPI } from '@notionhq/client';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotionClient, MAX_RATE_LIMITED, type NotionRetry } from '../../src/notion/client.js';
import { NotionApiError, toNotionApiError } from '../../src/notion/errors.js';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const NOTION = 'https://api.notion.com';
const PAGE_ID = '59833787-2cf9-4fdf-8782-e53db20768a5';
const DATA_SOURCE_ID = '1a44be12-0953-4631-b498-9e5817518db8';
const DATABASE_ID = 'd9824bdc-8445-4327-be8b-5b47500af6ce';
const USER_ID = 'ee5f0f84-409a-440f-983a-a5315961c6e4';
const prefix = testPrefix('notion-client');
const redis = commandRedis();
const sleeps: number[] = [];

const page = {
  object: 'page',
  id: PAGE_ID,
  created_time: '2026-10-01T09:00:00.000Z',
  last_edited_time: '2026-10-01T09:00:00.000Z',
  created_by: { object: 'user', id: USER_ID },
  last_edited_by: { object: 'user', id: USER_ID },
  cover: null,
  icon: null,
  parent: { type: 'data_source_id', data_source_id: DATA_SOURCE_ID, database_id: DATABASE_ID },
  archived: false,
  in_trash: false,
  is_locked: false,
  properties: {
    Name: {
      id: 'title',
      type: 'title',
      title: [
        {
          type: 'text',
          text: { content: 'Ada Lovelace — 2026-Q4', link: null },
          annotations: {
            bold: false,
            italic: false,
            strikethrough: false,
            underline: false,
            code: false,
            color: 'default',
          },
          plain_text: 'Ada Lovelace — 2026-Q4',
          href: null,
        },
      ],
    },
    Shipped: { id: 'a%3Ab', type: 'number', number: 1 },
  },
  url: `https://www.notion.so/Ada-Lovelace-2026-Q4-${PAGE_ID.replace(/-/g, '')}`,
  public_url: null,
  request_id: 'b1c2d3e4-0000-4000-8000-000000000000',
};
const queryResult = {
  object: 'list',
  results: [page],
  next_cursor: null,
  has_more: false,
  type: 'page_or_data_source',
  page_or_data_source: {},
  request_id: 'c1d2e3f4-0000-4000-8000-000000000000',
};
const notionError = (status: number, code: string, message: string) => ({
  object: 'error',
  status,
  code,
  message,
  request_id: 'a1b2c3d4-0000-4000-8000-000000000000',
});

function client(
  options: {
    retry?: NotionRetry | false;
    timeoutMs?: number;
    deadlineMs?: number;
    metrics?: ReturnType<typeof createMetrics>;
  } = {},
) {
  const limiter = createNotionLimiter({ redis, prefix, ratePerSecond: 1_000, burst: 100 });
  return createNotionClient({
    token: 'ntn_test',
    limiter,
    retry: options.retry ?? { tries: 3, baseMs: 1, maxMs: 5 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
}

const PATH = `/v1/pages/${PAGE_ID}`;
const createPage = (c: ReturnType<typeof client>) =>
  c.pages.create({
    parent: { type: 'data_source_id', data_source_id: DATA_SOURCE_ID },
    properties: { Name: { title: [{ text: { content: 'Ada Lovelace — 2026-Q4' } }] } },
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => toNotionApiError(error),
  );

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
      .get(PATH)
      .reply(
        429,
        notionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
        { 'Retry-After': '1' },
      )
      .get(PATH)
      .reply(200, page);
    const pausedFor = (async () => {
      // The pause is shared: it is in Redis, for every limiter on the same prefix. Looked for
      // until the 429 has come back (on a loaded machine that is more than a moment).
      for (let i = 0; i < 100; i++) {
        const left = await redis.pttl(`${prefix}:notion:pause`);
        if (left > 0) return left;
        await new Promise((r) => setTimeout(r, 10));
      }
      return -2;
    })();
    const started = performance.now();
    const result = await client().pages.retrieve({ page_id: PAGE_ID });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.id).toBe(PAGE_ID);
    expect(scope.isDone()).toBe(true);
    const left = await pausedFor;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(1_000);
    // Waiting out a rate limit is not a failure: no backoff was spent.
    expect(sleeps).toEqual([]);
  });

  it.each([
    { status: 429, code: 'rate_limited' },
    { status: 529, code: 'service_overload' },
  ])(
    'should send a create again after $status $code (Notion did nothing with it)',
    async ({ status, code }) => {
      const scope = nock(NOTION)
        .post('/v1/pages')
        .reply(status, notionError(status, code, 'Slow down.'), { 'Retry-After': '0' })
        .post('/v1/pages')
        .reply(200, page);
      expect((await createPage(client())).id).toBe(PAGE_ID);
      expect(scope.isDone()).toBe(true);
    },
  );

  it(`should give up after ${MAX_RATE_LIMITED} rate-limited answers, with the wait Notion asked for`, async () => {
    nock(NOTION)
      .get(PATH)
      .times(MAX_RATE_LIMITED)
      .reply(429, notionError(429, 'rate_limited', 'Slow down.'), { 'Retry-After': '0' });
    const error = await failure(client().pages.retrieve({ page_id: PAGE_ID }));
    expect(error).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 0 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should hand a Retry-After longer than the request may wait to the caller instead of waiting', async () => {
    nock(NOTION)
      .get(PATH)
      .once()
      .reply(429, notionError(429, 'rate_limited', 'Slow down.'), { 'Retry-After': '30' });
    const started = performance.now();
    const error = await failure(client({ deadlineMs: 1_000 }).pages.retrieve({ page_id: PAGE_ID }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toMatchObject({ code: 'rate-limited', retryAfterMs: 30_000 });
    // Every process still holds back for it.
    expect(await redis.pttl(`${prefix}:notion:pause`)).toBeGreaterThan(25_000);
  });
});

describe.each([
  { status: 500, code: 'internal_server_error', method: 'GET' },
  { status: 502, code: 'internal_server_error', method: 'GET' },
  { status: 503, code: 'service_unavailable', method: 'PATCH' },
  { status: 504, code: 'gateway_timeout', method: 'GET' },
  { status: 409, code: 'conflict_error', method: 'PATCH' },
  { status: 502, code: 'internal_server_error', method: 'POST' },
  { status: 409, code: 'conflict_error', method: 'POST' },
])('when Notion answers $status $code to a $method that is safe to repeat', ({ status, code, method }) => {
  const interceptor = () => {
    if (method === 'GET') return nock(NOTION).get(PATH);
    if (method === 'PATCH') return nock(NOTION).patch(PATH);
    return nock(NOTION).post(`/v1/data_sources/${DATA_SOURCE_ID}/query`);
  };
  const send = (c: ReturnType<typeof client>) => {
    if (method === 'GET') return c.pages.retrieve({ page_id: PAGE_ID });
    if (method === 'PATCH')
      return c.pages.update({ page_id: PAGE_ID, properties: { Shipped: { number: 1 } } });
    return c.dataSources.query({ data_source_id: DATA_SOURCE_ID });
  };
  const ok = method === 'POST' ? queryResult : page;

  it('should retry with backoff and succeed', async () => {
    interceptor().reply(status, notionError(status, code, 'Try again.'));
    interceptor().reply(200, ok);
    const result = await send(client());
    expect(result.object).toBe(ok.object);
    expect(sleeps).toHaveLength(1);
  });

  it('should give up after 3 tries in all with the typed error', async () => {
    interceptor()
      .times(3)
      .reply(status, notionError(status, code, 'Still failing.'));
    const error = await failure(send(client()));
    expect(error).toMatchObject({ status, retryable: true, message: 'Still failing.' });
    expect(sleeps).toHaveLength(2);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should try once only when retries are off', async () => {
    interceptor()
      .once()
      .reply(status, notionError(status, code, 'Once.'));
    await failure(send(client({ retry: false })));
    expect(sleeps).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('when a request that creates something meets a failure that may hide a success', () => {
  it.each([
    {
      status: 502,
      code: 'internal_server_error',
      create: 'a page',
      path: '/v1/pages',
      method: 'post' as const,
    },
    {
      status: 504,
      code: 'gateway_timeout',
      create: 'a comment',
      path: '/v1/comments',
      method: 'post' as const,
    },
    {
      status: 500,
      code: 'internal_server_error',
      create: 'appended blocks',
      path: `/v1/blocks/${PAGE_ID}/children`,
      method: 'patch' as const,
    },
  ])(
    'should not send $create again after $status (the writer finds before it creates)',
    async ({ status, code, path, method }) => {
      nock(NOTION)
        [method](path)
        .once()
        .reply(status, notionError(status, code, 'Bad gateway.'));
      const c = client();
      const call =
        path === '/v1/pages'
          ? createPage(c)
          : path === '/v1/comments'
            ? c.comments.create({
                parent: { page_id: PAGE_ID },
                rich_text: [{ text: { content: 'I commit' } }],
              })
            : c.blocks.children.append({
                block_id: PAGE_ID,
                children: [{ paragraph: { rich_text: [{ text: { content: 'Evidence' } }] } }],
              });
      const error = await failure(call);
      expect(error).toMatchObject({ code: 'server', retryable: true, status });
      expect(sleeps).toEqual([]);
      expect(nock.pendingMocks()).toEqual([]);
    },
  );

  it('should not send a create again when Notion did not answer in time', async () => {
    nock(NOTION).post('/v1/pages').once().delay(300).reply(200, page);
    const error = await failure(createPage(client({ timeoutMs: 50 })));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(sleeps).toEqual([]);
  });
});

describe('when Notion does not answer in time to a read', () => {
  it('should cut the attempt and try again', async () => {
    const scope = nock(NOTION).get(PATH).delay(300).reply(200, page).get(PATH).reply(200, page);
    const started = performance.now();
    const result = await client({ timeoutMs: 50 }).pages.retrieve({ page_id: PAGE_ID });
    expect(result.id).toBe(PAGE_ID);
    expect(performance.now() - started).toBeLessThan(280);
    expect(scope.isDone()).toBe(true);
  });
});

describe('when Notion refuses a request as invalid', () => {
  it('should fail at once, not retryable, keeping Notion’s message', async () => {
    const message =
      'body failed validation: body.properties.Shipped.number should be a number, instead was `"two"`.';
    nock(NOTION)
      .patch(PATH)
      .once()
      .reply(400, notionError(400, 'validation_error', message));
    const error = await failure(client().pages.update({ page_id: PAGE_ID, properties: {} }));
    expect(error).toMatchObject({ code: 'validation', retryable: false, status: 400, message });
    expect(sleeps).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it.each([
    { status: 401, code: 'unauthorized', ours: 'unauthorized' },
    { status: 403, code: 'restricted_resource', ours: 'restricted' },
    { status: 404, code: 'object_not_found', ours: 'not-found' },
  ])('should not retry $status $code either', async ({ status, code, ours }) => {
    nock(NOTION)
      .get(PATH)
      .once()
      .reply(status, notionError(status, code, 'No.'));
    expect(await failure(client().pages.retrieve({ page_id: PAGE_ID }))).toMatchObject({ code: ours });
    expect(sleeps).toEqual([]);
  });
});

describe('when requests are counted', () => {
  it('should count each attempt by method and outcome', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    nock(NOTION)
      .get(PATH)
      .reply(429, notionError(429, 'rate_limited', 'Slow down.'), { 'Retry-After': '0' })
      .get(PATH)
      .reply(502, notionError(502, 'internal_server_error', 'Bad gateway.'))
      .get(PATH)
      .reply(200, page)
      .patch(PATH)
      .reply(400, notionError(400, 'validation_error', 'No.'));
    const c = client({ metrics });
    await c.pages.retrieve({ page_id: PAGE_ID });
    await failure(c.pages.update({ page_id: PAGE_ID, properties: {} }));
    const values = (await metrics.notionRequests.get()).values.map((v) => [
      v.labels.method,
      v.labels.outcome,
      v.value,
    ]);
    expect(values).toEqual(
      expect.arrayContaining([
        ['GET', 'rate_limited', 1],
        ['GET', '5xx', 1],
        ['GET', '2xx', 1],
        ['PATCH', '4xx', 1],
      ]),
    );
  });
});

describe('when any method of commitline’s Notion client fails', () => {
  it('should throw only NotionApiError, from nested methods and paginated helpers alike', async () => {
    nock(NOTION)
      .get(PATH)
      .once()
      .reply(404, notionError(404, 'object_not_found', 'Could not find page.'));
    nock(NOTION)
      .get(`/v1/blocks/${PAGE_ID}/children`)
      .query(true)
      .once()
      .reply(401, notionError(401, 'unauthorized', 'API token is invalid.'));
    const c = client();
    const error = await c.pages.retrieve({ page_id: PAGE_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotionApiError);
    expect(error).toMatchObject({ code: 'not-found', retryable: false });
    const listed = await collectPaginatedAPI(c.blocks.children.list, { block_id: PAGE_ID }).catch(
      (e: unknown) => e,
    );
    expect(listed).toBeInstanceOf(NotionApiError);
    expect(listed).toMatchObject({ code: 'unauthorized' });
  });

  it('should return the result unchanged', async () => {
    nock(NOTION).get(PATH).once().reply(200, page);
    const c = client();
    expect((await c.pages.retrieve({ page_id: PAGE_ID })).id).toBe(PAGE_ID);
  });
});
