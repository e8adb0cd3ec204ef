/**
 * The checks behind `commitline doctor`: one line each, ✓ or ✗ with the fix. Each check is
 * independent, so one failure never hides another.
 */

import { type Client, collectPaginatedAPI } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { Env } from '../config/env.js';
import { ConfigError, formatProblem } from '../config/errors.js';
import { loadTeamFile } from '../config/load.js';
import type { TeamConfig } from '../config/team.js';
import { plural } from '../domain/index.js';
import {
  createLinearApi,
  createLinearDirectory,
  type LinearDirectory,
  type LinearWebhook,
  toLinearApiError,
} from '../linear/index.js';
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
import { maskUrl, maskUrls } from '../observability/redact.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { readRedisFacts, versionAtLeast } from '../queue/redis-check.js';
import { readVerificationReceipt, verificationTokenKey } from './api.js';
import { type CheckResult, fail, pass, warn } from './doctor-check.js';
import { checkRoster, type Workspace } from './doctor-roster.js';
import { checkSlack } from './doctor-slack.js';

export type { CheckResult } from './doctor-check.js';

/** An error's first line, with any URL's password masked. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return maskUrls(message.split('\n')[0] ?? message);
}

/**
 * The team file's line: what it holds, or every problem as `check --config` words it (field,
 * line and column, fix), one a line.
 */
export async function checkTeamFile(path: string): Promise<{ result: CheckResult; team?: TeamConfig }> {
  try {
    const team = await loadTeamFile(path);
    return {
      result: pass(`team file ${path}: ${plural(team.roster.length, 'engineer')}, ${team.timezone}`),
      team,
    };
  } catch (error) {
    const problems = error instanceof ConfigError ? error.problems.map(formatProblem) : [messageOf(error)];
    return { result: fail(`team file ${path} is invalid`, problems.join('\n')) };
  }
}

