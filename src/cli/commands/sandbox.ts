import type { Command } from 'commander';
import { createSandbox, SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../sandbox/sandbox.js';
import { parsePort, parsePositiveNumber } from '../options.js';

/** `commitline sandbox`: the local Linear and Notion, for trying commitline without accounts. */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Run a local emulation of the Linear and Notion APIs.')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 4010)
    .option('--rate <n>', 'Notion requests per second before 429 (above 0)', parsePositiveNumber, 3)
    .action(async (options: { port: number; rate: number }) => {
      const sandbox = createSandbox({ notionRatePerSecond: options.rate });
      const parent = sandbox.notion.addPage('Engineering goals');
      sandbox.linear.addLabel('production-visible');
      const urls = await sandbox.listen(options.port);
      process.stdout.write(
        [
          `Sandbox listening on port ${urls.port}. Point commitline at it:`,
          `  LINEAR_API_URL=${urls.linearApiUrl}`,
          `  LINEAR_API_KEY=${SANDBOX_LINEAR_KEY}`,
          `  NOTION_API_URL=${urls.notionApiUrl}`,
          `  NOTION_TOKEN=${SANDBOX_NOTION_TOKEN}`,
          `  NOTION_PARENT_PAGE_ID=${parent.id}`,
          'Faults: POST /_sandbox/faults {"service":"notion","status":429,"count":2}',
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
