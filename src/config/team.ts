import { IANAZone } from 'luxon';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import type { IsoWeekday, QuarterDefinition, Tier } from '../domain/index.js';
import { isDomainError, parseWeekId, TIERS, validateQuarterDefinitions } from '../domain/index.js';
import { ConfigError, type ConfigProblem, problemsFromZod } from './errors.js';
import { locateProblems } from './yaml-positions.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
/** A Linear or Notion identity: an email (resolved once through the API) or the user's id. */
const identity = z.string().trim().min(1, 'expected a user id or an email');

const personSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a short key of lowercase letters, digits, ".", "_" or "-"'),
  name: z.string().trim().min(1, 'expected a display name'),
  notion: identity,
});

/** Whether an ISO week label names a week its year has ("2026-W53" does, "2025-W53" does not). */
function weekExists(id: string): boolean {
  try {
    parseWeekId(id);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

const ianaZone = z.string().refine((tz) => IANAZone.isValidZone(tz), {
  message: 'expected an IANA timezone such as Europe/Berlin or America/New_York',
});

const engineerSchema = personSchema.extend({
  linear: identity,
  manager: z.string().min(1, 'expected the id of a manager (or of another engineer)'),
  startDate: isoDate,
  tier: z.enum(TIERS as [Tier, ...Tier[]]),
  /** The engineer's own zone: a ship counts in the week it was in where they are. */
  timezone: ianaZone.optional(),
});

const teamSchema = z
  .object({
    timezone: ianaZone,
    label: z.string().trim().min(1).default('production-visible'),
    weekClose: z
      .object({
        day: z.enum(WEEKDAYS).default('friday'),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm, e.g. 18:00')
          .default('18:00'),
      })
      .strict()
      .default({ day: 'friday', time: '18:00' }),
    quarters: z
      .array(
        z.object({ id: z.string().min(1), start: isoDate, weeks: z.number().int().min(1).max(27) }).strict(),
      )
      .optional(),
    /** The go-live date override: weeks before it are history, never a streak or a comment. */
    since: isoDate.optional(),
    /** Weeks the whole team is off (a shutdown, the holidays): excused for everyone. */
    offWeeks: z
      .array(
        z
          .object({
            week: z
              .string()
              .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'expected an ISO week such as 2026-W52')
              .refine(weekExists, { message: 'that year has no week 53 (only long ISO years do)' }),
            reason: z.string().trim().min(1, 'expected why the team is off, e.g. "Company holidays"'),
          })
          .strict(),
      )
      .optional(),
    managers: z.array(personSchema.strict()).default([]),
    roster: z.array(engineerSchema.strict()).min(1, 'expected at least one engineer'),
  })
  .strict();

export interface Identity {
  /** The user id, when the team file gives one. */
  id?: string;
  /** The email, when the team file gives one; resolved to an id through the API. */
  email?: string;
}

export interface TeamPerson {
  id: string;
  name: string;
  notion: Identity;
}

export interface TeamEngineer extends TeamPerson {
  linear: Identity;
  managerId: string;
  startDate: string;
  tier: Tier;
  /** The engineer's own IANA zone, when it is not the team's. */
  timezone?: string;
}

/** The team file, validated. */
export interface TeamConfig {
  timezone: string;
  label: string;
  weekClose: { day: IsoWeekday; time: string };
  quarters?: QuarterDefinition[];
  /** The go-live date override (YYYY-MM-DD), when the team file sets one. */
  since?: string;
  /** Weeks the whole team is off, each excused for everyone. */
  offWeeks?: { week: string; reason: string }[];
  managers: TeamPerson[];
  roster: TeamEngineer[];
}

function toIdentity(value: string): Identity {
  return value.includes('@') ? { email: value.toLowerCase() } : { id: value };
}

interface CrossCheckable {
  timezone: string;
  since?: string | undefined;
  quarters?: QuarterDefinition[] | undefined;
  managers: { id: string }[];
  roster: { id: string; manager: string; startDate: string }[];
}

/** The fields cross-checks need, taken from a file that failed the schema, where they are usable. */
function crossCheckable(data: unknown): CrossCheckable {
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const list = (v: unknown) => (Array.isArray(v) ? v.map(record) : []);
  const root = record(data);
  // Quarters are checked against each other only when every entry has the right shapes.
  const quarters = Array.isArray(root.quarters)
    ? root.quarters.map(record).map((q) => ({ id: q.id, start: q.start, weeks: q.weeks }))
    : [];
  const usable = quarters.every(
    (q) => typeof q.id === 'string' && typeof q.start === 'string' && typeof q.weeks === 'number',
  );
  return {
    timezone: text(root.timezone),
    ...(typeof root.since === 'string' ? { since: root.since } : {}),
    ...(quarters.length > 0 && usable ? { quarters: quarters as QuarterDefinition[] } : {}),
    managers: list(root.managers).map((m) => ({ id: text(m.id) })),
    roster: list(root.roster).map((e) => ({
      id: text(e.id),
      manager: text(e.manager),
      startDate: text(e.startDate),
    })),
  };
}

/** `quarters[1].start: 2026-01-06 is a Tuesday; …` → path and message. */
function quarterProblems(quarters: readonly QuarterDefinition[], timezone: string): ConfigProblem[] {
  // The timezone is reported by the schema; the calendar checks themselves do not depend on it.
  const zone = IANAZone.isValidZone(timezone) ? timezone : 'UTC';
  return validateQuarterDefinitions(quarters, zone).map((line) => {
    const at = line.indexOf(': ');
    return at < 0
      ? { path: 'quarters', message: line }
      : { path: line.slice(0, at), message: line.slice(at + 2) };
  });
}

/** `2026-02-30` has the shape of a date but is none. */
function isCalendarDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function crossChecks(team: CrossCheckable): ConfigProblem[] {
  const problems: ConfigProblem[] = team.quarters ? quarterProblems(team.quarters, team.timezone) : [];
  const ids = new Map<string, string>();
  team.managers.forEach((m, i) => {
    ids.set(m.id, `managers[${i}]`);
  });
  team.roster.forEach((e, i) => {
    const seen = ids.get(e.id);
    if (seen?.startsWith('roster')) {
      problems.push({ path: `roster[${i}].id`, message: `"${e.id}" is already used by ${seen}` });
    }
    if (!seen) ids.set(e.id, `roster[${i}]`);
  });
  if (team.since !== undefined && !isCalendarDate(team.since)) {
    problems.push({ path: 'since', message: `"${team.since}" is not a calendar date` });
  }
  team.roster.forEach((e, i) => {
    if (!ids.has(e.manager)) {
      problems.push({
        path: `roster[${i}].manager`,
        message: `"${e.manager}" is neither in managers nor in roster; add it to managers`,
      });
    } else if (e.manager === e.id) {
      problems.push({ path: `roster[${i}].manager`, message: 'an engineer cannot be their own manager' });
    }
    if (!isCalendarDate(e.startDate)) {
      problems.push({ path: `roster[${i}].startDate`, message: `"${e.startDate}" is not a calendar date` });
    }
  });
  return problems;
}

/** Validates a parsed team file; throws a ConfigError listing every problem. */
export function parseTeamConfig(data: unknown, source = 'The team file'): TeamConfig {
  const parsed = teamSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    // Report every problem in one pass: the schema's, and the cross-checks' on what is usable.
    const problems = problemsFromZod(parsed.error.issues);
    const seen = new Set(problems.map((p) => p.path));
    for (const extra of crossChecks(crossCheckable(data))) if (!seen.has(extra.path)) problems.push(extra);
    throw new ConfigError(source, problems);
  }
  const problems = crossChecks(parsed.data);
  if (problems.length > 0) throw new ConfigError(source, problems);
  const t = parsed.data;
  return {
    timezone: t.timezone,
    label: t.label,
    weekClose: { day: (WEEKDAYS.indexOf(t.weekClose.day) + 1) as IsoWeekday, time: t.weekClose.time },
    ...(t.quarters ? { quarters: t.quarters } : {}),
    ...(t.since ? { since: t.since } : {}),
    ...(t.offWeeks ? { offWeeks: t.offWeeks } : {}),
    managers: t.managers.map((m) => ({ id: m.id, name: m.name, notion: toIdentity(m.notion) })),
    roster: t.roster.map((e) => ({
      id: e.id,
      name: e.name,
      notion: toIdentity(e.notion),
      linear: toIdentity(e.linear),
      managerId: e.manager,
      startDate: e.startDate,
      tier: e.tier,
      ...(e.timezone ? { timezone: e.timezone } : {}),
    })),
  };
}