export async function runDoctor(env: Env, logger: Logger): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const { result: teamResult, team } = await checkTeamFile(env.configPath);
  results.push(teamResult);

  const redisAt = maskUrl(env.redisUrl);
  const redis = createRedis(env.redisUrl, 'command', { maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Why it refused ("connect ECONNREFUSED …") says more than that it gave up.
  let refusal: unknown;
  redis.on('error', (error) => {
    refusal = error;
  });
  let redisUp = false;
  try {
    await waitReady(redis, 3_000);
    redisUp = true;
    const facts = await readRedisFacts(redis);
    results.push(
      versionAtLeast(facts.version, '6.2')
        ? pass(`Redis ${facts.version} at ${redisAt}`)
        : fail(`Redis ${facts.version} at ${redisAt} is too old`, 'upgrade to Redis 6.2 or later'),
    );
    results.push(
      facts.maxmemoryPolicy === 'noeviction'
        ? pass('Redis maxmemory-policy is noeviction')
        : fail(
            `Redis maxmemory-policy is ${facts.maxmemoryPolicy}: queued jobs can be evicted`,
            'set `maxmemory-policy noeviction` in redis.conf, or `redis-cli CONFIG SET maxmemory-policy noeviction`',
          ),
    );
    results.push(aofCheck(facts.appendonly));
  } catch (error) {
    results.push(
      fail(
        `Redis not reachable at ${redisAt} (${messageOf(refusal ?? error)})`,
        'start Redis, or set REDIS_URL',
      ),
    );
  }

  let linearPeople: Workspace = { unavailable: 'LINEAR_API_KEY is not set' };
  let notionPeople: Workspace = { unavailable: 'NOTION_TOKEN is not set' };

  if (!env.linearApiKey) {
    results.push(
      fail('LINEAR_API_KEY is not set', 'create a personal API key in Linear → Settings → Security & access'),
    );
  } else {
    const directory = createLinearDirectory(
      createLinearApi({ apiKey: env.linearApiKey, apiUrl: env.linearApiUrl, logger, retry: false }),
    );
    linearPeople = { unavailable: 'Linear refused the key or could not be reached' };
    try {
      const viewer = await directory.viewer();
      results.push(pass(`Linear key valid (${viewer.name}, ${viewer.organization.urlKey})`));
      if (team) linearPeople = await linearWorkspace(directory, team);
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
      if (hook) results.push(...(await deliveryChecks(directory, hook)));
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
    const notion = await checkNotion(env, redisUp ? redis : undefined, logger);
    results.push(...notion.results);
    notionPeople = notion.people;
  }
  if (team) results.push(...checkRoster(team, linearPeople, notionPeople));
  // Slack is optional: its lines appear only once it is configured.
  if (env.slack) results.push(...(await checkSlack(env.slack, team, logger)));
  if (redisUp) {
    const kept = await redis.get(verificationTokenKey(env.redisPrefix)).catch(() => null);
    const receipt = kept ? readVerificationReceipt(kept) : undefined;
    if (receipt && !env.notionWebhookSecret) {
      const arrival = receipt.at
        ? ` (received ${receipt.at} from ${receipt.from ?? 'an unknown address'})`
        : '';
      results.push(
        fail(
          `Notion sent a webhook verification token: ${receipt.token}${arrival}`,
          'check that the subscription is yours, paste the token into it in Notion, and set NOTION_WEBHOOK_SECRET to it',
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
async function checkNotion(
  env: Env,
  redis: Redis | undefined,
  logger: Logger,
): Promise<{ results: CheckResult[]; people: Workspace }> {
  const token = env.notionToken as string;
  const results: CheckResult[] = [];
  const limiter = redis
    ? createNotionLimiter({ redis, prefix: env.redisPrefix, ratePerSecond: env.notionRateLimitPerSecond })
    : createLocalNotionLimiter(env.notionRateLimitPerSecond);
  const client = createNotionClient({ token, baseUrl: env.notionApiUrl, limiter, logger, retry: false });

  let people: Workspace = { unavailable: 'Notion refused the token' };
  let tokenOk = false;
  try {
    const capabilities = await checkCapabilities(client, env.notionParentPageId);
    // checkCapabilities stops at a refused token with that one line.
    if (capabilities.length === 1 && capabilities[0] && !capabilities[0].ok) {
      const [refused] = capabilities;
      results.push(
        fail(`Notion token rejected: commitline needs ${refused.name}`, refused.fix ?? 'check NOTION_TOKEN'),
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
    return { results, people };
  }
  people = await notionWorkspace(client);

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
      return { results, people };
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
    return { results, people };
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
  return { results, people };
}

/** Everyone in the Notion workspace the integration can see, and the integration itself. */
async function notionWorkspace(client: Client): Promise<Workspace> {
  try {
    const me = await client.users.me({});
    const users = await collectPaginatedAPI(client.users.list, {});
    const people = users.map((user) => {
      const email = 'type' in user && user.type === 'person' ? user.person.email : undefined;
      return {
        id: user.id,
        name: ('name' in user ? user.name : undefined) ?? '',
        ...(email ? { email: email.toLowerCase() } : {}),
      };
    });
    const persons = users.filter((u) => 'type' in u && u.type === 'person').length;
    return { people, botId: me.id, emailsReadable: persons === 0 || people.some((p) => p.email) };
  } catch (raw) {
    const error = toNotionApiError(raw);
    return {
      unavailable:
        error.code === 'restricted'
          ? 'the integration may not read users (“Read user information including email addresses”)'
          : `Notion answered ${error.code} (${messageOf(error)})`,
    };
  }
}

/** The roster's people in Linear, one query per hundred. */
async function linearWorkspace(directory: LinearDirectory, team: TeamConfig): Promise<Workspace> {
  const emails = team.roster.flatMap((e) => (e.linear.email ? [e.linear.email] : []));
  const ids = team.roster.flatMap((e) => (e.linear.id ? [e.linear.id] : []));
  try {
    const people = await directory.people(emails, ids);
    return {
      people: people.map((p) => ({ id: p.id, name: p.name, email: p.email.toLowerCase(), active: p.active })),
    };
  } catch (raw) {
    const error = toLinearApiError(raw);
    return { unavailable: `Linear answered ${error.code} (${messageOf(error)})` };
  }
}

/** Redis without AOF loses what commitline keeps there when it restarts: say so, as a warning. */
function aofCheck(appendonly: string): CheckResult {
  if (appendonly === 'yes')
    return pass('Redis AOF is on: queued jobs and idempotency keys survive a restart');
  if (appendonly === 'no') {
    return warn(
      'Redis AOF is off: a Redis restart loses queued jobs, delivery ids (idempotency keys) and posted-notice records',
      'set `appendonly yes` in redis.conf, or `redis-cli CONFIG SET appendonly yes`',
    );
  }
  return warn(
    'cannot read whether Redis AOF is on (CONFIG is disabled here)',
    'make sure persistence (AOF) is on in your Redis service',
  );
}

const DAY_MS = 86_400_000;

/** What Linear says of the webhook's recent deliveries: it reports the failed ones (its last 50). */
async function deliveryChecks(directory: LinearDirectory, hook: LinearWebhook): Promise<CheckResult[]> {
  let failures: Awaited<ReturnType<LinearDirectory['webhookFailures']>>;
  try {
    failures = await directory.webhookFailures(hook.id);
  } catch {
    // Not every key may read a webhook's failures: then there is nothing to report.
    return [];
  }
  const [last] = failures;
  if (!last) return [pass('Linear reports no failed deliveries to the webhook')];
  const recent = failures.filter((f) => Date.parse(f.createdAt) > Date.now() - DAY_MS).length;
  const answered = last.httpStatus === null ? 'no answer' : `HTTP ${last.httpStatus}`;
  const said = last.responseOrError
    ? `: ${maskUrls(last.responseOrError.split('\n')[0] ?? '').slice(0, 120)}`
    : '';
  const line = `Linear's last failed delivery to ${hook.url} (${last.createdAt}) got ${answered}${said}; ${recent} failed in the last 24 h`;
  if (recent === 0) return [pass(line)];
  return [fail(line, deliveryFix(last.httpStatus))];
}

function deliveryFix(status: number | null): string {
  if (status === null)
    return 'Linear could not reach the URL: check that the host is public, listening, and its TLS certificate valid';
  if (status === 401)
    return 'LINEAR_WEBHOOK_SECRET does not match the webhook’s signing secret (Linear → Settings → API → Webhooks)';
  if (status === 503) return 'commitline could not enqueue (Redis down?): check /readyz and the logs';
  if (status === 404)
    return 'the URL does not reach commitline’s /webhooks/linear: check the path and the proxy';
  return 'check the API’s logs at that time';
}
