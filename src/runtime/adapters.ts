/**
 * Opens commitline's two adapters from the validated environment: the Linear API (reader and
 * directory) and the Notion API (one client behind the shared rate limit, the quarter page
 * writer, page lookups). Nothing else constructs an SDK client.
 */
import type { Redis } from 'ioredis';
import type { Env } from '../config/env.js';
import { requireEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import type { TeamConfig } from '../config/team.js';
import type {
  IdentityDirectory,
  LinearReader,
  NotionSweep,
  PageOwnerLookup,
  QuarterPageStore,
} from '../domain/index.js';
import type { NotionEventReader } from '../http/notion-webhook.js';
import { createLinearApi, createLinearDirectory, createLinearReader } from '../linear/index.js';
import type { NotionRetry } from '../notion/client.js';
import type { NotionTargets } from '../notion/index.js';
import {
  createGoLive,
  createNotionClient,
  createNotionEventReader,
  createNotionLimiter,
  createNotionQuarterPages,
  createNotionSweep,
  createPageOwnerLookup,
  createTeamGridPages,
  findTargets,
  listUsersByEmail,
  loadTargets,
  parseNotionId,
  storeTargets,
  upgradeDatabases,
} from '../notion/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface Adapters {
  linear: LinearReader;
  notion: QuarterPageStore;
  directory: IdentityDirectory;
  pages: PageOwnerLookup;
  sweep: NotionSweep;
  gridPages: ReturnType<typeof createTeamGridPages>;
  targets: NotionTargets;
  /** When commitline went live for the team (the team file's `since`, else what setup recorded). */
  goLive: () => Promise<Date>;
  /** Gives the databases the properties this version writes (once per upgrade); returns those added. */
  upgradeDatabases: () => Promise<string[]>;
  close(): Promise<void>;
}

export async function connectAdapters(options: {
  env: Env;
  team: TeamConfig;
  redis: Redis;
  logger: Logger;
  metrics: Metrics;
  /** The Notion client's retries of one failed request (tests shorten them); the client's default otherwise. */
  notionRetry?: NotionRetry | undefined;
}): Promise<Adapters> {
  const { env, redis, logger, metrics } = options;
  const linearApiKey = requireEnv(
    env,
    'linearApiKey',
    'LINEAR_API_KEY',
    'to read shipped issues from Linear',
  );
  const notionToken = requireEnv(env, 'notionToken', 'NOTION_TOKEN', 'to write quarter pages to Notion');
  const linearApi = createLinearApi({ apiKey: linearApiKey, apiUrl: env.linearApiUrl, metrics, logger });
  const limiter = createNotionLimiter({
    redis,
    prefix: env.redisPrefix,
    ratePerSecond: env.notionRateLimitPerSecond,
  });
  const client = createNotionClient({
    token: notionToken,
    baseUrl: env.notionApiUrl,
    limiter,
    metrics,
    logger,
    ...(options.notionRetry ? { retry: options.notionRetry } : {}),
  });

  let targets = await loadTargets(redis, env.redisPrefix);
  if (!targets) {
    const notionParentPageId = requireEnv(
      env,
      'notionParentPageId',
      'NOTION_PARENT_PAGE_ID',
      'to find the databases (or run `commitline setup --parent <page>`)',
    );
    // Found again under the parent page. Only `commitline setup` creates them: two processes
    // starting at once must not both create a database.
    targets = await findTargets(client, parseNotionId(notionParentPageId));
    if (!targets) {
      throw new ConfigError('Notion', [
        {
          path: 'NOTION_PARENT_PAGE_ID',
          message:
            'no commitline databases under this page yet; run `commitline setup --parent <page>` first',
        },
      ]);
    }
    await storeTargets(redis, env.redisPrefix, targets);
  }
  const linearDirectory = createLinearDirectory(linearApi);
  return {
    linear: createLinearReader(linearApi),
    notion: createNotionQuarterPages({
      client,
      targets,
      redis,
      prefix: env.redisPrefix,
      timezone: options.team.timezone,
    }),
    directory: {
      linearIdsByEmail: (emails) => linearDirectory.userIdsByEmail([...emails]),
      notionIdsByEmail: (emails) => listUsersByEmail(client, emails),
    },
    pages: createPageOwnerLookup({ client, redis, prefix: env.redisPrefix }),
    sweep: createNotionSweep({ client, redis, prefix: env.redisPrefix, targets }),
    gridPages: createTeamGridPages({
      client,
      redis,
      prefix: env.redisPrefix,
      parentPageId: targets.parentPageId,
    }),
    targets,
    goLive: createGoLive({
      client,
      redis,
      prefix: env.redisPrefix,
      quarterDatabaseId: targets.quarterDatabaseId,
      timezone: options.team.timezone,
      ...(options.team.since ? { since: options.team.since } : {}),
    }),
    upgradeDatabases: () => upgradeDatabases({ client, redis, prefix: env.redisPrefix, targets, logger }),
    async close() {},
  };
}

export function notionEventReader(env: Env): NotionEventReader {
  return createNotionEventReader({ secret: env.notionWebhookSecret });
}
