import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterById } from '../../src/domain/calendar.js';
import { buildQuarterPage } from '../../src/domain/quarter-page.js';
import type { Engineer } from '../../src/domain/types.js';
import { createNotionSweep, createPageOwnerLookup } from '../../src/notion/owners.js';
import { snapshotStore } from '../../src/notion/snapshot.js';
import { createNotionQuarterPages } from '../../src/notion/writer.js';
import { MAYA, SETTINGS } from '../fixtures/team.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('notion-sweep');
const redis = commandRedis();
const q4 = quarterById('2026-Q4', SETTINGS);
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;
let ana: Engineer;
let pageId: string;

beforeAll(async () => {
  env = await sandboxWithNotion({ redis, prefix });
  const person = env.sandbox.notion.addUser({ type: 'person', name: 'Ana', email: 'ana@example.com' });
  ana = {
    id: 'ana',
    name: 'Ana',
    tier: 'mid',
    startDate: '2024-01-08',
    linearUserId: 'lin-ana',
    notionUserId: person.id,
    manager: MAYA,
  };
  const writer = createNotionQuarterPages({
    client: env.client,
    targets: env.targets,
    redis,
    prefix,
    timezone: SETTINGS.timezone,
  });
  const read = await writer.read(ana, q4);
  await writer.write(
    buildQuarterPage({
      engineer: ana,
      quarter: q4,
      settings: SETTINGS,
      now: new Date('2026-10-14T12:00:00Z'),
      shipped: [],
      readback: read.readback,
    }),
    read,
  );
  pageId = env.sandbox.notion.pagesWhere(env.targets.quarterDataSourceId, 'Engineer key', 'ana')[0]?.id ?? '';
});
afterAll(async () => {
  await env.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('when a page or a row is found by its id', () => {
  it('should name its engineer and quarter, reading Notion once', async () => {
    const lookup = createPageOwnerLookup({ client: env.client, redis, prefix });
    const before = env.sandbox.notion.requests.length;
    expect(await lookup.ownerOf(pageId)).toEqual({ engineerId: 'ana', quarterId: '2026-Q4' });
    expect(await lookup.ownerOf(pageId)).toEqual({ engineerId: 'ana', quarterId: '2026-Q4' });
    expect(env.sandbox.notion.requests.length - before).toBe(1);
    const row = env.sandbox.notion.pagesWhere(env.targets.weekDataSourceId, 'Engineer key', 'ana')[0];
    expect(await lookup.ownerOf(row?.id ?? '')).toEqual({ engineerId: 'ana', quarterId: '2026-Q4' });
  });

  it('should treat a page the integration cannot see as not commitline’s', async () => {
    const lookup = createPageOwnerLookup({ client: env.client, redis, prefix });
    expect(await lookup.ownerOf('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});

describe('when the sweep looks for pages people edited', () => {
  it('should skip what commitline wrote itself, and find what a person changed', async () => {
    // Both clocks fixed: the edit lands 10 s into a minute, the sweeps run around it.
    const edit = Math.floor(Date.now() / 60_000) * 60_000 + 10_000;
    let clock = edit - 5_000;
    const sweep = createNotionSweep({
      client: env.client,
      redis,
      prefix,
      targets: env.targets,
      now: () => clock,
    });
    expect(await sweep.changedPages()).toEqual([]);
    const row = env.sandbox.notion.pagesWhere(env.targets.weekDataSourceId, 'Engineer key', 'ana')[0];
    env.sandbox.notion.now = () => new Date(edit);
    try {
      env.sandbox.notion.setCheckbox(row?.id ?? '', 'Excused', true, ana.notionUserId);
    } finally {
      env.sandbox.notion.now = () => new Date();
    }
    const ana2026 = [{ engineerId: 'ana', quarterId: '2026-Q4' }];
    clock = edit + 1_000;
    expect(await sweep.changedPages()).toEqual(ana2026);
    // Notion shows that edit as of its minute, before the first sweep's start: the sweep looks
    // back past the rounding. While the minute runs, another edit could show the same time, so
    // the edit is handed on again; once the minute is over, it is handed on a last time.
    clock = edit + 2_000;
    expect(await sweep.changedPages()).toEqual(ana2026);
    clock = edit + 61_000;
    expect(await sweep.changedPages()).toEqual(ana2026);
    clock = edit + 62_000;
    expect(await sweep.changedPages()).toEqual([]);
  });

  it('should forget the readback of a changed page, so the next recompute reads it', async () => {
    expect(await snapshotStore(redis, prefix).load('ana', '2026-Q4')).toBeDefined();
    await createNotionSweep({ client: env.client, redis, prefix, targets: env.targets }).invalidate(
      'ana',
      '2026-Q4',
    );
    expect(await snapshotStore(redis, prefix).load('ana', '2026-Q4')).toBeUndefined();
  });
});
