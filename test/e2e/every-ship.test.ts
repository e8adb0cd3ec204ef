/**
 * Every ship counted, end to end on the sandbox: an issue Linear archived after it shipped still
 * counts in its week; a shipped issue renamed in Linear is a relevant delivery, and the recompute
 * it leads to (from the kept snapshot, no reconcile) shows the new title on the weekly row and in
 * the page's evidence. Rows carry their Dates, and the quarter page recalls the previous quarter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamYaml } from '../../src/config/team.js';
import type { Engineer } from '../../src/domain/types.js';
import { createLinearApi, createLinearReader } from '../../src/linear/index.js';
import { parseDelivery } from '../../src/linear/payload.js';
import { isRelevant } from '../../src/linear/relevance.js';
import { createNotionQuarterPages } from '../../src/notion/writer.js';
import { createLogger } from '../../src/observability/logger.js';
import { recomputePage } from '../../src/runtime/recompute-page.js';
import { plain, propertyText } from '../../src/sandbox/notion-store.js';
import { SANDBOX_LINEAR_KEY } from '../../src/sandbox/sandbox.js';
import { SETTINGS } from '../fixtures/team.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('every-ship');
const redis = commandRedis();
const LABEL = 'production-visible';
const team = parseTeamYaml(
  `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya Okafor, notion: maya@example.com }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: ana@example.com, manager: maya, startDate: 2025-01-06, tier: mid, timezone: America/Los_Angeles }
`,
  'every-ship.yaml',
);
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;
let clock = new Date('2026-09-02T17:00:00Z');
let recompute: (quarterId: string, fresh?: boolean) => Promise<{ requests: number }>;
let pages: ReturnType<typeof createNotionQuarterPages>;
const delivered: unknown[] = [];

beforeAll(async () => {
  env = await sandboxWithNotion({ redis, prefix, team, liveSince: '2026-06-01' });
  env.sandbox.notion.now = () => clock;
  env.sandbox.linear.now = () => clock;
  env.sandbox.linear.addLabel(LABEL);
  // Keep what Linear would deliver, to pass it through the receiver's own decision.
  const linearStore = env.sandbox.linear;
  linearStore.deliver = async (action, issue, updatedFrom) => {
    delivered.push(JSON.parse(JSON.stringify(linearStore.issuePayload(action, issue, updatedFrom))));
  };
  const people = new Map(env.sandbox.people.list().map((p) => [p.key, p]));
  const a = people.get('ana');
  const m = people.get('maya');
  if (!a || !m) throw new Error('the team was not seeded');
  const ana: Engineer = {
    id: 'ana',
    name: 'Ana Ruiz',
    tier: 'mid',
    startDate: '2025-01-06',
    linearUserId: a.linearUserId,
    notionUserId: a.notionUserId,
    manager: { id: 'maya', name: m.name, notionUserId: m.notionUserId },
    timezone: 'America/Los_Angeles',
  };
  pages = createNotionQuarterPages({
    client: env.client,
    targets: env.targets,
    redis,
    prefix,
    timezone: SETTINGS.timezone,
  });
  const linear = createLinearReader(
    createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: env.urls.linearApiUrl }),
  );
  recompute = (quarterId, fresh = false) =>
    recomputePage(
      {
        roster: new Map([['ana', ana]]),
        settings: SETTINGS,
        label: LABEL,
        linear,
        notion: pages,
        now: () => clock,
        logger: createLogger({ level: 'silent' }),
      },
      { engineerId: 'ana', quarterId, fresh, silent: true },
    );
});
afterAll(async () => {
  await env.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const rows = (quarter: string) =>
  env.sandbox.notion
    .pagesWhere(env.targets.weekDataSourceId, 'Engineer key', 'ana')
    .filter((r) => propertyText(r.properties.Quarter) === quarter);
const row = (week: string) =>
  rows(week.startsWith('2026-W4') ? '2026-Q4' : '2026-Q3').find(
    (r) => propertyText(r.properties.Week) === week,
  );
const quarterPage = (quarter: string) =>
  env.sandbox.notion
    .pagesWhere(env.targets.quarterDataSourceId, 'Engineer key', 'ana')
    .find((p) => propertyText(p.properties.Quarter) === quarter);
const bodyOf = (quarter: string) =>
  (quarterPage(quarter)?.children ?? []).map((id) =>
    plain(env.sandbox.notion.blocks.get(id)?.content.rich_text as Record<string, unknown>[] | undefined),
  );
/** The issues query straight to the sandbox's GraphQL, with or without archived ones. */
async function issueCount(includeArchived: boolean): Promise<number> {
  const response = await fetch(env.urls.linearApiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: SANDBOX_LINEAR_KEY },
    body: JSON.stringify({
      query: `query { issues(first: 50, includeArchived: ${includeArchived}) { nodes { id } } }`,
    }),
  });
  const body = (await response.json()) as { data: { issues: { nodes: unknown[] } } };
  return body.data.issues.nodes.length;
}

