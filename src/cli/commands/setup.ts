import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { requireEnv } from '../../config/env.js';
import { loadConfigTeamOptional } from '../../config/load.js';
import type { RequiredVariable } from '../../config/variables.js';
import { dayOf } from '../../domain/index.js';
import {
  createLinearApi,
  createLinearDirectory,
  findCommitlineWebhook,
  webhookStatusLines,
} from '../../linear/index.js';
import {
  checkCapabilities,
  createNotionClient,
  createNotionLimiter,
  parseNotionId,
  setupNotion,
  storeTargets,
  toNotionApiError,
} from '../../notion/index.js';
import { createLogger } from '../../observability/logger.js';
import { createRedis, waitReady } from '../../queue/connection.js';
import { asNotionError } from '../failures.js';
import { parseWebhookUrl } from '../options.js';
import { CommandFailure, UsageError } from '../program.js';

interface SetupOptions {
  parent?: string;
  webhookUrl?: string;
  skipLinear?: boolean;
  skipNotion?: boolean;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * A Notion step of setup: what Notion refused comes out as a NotionApiError (runProgram names the
 * fix), and a fetch that never reached Notion as a network one; other errors pass as they are.
 */
async function notionStep<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const translated = asNotionError(error);
    if (translated !== error) throw translated;
    // fetch's own failure (refused, DNS, reset): Notion was never reached.
    throw error instanceof TypeError ? toNotionApiError(error) : error;
  }
}

/**
 * `commitline setup`: everything commitline needs in Linear and Notion, found or created.
 * Idempotent; prints the environment lines to set. Secrets go to stdout only, never to logs.
 */
export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('Find or create the Linear label and webhook, and the two Notion databases.')
    .option(
      '--parent <page>',
      'the Notion page (URL or id) to hold the databases; default NOTION_PARENT_PAGE_ID',
    )
    .option(
      '--webhook-url <url>',
      'register the Linear Issue webhook at this https:// URL (…/webhooks/linear)',
      parseWebhookUrl,
    )
    .option('--skip-linear', 'only set up Notion')
    .option('--skip-notion', 'only set up Linear')
    .action(async (options: SetupOptions) => {
      const required: RequiredVariable[] = [
        ...(options.skipLinear ? [] : [{ variable: 'LINEAR_API_KEY', why: 'to set up Linear' } as const]),
        ...(options.skipNotion ? [] : [{ variable: 'NOTION_TOKEN', why: 'to set up Notion' } as const]),
      ];
      // Every problem at once; without a team file, the label is the default one.
      const { env, team } = await loadConfigTeamOptional(process.env, { require: required });
      // stdout is the ✓ lines; logs go to stderr, warnings only unless LOG_LEVEL asks for more.
      const logger = createLogger({ level: process.env.LOG_LEVEL ? env.logLevel : 'warn', stacks: false });
      const envLines: string[] = [];

      if (!options.skipLinear) {
        const apiKey = requireEnv(env, 'linearApiKey', 'LINEAR_API_KEY', 'to set up Linear');
        const labelName = team?.label ?? 'production-visible';
        const linearApi = createLinearApi({ apiKey, apiUrl: env.linearApiUrl, logger });
        const linear = createLinearDirectory(linearApi);
        const viewer = await linear.viewer();
        say(`✓ Linear: signed in as ${viewer.name} (${viewer.organization.urlKey})`);
        const label = (await linear.labelByName(labelName)) ?? (await linear.createLabel(labelName));
        say(`✓ Linear: label "${label.name}" (${label.id})`);
        if (options.webhookUrl) {
          const existing = (await linear.webhooks()).find((h) => h.url === options.webhookUrl);
          if (existing) {
            say(
              `✓ Linear: webhook already registered at ${existing.url}${existing.enabled ? '' : ' (disabled: enable it in Linear → Settings → API)'}`,
            );
            say('  Its signing secret was printed when it was created; keep using it.');
          } else {
            const secret = randomBytes(32).toString('hex');
            await linear.createWebhook({ url: options.webhookUrl, secret, label: 'commitline' });
            say(`✓ Linear: webhook registered at ${options.webhookUrl} for Issue events`);
            envLines.push(`LINEAR_WEBHOOK_SECRET=${secret}`);
          }
        } else {
          // Not asked to register one: say whether Linear already delivers to commitline.
          for (const line of webhookStatusLines(await findCommitlineWebhook(linearApi))) say(line);
        }
      }

      if (!options.skipNotion) {
        const token = requireEnv(env, 'notionToken', 'NOTION_TOKEN', 'to set up Notion');
        const parentInput = options.parent ?? env.notionParentPageId;
        if (!parentInput)
          throw new UsageError('--parent: give the Notion page to hold the databases (URL or id)');
        let parentPageId: string;
        try {
          parentPageId = parseNotionId(parentInput);
        } catch (error) {
          throw new UsageError(`--parent: ${error instanceof Error ? error.message : String(error)}`);
        }
        const redis = createRedis(env.redisUrl, 'command');
        try {
          await waitReady(redis, 5_000);
          const limiter = createNotionLimiter({
            redis,
            prefix: env.redisPrefix,
            ratePerSecond: env.notionRateLimitPerSecond,
          });
          const client = createNotionClient({ token, baseUrl: env.notionApiUrl, limiter, logger });
          const capabilities = await notionStep(() => checkCapabilities(client, parentPageId));
          const missing = capabilities.filter((c) => !c.ok);
          for (const c of capabilities)
            say(`${c.ok ? '✓' : '✗'} Notion: ${c.name}${c.ok ? '' : ` — ${c.fix ?? ''}`}`);
          // checkCapabilities stops at a refused token with that one line.
          const tokenRefused = capabilities.length === 1 && missing.length === 1;
          if (missing.length > 0)
            throw new CommandFailure(
              tokenRefused
                ? 'Fix NOTION_TOKEN, then run setup again.'
                : 'Turn the missing capabilities on, then run setup again.',
            );
          // A database created now records today (team timezone) as go-live, or the team file's `since`.
          const timezone = team?.timezone ?? 'UTC';
          const liveSince = team?.since ?? dayOf(new Date(), timezone);
          const { targets, created, goLive } = await notionStep(() =>
            setupNotion({ client, parentPageId, logger, liveSince, timezone }),
          );
          await storeTargets(redis, env.redisPrefix, targets);
          say(
            created.length > 0
              ? `✓ Notion: created ${created.join(' and ')}`
              : '✓ Notion: both databases were already there',
          );
          // The team file's `since` wins over what the databases record.
          say(
            team?.since && team.since !== goLive.day
              ? `✓ Notion: commitline live since ${team.since} (the team file’s since; the databases record ${goLive.day})`
              : `✓ Notion: commitline live since ${goLive.day}${goLive.from === 'created' ? ' (the day the databases were created)' : ''}`,
          );
          say(
            `  Quarter commitments: database ${targets.quarterDatabaseId}, data source ${targets.quarterDataSourceId}`,
          );
          say(
            `  Weekly baseline:     database ${targets.weekDatabaseId}, data source ${targets.weekDataSourceId}`,
          );
          envLines.push(`NOTION_PARENT_PAGE_ID=${parentPageId}`);
        } finally {
          redis.disconnect();
        }
      }

      if (envLines.length > 0) {
        say('\nSet these in commitline’s environment (.env):');
        for (const line of envLines) say(`  ${line}`);
      }
    });
}
