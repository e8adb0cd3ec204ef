import type { Redis } from 'ioredis';
import type { TeamConfig } from '../../src/config/team.js';
import { createNotionClient } from '../../src/notion/client.js';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import { setupNotion } from '../../src/notion/setup.js';
import { createSandbox, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';

/**
 * The sandbox listening on a free port, with Notion set up under a parent page, and a client;
 * with `team`, its managers and engineers are people of both workspaces.
 */
export async function sandboxWithNotion(options: {
  redis: Redis;
  prefix: string;
  rate?: number;
  team?: Pick<TeamConfig, 'managers' | 'roster' | 'label'>;
  /** The go-live day setup records (default today). */
  liveSince?: string;
}) {
  const sandbox = createSandbox({
    notionRatePerSecond: options.rate ?? 1_000,
    ...(options.team ? { team: options.team } : {}),
  });
  const urls = await sandbox.listen(0);
  const parent = sandbox.notion.addPage('Engineering goals');
  const limiter = createNotionLimiter({
    redis: options.redis,
    prefix: options.prefix,
    ratePerSecond: options.rate ?? 1_000,
    burst: 50,
  });
  const client = createNotionClient({
    token: SANDBOX_NOTION_TOKEN,
    baseUrl: urls.notionApiUrl,
    limiter,
    retry: { tries: 3, baseMs: 10, maxMs: 100 },
  });
  const { targets, created } = await setupNotion({
    client,
    parentPageId: parent.id,
    ...(options.liveSince ? { liveSince: options.liveSince } : {}),
  });
  return { sandbox, urls, parent, client, limiter, targets, created };
}
