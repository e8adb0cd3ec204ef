/**
 * The weekly shipping baseline: one production-visible change per week, per engineer.
 * A week's status changes only when it closes, so the current week stays `open` even after a
 * ship; a closed week is hit, excused (ticked by a person) or missed. Two misses in a row flag.
 *
 * A week that closed before commitline went live for the team is history: listed with what
 * shipped and marked `beforeCommitline`, but counted in none of the counts and never part of a
 * streak. Nobody owed a change to a method that was not running yet.
 */
import { dayOf, isWeekClosed, weekOf } from './calendar.js';
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

export function engineerBaseline(input: BaselineInput): EngineerBaseline {
  const { engineer, quarter, now, settings } = input;
  const excused = new Set(input.excusedWeeks);
  const byWeek = new Map<WeekId, ShippedChange[]>();
  for (const change of input.shipped) {
    if (change.assigneeId !== engineer.linearUserId) continue;
    const week = weekOf(change.completedAt, settings).id;
    byWeek.set(week, [...(byWeek.get(week) ?? []), change]);
  }

  const weeks: EngineerWeek[] = [];
  for (const week of quarter.weeks) {
    // Weeks that have not begun are not listed; nor are weeks that ended before the start date.
    if (week.start > now) break;
    if (dayOf(new Date(week.end.getTime() - 1), settings.timezone) < engineer.startDate) continue;
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
    weeks.push({
      week: week.id,
      status,
      shipped,
      excused: ticked,
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
