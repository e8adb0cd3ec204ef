import type { Redis } from 'ioredis';
import { loadTeamFile } from '../../src/config/load.js';
import type { TeamConfig } from '../../src/config/team.js';
import { createNotionClient } from '../../src/notion/client.js';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import { setupNotion, storeTargets } from '../../src/notion/setup.js';
import { createSandbox, SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';

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

/** The sandbox as `commitline setup` leaves it: databases recorded in Redis, the label in Linear. */
export async function deployedSandbox(redis: Redis, prefix: string) {
  const sandboxEnv = await sandboxWithNotion({ redis, prefix });
  await storeTargets(redis, prefix, sandboxEnv.targets);
  sandboxEnv.sandbox.notion.addUser({ type: 'person', name: 'Maya', email: 'maya@example.com' });
  // Every person of the example team file, in both workspaces: doctor resolves each of them.
  sandboxEnv.sandbox.people.seedTeam(
    await loadTeamFile(new URL('../../config/team.example.yaml', import.meta.url).pathname),
  );
  sandboxEnv.sandbox.linear.addLabel('production-visible');
  return sandboxEnv;
}

/** The environment of a commitline pointed at the sandbox, with the example team file. */
export function sandboxEnvironment(
  sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>,
  prefix: string,
): Record<string, string> {
  return {
    REDIS_PREFIX: prefix,
    COMMITLINE_CONFIG: new URL('../../config/team.example.yaml', import.meta.url).pathname,
    LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
    LINEAR_API_URL: sandboxEnv.urls.linearApiUrl,
    LINEAR_WEBHOOK_SECRET: 'whsec',
    NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
    NOTION_API_URL: sandboxEnv.urls.notionApiUrl,
    NOTION_PARENT_PAGE_ID: sandboxEnv.parent.id,
    NOTION_WEBHOOK_SECRET: 'secret_notion',
    // The sandbox's own rate (sandboxWithNotion's), not production's default of 3 a second.
    NOTION_RATE_LIMIT: '1000',
  };
}
