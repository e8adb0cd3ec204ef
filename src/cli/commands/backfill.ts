import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { calendarSettings } from '../../config/load.js';
import { isDomainError, quarterById, quarterOf } from '../../domain/index.js';
import { startContext } from '../../runtime/context.js';
import { type RecomputeAllResult, recomputeAll } from '../../runtime/recompute-all.js';
import { CommandFailure, UsageError } from '../program.js';

/** A first page costs about this many Notion requests (find, create, rows, body); later ones fewer. */
const REQUESTS_PER_NEW_PAGE = 20;

async function run(quarterId: string | undefined, verb: string): Promise<void> {
  const context = await startContext({ LOG_LEVEL: 'warn', ...process.env }, verb);
  const settings = calendarSettings(context.team);
  let quarter: string;
  try {
    quarter = quarterId ? quarterById(quarterId, settings).id : quarterOf(new Date(), settings).id;
  } catch (error) {
    if (isDomainError(error)) throw new UsageError(`--quarter: ${error.message}`);
    throw error;
  }
  const rate = context.env.notionRateLimitPerSecond;
  const bar = new SingleBar({
    format: `${verb} ${quarter} [{bar}] {value}/{total} pages · {requests} Notion requests · ~{estimate} s left at ${rate} req/s`,
    hideCursor: true,
    // In logs (no terminal), a line every few seconds instead of a redrawn bar.
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    clearOnComplete: false,
    stream: process.stderr,
  });
  const total = context.team.roster.length;
  bar.start(total, 0, { requests: 0, estimate: Math.ceil((total * REQUESTS_PER_NEW_PAGE) / rate) });
  let result: RecomputeAllResult;
  try {
    result = await recomputeAll(context, quarter, (p) => {
      // The estimate follows the rate limit: requests per page so far × pages left ÷ requests/s.
      const perPage = p.requests / p.done;
      bar.update(p.done, {
        requests: p.requests,
        estimate: Math.ceil(((p.total - p.done) * perPage) / rate),
      });
    });
  } finally {
    bar.stop();
  }
  process.stdout.write(
    `${verb}: ${result.pages} of ${total} pages for ${quarter}, ${result.requests} Notion requests, ${result.writes} writes\n`,
  );
  if (result.failed.length > 0) {
    throw new CommandFailure(result.failed.map((f) => `✗ ${f.engineerId}: ${f.error}`).join('\n'));
  }
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('Recompute every engineer’s quarter page and weekly rows for a quarter.')
    .requiredOption('--quarter <id>', 'the quarter, e.g. 2026-Q4')
    .action(async (options: { quarter: string }) => run(options.quarter, 'backfill'));
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('Recompute the current quarter from Linear now (the nightly reconcile, on demand).')
    .option('--quarter <id>', 'another quarter than the current one')
    .action(async (options: { quarter?: string }) => run(options.quarter, 'reconcile'));
}
