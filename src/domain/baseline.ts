/**
 * The weekly shipping baseline: one production-visible change per week, per engineer.
 * A week's status changes only when it closes, so the current week stays `open` even after a
 * ship; a closed week is hit, excused (ticked by a person, or a week the whole team is off) or
 * missed. Two misses in a row flag. A ship counts in the week of its completion where the
 * engineer is (their own timezone, else the team's).
 *
 * A week that closed before commitline went live for the team is history: listed with what
 * shipped and marked `beforeCommitline`, but counted in none of the counts and never part of a
 * streak. Nobody owed a change to a method that was not running yet.
 */
import { dayOf, isWeekClosed, quarterById, weekOf } from './calendar.js';
import { isBeforeCommitline } from './go-live.js';
import type {
  BaselineCounts,
  CalendarSettings,
  Engineer,
  EngineerBaseline,
  EngineerWeek,
  Quarter,
  ShippedChange,
  WeekId,
  WeekStatus,
} from './types.js';

/** Misses in a row that raise the flag. */
export const FLAG_STREAK = 2;

export interface BaselineInput {
  engineer: Engineer;
  quarter: Quarter;
  shipped: readonly ShippedChange[];
  excusedWeeks: readonly WeekId[];
  now: Date;
  settings: CalendarSettings;
  /** When commitline went live for the team; absent: every week counts. */
  goLive?: Date | undefined;
}

/** The calendar a ship is placed in: the team's, in the engineer's own zone when they have one. */
export function engineerCalendar(
  engineer: Pick<Engineer, 'timezone'>,
  settings: CalendarSettings,
): CalendarSettings {
  return engineer.timezone ? { ...settings, timezone: engineer.timezone } : settings;
}

/**
 * The quarter as the engineer lives it: the same weeks (ids), Monday to Monday and closing at the
 * team's close day and time in the engineer's own zone, and so the moments of its rhythm.
 */
export function engineerQuarter(engineer: Engineer, quarter: Quarter, settings: CalendarSettings): Quarter {
  const own = engineerCalendar(engineer, settings);
  return own.timezone === settings.timezone ? quarter : quarterById(quarter.id, own);
}

/** The reason a week is off for the whole team (the team file's `offWeeks`), if it is. */
export function offWeekReason(week: WeekId, settings: CalendarSettings): string | undefined {
  return settings.offWeeks?.find((off) => off.week === week)?.reason;
}

/** The most two zones' clocks differ (UTC−12 to UTC+14). */
const WIDEST_ZONE_GAP_MS = 26 * 3_600_000;

/**
 * When a quarter's ships may have been completed, for one engineer: the quarter, or, in their own
 * zone, the quarter widened by the widest gap between zones (each ship is then placed in its week).
 */
export function shipWindow(engineer: Engineer, quarter: Quarter): { from: Date; to: Date } {
  const margin = engineer.timezone ? WIDEST_ZONE_GAP_MS : 0;
  return {
    from: new Date(quarter.start.getTime() - margin),
    to: new Date(quarter.end.getTime() + margin),
  };
}

/** The engineer's ships that fall in one of the quarter's weeks, where the engineer is. */
export function shipsInQuarter(
  engineer: Engineer,
  quarter: Quarter,
  shipped: readonly ShippedChange[],
  settings: CalendarSettings,
): ShippedChange[] {
  const own = engineerCalendar(engineer, settings);
  const weeks = new Set(quarter.weeks.map((w) => w.id));
  return shipped.filter(
    (change) => change.assigneeId === engineer.linearUserId && weeks.has(weekOf(change.completedAt, own).id),
  );
}

export function engineerBaseline(input: BaselineInput): EngineerBaseline {
  const { engineer, quarter, now, settings } = input;
  // Excused by a person's tick on the row, or for the whole team in the team file.
  const excused = new Set([...input.excusedWeeks, ...(settings.offWeeks ?? []).map((w) => w.week)]);
  const own = engineerCalendar(engineer, settings);
  const byWeek = new Map<WeekId, ShippedChange[]>();
  for (const change of input.shipped) {
    if (change.assigneeId !== engineer.linearUserId) continue;
    const week = weekOf(change.completedAt, own).id;
    byWeek.set(week, [...(byWeek.get(week) ?? []), change]);
  }

  const weeks: EngineerWeek[] = [];
  // Each week begins, ends and closes where the engineer is.
  for (const week of engineerQuarter(engineer, quarter, settings).weeks) {
    // Weeks that have not begun are not listed; nor are weeks that ended before the start date.
    if (week.start > now) break;
    if (dayOf(new Date(week.end.getTime() - 1), own.timezone) < engineer.startDate) continue;
    const shipped = (byWeek.get(week.id) ?? []).sort(
      (a, b) => a.completedAt.getTime() - b.completedAt.getTime(),
    );
    const ticked = excused.has(week.id);
    let status: WeekStatus;
    if (!isWeekClosed(week, now)) status = 'open';
    else if (shipped.length > 0) status = 'hit';
    else if (ticked) status = 'excused';
    else status = 'missed';
    const history = isBeforeCommitline(week, input.goLive);
    const off = offWeekReason(week.id, settings);
    weeks.push({
      week: week.id,
      status,
      shipped,
      excused: ticked,
      days: {
        first: dayOf(week.start, own.timezone),
        last: dayOf(new Date(week.end.getTime() - 1), own.timezone),
      },
      ...(off !== undefined ? { offWeek: off } : {}),
      ...(history ? { beforeCommitline: true } : {}),
    });
  }

  const counts: BaselineCounts = { hit: 0, missed: 0, excused: 0, open: 0 };
  for (const week of weeks) if (!week.beforeCommitline) counts[week.status] += 1;
  const missStreak = streakOf(weeks);
  return { engineerId: engineer.id, weeks, counts, missStreak, flagged: missStreak >= FLAG_STREAK };
}

/**
 * The current run of weeks that may hold a streak: back from the latest week to the last hit or
 * the last week before commitline (excluded), oldest first. `anchor` is its first week: it stays
 * the same while the run goes on, whatever is excused in it later, so a streak is one
 * conversation; a hit ends the run and the next streak is a new one.
 */
export function currentRun(weeks: readonly EngineerWeek[]): { anchor?: string; missed: string[] } {
  const run: EngineerWeek[] = [];
  for (let i = weeks.length - 1; i >= 0; i--) {
    const week = weeks[i];
    if (!week || week.beforeCommitline || week.status === 'hit') break;
    run.unshift(week);
  }
  const closed = run.filter((w) => w.status !== 'open');
  return {
    ...(closed[0] ? { anchor: closed[0].week } : {}),
    missed: closed.filter((w) => w.status === 'missed').map((w) => w.week),
  };
}

/** Misses in a row, counting back from the latest closed week; excused and open weeks are skipped. */
function streakOf(weeks: readonly EngineerWeek[]): number {
  return currentRun(weeks).missed.length;
}

export function teamBaseline(input: {
  roster: readonly Engineer[];
  quarter: Quarter;
  shipped: readonly ShippedChange[];
  excused: ReadonlyMap<string, readonly WeekId[]>;
  now: Date;
  settings: CalendarSettings;
  goLive?: Date | undefined;
}): EngineerBaseline[] {
  return input.roster.map((engineer) =>
    engineerBaseline({
      engineer,
      quarter: input.quarter,
      shipped: input.shipped,
      excusedWeeks: input.excused.get(engineer.id) ?? [],
      now: input.now,
      settings: input.settings,
      goLive: input.goLive,
    }),
  );
}
