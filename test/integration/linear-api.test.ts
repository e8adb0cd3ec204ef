import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinearApi } from '../../src/linear/client.js';
import { createLinearDirectory } from '../../src/linear/directory.js';
import { LinearApiError } from '../../src/linear/errors.js';
import { createLinearReader } from '../../src/linear/reader.js';
import { createMetrics } from '../../src/observability/metrics.js';

const LINEAR = 'https://api.linear.app';
const KEY = 'lin_api_test_key';
const QUERY = {
  assigneeId: 'a1a1a1a1-0000-4000-8000-000000000001',
  label: 'production-visible',
  from: new Date('2026-09-27T22:00:00Z'),
  to: new Date('2027-01-03T23:00:00Z'),
};

interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
}

function issue(n: number) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    identifier: `ENG-${n}`,
    title: `Change ${n}`,
    url: `https://linear.app/acme/issue/ENG-${n}/change-${n}`,
    completedAt: new Date(Date.parse('2026-10-01T10:00:00Z') + n * 3_600_000).toISOString(),
    assignee: { id: QUERY.assigneeId },
  };
}

function page(from: number, count: number, next: string | null) {
  return {
    data: {
      issues: {
        nodes: Array.from({ length: count }, (_, i) => issue(from + i)),
        pageInfo: { hasNextPage: next !== null, endCursor: next },
      },
    },
  };
}

const sleeps: number[] = [];
const metrics = createMetrics({ defaultMetrics: false });
const api = createLinearApi({
  apiKey: KEY,
  metrics,
  retry: { tries: 4, baseMs: 10, maxMs: 120_000 },
  sleep: async (ms) => {
    sleeps.push(ms);
  },
});
const reader = createLinearReader(api);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  sleeps.length = 0;
});

describe('when an engineer’s shipped issues span three pages', () => {
  it('should read every page with one lean query each, following the cursor', async () => {
    const bodies: GraphQLBody[] = [];
    const scope = nock(LINEAR, { reqheaders: { authorization: KEY } })
      .post('/graphql', (body: GraphQLBody) => bodies.push(body) > 0)
      .reply(200, page(1, 100, 'cursor-1'))
      .post('/graphql')
      .reply(200, page(101, 100, 'cursor-2'))
      .post('/graphql')
      .reply(200, page(201, 7, null));
    const changes = await reader.shippedChanges(QUERY);
    expect(scope.isDone()).toBe(true);
    expect(changes).toHaveLength(207);
    expect(changes[206]).toMatchObject({ identifier: 'ENG-207', assigneeId: QUERY.assigneeId });
    expect(changes[0]?.completedAt).toBeInstanceOf(Date);
    expect(bodies[0]?.query).toContain('first: 100');
    expect(bodies[0]?.variables).toMatchObject({
      after: null,
      label: 'production-visible',
      from: '2026-09-27T22:00:00.000Z',
    });
  });

  it('should pass the previous page’s end cursor as `after`', async () => {
    const afters: unknown[] = [];
    nock(LINEAR)
      .post('/graphql', (body: GraphQLBody) => afters.push(body.variables.after) > 0)
      .times(3)
      .reply(200, (_uri, body) => {
        const after = (body as GraphQLBody).variables.after;
        return after === null ? page(1, 2, 'c1') : after === 'c1' ? page(3, 2, 'c2') : page(5, 1, null);
      });
    expect(await reader.shippedChanges(QUERY)).toHaveLength(5);
    expect(afters).toEqual([null, 'c1', 'c2']);
  });
});

