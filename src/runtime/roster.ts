/**
 * The roster as the domain sees it: every engineer and manager with their Linear and Notion user
 * ids. The team file may name people by email; those are resolved through the two APIs and
 * cached in Redis for a week, and an email that resolves to nobody stops the start with the engineer's name.
 */
import type { Redis } from 'ioredis';
import { ConfigError, type ConfigProblem } from '../config/errors.js';
import type { Identity, TeamConfig } from '../config/team.js';
import type { Engineer, IdentityDirectory, Manager } from '../domain/index.js';

/** Looks people up by email; keys of the result are lower-case emails. */
type Service = 'linear' | 'notion';

/** How long a resolved email is trusted: a changed address or account is seen at a start after it. */
const IDENTITY_CACHE_SECONDS = 7 * 86_400;

export async function resolveRoster(options: {
  team: TeamConfig;
  directory: IdentityDirectory;
  redis: Redis;
  prefix: string;
}): Promise<Engineer[]> {
  const { team, redis } = options;
  const cacheKey = `${options.prefix}:identities`;
  const wanted: Record<Service, Set<string>> = { linear: new Set(), notion: new Set() };
  for (const m of team.managers) if (m.notion.email) wanted.notion.add(m.notion.email);
  for (const e of team.roster) {
    if (e.linear.email) wanted.linear.add(e.linear.email);
    if (e.notion.email) wanted.notion.add(e.notion.email);
  }

  const known = new Map<string, string>();
  const fields = [...wanted.linear]
    .map((e) => `linear:${e}`)
    .concat([...wanted.notion].map((e) => `notion:${e}`));
  if (fields.length > 0) {
    const cached = await redis.hmget(cacheKey, ...fields);
    fields.forEach((field, i) => {
      const id = cached[i];
      if (id) known.set(field, id);
    });
  }
  for (const service of ['linear', 'notion'] as const) {
    const missing = [...wanted[service]].filter((email) => !known.has(`${service}:${email}`));
    if (missing.length === 0) continue;
    const found =
      service === 'linear'
        ? await options.directory.linearIdsByEmail(missing)
        : await options.directory.notionIdsByEmail(missing);
    const resolved: Record<string, string> = {};
    for (const [email, id] of found) {
      known.set(`${service}:${email.toLowerCase()}`, id);
      resolved[`${service}:${email.toLowerCase()}`] = id;
    }
    if (Object.keys(resolved).length > 0) {
      await redis.multi().hset(cacheKey, resolved).expire(cacheKey, IDENTITY_CACHE_SECONDS).exec();
    }
  }

  const problems: ConfigProblem[] = [];
  const idOf = (identity: Identity, service: Service, path: string, who: string): string => {
    if (identity.id) return identity.id;
    const id = identity.email ? known.get(`${service}:${identity.email}`) : undefined;
    if (id) return id;
    const where =
      service === 'linear' ? 'Linear workspace' : 'Notion workspace (or the integration cannot read emails)';
    problems.push({
      path,
      message: `${who}: no user with the email ${identity.email} in the ${where}; fix the address or give the user id`,
    });
    return '';
  };
  // A manager is someone in `managers`, or another engineer (a lead managing the team).
  const managers = new Map<string, Manager>();
  team.managers.forEach((m, i) => {
    const notionUserId = idOf(m.notion, 'notion', `managers[${i}].notion`, m.name);
    managers.set(m.id, { id: m.id, name: m.name, notionUserId });
  });
  const resolved = team.roster.map((e, i) => {
    const notionUserId = idOf(e.notion, 'notion', `roster[${i}].notion`, e.name);
    if (!managers.has(e.id)) managers.set(e.id, { id: e.id, name: e.name, notionUserId });
    return { e, notionUserId, linearUserId: idOf(e.linear, 'linear', `roster[${i}].linear`, e.name) };
  });
  // Two engineers on one user would count the same shipped issues twice and blur their signatures.
  for (const service of ['linear', 'notion'] as const) {
    const first = new Map<string, number>();
    resolved.forEach((r, i) => {
      const id = service === 'linear' ? r.linearUserId : r.notionUserId;
      if (!id) return;
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, i);
        return;
      }
      const other = team.roster[earlier];
      problems.push({
        path: `roster[${i}].${service}`,
        message: `${r.e.name}: the same ${service === 'linear' ? 'Linear' : 'Notion'} user as ${other?.name ?? 'another engineer'} (roster[${earlier}]); each engineer needs their own`,
      });
    });
  }
  const roster = resolved.map(
    ({ e, notionUserId, linearUserId }): Engineer => ({
      id: e.id,
      name: e.name,
      tier: e.tier,
      startDate: e.startDate,
      linearUserId,
      notionUserId,
      ...(e.timezone ? { timezone: e.timezone } : {}),
      // The team file's cross-checks guarantee the manager exists.
      manager: managers.get(e.managerId) as Manager,
    }),
  );
  if (problems.length > 0) throw new ConfigError('The roster', problems);
  return roster;
}
