import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  checkCommitments,
  isDomainError,
  parseCommitments,
  type Quarter,
  quarterById,
  TIERS,
  type Tier,
} from '../../domain/index.js';
import { EXIT, UsageError } from '../program.js';

interface CheckOptions {
  tier?: string;
  startDate?: string;
  quarter?: string;
  timezone: string;
  json?: boolean;
}

/** The default calendar: ISO quarters, Friday 18:00 close; the check needs only quarter bounds. */
function quarterOption(id: string | undefined, timezone: string): Quarter | undefined {
  if (!id) return undefined;
  try {
    return quarterById(id, { timezone, weekClose: { day: 5, time: '18:00' } });
  } catch (error) {
    if (isDomainError(error)) throw new UsageError(`--quarter: ${error.message} (expected e.g. 2026-Q4)`);
    throw error;
  }
}

/** `commitline check <draft.md>`: the commitment checks, for an engineer writing their quarter. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Check a commitments draft: 3–5 items, each observable, and the tenure checks.')
    .argument('<draft>', 'the draft (Markdown or text: a list after “I will:” or under “Commitments”)')
    .option('--tier <tier>', `the engineer's tier: ${TIERS.join('|')}`)
    .option('--start-date <date>', "the engineer's start date, YYYY-MM-DD")
    .option('--quarter <id>', 'the quarter the draft is for, e.g. 2026-Q4')
    .option('--timezone <zone>', 'the team timezone', 'UTC')
    .option('--json', 'print the commitments and findings as JSON')
    .action(async (draft: string, options: CheckOptions) => {
      if (options.tier !== undefined && !TIERS.includes(options.tier as Tier)) {
        throw new UsageError(`--tier: expected one of ${TIERS.join('|')}, got "${options.tier}"`);
      }
      if (options.startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.startDate)) {
        throw new UsageError(`--start-date: expected a date as YYYY-MM-DD, got "${options.startDate}"`);
      }
      let text: string;
      try {
        text = await readFile(draft, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${draft}: give the path of a draft file`);
      }
      const commitments = parseCommitments(text);
      const quarter = quarterOption(options.quarter, options.timezone);
      const findings = checkCommitments({
        commitments,
        ...(options.tier ? { tier: options.tier as Tier } : {}),
        ...(options.startDate ? { startDate: options.startDate } : {}),
        ...(quarter ? { quarter } : {}),
        timezone: options.timezone,
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ commitments, findings }, null, 2)}\n`);
      } else {
        for (const c of commitments) {
          const problems = findings.filter((f) => f.item === c.index);
          const marks = [
            c.ambitious ? ' (ambitious)' : '',
            c.pairedWith ? ` (paired with ${c.pairedWith})` : '',
          ].join('');
          process.stdout.write(`${problems.length === 0 ? '✓' : '✗'} ${c.index}. ${c.text}${marks}\n`);
        }
        const general = findings.filter((f) => f.item === undefined);
        const lines = [...findings.filter((f) => f.item !== undefined), ...general].map(
          (f) => `  • ${f.message}`,
        );
        process.stdout.write(
          findings.length === 0
            ? `\n${commitments.length} commitments, nothing to change.\n`
            : `\n${findings.length} finding${findings.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n`,
        );
      }
      process.exitCode = findings.length === 0 ? EXIT.ok : EXIT.failure;
    });
}
