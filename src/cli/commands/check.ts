import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { calendarSettings, loadTeamFile } from '../../config/load.js';
import type { TeamConfig } from '../../config/team.js';
import type { CalendarSettings } from '../../domain/index.js';
import {
  type Commitment,
  checkCommitments,
  type Finding,
  isDomainError,
  parseCommitments,
  plural,
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
  config?: string;
  json?: boolean;
}

interface Validated {
  tier?: Tier;
  startDate?: string;
  quarter?: Quarter;
  timezone: string;
}

function validate(options: CheckOptions, calendar?: CalendarSettings): Validated {
  const { tier, startDate, timezone } = options;
  if (tier !== undefined && !TIERS.includes(tier as Tier)) {
    throw new UsageError(`--tier: expected one of ${TIERS.join('|')}, got "${tier}"`);
  }
  if (
    startDate !== undefined &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(startDate) && DateTime.fromISO(startDate).isValid)
  ) {
    throw new UsageError(`--start-date: expected a date as YYYY-MM-DD, e.g. 2026-10-05, got "${startDate}"`);
  }
  let quarter: Quarter | undefined;
  if (options.quarter !== undefined) {
    try {
      // The team's calendar when a team file is given; else ISO quarters with a Friday 18:00 close
      // (the check needs only the quarter's bounds).
      quarter = quarterById(options.quarter, calendar ?? { timezone, weekClose: { day: 5, time: '18:00' } });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const option = error.code === 'invalid-timezone' ? '--timezone' : '--quarter';
      throw new UsageError(`${option}: ${error.message} (a quarter looks like 2026-Q4)`);
    }
  }
  return {
    ...(tier ? { tier: tier as Tier } : {}),
    ...(startDate ? { startDate } : {}),
    ...(quarter ? { quarter } : {}),
    timezone: calendar?.timezone ?? timezone,
  };
}

function marks(c: Commitment): string {
  return [c.ambitious ? ' (ambitious)' : '', c.pairedWith ? ` (paired with ${c.pairedWith})` : ''].join('');
}

// What the method forbids: fewer than 3 commitments or more than 5. Every other finding is advice.
const FORBIDDEN = new Set(['too-few', 'too-many']);
const forbids = (findings: readonly Finding[]) => findings.some((f) => FORBIDDEN.has(f.code));

/** The last line: nothing to change, advice to consider, or what must change before signing. */
function summary(n: number, findings: readonly Finding[]): string {
  const count = plural(n, 'commitment');
  if (findings.length === 0) return `${count}, nothing to change.`;
  const found = plural(findings.length, 'finding');
  return forbids(findings)
    ? `${count}, ${found} to address: the method asks for 3 to 5 commitments before anyone signs.`
    : `${count}, ${found} to consider before signing (advice: the draft can be signed as it is).`;
}

/** ✓ or ✗ per item with what to change under it, then what is about the whole page, then a summary. */
function report(commitments: readonly Commitment[], findings: readonly Finding[], tenureChecked: boolean) {
  const lines: string[] = [];
  for (const c of commitments) {
    const about = findings.filter((f) => f.item === c.index);
    lines.push(`${about.length === 0 ? '✓' : '✗'} ${c.index}. ${c.text}${marks(c)}`);
    for (const f of about) lines.push(`    ${f.message}`);
  }
  const general = findings.filter((f) => f.item === undefined);
  if (general.length > 0) lines.push('');
  for (const f of general) lines.push(`✗ ${f.message}`);
  if (!tenureChecked) {
    lines.push('', 'The ambition and first-quarter checks need --tier, --start-date and --quarter together.');
  }
  lines.push('', summary(commitments.length, findings));
  return `${lines.join('\n')}\n`;
}

/** What a valid team file holds, for `check --config` without a draft. */
function teamSummary(path: string, team: TeamConfig): string {
  const quarters = team.quarters ? plural(team.quarters.length, 'quarter') : 'ISO quarters';
  const off = team.offWeeks ? `, ${plural(team.offWeeks.length, 'off week')}` : '';
  return `The team file ${path} is valid: ${plural(team.roster.length, 'engineer')}, ${plural(team.managers.length, 'manager')}, ${team.timezone}, ${quarters}${off}.\n`;
}

/**
 * `commitline check <draft.md>`: the commitment checks, for an engineer writing their quarter. A finding
 * is advice, not a gate: the exit code is 1 only for what the method forbids (fewer than 3, more than 5).
 * `commitline check --config team.yaml` without a draft validates the team file alone (exit 0 or 1).
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'Check a commitments draft: 3–5 items (exit 1 otherwise), and advice on each: observable, and the tenure checks. With --config and no draft: check the team file alone.',
    )
    .argument(
      '[draft]',
      'the draft (Markdown or text: a list after “I will:” or under “Commitments”); without one, --config checks the team file alone',
    )
    .option('--tier <tier>', `the engineer's tier: ${TIERS.join('|')}`)
    .option('--start-date <date>', "the engineer's start date, YYYY-MM-DD")
    .option('--quarter <id>', 'the quarter the draft is for, e.g. 2026-Q4')
    .option('--timezone <zone>', 'the team timezone', 'UTC')
    .option(
      '--config <team.yaml>',
      'a team file: its timezone and quarters (a fiscal calendar) define --quarter',
    )
    .option('--json', 'print the commitments and findings as JSON')
    .action(async (draft: string | undefined, options: CheckOptions) => {
      if (draft === undefined && !options.config) {
        throw new UsageError('give a draft to check, or --config <team.yaml> to check a team file alone');
      }
      // An invalid team file is a ConfigError: every problem with its line, exit 1.
      const team = options.config ? await loadTeamFile(options.config) : undefined;
      const calendar = team ? calendarSettings(team) : undefined;
      const input = validate(options, calendar);
      if (draft === undefined) {
        if (team && options.config) process.stdout.write(teamSummary(options.config, team));
        return;
      }
      let text: string;
      try {
        text = await readFile(draft, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${draft}: give the path of a draft file`);
      }
      const commitments = parseCommitments(text);
      const findings = checkCommitments({ commitments, ...input });
      const tenureChecked = Boolean(input.tier && input.startDate && input.quarter);
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ commitments, findings }, null, 2)}\n`
          : report(commitments, findings, tenureChecked),
      );
      process.exitCode = forbids(findings) ? EXIT.failure : EXIT.ok;
    });
}
