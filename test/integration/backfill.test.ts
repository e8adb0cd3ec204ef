/**
 * `commitline backfill` as an operator runs it, in this process, against the sandbox: a large team
 * (the team grid's table past Notion's 100 rows), Linear asked once per engineer, transient
 * Notion failures waited out like a job's, and the quarter rules (past, future, joined after).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../src/notion/setup.js';
import { startContext } from '../../src/runtime/context.js';
import { recomputeAll } from '../../src/runtime/recompute-all.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('backfill');
const redis = commandRedis();
const TEAM_SIZE = 150;
let sandbox: Sandbox;
let env: Record<string, string>;
let quarterDataSource: string;
/** A team file of the first ten engineers only. */
let smallTeam: string;

async function context(overrides: Record<string, string> = {}) {
  return startContext({ ...env, ...overrides }, 'backfill');
}

function shippedQueries(ctx: Awaited<ReturnType<typeof context>>): Promise<number> {
  return ctx.metrics.linearCalls
    .get()
    .then((metric) =>
      metric.values
        .filter((v) => v.labels.operation === 'shippedIssues')
        .reduce((sum, v) => sum + v.value, 0),
    );
}

beforeAll(async () => {
  const deployed = await sandboxWithNotion({ redis, prefix, rate: 5_000 });
  sandbox = deployed.sandbox;
  quarterDataSource = deployed.targets.quarterDataSourceId;
  await storeTargets(redis, prefix, deployed.targets);
  sandbox.notion.addUser({ type: 'person', name: 'Maya', email: 'maya@example.com' });
  const lines: string[] = [];
  for (let i = 0; i < TEAM_SIZE; i++) {
    const email = `eng${i}@example.com`;
    const linear = sandbox.linear.addUser({ name: `Eng ${i}`, email });
    sandbox.notion.addUser({ type: 'person', name: `Eng ${i}`, email });
    lines.push(
      `  - { id: eng${i}, name: Eng ${i}, linear: ${linear.email}, notion: ${email}, manager: maya, startDate: 2025-01-06, tier: mid }`,
    );
  }
  // One engineer joins after 2026-Q3 has ended: never a page for it.
  sandbox.linear.addUser({ name: 'Late', email: 'late@example.com' });
  sandbox.notion.addUser({ type: 'person', name: 'Late', email: 'late@example.com' });
  lines.push(
    '  - { id: late, name: Late, linear: late@example.com, notion: late@example.com, manager: maya, startDate: 2026-11-02, tier: mid }',
  );
  const dir = await mkdtemp(join(tmpdir(), 'commitline-backfill-'));
  const team = join(dir, 'team.yaml');
  const header =
    'timezone: Europe/Berlin\nmanagers:\n  - { id: maya, name: Maya, notion: maya@example.com }\nroster:\n';
  await writeFile(team, `${header}${lines.join('\n')}\n`);
  smallTeam = join(dir, 'small-team.yaml');
  await writeFile(smallTeam, `${header}${lines.slice(0, 10).join('\n')}\n`);
  env = {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    COMMITLINE_CONFIG: team,
    LOG_LEVEL: 'silent',
    LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
    LINEAR_API_URL: deployed.urls.linearApiUrl,
    NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
    NOTION_API_URL: deployed.urls.notionApiUrl,
    NOTION_RATE_LIMIT: '5000',
  };
}, 60_000);
afterAll(async () => {
  await sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe(`when a past quarter is backfilled with --create for ${TEAM_SIZE} engineers`, () => {
  it('should write every page and the team grid past 100 rows, refused nothing, and ask Linear once per engineer', async () => {
    const ctx = await context();
    const before = sandbox.notion.requests.length;
    const comments = sandbox.notion.comments.length;
    const result = await recomputeAll(ctx, '2026-Q3', { create: true });
    const answered = sandbox.notion.requests.slice(before);
    const refused = answered.filter((r) => (r.status ?? 200) >= 400);
    console.log(
      `backfill of ${TEAM_SIZE}: ${result.pages} pages, ${result.requests} Notion requests, ${refused.length} refused`,
    );
    expect(result.failed).toEqual([]);
    expect(result.pages).toBe(TEAM_SIZE);
    expect(result.skipped.map((s) => s.engineerId)).toEqual(['late']);
    expect(refused).toEqual([]);
    expect(await shippedQueries(ctx)).toBe(TEAM_SIZE);
    // A past quarter is written without speaking to anyone about it.
    expect(sandbox.notion.comments.length).toBe(comments);
    expect(sandbox.notion.pagesWhere(quarterDataSource, 'Quarter', '2026-Q3')).toHaveLength(TEAM_SIZE);
    const grid = [...sandbox.notion.pages.values()].find(
      (p) => sandbox.notion.title(p) === 'Team baseline 2026-Q3',
    );
    const table = grid?.children.map((id) => sandbox.notion.blocks.get(id)).find((b) => b?.type === 'table');
    const rows = (table?.children ?? []).filter((id) => !sandbox.notion.blocks.get(id)?.in_trash);
    // The header and one row per engineer who had the quarter, the late joiner blank.
    expect(rows).toHaveLength(TEAM_SIZE + 2);
  }, 120_000);
});

describe('when a backfill meets Notion answering 503 now and then', () => {
  it('should wait failures out like a job and report nothing still failing', async () => {
    const ctx = await context({ COMMITLINE_CONFIG: smallTeam });
    // One request in twenty answered 503 (5%), spread over the run as they come.
    const start = sandbox.notion.requests.length;
    let injected = 0;
    const spread = setInterval(() => {
      while ((sandbox.notion.requests.length - start) / 20 > injected) {
        sandbox.faults.inject({ service: 'notion', status: 503 });
        injected += 1;
      }
    }, 5);
    try {
      // Both waits shortened: the Notion client's retry of a request, and a page's retry after it.
      const result = await recomputeAll(ctx, '2026-Q4', {
        retryDelayMs: () => 10,
        notionRetry: { tries: 3, baseMs: 10, maxMs: 100 },
      });
      expect(result.failed).toEqual([]);
      expect(result.pages).toBe(10);
      expect(injected).toBeGreaterThan(5);
    } finally {
      clearInterval(spread);
    }
  }, 120_000);
});

describe('when the quarter asked for has not begun', () => {
  it('should refuse it with a clear message and write nothing', async () => {
    const ctx = await context();
    const before = sandbox.notion.requests.length;
    await expect(recomputeAll(ctx, '2027-Q2')).rejects.toMatchObject({
      code: 'future-quarter',
      message: expect.stringContaining('2027-Q2 has not begun'),
    });
    expect(sandbox.notion.requests.length).toBe(before);
  });
});

describe('when a past quarter that never had pages is backfilled without --create', () => {
  it('should create nothing', async () => {
    const ctx = await context();
    const result = await recomputeAll(ctx, '2026-Q2');
    expect(result.pages).toBe(0);
    expect(sandbox.notion.pagesWhere(quarterDataSource, 'Quarter', '2026-Q2')).toEqual([]);
  });
});

describe('when another process takes a page’s lock while the backfill writes that page', () => {
  it('should stop writing that page at once, and write it under a lock of its own after', async () => {
    const email = 'lee@example.com';
    const linear = sandbox.linear.addUser({ name: 'Lee', email });
    sandbox.notion.addUser({ type: 'person', name: 'Lee', email });
    const dir = await mkdtemp(join(tmpdir(), 'commitline-backfill-lock-'));
    const team = join(dir, 'team.yaml');
    await writeFile(
      team,
      'timezone: Europe/Berlin\nmanagers:\n  - { id: maya, name: Maya, notion: maya@example.com }\nroster:\n' +
        `  - { id: lee, name: Lee, linear: ${linear.email}, notion: ${email}, manager: maya, startDate: 2025-01-06, tier: mid }\n`,
    );
    const ctx = await context({ COMMITLINE_CONFIG: team });
    const lockKey = `${prefix}:lock:page:lee:2026-Q4`;
    // Notion slowed: the page's create is answered 1 s after it arrives. As it arrives, another
    // holder takes the lock (what a failover and someone else's SET leave) and keeps it 2 s.
    sandbox.faults.inject({ service: 'notion', method: 'POST', path: '/v1/pages', latencyMs: 1_000 });
    let taken = false;
    let took = false;
    const writesWhileTaken: string[] = [];
    const arrived = (request: IncomingMessage) => {
      const [path = ''] = (request.url ?? '').split('?');
      const write = request.method !== 'GET' && !path.endsWith('/query') && path.includes('/notion/');
      if (taken && write) writesWhileTaken.push(`${request.method} ${path}`);
      if (!took && request.method === 'POST' && path.endsWith('/v1/pages')) {
        took = true;
        taken = true;
        void redis.set(lockKey, 'another-holder', 'PX', 60_000);
        setTimeout(() => {
          taken = false;
          void redis.del(lockKey);
        }, 2_000);
      }
    };
    sandbox.app.server.prependListener('request', arrived);
    try {
      const result = await recomputeAll(ctx, '2026-Q4', { lockTtlMs: 3_000, retryDelayMs: () => 10 });
      expect(took).toBe(true);
      // The create already sent was answered; nothing else went while the other holder had the page.
      expect(writesWhileTaken).toEqual([]);
      expect(result.failed).toEqual([]);
      expect(result.pages).toBe(1);
      // One page, the one the first try created, adopted by the second.
      const lee = sandbox.notion
        .pagesWhere(quarterDataSource, 'Quarter', '2026-Q4')
        .filter((p) => JSON.stringify(p.properties).includes('"lee"'));
      expect(lee).toHaveLength(1);
    } finally {
      sandbox.app.server.off('request', arrived);
    }
  }, 30_000);
});
