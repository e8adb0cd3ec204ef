/**
 * When a week is closed for the whole team. Each engineer's week closes at the team's close day
 * and time in their own zone, so on a team spread over zones the week closes once per zone; it is
 * closed *for everyone* when the last of those closes has passed. What is written for everyone
 * (the team grid, a digest) is written then, once, by the step of the zone that closes last.
 */
import { engineerCalendar } from './baseline.js';
import { weekById, weekOf } from './calendar.js';
import type { CalendarSettings, Engineer, WeekId } from './types.js';

/** The zone an engineer lives the method in: their own, else the team's. */
function zoneOf(engineer: Pick<Engineer, 'timezone'>, settings: CalendarSettings): string {
  return engineerCalendar(engineer, settings).timezone;
}

/** The roster's distinct zones, sorted (the team's when the roster is empty). */
export function rosterZones(
  roster: readonly Pick<Engineer, 'timezone'>[],
  settings: CalendarSettings,
): string[] {
  const zones = new Set(roster.map((engineer) => zoneOf(engineer, settings)));
  return zones.size === 0 ? [settings.timezone] : [...zones].sort();
}

/** The engineers whose weeks close in `zone`. */
export function engineersIn(
  zone: string,
  roster: readonly Engineer[],
  settings: CalendarSettings,
): Engineer[] {
  return roster.filter((engineer) => zoneOf(engineer, settings) === zone);
}

/** When `week` closes in each zone of the roster, sorted by zone. */
function closesByZone(
  week: WeekId,
  roster: readonly Pick<Engineer, 'timezone'>[],
  settings: CalendarSettings,
): { zone: string; at: number }[] {
  return rosterZones(roster, settings).map((zone) => ({
    zone,
    at: weekById(week, { ...settings, timezone: zone }).closesAt.getTime(),
  }));
}

/** The instant `week` has closed for every engineer of the roster: the latest of their closes. */
export function teamCloseOf(
  week: WeekId,
  roster: readonly Pick<Engineer, 'timezone'>[],
  settings: CalendarSettings,
): Date {
  return new Date(Math.max(...closesByZone(week, roster, settings).map((c) => c.at)));
}

export function isWeekClosedForEveryone(
  week: WeekId,
  roster: readonly Pick<Engineer, 'timezone'>[],
  settings: CalendarSettings,
  now: Date,
): boolean {
  return now.getTime() >= teamCloseOf(week, roster, settings).getTime();
}

/**
 * Whether the close of `week` in `zone` is the one that closes it for everyone, so the step run
 * there acts for the team: true when the week has closed for everyone and `zone` closes last
 * (of zones closing at the same instant, the first by name, so exactly one step acts). A step
 * for no zone in particular (one run by hand) acts whenever the week has closed for everyone.
 */
export function closesWeekForEveryone(input: {
  zone?: string | undefined;
  week: WeekId;
  roster: readonly Engineer[];
  settings: CalendarSettings;
  now: Date;
}): boolean {
  const { zone, week, roster, settings, now } = input;
  const closes = closesByZone(week, roster, settings);
  const last = Math.max(...closes.map((c) => c.at));
  if (now.getTime() < last) return false;
  return zone === undefined || closes.find((c) => c.at === last)?.zone === zone;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * While `now` falls between the first and the last close of a week (closed for some engineers,
 * not yet for all): the instant of that last close. What is written for everyone waits for it.
 */
export function weekClosingUntil(
  now: Date,
  roster: readonly Engineer[],
  settings: CalendarSettings,
): Date | undefined {
  const candidates = new Set(
    [-WEEK_MS, 0, WEEK_MS].map((shift) => weekOf(new Date(now.getTime() + shift), settings).id),
  );
  for (const week of candidates) {
    const closes = closesByZone(week, roster, settings).map((c) => c.at);
    if (Math.min(...closes) <= now.getTime() && now.getTime() < Math.max(...closes)) {
      return new Date(Math.max(...closes));
    }
  }
  return undefined;
}

/** Whether `now` falls between the first and the last close of a week. */
export function isWeekClosing(now: Date, roster: readonly Engineer[], settings: CalendarSettings): boolean {
  return weekClosingUntil(now, roster, settings) !== undefined;
}
