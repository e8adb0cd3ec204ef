/**
 * A team that goes live in week 10 of a quarter, end to end on the sandbox: `setup` records the
 * day in the databases' description, the recompute reads it back from Notion, and the nine weeks
 * before it (shipped in the first three, then six silent ones) are written as history without a
 * word to anyone. The first streak is commitline's own: two of its weeks in a row, said once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamYaml } from '../../src/config/team.js';
import type { Engineer } from '../../src/domain/types.js';
import { createLinearApi, createLinearReader } from '../../src/linear/index.js';
import { createGoLive } from '../../src/notion/go-live.js';
import { createNotionQuarterPages } from '../../src/notion/writer.js';
import { createLogger } from '../../src/observability/logger.js';
import { recomputePage } from '../../src/runtime/recompute-page.js';
import { plain, propertyText } from '../../src/sandbox/notion-store.js';
import { SANDBOX_LINEAR_KEY } from '../../src/sandbox/sandbox.js';
import { SETTINGS } from '../fixtures/team.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('go-live');
const redis = commandRedis();
const team = parseTeamYaml(
  `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya Okafor, notion: maya@example.com }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: ana@example.com, manager: maya, startDate: 2025-01-06, tier: mid }
`,
  'go-live.yaml',
);
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;
let ana: Engineer;
let clock = new Date('2026-10-01T10:00:00Z');
let recompute: () => Promise<unknown>;

beforeAll(async () => {
  // Set up on Wednesday 2 December 2026: 2026-W49, week 10 of 2026-Q4.
  env = await sandboxWithNotion({ redis, prefix, team, liveSince: '2026-12-02' });
  env.sandbox.notion.now = () => clock;
  env.sandbox.linear.now = () => clock;
  env.sandbox.linear.addLabel('production-visible');
  const people = new Map(env.sandbox.people.list().map((p) => [p.key, p]));
  const a = people.get('ana');
  const m = people.get('maya');
  if (!a || !m) throw new Error('the team was not seeded');
  ana = {
    id: 'ana',
    name: 'Ana Ruiz',
    tier: 'mid',
    startDate: '2025-01-06',
    linearUserId: a.linearUserId,
    notionUserId: a.notionUserId,
    manager: { id: 'maya', name: m.name, notionUserId: m.notionUserId },
  };
  // Ana shipped in weeks 1 to 3, then nothing: six silent weeks before commitline went live.
  for (const day of ['2026-09-30', '2026-10-07', '2026-10-14']) {
    clock = new Date(`${day}T10:00:00Z`);
    const issue = await env.sandbox.actions.createIssue('ana@example.com', `A change on ${day}`);
    await env.sandbox.actions.ship(issue.id);
  }
  const pages = createNotionQuarterPages({
    client: env.client,
    targets: env.targets,
    redis,
    prefix,
    timezone: SETTINGS.timezone,
  });
  const linear = createLinearReader(
    createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: env.urls.linearApiUrl }),
  );
  // The go-live comes from Notion, as a worker reads it: the description setup wrote.
  const goLive = createGoLive({
    client: env.client,
    redis,
    prefix,
    quarterDatabaseId: env.targets.quarterDatabaseId,
    timezone: SETTINGS.timezone,
  });
  recompute = () =>
    recomputePage(
      {
        roster: new Map([['ana', ana]]),
        settings: SETTINGS,
        label: 'production-visible',
        linear,
        notion: pages,
        now: () => clock,
        goLive,
        logger: createLogger({ level: 'silent' }),
      },
      { engineerId: 'ana', quarterId: '2026-Q4', fresh: true },
    );
});
afterAll(async () => {
  await env.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const page = () => env.sandbox.notion.pagesWhere(env.targets.quarterDataSourceId, 'Engineer key', 'ana')[0];
const botSays = () =>
  env.sandbox.notion.comments
    .filter((c) => c.pageId === page()?.id && c.created_by === env.sandbox.notion.bot.id)
    .map((c) => plain(c.rich_text));
const rowStatus = () =>
  Object.fromEntries(
    env.sandbox.notion
      .pagesWhere(env.targets.weekDataSourceId, 'Engineer key', 'ana')
      .map((r) => [propertyText(r.properties.Week), propertyText(r.properties.Status)]),
  );

describe('when commitline first starts in week 10, after nine weeks it was not there for', () => {
  it('should write those weeks as history and post nothing about them', async () => {
    clock = new Date('2026-12-03T02:30:00Z');
    await recompute();
    expect(botSays()).toEqual([]);
    const rows = rowStatus();
    for (let w = 40; w <= 48; w++) expect(rows[`2026-W${w}`]).toBe('before commitline');
    expect(rows['2026-W49']).toBe('open');
    expect(propertyText(page()?.properties['Miss streak'])).toBe('0');
    expect(propertyText(page()?.properties['Weeks missed'])).toBe('0');
    expect(propertyText(page()?.properties.Flags)).toBe('');
  });

  it('should raise its own first streak once, after two of its weeks close empty', async () => {
    clock = new Date('2026-12-04T17:05:00Z');
    await recompute();
    expect(botSays()).toEqual([]);
    clock = new Date('2026-12-11T17:05:00Z');
    await recompute();
    const said = botSays();
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('2 weeks in a row (2026-W49, 2026-W50)');
    clock = new Date('2026-12-18T17:05:00Z');
    await recompute();
    expect(botSays()).toHaveLength(1);
    expect(propertyText(page()?.properties['Miss streak'])).toBe('3');
  });
});
