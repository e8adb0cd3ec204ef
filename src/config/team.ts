import { IANAZone } from 'luxon';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import type { CalendarSettings, IsoWeekday, QuarterDefinition, Tier } from '../domain/index.js';
import {
  isDomainError,
  parseWeekId,
  quarterById,
  TIERS,
  validateQuarterDefinitions,
} from '../domain/index.js';
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

const WEEK_LABEL = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

/**
 * What is wrong with an off week's label, if anything: its form (with the label to write when
 * the intent is clear, `2026-53` → `2026-W53`), or a week 53 its year does not have.
 */
function offWeekProblem(id: string): string | undefined {
  if (!WEEK_LABEL.test(id)) {
    const loose = /^(\d{4})-?[wW]?(\d{1,2})$/.exec(id.trim());
    const meant = loose ? `${loose[1]}-W${loose[2]?.padStart(2, '0')}` : undefined;
    const suggestion = meant && WEEK_LABEL.test(meant) && weekExists(meant) ? `; write ${meant}` : '';
    return `expected an ISO week as YYYY-Www, e.g. 2026-W52${suggestion}`;
  }
  if (weekExists(id)) return undefined;
  return `${id.slice(0, 4)} has no week 53 (only long ISO years do, e.g. 2026); use a week of 01-52`;
}

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
            // One problem per week: its form, or else that the week does not exist.
            week: z.string().superRefine((week, ctx) => {
              const problem = offWeekProblem(week);
              if (problem) ctx.addIssue({ code: 'custom', message: problem, input: week });
            }),
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
  offWeeks?: { week: string }[] | undefined;
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
    offWeeks: list(root.offWeeks).map((w) => ({ week: text(w.week) })),
    managers: list(root.managers).map((m) => ({ id: text(m.id) })),
    roster: list(root.roster).map((e) => ({
      id: text(e.id),
      manager: text(e.manager),
      startDate: text(e.startDate),
    })),
  };
}

/** The quarter list's problems, each with the entry it clashes with (whose line is named too). */
function quarterProblems(quarters: readonly QuarterDefinition[], timezone: string): ConfigProblem[] {
  // The timezone is reported by the schema; the calendar checks themselves do not depend on it.
  const zone = IANAZone.isValidZone(timezone) ? timezone : 'UTC';
  return validateQuarterDefinitions(quarters, zone);
}

/**
 * Off weeks listed twice, and off weeks outside the team's calendar: with `quarters`, a week
 * must be in one of them (any ISO week of a real year is in the ISO calendar).
 */
function offWeekProblems(team: CrossCheckable, quarterTrouble: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const listed = new Map<string, number>();
  // Membership in a quarter depends on ISO weeks only, not on the zone or the close.
  const settings: CalendarSettings = {
    timezone: 'UTC',
    weekClose: { day: 5, time: '18:00' },
    ...(team.quarters && !quarterTrouble ? { quarters: team.quarters } : {}),
  };
  // The team's quarters, when it defines them: the weeks an off week may be one of.
  const quarters = settings.quarters?.map((q) => quarterById(q.id, settings));
  const spans = quarters?.map((q) => `${q.id} ${q.weeks[0]?.id}–${q.weeks.at(-1)?.id}`);
  const inCalendar = quarters && new Set(quarters.flatMap((q) => q.weeks.map((w) => w.id)));
  (team.offWeeks ?? []).forEach(({ week }, i) => {
    if (offWeekProblem(week)) return; // the schema reports it
    const path = `offWeeks[${i}].week`;
    const first = listed.get(week);
    if (first !== undefined) {
      const other = `offWeeks[${first}].week`;
      problems.push({
        path,
        message: `${week} is already listed at ${other}; keep one of the two`,
        refers: other,
      });
      return;
    }
    listed.set(week, i);
    if (inCalendar && !inCalendar.has(week)) {
      problems.push({
        path,
        message: `${week} is in none of the team's quarters (${spans?.join(', ')}); pick a week of them, or add the quarter that holds it to quarters`,
      });
    }
  });
  return problems;
}

