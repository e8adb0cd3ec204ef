import type { Command } from 'commander';
import { loadTeamFile } from '../../config/load.js';
import type { TeamConfig } from '../../config/team.js';
import { parsePort, parsePositiveNumber } from '../options.js';

/** `commitline sandbox`: the local Linear and Notion, for trying commitline without accounts. */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Run a local emulation of the Linear, Notion and Slack APIs, with the team file’s people in both; act as them through /_sandbox (see the README).',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 4010)
    .option('--rate <n>', 'Notion requests per second before 429 (above 0)', parsePositiveNumber, 3)
    .option('--team <file>', 'team file whose managers and engineers to seed in both workspaces')
    .action(async (options: { port: number; rate: number; team?: string }) => {
      // Loaded when the command runs: a service's start does not pay for Linear's schema.
      const {
        createSandbox,
        SANDBOX_LINEAR_KEY,
        SANDBOX_NOTION_TOKEN,
        SANDBOX_SLACK_CHANNEL,
        SANDBOX_SLACK_TOKEN,
      } = await import('../../sandbox/sandbox.js');
      const team: TeamConfig | undefined = options.team ? await loadTeamFile(options.team) : undefined;
      const sandbox = createSandbox({ notionRatePerSecond: options.rate, ...(team ? { team } : {}) });
      const people = sandbox.people.list();
      // The parent page is a person's, as in a real workspace: the first manager's when there is one.
      const owner = people.find((p) => p.role === 'manager') ?? people[0];
      const parent = sandbox.notion.addPage('Engineering goals', undefined, owner?.notionUserId);
      sandbox.linear.addLabel(team?.label ?? 'production-visible');
      const urls = await sandbox.listen(options.port);
      process.stdout.write(
        [
          `Sandbox listening on port ${urls.port}. Point commitline at it:`,
          `  LINEAR_API_URL=${urls.linearApiUrl}`,
          `  LINEAR_API_KEY=${SANDBOX_LINEAR_KEY}`,
          `  NOTION_API_URL=${urls.notionApiUrl}`,
          `  NOTION_TOKEN=${SANDBOX_NOTION_TOKEN}`,
          `  NOTION_PARENT_PAGE_ID=${parent.id}`,
          `  SLACK_API_URL=${urls.slackApiUrl}`,
          `  SLACK_BOT_TOKEN=${SANDBOX_SLACK_TOKEN}`,
          `  SLACK_CHANNEL=${SANDBOX_SLACK_CHANNEL.id}`,
          people.length > 0
            ? `People (Linear and Notion): ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}`
            : 'Nobody in it yet: start it with --team config/team.yaml to seed your team.',
          `Act as them: ${urls.controlUrl} (people, notion/comments, notion/blocks/:id/text, notion/excused, linear/issues, slack/messages, faults; see the README).`,
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
    });
}
