import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readEnv } from '../../config/env.js';
import { gridText } from '../../domain/index.js';
import { maskUrl } from '../../observability/redact.js';
import { createRedis, waitReady } from '../../queue/connection.js';
import { DIGEST_EVENT } from '../../slack/index.js';
import { parsePositiveNumber } from '../options.js';
import { CommandFailure } from '../program.js';

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `commitline demo`: a quarter for a small team, through the real pipeline, against the sandbox. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Play a quarter for a small team through commitline and a local sandbox; needs only Redis.')
    .option('--out <dir>', 'where to write the Notion pages as Markdown', 'demo-output')
    .option('--rate <n>', 'the sandbox Notion’s requests per second (above 0)', parsePositiveNumber, 60)
    .action(async (options: { out: string; rate: number }) => {
      const env = readEnv(process.env);
      const probe = createRedis(env.redisUrl, 'command', {
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      try {
        await waitReady(probe, 3_000);
      } catch {
        throw new CommandFailure(
          `The demo needs Redis at ${maskUrl(env.redisUrl)}: start it (redis-server) or set REDIS_URL.`,
        );
      } finally {
        probe.disconnect();
      }
      const rate = options.rate;
      const started = Date.now();
      const say = (line: string) => process.stderr.write(`${line}\n`);
      say(
        `commitline demo: 5 engineers, one quarter, real webhooks → API → queues → workers → Notion (the local sandbox).`,
      );
      say(
        rate > 3
          ? `The sandbox's Notion allows ${rate} requests/s here, raised from Notion's real ~3/s so the demo takes seconds, not minutes.`
          : `The sandbox's Notion allows ${rate} requests/s here, like Notion's real ~3/s or slower: the demo will take minutes.`,
      );
      // Loaded when the command runs: a service's start does not pay for the sandbox.
      const { runSimulation } = await import('../../demo/simulation.js');
      const { pageToMarkdown } = await import('../../sandbox/markdown.js');
      const { slackMessageText } = await import('../../sandbox/slack-text.js');
      const simulation = await runSimulation({ redisUrl: env.redisUrl, notionRate: rate, say });
      try {
        await mkdir(options.out, { recursive: true });
        const notion = simulation.sandbox.notion;
        const written: string[] = [];
        for (const [engineerId, pageId] of simulation.pages) {
          if (!pageId) continue;
          const file = join(options.out, `${slug(`${engineerId}-${simulation.quarter.id}`)}.md`);
          await writeFile(file, pageToMarkdown(notion, pageId));
          written.push(file);
        }
        if (simulation.gridPageId) {
          const file = join(options.out, `team-baseline-${slug(simulation.quarter.id)}.md`);
          await writeFile(file, pageToMarkdown(notion, simulation.gridPageId));
          written.push(file);
        }
        process.stdout.write(
          `\n${gridText(simulation.grid)}\n\n✅ hit  ❌ missed  🟡 excused  ⏳ open  ⚑ two misses in a row\n`,
        );
        // The Friday digest of the last week, as the team's channel shows it.
        const digests = simulation.sandbox.slack
          .messages()
          .filter((m) => m.metadata?.event_type === DIGEST_EVENT);
        const last = digests.at(-1);
        if (last) {
          const dms = [...simulation.sandbox.slack.channels.values()]
            .filter((c) => c.isIm)
            .flatMap((c) => c.messages);
          process.stdout.write(
            `\nSlack #eng-weekly (the sandbox): ${digests.length} digest messages, one per week, updated in place when a week changed. The last one:\n\n${slackMessageText(last)}\n`,
          );
          for (const dm of dms) {
            process.stdout.write(
              `\nDirect message to the manager about a streak:\n${slackMessageText(dm)}\n`,
            );
          }
          const file = join(
            options.out,
            `slack-digest-${slug(String(last.metadata?.event_payload.week))}.txt`,
          );
          await writeFile(file, `${slackMessageText(last)}\n`);
          written.push(file);
        }
        const requests = notion.requests.length;
        say(
          `\nWrote ${written.length} pages to ${options.out}/ (${requests} Notion requests) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      } finally {
        await simulation.close();
      }
    });
}
