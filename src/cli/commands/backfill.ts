import type { Command } from 'commander';
import { calendarSettings } from '../../config/load.js';
import {
  backfillQuarterDecision,
  isDomainError,
  plural,
  quarterById,
  quarterOf,
} from '../../domain/index.js';
import { createLogger, logDestination } from '../../observability/logger.js';
import { startContext } from '../../runtime/context.js';
import { type RecomputeAllResult, recomputeAll } from '../../runtime/recompute-all.js';
import { RECOMPUTE_REQUIRES } from '../environment.js';
import { CommandFailure, UsageError } from '../program.js';
import { startProgress } from '../progress.js';

/** A first page costs about this many Notion requests (find, create, rows, body); later ones fewer. */
const REQUESTS_PER_NEW_PAGE = 20;

async function run(quarterId: string | undefined, verb: string, create = false): Promise<void> {
  // Quiet below warn unless LOG_LEVEL asks: the bar and the summary are the output.
  const context = await startContext({ LOG_LEVEL: 'warn', ...process.env }, verb, {
    require: RECOMPUTE_REQUIRES,
  });
  const settings = calendarSettings(context.team);
  let quarter: string;
  try {
    const chosen = quarterId ? quarterById(quarterId, settings) : quarterOf(new Date(), settings);
    quarter = chosen.id;
    // A quarter that has not begun is refused before the bar is drawn.
    const decision = backfillQuarterDecision({
      quarter: chosen,
      now: new Date(),
      create,
      timezone: settings.timezone,
    });
    if (decision.action === 'refuse') throw new UsageError(`--quarter: ${decision.message}`);
  } catch (error) {
    if (isDomainError(error)) throw new UsageError(`--quarter: ${error.message}`);
    throw error;
  }
  const rate = context.env.notionRateLimitPerSecond;
  const total = context.team.roster.length;
  const progress = startProgress({
    format: `${verb} ${quarter} [{bar}] {value}/{total} pages · {requests} Notion requests · ~{estimate} s left at ${rate} req/s`,
    total,
    payload: { requests: 0, estimate: Math.ceil((total * REQUESTS_PER_NEW_PAGE) / rate) },
  });
  // Log lines go above the bar, never into it.
  const logger = createLogger(
    { level: context.env.logLevel, stacks: false },
    logDestination({ write: (line) => progress.log(line) }),
  ).child({ process: verb });
  let result: RecomputeAllResult;
  try {
    result = await recomputeAll({ ...context, logger }, quarter, {
      create,
      onProgress: (p) => {
        // The estimate follows the rate limit: requests per page so far × pages left ÷ requests/s.
        const perPage = p.requests / p.done;
        progress.update(p.done, {
          requests: p.requests,
          estimate: Math.ceil(((p.total - p.done) * perPage) / rate),
        });
      },
    });
    // The team grid is written after the last page: the bar ends on the run's one count.
    progress.update(total, { requests: result.requests, estimate: 0 });
  } catch (error) {
    if (isDomainError(error) && error.code === 'future-quarter')
      throw new UsageError(`--quarter: ${error.message}`);
    throw error;
  } finally {
    progress.stop();
  }
  process.stdout.write(
    `${verb}: ${result.pages} of ${plural(total, 'page')} for ${quarter}, ${plural(result.requests, 'Notion request')}, ${plural(result.writes, 'write')}\n`,
  );
  for (const s of result.skipped) process.stdout.write(`  ${s.reason}\n`);
  if (result.uncreated > 0) {
    process.stdout.write(
      `  ${plural(result.uncreated, 'page')} ${result.uncreated === 1 ? 'does' : 'do'} not exist for ${quarter}, a past quarter: run again with --create to write ${result.uncreated === 1 ? 'it' : 'them'} (rows and pages as history, no comments)\n`,
    );
  }
  if (result.failed.length > 0) {
    throw new CommandFailure(result.failed.map((f) => `✗ ${f.engineerId}: ${f.error}`).join('\n'));
  }
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('Recompute every engineer’s quarter page and weekly rows for a quarter.')
    .requiredOption('--quarter <id>', 'the quarter, e.g. 2026-Q4')
    .option('--create', 'for a past quarter: also create the pages it never had (no comments are posted)')
    .action(async (options: { quarter: string; create?: boolean }) =>
      run(options.quarter, 'backfill', options.create ?? false),
    );
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('Recompute the current quarter from Linear now (the nightly reconcile, on demand).')
    .option('--quarter <id>', 'another quarter than the current one')
    .action(async (options: { quarter?: string }) => run(options.quarter, 'reconcile'));
}
