import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { parseTeamYaml } from '../../../src/config/team.js';

const example = await readFile(new URL('../../../config/team.example.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseTeamYaml(text, 'The team file');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('when the shipped example team file is read', () => {
  it('should be valid, with defaults filled in and emails kept as identities to resolve', () => {
    const team = parseTeamYaml(example, 'example');
    expect(team.timezone).toBe('Europe/Berlin');
    expect(team.label).toBe('production-visible');
    expect(team.weekClose).toEqual({ day: 5, time: '18:00' });
    expect(team.roster.map((e) => e.tier)).toEqual(['junior', 'senior', 'lead']);
    expect(team.roster[0]?.linear).toEqual({ email: 'ana@example.com' });
  });
});

describe('when the label and week close are left out', () => {
  it('should default to production-visible and Friday 18:00', () => {
    const team = parseTeamYaml(
      `timezone: UTC
roster:
  - { id: ana, name: Ana, linear: lin-ana, notion: not-ana, manager: ben, startDate: 2026-01-05, tier: mid }
  - { id: ben, name: Ben, linear: lin-ben, notion: not-ben, manager: ana, startDate: 2020-01-06, tier: lead }
`,
      'inline',
    );
    expect(team.label).toBe('production-visible');
    expect(team.weekClose).toEqual({ day: 5, time: '18:00' });
    expect(team.roster[0]?.linear).toEqual({ id: 'lin-ana' });
  });
});

describe('when a team file has many problems', () => {
  const broken = `timezone: Mars/Olympus
weekClose: { day: fryday, time: "25:00" }
managers:
  - { id: maya, name: Maya, notion: maya@example.com }
roster:
  - { id: ana, name: Ana, linear: a@x.com, notion: a@x.com, manager: maya, startDate: 2026-09-14, tier: junior }
  - { id: ana, name: Ben, linear: b@x.com, notion: b@x.com, manager: nobody, startDate: 2026-13-01, tier: mid }
  - { id: chen, name: Chen, linear: c@x.com, notion: c@x.com, manager: maya, startDate: 2021-01-11, tier: staff }
`;

  it('should list every problem as path: message in one pass', () => {
    expect(problemsOf(broken)).toEqual([
      'timezone: expected an IANA timezone such as Europe/Berlin or America/New_York',
      'weekClose.day: expected one of monday|tuesday|wednesday|thursday|friday|saturday|sunday, got "fryday"',
      'weekClose.time: expected a time as HH:mm, e.g. 18:00',
      'roster[2].tier: expected one of junior|mid|senior|lead, got "staff"',
      'roster[1].id: "ana" is already used by roster[0]',
      'roster[1].manager: "nobody" is neither in managers nor in roster; add it to managers',
      'roster[1].startDate: "2026-13-01" is not a calendar date',
    ]);
  });

  it('should report a YAML syntax error with its line', () => {
    const problems = problemsOf('timezone: UTC\nroster: [\n');
    expect(problems[0]).toMatch(/^line \d+: /);
  });

  it('should refuse unknown fields, naming them', () => {
    const problems = problemsOf(`timezone: UTC
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: ana2, startDate: 2026-01-05, tier: mid, level: 3 }
  - { id: ana2, name: Ana2, linear: c, notion: d, manager: ana, startDate: 2026-01-05, tier: mid }
`);
    expect(problems).toEqual(['roster[0]: unknown field level']);
  });

  it('should refuse an empty roster', () => {
    expect(problemsOf('timezone: UTC\nroster: []\n')).toEqual(['roster: expected at least one engineer']);
  });
});

describe('when a team file lists its own quarters', () => {
  const team = (quarters: string, extra = '') => `timezone: Europe/Berlin
quarters:
${quarters}
roster:
  - { id: ana, name: Ana, linear: a@x.com, notion: a@x.com, manager: ana2, startDate: 2026-01-05, tier: mid${extra} }
  - { id: ana2, name: Ana2, linear: c@x.com, notion: d@x.com, manager: ana, startDate: 2026-01-05, tier: mid }
`;

  it('should accept contiguous quarters that start on Mondays', () => {
    const parsed = parseTeamYaml(
      team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q2, start: 2026-04-06, weeks: 13 }`),
      'inline',
    );
    expect(parsed.quarters?.map((q) => q.id)).toEqual(['FY26-Q1', 'FY26-Q2']);
  });

  it('should name a quarter id used twice', () => {
    expect(
      problemsOf(
        team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q1, start: 2026-04-06, weeks: 13 }`),
      ),
    ).toEqual(['quarters[1].id: "FY26-Q1" is already used by quarters[0]']);
  });

  it('should name a quarter that starts on a Tuesday', () => {
    expect(
      problemsOf(
        team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q2, start: 2026-04-07, weeks: 13 }`),
      ),
    ).toEqual(['quarters[1].start: 2026-04-07 is a Tuesday; a quarter starts on a Monday']);
  });

  it('should name overlapping quarters', () => {
    expect(
      problemsOf(
        team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q2, start: 2026-03-30, weeks: 13 }`),
      ),
    ).toEqual(['quarters[1]: FY26-Q2 (from 2026-03-30) overlaps quarters[0] FY26-Q1 (until 2026-04-05)']);
  });

  it('should list the quarter problems alongside the schema and roster problems', () => {
    expect(
      problemsOf(
        team(
          `  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q1, start: 2026-04-07, weeks: 13 }`,
          ', level: 3',
        ).replace('manager: ana,', 'manager: nobody,'),
      ),
    ).toEqual([
      'roster[0]: unknown field level',
      'quarters[1].id: "FY26-Q1" is already used by quarters[0]',
      'quarters[1].start: 2026-04-07 is a Tuesday; a quarter starts on a Monday',
      'roster[1].manager: "nobody" is neither in managers nor in roster; add it to managers',
    ]);
  });
});