describe.each([
  {
    when: 'Linear rate-limits the key, then answers',
    first: {
      status: 400,
      headers: {
        'x-ratelimit-requests-reset': String(Date.now() + 30_000),
        'x-ratelimit-requests-remaining': '0',
      },
      body: {
        errors: [
          {
            message: 'Rate limit exceeded',
            extensions: {
              code: 'RATELIMITED',
              type: 'ratelimited',
              userError: true,
              userPresentableMessage: 'Rate limit exceeded',
            },
          },
        ],
      },
    },
    waitsAtLeast: 25_000,
  },
  {
    when: 'Linear rate-limits with only the RATELIMITED code (no error type), then answers',
    first: {
      status: 400,
      headers: { 'x-ratelimit-complexity-reset': String(Date.now() + 40_000) },
      body: {
        errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }],
      },
    },
    waitsAtLeast: 35_000,
  },
  {
    when: 'Linear answers 500, then answers',
    first: {
      status: 500,
      headers: {},
      body: { errors: [{ message: 'Internal server error', extensions: { type: 'internal error' } }] },
    },
    waitsAtLeast: 1,
  },
])('when $when', ({ first, waitsAtLeast }) => {
  it('should retry once, after the wait Linear asked for or a backoff, and return the answer', async () => {
    const scope = nock(LINEAR)
      .post('/graphql')
      .reply(first.status, first.body as nock.Body, first.headers as Record<string, string>)
      .post('/graphql')
      .reply(200, page(1, 3, null));
    expect(await reader.shippedChanges(QUERY)).toHaveLength(3);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(waitsAtLeast);
  });
});

describe('when the API key is wrong', () => {
  it('should fail at once with an authentication error, without retrying', async () => {
    nock(LINEAR)
      .post('/graphql')
      .once()
      .reply(401, {
        errors: [
          {
            message: 'Authentication required, not authenticated',
            extensions: { code: 'AUTHENTICATION_ERROR', type: 'authentication error', userError: true },
          },
        ],
      });
    const error = await reader.shippedChanges(QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinearApiError);
    expect(error).toMatchObject({ code: 'authentication', retryable: false });
    expect(sleeps).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
    const counted = await metrics.registry.getSingleMetricAsString('commitline_linear_api_calls_total');
    expect(counted).toContain('outcome="authentication"');
  });
});

describe.each([
  {
    when: 'a 400 says AUTHENTICATION_ERROR (how Linear answers a revoked key)',
    status: 400,
    body: {
      errors: [{ message: 'Authentication required', extensions: { code: 'AUTHENTICATION_ERROR' } }],
    },
    code: 'authentication',
  },
  {
    when: 'the key may not reach a feature',
    status: 400,
    body: { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN', type: 'forbidden' } }] },
    code: 'forbidden',
  },
  {
    when: 'LINEAR_API_URL points at something that answers 404 without GraphQL errors',
    status: 404,
    body: 'Not Found',
    code: 'not-found',
  },
])('when $when', ({ status, body, code }) => {
  it(`should translate it to ${code}, not retried`, async () => {
    nock(LINEAR).post('/graphql').reply(status, body);
    await expect(reader.shippedChanges(QUERY)).rejects.toMatchObject({ code, retryable: false, status });
    expect(sleeps).toEqual([]);
  });
});

describe('when Linear cannot be reached', () => {
  it('should retry, then fail as network, retryable', async () => {
    nock(LINEAR)
      .post('/graphql')
      .times(4)
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    await expect(reader.shippedChanges(QUERY)).rejects.toMatchObject({ code: 'network', retryable: true });
    expect(sleeps).toHaveLength(3);
  });
});

describe('when Linear rejects a query', () => {
  it('should fail at once as query-rejected', async () => {
    nock(LINEAR)
      .post('/graphql')
      .reply(400, {
        errors: [
          {
            message: 'Query too complex',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', type: 'graphql error', userError: true },
          },
        ],
      });
    await expect(reader.shippedChanges(QUERY)).rejects.toMatchObject({
      code: 'query-rejected',
      retryable: false,
    });
    expect(sleeps).toEqual([]);
  });
});

describe('when people are looked up by email', () => {
  it('should map lower-cased emails to Linear user ids', async () => {
    nock(LINEAR)
      .post('/graphql', (body: GraphQLBody) =>
        (body.variables.emails as string[]).includes('ana@example.com'),
      )
      .reply(200, { data: { users: { nodes: [{ id: 'lin-ana', email: 'Ana@Example.com' }] } } });
    const found = await createLinearDirectory(api).userIdsByEmail(['ana@example.com', 'nobody@example.com']);
    expect([...found]).toEqual([['ana@example.com', 'lin-ana']]);
  });
});