describe('when a shipped issue was archived by Linear', () => {
  it('should still count it in its week, while Linear lists it only when asked to include archived ones', async () => {
    // Wednesday 2 September 2026 (week 36 of 2026-Q3), in Los Angeles.
    const issue = await env.sandbox.actions.createIssue('ana@example.com', 'Passkeys on web');
    await env.sandbox.actions.ship(issue.id);
    clock = new Date('2026-09-09T17:00:00Z');
    await env.sandbox.linear.archiveIssue(issue.id);
    expect(await issueCount(false)).toBe(0);
    expect(await issueCount(true)).toBe(1);
    clock = new Date('2026-09-12T12:00:00Z');
    await recompute('2026-Q3', true);
    expect(propertyText(row('2026-W36')?.properties.Status)).toBe('hit');
    expect(propertyText(row('2026-W36')?.properties.Issues)).toBe('ENG-1 Passkeys on web');
    expect(propertyText(row('2026-W36')?.properties.Dates)).toBe('2026-08-31 → 2026-09-06');
  });
});

describe('when a counted issue is renamed in Linear', () => {
  it('should show the new title on its row and in the evidence, from the delivery’s recompute', async () => {
    clock = new Date('2026-10-07T17:00:00Z');
    const issue = await env.sandbox.actions.createIssue('ana@example.com', 'Sign-in latency');
    await env.sandbox.actions.ship(issue.id);
    clock = new Date('2026-10-10T12:00:00Z');
    const queries = () => env.sandbox.notion.requests.filter((r) => r.path.endsWith('/query')).length;
    let before = queries();
    await recompute('2026-Q4', true);
    // A whole read asks for the page, its rows and the previous quarter's page (the one query
    // more); creating the page checks once more that none was made meanwhile.
    expect(queries() - before).toBe(4);
    expect(propertyText(row('2026-W41')?.properties.Issues)).toBe('ENG-2 Sign-in latency');
    delivered.length = 0;
    await env.sandbox.linear.updateIssue(issue.id, { title: 'Cut p95 sign-in latency under 600 ms' });
    const parsed = parseDelivery(delivered[0]);
    expect(parsed.kind).toBe('issue');
    if (parsed.kind !== 'issue') return;
    expect(isRelevant(parsed.event, { name: LABEL, ids: new Set() })).toBe(true);
    // The recompute a delivery leads to: from the kept snapshot, not a fresh read or a reconcile
    // (the previous quarter's record is kept with it: no query at all).
    before = queries();
    await recompute('2026-Q4');
    expect(queries() - before).toBe(0);
    expect(pages.lastPlan.map((op) => op.kind).sort()).toEqual(['update-block', 'update-row']);
    expect(propertyText(row('2026-W41')?.properties.Issues)).toBe(
      'ENG-2 Cut p95 sign-in latency under 600 ms',
    );
    const body = bodyOf('2026-Q4');
    expect(body.some((text) => text.startsWith('ENG-2 Cut p95 sign-in latency under 600 ms'))).toBe(true);
    expect(body.some((text) => text.includes('Sign-in latency ·'))).toBe(false);
  });
});

describe('when a quarter page is written after another quarter', () => {
  it('should recall the previous quarter’s record in one line, above the evidence', () => {
    // 2026-Q3 was recomputed on Saturday 12 September: weeks 27 to 37 closed, one of them shipped.
    const body = bodyOf('2026-Q4');
    expect(body[body.indexOf('Evidence') + 1]).toBe(
      'Last quarter (2026-Q3): shipped in 1 of 11 weeks; no grades agreed.',
    );
  });
});

describe('when the page is read again whole', () => {
  it('should find every row as it wrote it, Dates included: nothing to change', async () => {
    await recompute('2026-Q4', true);
    expect(pages.lastPlan).toEqual([]);
  });
});
