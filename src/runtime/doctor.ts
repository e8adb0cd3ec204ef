/**
 * The checks behind `commitline doctor`: one line each, ✓ or ✗ with the fix. Each check is
 * independent, so one failure never hides another.
 */
import type { Env } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { loadTeamFile } from '../config/load.js';
import type { TeamConfig } from '../config/team.js';
import { createLinearApi, createLinearDirectory } from '../linear/index.js';
import {
  checkCapabilities,
  createNotionClient,
  createNotionLimiter,
  expectedProperties,
  findTargets,
  loadTargets,
  missingProperties,
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
      results.push(fail(`Linear key rejected (${messageOf(error)})`, 'check LINEAR_API_KEY'));
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
  } else if (redisUp) {
    const limiter = createNotionLimiter({
      redis,
      prefix: env.redisPrefix,
      ratePerSecond: env.notionRateLimitPerSecond,
    });
    const client = createNotionClient({
      token: env.notionToken,
      baseUrl: env.notionApiUrl,
      limiter,
      logger,
      retry: false,
    });
    try {
      const capabilities = await checkCapabilities(client, env.notionParentPageId);
      for (const capability of capabilities) {
        results.push(
          capability.ok
            ? pass(`Notion: ${capability.name}`)
            : fail(`Notion: ${capability.name} is missing`, capability.fix ?? ''),
        );
      }
      const targets =
        (await loadTargets(redis, env.redisPrefix)) ??
        (env.notionParentPageId ? await findTargets(client, env.notionParentPageId) : undefined);
      if (!targets) {
        results.push(
          fail('the Notion databases are not set up', 'run `commitline setup --parent <Notion page URL>`'),
        );
      } else {
        for (const [name, id, kind] of [
          ['Quarter commitments', targets.quarterDataSourceId, 'quarter'],
          ['Weekly baseline', targets.weekDataSourceId, 'week'],
        ] as const) {
          const source = await client.dataSources.retrieve({ data_source_id: id });
          const missing = missingProperties(source.properties, expectedProperties(kind, targets));
          results.push(
            missing.length === 0
              ? pass(`Notion database "${name}" has every property`)
              : fail(
                  `Notion database "${name}" lacks ${missing.join(', ')}`,
                  'run `commitline setup` again to add them',
                ),
          );
        }
      }
    } catch (error) {
      results.push(
        fail(
          `Notion token rejected (${messageOf(error)})`,
          'check NOTION_TOKEN, and share the parent page with the integration',
        ),
      );
    }
    const token = await redis.get(verificationTokenKey(env.redisPrefix));
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
