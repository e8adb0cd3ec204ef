/**
 * The checks behind `commitline doctor`: one line each, ✓ or ✗ with the fix. Each check is
 * independent, so one failure never hides another.
 */

import type { Redis } from 'ioredis';
import type { Env } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { loadTeamFile } from '../config/load.js';
import type { TeamConfig } from '../config/team.js';
import { createLinearApi, createLinearDirectory, toLinearApiError } from '../linear/index.js';
import {
  checkCapabilities,
  createLocalNotionLimiter,
  createNotionClient,
  createNotionLimiter,
  expectedProperties,
  findTargets,
  loadTargets,
  missingProperties,
  NOTION_INTEGRATIONS_URL,
  type NotionTargets,
  toNotionApiError,
} from '../notion/index.js';
import type { Logger } from '../observability/logger.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { readRedisFacts, versionAtLeast } from '../queue/redis-check.js';
import { verificationTokenKey } from './api.js';

export interface CheckResult {
  ok: boolean;
  /** What was checked, and what was found. */
  line: string;
  /** How to fix it, when it failed. */
  fix?: string;
}

const pass = (line: string): CheckResult => ({ ok: true, line });
const fail = (line: string, fix: string): CheckResult => ({ ok: false, line, fix });

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

export async function runDoctor(env: Env, logger: Logger): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let team: TeamConfig | undefined;
  try {
    team = await loadTeamFile(env.configPath);
    results.push(pass(`team file ${env.configPath}: ${team.roster.length} engineers, ${team.timezone}`));
  } catch (error) {
    const problems =
      error instanceof ConfigError
        ? error.problems.map((p) => `${p.path}: ${p.message}`)
        : [messageOf(error)];
    results.push(fail(`team file ${env.configPath} is invalid`, problems.join('; ')));
  }

  const redis = createRedis(env.redisUrl, 'command', { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  let redisUp = false;
  try {
    await waitReady(redis, 3_000);
    redisUp = true;
    const facts = await readRedisFacts(redis);
    results.push(
      versionAtLeast(facts.version, '6.2')
        ? pass(`Redis ${facts.version} at ${env.redisUrl}`)
        : fail(`Redis ${facts.version} at ${env.redisUrl} is too old`, 'upgrade to Redis 6.2 or later'),
    );
    results.push(
      facts.maxmemoryPolicy === 'noeviction'
        ? pass('Redis maxmemory-policy is noeviction')
        : fail(
            `Redis maxmemory-policy is ${facts.maxmemoryPolicy}: queued jobs can be evicted`,
            'set `maxmemory-policy noeviction` in redis.conf, or `redis-cli CONFIG SET maxmemory-policy noeviction`',
          ),
    );
  } catch (error) {
    results.push(
      fail(`Redis not reachable at ${env.redisUrl} (${messageOf(error)})`, 'start Redis, or set REDIS_URL'),
    );
  }

  if (!env.linearApiKey) {
    results.push(
      fail('LINEAR_API_KEY is not set', 'create a personal API key in Linear → Settings → Security & access'),
    );
  } else {
    const directory = createLinearDirectory(
      createLinearApi({ apiKey: env.linearApiKey, apiUrl: env.linearApiUrl, logger, retry: false }),
    );
    try {
      const viewer = await directory.viewer();
      results.push(pass(`Linear key valid (${viewer.name}, ${viewer.organization.urlKey})`));
      const labelName = team?.label ?? 'production-visible';
      const label = await directory.labelByName(labelName);
      results.push(
        label
          ? pass(`Linear label "${labelName}" exists`)
          : fail(`Linear label "${labelName}" is missing`, 'run `commitline setup` to create it'),
      );
      const hooks = await directory.webhooks();
      const hook = hooks.find((h) => h.url.endsWith('/webhooks/linear') && h.resourceTypes.includes('Issue'));
      results.push(
        !hook
          ? fail(
              'no Linear webhook for Issues points at /webhooks/linear',
              'run `commitline setup --webhook-url https://<host>/webhooks/linear`',
            )
          : hook.enabled
            ? pass(`Linear webhook registered and enabled (${hook.url})`)
            : fail(
                `Linear webhook ${hook.url} is disabled`,
                'enable it in Linear → Settings → API → Webhooks (Linear disables a webhook after repeated failures)',
              ),
      );
    } catch (error) {
      results.push(linearFailure(error));
    }
  }
  if (env.linearWebhookSecrets.length === 0) {
    results.push(
      fail(
        'LINEAR_WEBHOOK_SECRET is not set: every Linear delivery will be refused',
        'set it to the webhook’s signing secret (`commitline setup --webhook-url …` prints one)',
      ),
    );
  }

  if (!env.notionToken) {
    results.push(
      fail(
        'NOTION_TOKEN is not set',
        'create an internal integration in Notion → Settings → Connections → Develop or manage integrations',
      ),
    );
  } else {
    results.push(...(await checkNotion(env, redisUp ? redis : undefined, logger)));
  }
  if (redisUp) {
    const token = await redis.get(verificationTokenKey(env.redisPrefix)).catch(() => null);
    if (token && !env.notionWebhookSecret) {
      results.push(
        fail(
          `Notion sent a webhook verification token: ${token}`,
          'paste it into the Notion subscription, and set NOTION_WEBHOOK_SECRET to it',
        ),
      );
    }
  }
  redis.disconnect();
  return results;
}

const SETUP_AGAIN = 'run `commitline setup --parent <Notion page URL>` again to find or recreate it';

/** How a failed Linear check reads in doctor: what failed, and the fix for its kind. */
function linearFailure(raw: unknown): CheckResult {
  const error = toLinearApiError(raw);
  const said = messageOf(error);
  switch (error.code) {
    case 'authentication':
      return fail(`Linear key rejected (${said})`, 'check LINEAR_API_KEY');
    case 'network':
      return fail(`Linear not reachable (${said})`, 'check the network, and LINEAR_API_URL if it is set');
    default:
      return fail(`Linear check failed (${error.code}: ${said})`, 'try again; check LINEAR_API_KEY');
  }
}

/** How a failed Notion call reads in doctor: what failed, and the fix for its kind. */
function notionFailure(what: string, raw: unknown, notFoundFix: string): CheckResult {
  const error = toNotionApiError(raw);
  const said = messageOf(error);
  switch (error.code) {
    case 'unauthorized':
      return fail(
        `${what}: Notion token rejected (${said})`,
        'check NOTION_TOKEN, and share the parent page with the integration',
      );
    case 'restricted':
      return fail(
        `${what}: the integration may not read it (${said})`,
        `turn on “Read content” at ${NOTION_INTEGRATIONS_URL} → your integration → Capabilities`,
      );
    case 'not-found':
      return fail(`${what}: not found (${said})`, notFoundFix);
    case 'network':
      return fail(
        `${what}: Notion not reachable (${said})`,
        'check the network, and NOTION_API_URL if it is set',
      );
    default:
      return fail(`${what}: Notion answered ${error.code} (${said})`, 'try again in a minute');
  }
}

/**
 * The Notion checks, each on its own: the token and capabilities, then each database. Redis is
 * used for the shared rate limit and the recorded database ids when it is up; without it, the
 * databases are found under NOTION_PARENT_PAGE_ID, or reported as not checked.
 */
async function checkNotion(env: Env, redis: Redis | undefined, logger: Logger): Promise<CheckResult[]> {
  const token = env.notionToken as string;
  const results: CheckResult[] = [];
  const limiter = redis
    ? createNotionLimiter({ redis, prefix: env.redisPrefix, ratePerSecond: env.notionRateLimitPerSecond })
    : createLocalNotionLimiter(env.notionRateLimitPerSecond);
  const client = createNotionClient({ token, baseUrl: env.notionApiUrl, limiter, logger, retry: false });

  let tokenOk = false;
  try {
    const capabilities = await checkCapabilities(client, env.notionParentPageId);
    // checkCapabilities stops at a refused token with that one line.
    if (capabilities.length === 1 && capabilities[0] && !capabilities[0].ok) {
      const [refused] = capabilities;
      results.push(
        fail(
          `Notion token rejected (${refused.name === 'a valid token' ? 'Notion refused it' : 'not an integration token'})`,
          refused.fix ?? 'check NOTION_TOKEN',
        ),
      );
    } else {
      tokenOk = true;
      for (const capability of capabilities) {
        results.push(
          capability.ok
            ? pass(`Notion: ${capability.name}`)
            : fail(`Notion: ${capability.name} is missing`, capability.fix ?? ''),
        );
      }
    }
  } catch (error) {
    results.push(notionFailure('Notion token and capabilities', error, 'check NOTION_TOKEN'));
    // Anything but a refused token: the databases are still worth checking on their own.
    tokenOk = toNotionApiError(error).code !== 'unauthorized';
  }
  if (!tokenOk) {
    results.push(
      fail(
        'Notion databases not checked: Notion refused the token',
        'fix NOTION_TOKEN, then run doctor again',
      ),
    );
    return results;
  }

  let targets: NotionTargets | undefined;
  let where = 'recorded in Redis';
  try {
    targets = redis ? await loadTargets(redis, env.redisPrefix) : undefined;
  } catch {
    targets = undefined;
  }
  const searchParent = !targets && env.notionParentPageId !== undefined;
  if (searchParent && env.notionParentPageId) {
    where = 'under NOTION_PARENT_PAGE_ID';
    try {
      targets = await findTargets(client, env.notionParentPageId);
    } catch (error) {
      results.push(
        notionFailure(
          'Notion databases under NOTION_PARENT_PAGE_ID',
          error,
          'check NOTION_PARENT_PAGE_ID, and share that page with the integration (page ••• → Connections)',
        ),
      );
      return results;
    }
  }
  if (!targets) {
    results.push(
      redis || searchParent
        ? fail(
            searchParent
              ? 'the Notion databases are not both under NOTION_PARENT_PAGE_ID'
              : 'the Notion databases are not set up',
            'run `commitline setup --parent <Notion page URL>`',
          )
        : fail(
            'Notion databases not checked: their ids are kept in Redis, which is not reachable',
            'start Redis and run doctor again (or set NOTION_PARENT_PAGE_ID, so doctor finds them under the page)',
          ),
    );
    return results;
  }

  for (const [name, id, kind] of [
    ['Quarter commitments', targets.quarterDataSourceId, 'quarter'],
    ['Weekly baseline', targets.weekDataSourceId, 'week'],
  ] as const) {
    try {
      const source = await client.dataSources.retrieve({ data_source_id: id });
      if ('in_trash' in source && source.in_trash) {
        results.push(
          fail(`Notion database "${name}" is in the trash`, `restore it in Notion, or ${SETUP_AGAIN}`),
        );
        continue;
      }
      const missing = missingProperties(source.properties, expectedProperties(kind, targets));
      results.push(
        missing.length === 0
          ? pass(`Notion database "${name}" has every property`)
          : fail(
              `Notion database "${name}" lacks ${missing.join(', ')}`,
              'run `commitline setup` again to add them',
            ),
      );
    } catch (error) {
      results.push(
        notionFailure(`Notion database "${name}" (data source ${id}, ${where})`, error, SETUP_AGAIN),
      );
    }
  }
  return results;
}
