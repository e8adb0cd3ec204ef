import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseTeamYaml } from '../../src/config/team.js';
import type { IdentityDirectory } from '../../src/domain/index.js';
import { resolveRoster } from '../../src/runtime/roster.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const redis = commandRedis();
const prefix = testPrefix('roster');
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const team = parseTeamYaml(
  `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya, notion: maya@example.com }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: ana@example.com, manager: maya, startDate: 2026-09-14, tier: junior }
  - { id: ben, name: Ben, linear: lin-ben, notion: not-ben, manager: ana, startDate: 2023-04-03, tier: senior }
`,
  'team',
);

function directory(linear: Record<string, string>, notion: Record<string, string>) {
  const calls = { linear: 0, notion: 0 };
  const lookup = (known: Record<string, string>) => async (emails: readonly string[]) =>
    new Map(emails.filter((e) => known[e]).map((e) => [e, known[e] as string]));
  const dir: IdentityDirectory = {
    linearIdsByEmail: async (emails) => {
      calls.linear += 1;
      return lookup(linear)(emails);
    },
    notionIdsByEmail: async (emails) => {
      calls.notion += 1;
      return lookup(notion)(emails);
    },
  };
  return { dir, calls };
}

describe('when the roster names people by email', () => {
  it('should resolve them through the APIs once, then from the cache', async () => {
    const first = directory(
      { 'ana@example.com': 'lin-ana' },
      { 'ana@example.com': 'not-ana', 'maya@example.com': 'not-maya' },
    );
    const roster = await resolveRoster({ team, directory: first.dir, redis, prefix });
    expect(roster.map((e) => [e.id, e.linearUserId, e.notionUserId, e.manager.notionUserId])).toEqual([
      ['ana', 'lin-ana', 'not-ana', 'not-maya'],
      ['ben', 'lin-ben', 'not-ben', 'not-ana'],
    ]);
    expect(first.calls).toEqual({ linear: 1, notion: 1 });
    const again = directory({}, {});
    await resolveRoster({ team, directory: again.dir, redis, prefix });
    expect(again.calls).toEqual({ linear: 0, notion: 0 });
    // Trusted for a week: a changed address or account is seen at a start after it.
    const ttl = await redis.ttl(`${prefix}:identities`);
    expect(ttl).toBeGreaterThan(6 * 86_400);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  it('should stop with the engineer’s name when an email resolves to nobody', async () => {
    const fresh = testPrefix('roster-missing');
    const { dir } = directory({}, { 'maya@example.com': 'not-maya' });
    const error = await resolveRoster({ team, directory: dir, redis, prefix: fresh }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'roster[0].notion: Ana Ruiz: no user with the email ana@example.com in the Notion workspace (or the integration cannot read emails); fix the address or give the user id',
      'roster[0].linear: Ana Ruiz: no user with the email ana@example.com in the Linear workspace; fix the address or give the user id',
    ]);
    await deleteKeys(redis, fresh);
  });
});

describe('when two engineers resolve to one person', () => {
  it('should stop the start naming both, as doctor does', async () => {
    const fresh = testPrefix('roster-shared');
    const shared = parseTeamYaml(
      `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya, notion: not-maya }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: not-ana, manager: maya, startDate: 2026-09-14, tier: junior }
  - { id: eve, name: Eve Stone, linear: eve@example.com, notion: not-eve, manager: maya, startDate: 2025-05-05, tier: mid }
`,
      'team',
    );
    // Two addresses of one Linear user (an alias): only the ids show it.
    const { dir } = directory({ 'ana@example.com': 'lin-ana', 'eve@example.com': 'lin-ana' }, {});
    const error = await resolveRoster({ team: shared, directory: dir, redis, prefix: fresh }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'roster[1].linear: Eve Stone: the same Linear user as Ana Ruiz (roster[0]); each engineer needs their own',
    ]);
    await deleteKeys(redis, fresh);
  });
});
