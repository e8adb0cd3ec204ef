/** doctor's team-file line: the same field, line, column and fix as `check --config` gives. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCheck } from '../../../src/cli/commands/check.js';
import { checkTeamFile } from '../../../src/runtime/doctor.js';
import { runCommands } from '../../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'commitline-doctor-team-'));
});

async function teamFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The problem lines `check --config` prints, without the heading. */
async function checkSays(path: string): Promise<string[]> {
  const { stderr } = await runCommands([registerCheck], ['check', '--config', path]);
  return stderr
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

describe('when doctor reads a team file with problems', () => {
  it('should give a YAML mistake its line, column and advice, as check --config does', async () => {
    const path = await teamFile(
      'dash.yaml',
      'timezone: UTC\nroster:\n  - id: ana\n    name: Ana\n   id: ben\n',
    );
    const { result, team } = await checkTeamFile(path);
    expect(team).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.line).toBe(`team file ${path} is invalid`);
    expect(result.fix).toBe(
      'line 5, column 1: Sequence item without - indicator; start each item of the list with "- ", and line its fields up under the first one',
    );
    expect(result.fix?.split('\n')).toEqual(await checkSays(path));
  });

  it('should name each field with its line, one problem a line', async () => {
    const path = await teamFile(
      'fields.yaml',
      `timezone: Europe/Berlin
quarters: [{id: FY27-Q1, start: 2026-02-02, weeks: 13}]
offWeeks:
  - { week: 2026-W53, reason: Company holidays }
  - { week: 2026-53, reason: Company holidays }
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: ana2, startDate: 2026-01-05, tier: mid }
  - { id: ana2, name: Ana2, linear: c, notion: d, manager: ana, startDate: 2026-01-05, tier: staff }
`,
    );
    const { result } = await checkTeamFile(path);
    const lines = result.fix?.split('\n') ?? [];
    expect(lines).toEqual([
      "offWeeks[0].week (line 4, column 7): 2026-W53 is in none of the team's quarters (FY27-Q1 2026-W06–2026-W18); pick a week of them, or add the quarter that holds it to quarters",
      'offWeeks[1].week (line 5, column 7): expected an ISO week as YYYY-Www, e.g. 2026-W52, got "2026-53"; write 2026-W53',
      'roster[1].tier (line 8, column 88): expected one of junior|mid|senior|lead, got "staff"',
    ]);
    expect(lines).toEqual(await checkSays(path));
  });

  it('should pass a valid team file with what it holds', async () => {
    const path = await teamFile(
      'good.yaml',
      'timezone: UTC\nroster:\n  - { id: ana, name: Ana, linear: a, notion: b, manager: ana2, startDate: 2026-01-05, tier: mid }\n  - { id: ana2, name: Ana2, linear: c, notion: d, manager: ana, startDate: 2026-01-05, tier: mid }\n',
    );
    const { result, team } = await checkTeamFile(path);
    expect(result).toEqual({ ok: true, line: `team file ${path}: 2 engineers, UTC` });
    expect(team?.roster).toHaveLength(2);
  });
});