/** What to do about a YAML syntax error, by the parser's code. */
const YAML_FIXES: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep one of the two entries',
  MISSING_CHAR: 'close the quote or bracket that was opened',
  BAD_INDENT: 'line the entries of one list or map up under each other',
  UNEXPECTED_TOKEN: 'check the punctuation on this line (":" after a field name, "- " before a list item)',
};

function yamlProblems(errors: readonly YAMLError[], lineCounter: LineCounter): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const e of errors) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const said = e.message.split('\n')[0] ?? e.message;
    const fix = YAML_FIXES[e.code];
    const problem = { path: '', message: fix ? `${said}; ${fix}` : said, line, column: col };
    // One mistake can trip the parser several times on the same spot.
    const key = `${line}:${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

/**
 * Parses the YAML text of a team file. Syntax errors and every schema problem are reported with
 * their line and column.
 */
export function parseTeamYaml(text: string, source: string): TeamConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) throw new ConfigError(source, yamlProblems(doc.errors, lineCounter));
  try {
    return parseTeamConfig(doc.toJS(), source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // In the order of the file, as a person reads and fixes it.
    const located = locateProblems(error.problems, doc, lineCounter);
    const order = (p: ConfigProblem) => (p.line ?? 0) * 10_000 + (p.column ?? 0);
    throw new ConfigError(
      source,
      [...located].sort((a, b) => order(a) - order(b)),
    );
  }
}
