import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterById } from '../../src/domain/calendar.js';
import { buildQuarterPage } from '../../src/domain/quarter-page.js';
import type { Engineer } from '../../src/domain/types.js';
import { createNotionSweep, createPageOwnerLookup } from '../../src/notion/owners.js';
import { commentedBlocks, snapshotStore } from '../../src/notion/snapshot.js';
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

const sweepAt = (now: () => number) =>
  createNotionSweep({ client: env.client, redis, prefix, targets: env.targets, now });
const quarterPages = () =>
  createNotionQuarterPages({
    client: env.client,
    targets: env.targets,
    redis,
    prefix,
    timezone: SETTINGS.timezone,
  });

/** Ana's page as a recompute on 14 October writes it, from what Notion shows (`fresh`) or was kept. */
async function recomputeAna(options: { fresh?: boolean } = {}) {
  const writer = quarterPages();
  const read = await writer.read(ana, q4, options);
  const page = buildQuarterPage({
    engineer: ana,
    quarter: q4,
    settings: SETTINGS,
    now: new Date('2026-10-14T12:00:00Z'),
    shipped: [],
    readback: read.readback,
  });
  await writer.write(page, read);
  return page;
}

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
  await recomputeAna();
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
    const sweep = sweepAt(() => clock);
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

describe('when a person comments where no webhook tells commitline', () => {
  const ana2026 = [{ engineerId: 'ana', quarterId: '2026-Q4' }];
  const commentListings = () =>
    env.sandbox.notion.requests.filter((r) => r.path.endsWith('/v1/comments')).length;

  it('should find an inline comment on a commitment while a signature is due, and only then', async () => {
    env.sandbox.notion.writeListItems(
      pageId,
      [
        'Land one RFC on the device-trust system',
        'Cut p95 sign-in latency from 2 s to 1 s',
        'Write the auth runbook',
      ],
      ana.notionUserId,
    );
    const recompute = () => recomputeAna({ fresh: true });
    expect((await recompute()).awaitingComments).toBe(true);
    // Sweeps from two minutes on: the person's list edit is handed on once, then seen. Each page
    // is asked for its comments at most once an hour, so the clock moves an hour between looks.
    let clock = Date.now() + 120_000;
    const anHourOn = () => {
      clock += 3_600_000;
    };
    const sweep = sweepAt(() => clock);
    await sweep.changedPages();
    const kept = await snapshotStore(redis, prefix).load('ana', '2026-Q4');
    // The page, its three commitments and the grading table.
    expect(kept && commentedBlocks(kept)).toHaveLength(5);
    anHourOn();
    const before = commentListings();
    expect(await sweep.changedPages()).toEqual([]);
    expect(commentListings() - before).toBe(5);

    env.sandbox.notion.addComment(pageId, ana.notionUserId, 'I commit to these as of today', {
      blockId: kept?.commitmentBlocks?.[0] ?? '',
    });
    // Within the hour the page is not asked again: webhooks are the first way comments come.
    const quiet = commentListings();
    expect(await sweep.changedPages()).toEqual([]);
    expect(commentListings() - quiet).toBe(0);
    anHourOn();
    expect(await sweep.changedPages()).toEqual(ana2026);
    await recompute();
    anHourOn();
    expect(await sweep.changedPages()).toEqual([]);

    // Nothing due from a person on the page: its comments are not asked for.
    const read = await snapshotStore(redis, prefix).load('ana', '2026-Q4');
    if (read) await snapshotStore(redis, prefix).save({ ...read, awaitingComments: false });
    env.sandbox.notion.addComment(pageId, ana.notionUserId, 'Looks good to me');
    anHourOn();
    const asked = commentListings();
    expect(await sweep.changedPages()).toEqual([]);
    expect(commentListings() - asked).toBe(0);
  });
});
