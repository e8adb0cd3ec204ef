import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem } from '../../../src/config/errors.js';
import { calendarSettings } from '../../../src/config/load.js';
import { parseTeamYaml } from '../../../src/config/team.js';

const example = await readFile(new URL('../../../config/team.example.yaml', import.meta.url), 'utf8');

function refusal(text: string): ConfigError {
  try {
    parseTeamYaml(text, 'The team file');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

function problemsOf(text: string): string[] {
  return refusal(text).problems.map((p) => `${p.path}: ${p.message}`);
}

/** Each problem as a person reads it, with its line and column. */
function linesOf(text: string): string[] {
  return refusal(text).problems.map(formatProblem);
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

  it('should list every problem in one pass, in the order of the file, each with its line and column', () => {
    expect(linesOf(broken)).toEqual([
      'timezone (line 1, column 1): expected an IANA timezone such as Europe/Berlin or America/New_York, got "Mars/Olympus"',
      'weekClose.day (line 2, column 14): expected one of monday|tuesday|wednesday|thursday|friday|saturday|sunday, got "fryday"',
      'weekClose.time (line 2, column 27): expected a time as HH:mm, e.g. 18:00, got "25:00"',
      'roster[1].id (line 7, column 7): "ana" is already used by roster[0] (line 6); give each engineer an id of their own',
      'roster[1].manager (line 7, column 61): "nobody" is neither in managers nor in roster; add it to managers',
      'roster[1].startDate (line 7, column 78): "2026-13-01" is not a calendar date',
      'roster[2].tier (line 8, column 101): expected one of junior|mid|senior|lead, got "staff"',
    ]);
  });

  it('should point at the line of a field in block style, and at the entry of a missing field', () => {
    const lines = linesOf(`timezone: UTC
roster:
  - id: ana
    name: Ana
    linear: a@x.com
    notion: a@x.com
    manager: ana2
    startDate: 2026-01-05
    tier: staff
  - id: ana2
    name: Ana2
    linear: c@x.com
    notion: c@x.com
    manager: ana
    startDate: 2026-01-05
`);
    expect(lines).toEqual([
      'roster[0].tier (line 9, column 5): expected one of junior|mid|senior|lead, got "staff"',
      'roster[1].tier (line 10, column 5): missing; add tier: one of junior|mid|senior|lead',
    ]);
  });

  it('should report a YAML syntax error with its real line and column', () => {
    expect(linesOf('timezone: UTC\nroster: [\n')).toEqual([
      'line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]; close the [ or { that was opened, or indent its next lines under the field',
    ]);
  });

  it('should give advice that fits each kind of YAML mistake', () => {
    const advice = (text: string) => linesOf(`timezone: UTC\n${text}`);
    // A list item indented less than its siblings' fields: not an unclosed quote.
    expect(advice('roster:\n  - id: ana\n    name: Ana\n   id: ben\n')).toEqual([
      'line 5, column 1: Sequence item without - indicator; start each item of the list with "- ", and line its fields up under the first one',
    ]);
    expect(advice('label: "production-visible\n')).toEqual([
      'line 3, column 1: Missing closing "quote; close the quote that was opened',
    ]);
    expect(advice('roster:\n  - id: ana\n  name: Ana\n')).toEqual([
      'line 4, column 1: All mapping items must start at the same column; line the entries of one list or map up under each other, with spaces',
    ]);
    expect(advice('label: production: visible\n')[0]).toContain(
      'give a nested field a line of its own, indented under its parent, or quote the value',
    );
    expect(advice('label: @visible\n')[0]).toContain(
      'quote the value ("…") if it is text: a plain value cannot start with @',
    );
    expect(advice('label: a\n---\nlabel: b\n')[0]).toContain('keep one document: remove the "---" line');
    expect(advice('label: a\nlabel: b\n')[0]).toContain(
      'Map keys must be unique; keep one of the two entries',
    );
  });

  it('should report a tab in the indentation with its line, and say to indent with spaces', () => {
    const error = refusal(`timezone: UTC
roster:
  - id: ana
\tname: Ana
`);
    expect(error.problems).toEqual([
      {
        path: '',
        message: 'Tabs are not allowed as indentation; indent with spaces, not tabs',
        line: 4,
        column: 1,
      },
    ]);
    expect(error.message).toBe(
      'The team file is invalid:\n  line 4, column 1: Tabs are not allowed as indentation; indent with spaces, not tabs',
    );
  });

  it('should name a key written twice at its second line', () => {
    expect(linesOf('timezone: UTC\ntimezone: Europe/Berlin\nroster: []\n')).toEqual([
      'line 2, column 1: Map keys must be unique; keep one of the two entries',
    ]);
  });

  it('should refuse unknown fields, naming each at its line', () => {
    const lines = linesOf(`timezone: UTC
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: ana2, startDate: 2026-01-05, tier: mid, level: 3, team: x }
  - { id: ana2, name: Ana2, linear: c, notion: d, manager: ana, startDate: 2026-01-05, tier: mid }
`);
    expect(lines).toEqual([
      'roster[0].level (line 3, column 98): unknown field; remove it or correct its name',
      'roster[0].team (line 3, column 108): unknown field; remove it or correct its name',
    ]);
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
      linesOf(
        team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q1, start: 2026-04-06, weeks: 13 }`),
      ),
    ).toEqual(['quarters[1].id (line 4, column 7): "FY26-Q1" is already used by quarters[0] (line 3)']);
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
      linesOf(
        team(`  - { id: FY26-Q1, start: 2026-01-05, weeks: 13 }
  - { id: FY26-Q2, start: 2026-03-30, weeks: 13 }`),
      ),
    ).toEqual([
      'quarters[1] (line 4, column 5): FY26-Q2 (from 2026-03-30) overlaps quarters[0] (line 3) FY26-Q1 (until 2026-04-05)',
    ]);
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
      'quarters[1].id: "FY26-Q1" is already used by quarters[0] (line 3)',
      'quarters[1].start: 2026-04-07 is a Tuesday; a quarter starts on a Monday',
      'roster[0].level: unknown field; remove it or correct its name',
      'roster[1].manager: "nobody" is neither in managers nor in roster; add it to managers',
    ]);
  });
});

describe('when a team file sets its go-live date', () => {
  const team = (since: string) => `timezone: UTC
since: ${since}
managers:
  - { id: maya, name: Maya, notion: m }
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: maya, startDate: 2026-01-05, tier: mid }
`;

  it('should expose it as since', () => {
    expect(parseTeamYaml(team('2026-11-30'), 'x').since).toBe('2026-11-30');
  });

  it.each([
    ['30.11.2026', 'since (line 2, column 1): expected a date as YYYY-MM-DD, got "30.11.2026"'],
    ['2026-02-30', 'since (line 2, column 1): "2026-02-30" is not a calendar date'],
  ])('should refuse %s with its line', (since, line) => {
    expect(linesOf(team(since))).toContain(line);
  });

  it('should leave since out when the file does not set it', () => {
    expect(parseTeamYaml(example, 'example').since).toBeUndefined();
  });
});

describe('when a team file names the weeks the team is off and an engineer’s own zone', () => {
  const team = (offWeek: string, zone: string) => `timezone: Europe/Berlin
offWeeks:
  - { week: ${offWeek}, reason: Company holidays }
managers:
  - { id: maya, name: Maya, notion: m }
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: maya, startDate: 2026-01-05, tier: mid, timezone: ${zone} }
`;

  it('should expose both, and hand the off weeks to the calendar', () => {
    const parsed = parseTeamYaml(team('2026-W52', 'Asia/Tokyo'), 'x');
    expect(parsed.offWeeks).toEqual([{ week: '2026-W52', reason: 'Company holidays' }]);
    expect(parsed.roster[0]?.timezone).toBe('Asia/Tokyo');
    expect(calendarSettings(parsed).offWeeks).toEqual([{ week: '2026-W52', reason: 'Company holidays' }]);
  });

  it('should refuse a week or a zone it cannot read, each with its line', () => {
    const lines = linesOf(team('2026-52', 'Tokyo'));
    expect(lines).toContain(
      'offWeeks[0].week (line 3, column 7): expected an ISO week as YYYY-Www, e.g. 2026-W52, got "2026-52"; write 2026-W52',
    );
    expect(lines.some((l) => l.startsWith('roster[0].timezone (line 7') && l.includes('IANA timezone'))).toBe(
      true,
    );
  });

  it('should say the form of a week written without its W once, not also that the week does not exist', () => {
    expect(linesOf(team('2026-53', 'Asia/Tokyo'))).toEqual([
      'offWeeks[0].week (line 3, column 7): expected an ISO week as YYYY-Www, e.g. 2026-W52, got "2026-53"; write 2026-W53',
    ]);
    expect(linesOf(team('2025-53', 'Asia/Tokyo'))).toEqual([
      'offWeeks[0].week (line 3, column 7): expected an ISO week as YYYY-Www, e.g. 2026-W52, got "2025-53"',
    ]);
    expect(linesOf(team('christmas', 'Asia/Tokyo'))).toEqual([
      'offWeeks[0].week (line 3, column 7): expected an ISO week as YYYY-Www, e.g. 2026-W52, got "christmas"',
    ]);
  });

  it('should refuse a week 53 in a year that has none', () => {
    expect(linesOf(team('2025-W53', 'Asia/Tokyo'))).toEqual([
      'offWeeks[0].week (line 3, column 7): 2025 has no week 53 (only long ISO years do, e.g. 2026), got "2025-W53"; use a week of 01-52',
    ]);
    expect(parseTeamYaml(team('2026-W53', 'Asia/Tokyo'), 'x').offWeeks?.[0]?.week).toBe('2026-W53');
  });

  it('should refuse the same off week listed twice, naming both lines', () => {
    const twice = team('2026-W52', 'Asia/Tokyo').replace(
      'offWeeks:\n',
      'offWeeks:\n  - { week: 2026-W52, reason: Shutdown }\n',
    );
    expect(linesOf(twice)).toEqual([
      'offWeeks[1].week (line 4, column 7): 2026-W52 is already listed at offWeeks[0].week (line 3); keep one of the two',
    ]);
  });
});

describe('when a team file with its own quarters names off weeks', () => {
  const team = (offWeek: string) => `timezone: Europe/Berlin
quarters: [{id: FY27-Q1, start: 2026-02-02, weeks: 13}]
offWeeks:
  - { week: ${offWeek}, reason: Company holidays }
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: ana2, startDate: 2026-01-05, tier: mid }
  - { id: ana2, name: Ana2, linear: c, notion: d, manager: ana, startDate: 2026-01-05, tier: mid }
`;

  it('should refuse an off week outside every quarter, with the quarters it could be in', () => {
    expect(linesOf(team('2026-W53'))).toEqual([
      "offWeeks[0].week (line 4, column 7): 2026-W53 is in none of the team's quarters (FY27-Q1 2026-W06–2026-W18); pick a week of them, or add the quarter that holds it to quarters",
    ]);
    expect(linesOf(team('2026-W05'))[0]).toContain('2026-W05 is in none of the team');
  });

  it('should accept an off week of a defined quarter, its first and its last', () => {
    expect(parseTeamYaml(team('2026-W06'), 'x').offWeeks?.[0]?.week).toBe('2026-W06');
    expect(parseTeamYaml(team('2026-W18'), 'x').offWeeks?.[0]?.week).toBe('2026-W18');
  });
});
