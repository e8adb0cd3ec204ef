/**
 * The team calendar: ISO weeks and 13-week quarters in the team timezone.
 *
 * Arithmetic happens on wall-clock readings (luxon DateTimes in UTC, where no DST change can
 * interfere); only at the end is a reading turned into an instant in the team zone. Every week
 * boundary is computed from the same reading, so weeks and quarters are contiguous by construction.
 */
import { DateTime, IANAZone } from 'luxon';
import { type CalendarErrorCode, DomainError, isDomainError } from './errors.js';
import type {
  CalendarSettings,
  IsoDate,
  IsoWeekday,
  Quarter,
  QuarterDefinition,
  QuarterId,
  Week,
  WeekClose,
  WeekId,
} from './types.js';

/** Week 7 of a quarter holds the mid-quarter checkpoint. */
export const CHECKPOINT_WEEK = 7;
/** Week 13 of a quarter holds the graded review. */
export const GRADING_WEEK = 13;
/** Weeks in an ISO quarter; Q4 of a 53-week ISO year also takes week 53. */
export const QUARTER_WEEKS = 13;

/** An ISO week as numbers, e.g. `{ weekYear: 2026, weekNumber: 48 }` for `2026-W48`. */
export interface IsoWeek {
  weekYear: number;
  weekNumber: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

const WEEK_ID = /^(\d{4})-W(\d{2})$/;
const QUARTER_ID = /^(\d{4})-Q([1-4])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOSE_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Fixed English names: labels must not change with the host's locale.
const WEEKDAY_NAMES = 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' ');
const MONTH_NAMES = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

function fail(code: CalendarErrorCode, message: string): never {
  throw new DomainError(code, message);
}

function zoneOf(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) fail('invalid-timezone', `"${timezone}" is not an IANA timezone, e.g. Europe/Berlin`);
  return zone;
}

function closeOf(close: WeekClose): { day: IsoWeekday; hour: number; minute: number } {
  const time = CLOSE_TIME.exec(close.time);
  if (!time || !Number.isInteger(close.day) || close.day < 1 || close.day > 7) {
    fail(
      'invalid-week-close',
      `week close ${close.day}/${close.time}: expected a day 1–7 and a time as HH:mm`,
    );
  }
  return { day: close.day, hour: Number(time[1]), minute: Number(time[2]) };
}

/**
 * The instant a wall-clock reading happens in `zone`. A reading that occurs twice (clocks going
 * back) takes the earlier instant; one skipped by clocks going forward moves forward by the gap
 * (Temporal's "compatible" rule). Done by hand because luxon resolves ambiguous readings with a
 * guess based on the current time, which would make the result depend on when it runs.
 */
function instantAt(wall: DateTime, zone: IANAZone): Date {
  const local = wall.toMillis();
  // The true instant is within 14 h of the reading, so offsets a day either side bracket any transition.
  const before = zone.offset(local - DAY_MS);
  const after = zone.offset(local + DAY_MS);
  const candidates = [local - before * MINUTE_MS, local - after * MINUTE_MS].filter(
    (ts) => zone.offset(ts) * MINUTE_MS === local - ts,
  );
  return new Date(candidates.length > 0 ? Math.min(...candidates) : local - before * MINUTE_MS);
}

function wallOf(instant: Date, zone: IANAZone): DateTime<true> {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) fail('invalid-date', 'expected a valid instant');
  return local;
}

function parseIsoDate(day: IsoDate): DateTime<true> {
  const wall = ISO_DATE.test(day) ? DateTime.fromISO(day, { zone: 'utc' }) : undefined;
  if (!wall?.isValid) fail('invalid-date', `"${day}" is not a calendar date: expected YYYY-MM-DD`);
  return wall;
}

function isoDateOf(wall: DateTime<true>): IsoDate {
  return wall.toISODate();
}

function weekKeyOf(wall: DateTime<true>): IsoWeek {
  return { weekYear: wall.weekYear, weekNumber: wall.weekNumber };
}

