import type { Command } from 'commander';
import { calendarSettings } from '../../config/load.js';
import { digestText, isDomainError, quarterOf, teamCloseOf, weekById } from '../../domain/index.js';
import { startContext } from '../../runtime/context.js';
import { digestNow } from '../../runtime/digest.js';
import { RECOMPUTE_REQUIRES } from '../environment.js';
import { CommandFailure, UsageError } from '../program.js';

const NOT_CONFIGURED =
  'Slack is not configured: set SLACK_BOT_TOKEN (the app’s xoxb- token) and SLACK_CHANNEL (the channel’s id or name) to post the digest, or add --dry-run to print it';

/** `commitline digest`: the Friday digest of a week, posted (or updated) in Slack now, or printed. */
export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description(
      'Post the Friday digest of a week to Slack now, or update the message already posted for it; --dry-run prints it instead.',
    )
    .option('--week <id>', 'the week, e.g. 2026-W48 (default: the last closed week)')
    .option('--dry-run', 'print the digest; post nothing')
    .action(async (options: { week?: string; dryRun?: boolean }) => {
      const dryRun = options.dryRun ?? false;
      // Quiet below warn unless LOG_LEVEL asks: the digest and the summary are the output.
      const context = await startContext({ LOG_LEVEL: 'warn', ...process.env }, 'digest', {
        require: RECOMPUTE_REQUIRES,
      });
      if (!dryRun && !context.env.slack) throw new CommandFailure(`commitline: ${NOT_CONFIGURED}`);
      if (options.week !== undefined) {
        try {
          const settings = calendarSettings(context.team);
          const week = weekById(options.week.trim(), settings);
          // A week of the team's calendar: a fiscal one may not cover every ISO week.
          quarterOf(week.start, settings);
          // Closed for everyone: each engineer's week closes where they are.
          const closesAt = teamCloseOf(week.id, context.team.roster, settings);
          if (!dryRun && closesAt.getTime() > Date.now()) {
            throw new UsageError(
              `--week: ${week.id} has not closed for everyone yet (it does ${closesAt.toISOString()}); add --dry-run to see it so far`,
            );
          }
        } catch (error) {
          if (isDomainError(error)) throw new UsageError(`--week: ${error.message}`);
          throw error;
        }
      }
      const result = await digestNow(context, {
        dryRun,
        ...(options.week ? { weekId: options.week.trim() } : {}),
      });
      process.stdout.write(`${digestText(result.digest)}\n`);
      if (result.run) {
        const { published, told } = result.run;
        const said = {
          posted: 'posted',
          updated: 'updated (the week’s message)',
          unchanged: 'already posted as it is',
          'not-posted': 'not posted',
        }[published.outcome];
        process.stdout.write(
          `\nSlack: ${said} in ${published.channel}${published.ts ? ` (ts ${published.ts})` : ''}${told > 0 ? `; ${told} manager(s) told of a streak` : ''}\n`,
        );
      }
    });
}