/** `2026-02-30` has the shape of a date but is none. */
function isCalendarDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function crossChecks(team: CrossCheckable): ConfigProblem[] {
  const problems: ConfigProblem[] = team.quarters ? quarterProblems(team.quarters, team.timezone) : [];
  problems.push(...offWeekProblems(team, problems.length > 0));
  const ids = new Map<string, string>();
  team.managers.forEach((m, i) => {
    ids.set(m.id, `managers[${i}]`);
  });
  team.roster.forEach((e, i) => {
    const seen = ids.get(e.id);
    if (seen?.startsWith('roster')) {
      problems.push({
        path: `roster[${i}].id`,
        message: `"${e.id}" is already used by ${seen}; give each engineer an id of their own`,
        refers: seen,
      });
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

const QUOTE_IT = 'quote the value ("…") if it is text';

/** What to do about a YAML syntax error, by the parser's code. */
const YAML_FIXES: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep one of the two entries',
  BAD_INDENT: 'line the entries of one list or map up under each other, with spaces',
  BLOCK_AS_IMPLICIT_KEY: `give a nested field a line of its own, indented under its parent, or ${QUOTE_IT}`,
  MULTILINE_IMPLICIT_KEY:
    'end each field name with ":" on its own line, and indent a line no further than its neighbours unless it is nested',
  BLOCK_IN_FLOW: 'inside [ ] or { } write the items on one line, separated by ", " (no "- " or nested lines)',
  BAD_SCALAR_START: `${QUOTE_IT}: a plain value cannot start with @ or \``,
  BAD_DQ_ESCAPE: 'use single quotes for a value with a backslash, or write it as \\\\',
  TAG_RESOLVE_FAILED: `${QUOTE_IT}: a value starting with "!" is read as a YAML tag`,
  BAD_ALIAS: `${QUOTE_IT}: a value starting with "*" is read as a YAML alias`,
  ALIAS_PROPS: `${QUOTE_IT}: a value starting with "*" is read as a YAML alias`,
  MULTIPLE_ANCHORS: `${QUOTE_IT}: "&" starts a YAML anchor`,
  MULTIPLE_TAGS: `${QUOTE_IT}: "!" starts a YAML tag`,
  BAD_PROP_ORDER: `${QUOTE_IT}: "&" and "!" start YAML anchors and tags`,
  MULTIPLE_DOCS: 'keep one document: remove the "---" line and what follows it that belongs elsewhere',
  BAD_DIRECTIVE: 'remove the line that starts with "%"',
  NON_STRING_KEY: 'write each field name as plain text, e.g. timezone:',
  KEY_OVER_1024_CHARS: 'put ": " after the field name (a field name is short)',
  UNEXPECTED_TOKEN: 'check the punctuation on this line (":" after a field name, "- " before a list item)',
};

/**
 * What to do about a YAML syntax error. MISSING_CHAR covers several mistakes (an unclosed quote,
 * a list item without "- ", a missing ","), told apart by the parser's message.
 */
function yamlFix(error: YAMLError): string | undefined {
  const said = error.message;
  if (error.code === 'MISSING_CHAR') {
    if (said.includes('without - indicator'))
      return 'start each item of the list with "- ", and line its fields up under the first one';
    if (said.includes('quote')) return 'close the quote that was opened';
    if (said.includes('Missing space after :')) return 'put a space after ":"';
    if (said.includes('Missing ,')) return 'separate the items inside [ ] or { } with ", "';
    if (said.includes('followed by map values')) return 'put ":" and the value after the field name';
    if (said.includes('Comments must be separated')) return 'put a space before "#"';
    return undefined;
  }
  // A flow list or map left open is reported as an indentation problem.
  if (error.code === 'BAD_INDENT' && /end with a [\]}]/.test(said))
    return 'close the [ or { that was opened, or indent its next lines under the field';
  return YAML_FIXES[error.code];
}

function yamlProblems(errors: readonly YAMLError[], lineCounter: LineCounter): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const e of errors) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const said = e.message.split('\n')[0] ?? e.message;
    const fix = yamlFix(e);
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