function mondayOf(week: IsoWeek): DateTime<true> {
  const monday = DateTime.fromObject(
    { weekYear: week.weekYear, weekNumber: week.weekNumber, weekday: 1 },
    { zone: 'utc' },
  );
  if (!monday.isValid) fail('invalid-week', `${formatWeekId(week)} is not a week`);
  return monday;
}

function shiftWeeks(week: IsoWeek, weeks: number): IsoWeek {
  return weekKeyOf(mondayOf(week).plus({ days: 7 * weeks }));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** 52 or 53: a year has 53 ISO weeks when it starts on a Thursday (or a Wednesday, in a leap year). */
export function weeksInIsoYear(weekYear: number): number {
  return mondayOf({ weekYear, weekNumber: 1 }).weeksInWeekYear;
}

export function formatWeekId(week: IsoWeek): WeekId {
  return `${pad(week.weekYear, 4)}-W${pad(week.weekNumber, 2)}`;
}

/** `2026-W48` → `{ weekYear: 2026, weekNumber: 48 }`; throws `invalid-week` for a week that does not exist. */
export function parseWeekId(id: WeekId): IsoWeek {
  const match = WEEK_ID.exec(id);
  if (!match) fail('invalid-week', `"${id}" is not a week label: expected YYYY-Www, e.g. 2026-W48`);
  const weekYear = Number(match[1]);
  const weekNumber = Number(match[2]);
  const weeks = weeksInIsoYear(weekYear);
  if (weekNumber < 1 || weekNumber > weeks) {
    fail('invalid-week', `"${id}" does not exist: ISO year ${weekYear} has ${weeks} weeks`);
  }
  return { weekYear, weekNumber };
}

function buildWeek(week: IsoWeek, settings: CalendarSettings): Week {
  const zone = zoneOf(settings.timezone);
  const close = closeOf(settings.weekClose);
  const monday = mondayOf(week);
  return {
    id: formatWeekId(week),
    start: instantAt(monday, zone),
    end: instantAt(monday.plus({ days: 7 }), zone),
    closesAt: instantAt(monday.plus({ days: close.day - 1, hours: close.hour, minutes: close.minute }), zone),
  };
}

/** The calendar day of an instant in `timezone`. */
export function dayOf(instant: Date, timezone: string): IsoDate {
  return isoDateOf(wallOf(instant, zoneOf(timezone)));
}

/** Midnight at the start of a calendar day in `timezone` (the first instant of the day). */
export function startOfDay(day: IsoDate, timezone: string): Date {
  return instantAt(parseIsoDate(day), zoneOf(timezone));
}

/** The week (Monday 00:00 to the next Monday 00:00, team timezone) holding `instant`. */
export function weekOf(instant: Date, settings: CalendarSettings): Week {
  return buildWeek(weekKeyOf(wallOf(instant, zoneOf(settings.timezone))), settings);
}

export function weekById(id: WeekId, settings: CalendarSettings): Week {
  return buildWeek(parseWeekId(id), settings);
}

/** A week is closed from its close day and time on; before that its baseline is still open. */
export function isWeekClosed(week: Week, now: Date): boolean {
  return now.getTime() >= week.closesAt.getTime();
}

function assembleQuarter(id: QuarterId, keys: readonly IsoWeek[], settings: CalendarSettings): Quarter {
  const weeks = keys.map((key) => buildWeek(key, settings));
  const lastKey = keys.at(-1);
  if (!lastKey) fail('invalid-quarter', `quarter ${id} has no weeks`);
  const close = closeOf(settings.weekClose);
  return {
    id,
    weeks,
    start: weeks[0]!.start,
    end: weeks.at(-1)!.end,
    lastDay: isoDateOf(mondayOf(lastKey).plus({ days: close.day - 1 })),
  };
}

function isoQuarter(weekYear: number, n: number, settings: CalendarSettings): Quarter {
  const first = (n - 1) * QUARTER_WEEKS + 1;
  const last = n === 4 ? weeksInIsoYear(weekYear) : n * QUARTER_WEEKS;
  const keys: IsoWeek[] = [];
  for (let weekNumber = first; weekNumber <= last; weekNumber++) keys.push({ weekYear, weekNumber });
  return assembleQuarter(`${pad(weekYear, 4)}-Q${n}`, keys, settings);
}

/** The definitions in use, or undefined for ISO quarters; an empty list means none were given. */
function definitionsOf(settings: CalendarSettings): readonly QuarterDefinition[] | undefined {
  return settings.quarters && settings.quarters.length > 0 ? settings.quarters : undefined;
}

/** A defined quarter starts with the week holding its `start` (that Monday, once validated). */
function firstMondayOf(def: QuarterDefinition): DateTime<true> {
  if (!Number.isInteger(def.weeks) || def.weeks < 1) {
    fail('invalid-quarter', `quarter ${def.id} must last a whole number of weeks, at least 1`);
  }
  return mondayOf(weekKeyOf(parseIsoDate(def.start)));
}

function definedQuarter(def: QuarterDefinition, settings: CalendarSettings): Quarter {
  const first = weekKeyOf(firstMondayOf(def));
  const keys = Array.from({ length: def.weeks }, (_, i) => shiftWeeks(first, i));
  return assembleQuarter(def.id, keys, settings);
}

function quarterOfKey(week: IsoWeek, settings: CalendarSettings, what: string): Quarter {
  const defs = definitionsOf(settings);
  if (!defs) {
    return isoQuarter(week.weekYear, Math.min(4, Math.ceil(week.weekNumber / QUARTER_WEEKS)), settings);
  }
  const monday = mondayOf(week).toMillis();
  // List order decides between overlapping definitions; validateQuarterDefinitions reports overlaps.
  const def = defs.find((d) => {
    const first = firstMondayOf(d).toMillis();
    return monday >= first && monday < first + d.weeks * WEEK_MS;
  });
  if (!def) {
    fail(
      'quarter-not-defined',
      `No quarter covers ${what}: the team file's \`quarters\` list must cover it (add a quarter that includes it, or remove \`quarters\` to use ISO quarters)`,
    );
  }
  return definedQuarter(def, settings);
}

/** The quarter holding `instant`: ISO quarters by default, the team's own when `settings.quarters` is set. */
export function quarterOf(instant: Date, settings: CalendarSettings): Quarter {
  const week = weekKeyOf(wallOf(instant, zoneOf(settings.timezone)));
  return quarterOfKey(week, settings, `${dayOf(instant, settings.timezone)} (week ${formatWeekId(week)})`);
}

export function quarterById(id: QuarterId, settings: CalendarSettings): Quarter {
  const defs = definitionsOf(settings);
  if (defs) {
    const def = defs.find((d) => d.id === id);
    if (!def) fail('quarter-not-defined', `Quarter "${id}" is not in the team file's \`quarters\` list`);
    return definedQuarter(def, settings);
  }
  const match = QUARTER_ID.exec(id);
  if (!match) fail('invalid-quarter', `"${id}" is not a quarter label: expected YYYY-Qn, e.g. 2026-Q4`);
  return isoQuarter(Number(match[1]), Number(match[2]), settings);
}

/** The quarter after `id`; with defined quarters, throws `quarter-not-defined` across a gap. */
export function nextQuarter(id: QuarterId, settings: CalendarSettings): Quarter {
  const last = quarterById(id, settings).weeks.at(-1)!;
  const week = shiftWeeks(parseWeekId(last.id), 1);
  return quarterOfKey(week, settings, `week ${formatWeekId(week)}, the week after ${id}`);
}

/** The quarter before `id`; with defined quarters, throws `quarter-not-defined` across a gap. */
export function previousQuarter(id: QuarterId, settings: CalendarSettings): Quarter {
  const first = quarterById(id, settings).weeks[0]!;
  const week = shiftWeeks(parseWeekId(first.id), -1);
  return quarterOfKey(week, settings, `week ${formatWeekId(week)}, the week before ${id}`);
}

/**
 * The quarter before `id`, or none: a team's first defined quarter, or one after a gap in its own
 * calendar, has no quarter before it.
 */
export function quarterBefore(id: QuarterId, settings: CalendarSettings): Quarter | undefined {
  try {
    return previousQuarter(id, settings);
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

/** 1-based position of a week in its quarter (7 = checkpoint, 13 = grading). */
export function weekNumberInQuarter(weekId: WeekId, quarter: Quarter): number {
  const index = quarter.weeks.findIndex((w) => w.id === weekId);
  if (index < 0) fail('week-not-in-quarter', `${weekId} is not a week of ${quarter.id}`);
  return index + 1;
}

/** `2027-01-01` → `Fri 1 Jan 2027`. */
export function formatDayLabel(day: IsoDate): string {
  const d = parseIsoDate(day);
  return `${WEEKDAY_NAMES[d.weekday - 1]?.slice(0, 3)} ${d.day} ${MONTH_NAMES[d.month - 1]} ${d.year}`;
}

/** The quarter's last day for people, e.g. `Fri 1 Jan 2027`. */
export function quarterLabel(quarter: Quarter): string {
  return formatDayLabel(quarter.lastDay);
}

/** One problem with a team's quarter list: where, what, and the other entry it concerns. */
export interface QuarterProblem {
  path: string;
  message: string;
  /** The entry it clashes with (`quarters[0]`), whose line is named too. */
  refers?: string;
}

/**
 * Problems with a team's own quarter list, for the config loader. Overlaps are errors (a week
 * would belong to two quarters); gaps are allowed, and an instant that falls in one is reported
 * as `quarter-not-defined` when it is used.
 */
export function validateQuarterDefinitions(
  defs: readonly QuarterDefinition[],
  timezone: string,
): QuarterProblem[] {
  if (!IANAZone.isValidZone(timezone)) {
    return [{ path: 'timezone', message: `"${timezone}" is not an IANA timezone` }];
  }
  const problems: QuarterProblem[] = [];
  const ids = new Map<string, number>();
  const ranges: { index: number; id: string; from: DateTime<true>; to: DateTime<true> }[] = [];
  defs.forEach((def, index) => {
    const at = `quarters[${index}]`;
    const seen = ids.get(def.id);
    if (def.id.trim() === '')
      problems.push({ path: `${at}.id`, message: 'expected a quarter label, e.g. FY27-Q1' });
    else if (seen !== undefined) {
      const other = `quarters[${seen}]`;
      problems.push({ path: `${at}.id`, message: `"${def.id}" is already used by ${other}`, refers: other });
    } else ids.set(def.id, index);
    const weeksOk = Number.isInteger(def.weeks) && def.weeks >= 1;
    if (!weeksOk)
      problems.push({ path: `${at}.weeks`, message: 'expected a whole number of weeks, at least 1' });
    const start = ISO_DATE.test(def.start) ? DateTime.fromISO(def.start, { zone: 'utc' }) : undefined;
    if (!start?.isValid) {
      problems.push({ path: `${at}.start`, message: `"${def.start}" is not a calendar date (YYYY-MM-DD)` });
    } else if (start.weekday !== 1) {
      problems.push({
        path: `${at}.start`,
        message: `${def.start} is a ${WEEKDAY_NAMES[start.weekday - 1]}; a quarter starts on a Monday`,
      });
    } else if (weeksOk) {
      ranges.push({ index, id: def.id, from: start, to: start.plus({ days: 7 * def.weeks }) });
    }
  });
  ranges.sort((a, b) => a.from.toMillis() - b.from.toMillis() || a.index - b.index);
  let latest: (typeof ranges)[number] | undefined;
  for (const range of ranges) {
    if (latest && range.from < latest.to) {
      const other = `quarters[${latest.index}]`;
      problems.push({
        path: `quarters[${range.index}]`,
        message: `${range.id} (from ${isoDateOf(range.from)}) overlaps ${other} ${latest.id} (until ${isoDateOf(latest.to.minus({ days: 1 }))})`,
        refers: other,
      });
    }
    if (!latest || range.to > latest.to) latest = range;
  }
  return problems;
}
