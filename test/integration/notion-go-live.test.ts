/**
 * The team's go-live, kept in Notion where a lost Redis cannot take it: written by setup into the
 * databases' description, read back (and kept a while in real Redis), overridden by the team
 * file's `since`, and for a database set up before it was written, its creation day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, goLiveAt } from '../../src/domain/index.js';
import { createGoLive, forgetGoLive, readDatabaseGoLive } from '../../src/notion/go-live.js';
import { setupNotion } from '../../src/notion/setup.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('notion-go-live');
const redis = commandRedis();
const timezone = 'Europe/Berlin';
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;

beforeAll(async () => {
  env = await sandboxWithNotion({ redis, prefix });
});
afterAll(async () => {
  await env.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const description = async (databaseId: string) => {
  const database = await env.client.databases.retrieve({ database_id: databaseId });
  return 'description' in database ? database.description.map((item) => item.plain_text).join('') : '';
};
const setDescription = (databaseId: string, content: string) =>
  env.client.databases.update({
    database_id: databaseId,
    description: content ? [{ type: 'text', text: { content } }] : [],
  });

describe('when setup creates the databases', () => {
  it('should write the go-live day into both descriptions', async () => {
    const parent = env.sandbox.notion.addPage('Another team');
    const { targets, goLive } = await setupNotion({
      client: env.client,
      parentPageId: parent.id,
      liveSince: '2026-12-02',
      timezone,
    });
    expect(goLive).toEqual({ day: '2026-12-02', from: 'description', written: true });
    expect(await description(targets.quarterDatabaseId)).toBe('commitline live since 2026-12-02');
    expect(await description(targets.weekDatabaseId)).toBe('commitline live since 2026-12-02');
  });
});

describe('when the go-live is read back', () => {
  it('should take the description’s day, at its start in the team timezone, and keep it in Redis', async () => {
    const quarterDatabaseId = env.targets.quarterDatabaseId;
    await setDescription(quarterDatabaseId, 'commitline live since 2026-12-02');
    await forgetGoLive(redis, prefix, quarterDatabaseId);
    const goLive = createGoLive({ client: env.client, redis, prefix, quarterDatabaseId, timezone });
    expect(await goLive()).toEqual(new Date('2026-12-01T23:00:00Z'));
    // A correction in Notion shows once the kept copy is forgotten (or expires), not before.
    await setDescription(quarterDatabaseId, 'commitline live since 2026-11-23');
    expect(await goLive()).toEqual(new Date('2026-12-01T23:00:00Z'));
    await forgetGoLive(redis, prefix, quarterDatabaseId);
    expect(await goLive()).toEqual(goLiveAt('2026-11-23', timezone));
  });

  it('should let the team file’s `since` win, without asking Notion', async () => {
    const goLive = createGoLive({
      client: env.client,
      redis,
      prefix,
      quarterDatabaseId: 'not-a-database',
      timezone,
      since: '2026-10-05',
    });
    expect(await goLive()).toEqual(new Date('2026-10-04T22:00:00Z'));
  });
});

describe('when the databases were set up before the go-live was recorded', () => {
  it('should count from the quarter database’s creation day, and setup should write that day down', async () => {
    const { quarterDatabaseId, weekDatabaseId } = env.targets;
    await setDescription(quarterDatabaseId, 'Our goals, one page each.');
    await setDescription(weekDatabaseId, '');
    const database = await env.client.databases.retrieve({ database_id: quarterDatabaseId });
    const created = dayOf(new Date('created_time' in database ? database.created_time : ''), timezone);
    expect(await readDatabaseGoLive(env.client, quarterDatabaseId, timezone)).toEqual({
      day: created,
      from: 'created',
    });

    const again = await setupNotion({
      client: env.client,
      parentPageId: env.parent.id,
      liveSince: '2031-01-01',
      timezone,
    });
    // Not today's date: the day it was created, which is what commitline counted from.
    expect(again.goLive).toEqual({ day: created, from: 'created', written: true });
    expect(await description(quarterDatabaseId)).toBe(
      `Our goals, one page each.\ncommitline live since ${created}`,
    );
    expect(await description(weekDatabaseId)).toBe(`commitline live since ${created}`);

    const third = await setupNotion({ client: env.client, parentPageId: env.parent.id, timezone });
    expect(third.goLive).toEqual({ day: created, from: 'description', written: false });
  });
});
