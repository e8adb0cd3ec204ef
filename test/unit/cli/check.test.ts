/**
 * `commitline check` run in-process through the program builder: output captured from stdout and
 * stderr, the exit code from runProgram.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCheck } from '../../../src/cli/commands/check.js';
import { JUNIOR_ON_AUTH, LEAD, SENIOR_ON_OBSERVABILITY, TWELVE_ITEMS } from '../../fixtures/goal-sets.js';
import { type CliRun, runCommands } from '../../helpers/cli.js';

let dir: string;
const draft = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'commitline-check-'));
  const files: Record<string, string> = {
    'junior.md': JUNIOR_ON_AUTH,
    'senior.md': SENIOR_ON_OBSERVABILITY,
    'lead.md': LEAD,
    'twelve.md': TWELVE_ITEMS,
    'vague.md':
      'By end of 2026-Q4 (Fri 1 Jan 2027), I will:\n1. Publish the billing runbook\n2. Delight our power users\n3. Hire one senior engineer\n',
    'two.md':
      'By end of 2026-Q4 (Fri 1 Jan 2027), I will:\n1. Publish the billing runbook\n2. Make the API faster\n',
    'model.md': [
      'I will:',
      '- Land 80% line coverage on the auth module (currently 12%).',
      '- Run weekly architecture reviews; build a backlog of the next 6 RFCs.',
      '- Achieve SOC 2 Type I certification.',
      '- Retire the legacy cron server.',
      '- Give a talk at one external conference.',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(draft(name), text);
  const example = await readFile(new URL('../../../config/team.example.yaml', import.meta.url), 'utf8');
  await writeFile(
    draft('fiscal.yaml'),
    example.replace('# quarters:\n#   - { id: FY27-Q1', 'quarters:\n  - { id: FY27-Q1'),
  );
});

function check(...args: string[]): Promise<CliRun> {
  return runCommands([registerCheck], ['check', ...args]);
}

// The command reports through process.exitCode; it must not leak into the next run or the test process.
beforeEach(() => {
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('when `commitline check` reads a good draft', () => {
  it.each([
    {
      file: 'junior.md',
      args: ['--tier', 'junior', '--start-date', '2026-10-05', '--quarter', '2026-Q4'],
      n: 4,
    },
    { file: 'lead.md', args: ['--tier', 'lead', '--start-date', '2021-01-11', '--quarter', '2026-Q4'], n: 4 },
    { file: 'senior.md', args: [], n: 5 },
  ])('should tick every item of $file and exit 0', async ({ file, args, n }) => {
    const { code, stdout } = await check(draft(file), ...args);
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.startsWith('✓'))).toHaveLength(n);
    expect(stdout).not.toContain('✗');
    expect(stdout).toContain(`${n} commitments, nothing to change.`);
  });

  it('should show the markers it read', async () => {
    const { stdout } = await check(draft('junior.md'));
    expect(stdout).toContain('✓ 1. Ship email+password sign-up behind a feature flag (ambitious)');
    expect(stdout).toContain(
      '✓ 4. Pair with a senior engineer on the rate-limit design RFC (paired with a senior engineer)',
    );
  });

  it('should say the tenure checks were skipped when tier, start date or quarter is missing', async () => {
    const { stdout } = await check(draft('junior.md'), '--tier', 'junior');
    expect(stdout).toContain('need --tier, --start-date and --quarter together');
  });
});

describe('when `commitline check` finds what the method forbids', () => {
  it('should refuse 12 items with the request to cut and exit 1', async () => {
    const { code, stdout } = await check(draft('twelve.md'));
    expect(code).toBe(1);
    expect(stdout).toContain(
      '✗ 12 commitments is more than anyone can hold in a quarter; it usually means what matters has not been chosen yet. Cut to the 3–5 that matter most',
    );
    expect(stdout).toContain(
      '12 commitments, 1 finding to address: the method asks for 3 to 5 commitments before anyone signs.',
    );
  });

  it('should refuse 2 items, still giving the advice on each, and exit 1', async () => {
    const { code, stdout } = await check(draft('two.md'));
    expect(code).toBe(1);
    expect(stdout).toContain('✗ Only 2 commitments: write 3 to 5');
    expect(stdout).toContain(
      '✗ 2. Make the API faster\n    Item 2, “Make the API faster”, cannot be checked',
    );
    expect(stdout).toContain('2 commitments, 2 findings to address');
  });

  it('should give the count finding as JSON and exit 1', async () => {
    const { code, stdout } = await check(draft('twelve.md'), '--json');
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as { findings: { code: string }[] };
    expect(parsed.findings.map((f) => f.code)).toContain('too-many');
  });
});

describe('when `commitline check` has advice', () => {
  it('should mark the vague item by its number, with what would make it checkable, and exit 0', async () => {
    const { code, stdout } = await check(draft('vague.md'));
    expect(code).toBe(0);
    expect(stdout).toContain('✓ 1. Publish the billing runbook');
    expect(stdout).toContain(
      '✗ 2. Delight our power users\n    Item 2, “Delight our power users”, cannot be checked',
    );
    expect(stdout).toContain('✓ 3. Hire one senior engineer');
    expect(stdout).toContain(
      '3 commitments, 1 finding to consider before signing (advice: the draft can be signed as it is).',
    );
  });

  it('should tick each of the method’s model goals and exit 0', async () => {
    const { code, stdout } = await check(draft('model.md'));
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.startsWith('✓'))).toHaveLength(5);
    expect(stdout).toContain('5 commitments, nothing to change.');
  });

  it.each([
    {
      case: 'a senior with five',
      args: ['senior.md', '--tier', 'senior', '--start-date', '2020-01-06', '--quarter', '2026-Q4'],
      codes: ['first-three'],
    },
    {
      case: 'a mid known under 6 months with nothing ambitious',
      args: ['lead.md', '--tier', 'mid', '--start-date', '2026-06-01', '--quarter', '2026-Q4'],
      codes: ['ambition'],
    },
    {
      case: 'a first quarter of five, unpaired',
      args: ['senior.md', '--tier', 'junior', '--start-date', '2026-10-05', '--quarter', '2026-Q4'],
      codes: ['ambition', 'first-quarter-size', 'first-quarter-pairing'],
    },
  ])('should give the findings for $case as JSON and exit 0', async ({ args, codes }) => {
    const [file = '', ...rest] = args;
    const { code, stdout } = await check(draft(file), ...rest, '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { commitments: unknown[]; findings: { code: string }[] };
    expect(parsed.findings.map((f) => f.code)).toEqual(codes);
  });

  it('should give the commitments and no findings as JSON on a good draft', async () => {
    const { code, stdout } = await check(draft('lead.md'), '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      commitments: { index: number; text: string }[];
      findings: unknown[];
    };
    expect(parsed.findings).toEqual([]);
    expect(parsed.commitments.map((c) => c.index)).toEqual([1, 2, 3, 4]);
    expect(parsed.commitments[0]).toEqual({
      index: 1,
      text: 'Hire two backend engineers (one mid, one senior)',
      ambitious: false,
    });
  });
});

describe('when the team keeps its own fiscal calendar', () => {
  const args = ['--tier', 'junior', '--start-date', '2026-01-05', '--quarter', 'FY27-Q1'];

  it('should read the quarter from the team file given with --config', async () => {
    const { code, stdout, stderr } = await check(
      draft('junior.md'),
      ...args,
      '--config',
      draft('fiscal.yaml'),
    );
    expect(stderr).toBe('');
    expect(code).not.toBe(2);
    expect(stdout).not.toContain('The ambition and first-quarter checks need');
  });

  it('should not know that quarter without the team file', async () => {
    const { code, stderr } = await check(draft('junior.md'), ...args);
    expect(code).toBe(2);
    expect(stderr).toContain('--quarter:');
  });
});

describe('when `commitline check` is used wrongly', () => {
  it.each([
    {
      case: 'a tier that does not exist',
      args: ['--tier', 'staff'],
      says: '--tier: expected one of junior|mid|senior|lead, got "staff"',
    },
    {
      case: 'a start date in another format',
      args: ['--start-date', '05/10/2026'],
      says: '--start-date: expected a date as YYYY-MM-DD',
    },
    {
      case: 'a start date that does not exist',
      args: ['--start-date', '2026-02-30'],
      says: '--start-date: expected a date as YYYY-MM-DD',
    },
    { case: 'a quarter that does not exist', args: ['--quarter', '2026-Q5'], says: '--quarter:' },
    {
      case: 'a timezone that does not exist',
      args: ['--quarter', '2026-Q4', '--timezone', 'Mars/Olympus'],
      says: '--timezone:',
    },
  ])('should exit 2 on $case, naming the option and what it takes', async ({ args, says }) => {
    const { code, stderr, stdout } = await check(draft('junior.md'), ...args);
    expect(code).toBe(2);
    expect(stderr).toContain(says);
    expect(stdout).toBe('');
  });

  it('should exit 2 on a draft that cannot be read', async () => {
    const { code, stderr } = await check(draft('missing.md'));
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot read ${draft('missing.md')}`);
  });

  it('should exit 2 without a draft or a team file, saying what to give', async () => {
    const { code, stderr } = await check();
    expect(code).toBe(2);
    expect(stderr).toContain('give a draft to check, or --config <team.yaml> to check a team file alone');
  });
});

describe('when `commitline check --config` is given no draft', () => {
  const teamFile = async (name: string, text: string) => {
    await writeFile(draft(name), text);
    return draft(name);
  };

  it('should check the team file alone and say it is valid, exit 0', async () => {
    const { code, stdout, stderr } = await check('--config', draft('fiscal.yaml'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^The team file ${draft('fiscal.yaml')} is valid: 3 engineers, 1 manager, Europe/Berlin, 1 quarter\\.\\n$`,
      ),
    );
  });

  it('should refuse an off week outside the quarters, naming the field, the line and the fix, exit 1', async () => {
    const example = await readFile(new URL('../../../config/team.example.yaml', import.meta.url), 'utf8');
    const file = await teamFile(
      'off-outside.yaml',
      example
        .replace('# quarters:\n#   - { id: FY27-Q1', 'quarters:\n  - { id: FY27-Q1')
        .replace('# offWeeks:\n#   - { week: 2026-W53', 'offWeeks:\n  - { week: 2026-W53'),
    );
    const { code, stdout, stderr } = await check('--config', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`The team file ${file} is invalid:`);
    expect(stderr).toMatch(
      /offWeeks\[0\]\.week \(line \d+, column 7\): 2026-W53 is in none of the team's quarters \(FY27-Q1 2026-W06–2026-W18\); pick a week of them/,
    );
  });

  it('should refuse a YAML mistake with its line and the advice for it, exit 1', async () => {
    const file = await teamFile(
      'dash.yaml',
      'timezone: UTC\nroster:\n  - id: ana\n    name: Ana\n   id: ben\n',
    );
    const { code, stderr } = await check('--config', file);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'line 5, column 1: Sequence item without - indicator; start each item of the list with "- "',
    );
  });

  it('should say how to make the team file when there is none, exit 1', async () => {
    const { code, stderr } = await check('--config', draft('none.yaml'));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `no file at ${draft('none.yaml')}; copy config/team.example.yaml to it (with docker compose: config/team.yaml next to docker-compose.yml)`,
    );
  });
});
