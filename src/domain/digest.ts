/**
 * The Friday digest: one week of the team's baseline as the manager scans it, in the team's chat.
 * Each engineer's line says what the week was (shipped, with the issues; missed; excused, and
 * why; still open where the engineer is), a two-miss streak is a question for the 1:1 in the
 * words the quarter page's comment uses, and the lines are grouped by manager when the team has
 * several. Pure data; the Slack adapter renders it as blocks, the CLI as text.
 */
import { currentRun, FLAG_STREAK } from './baseline.js';
import { dayOf, formatDayLabel, weekOf } from './calendar.js';
import { BEFORE_COMMITLINE_MARK, STATUS_MARK } from './grid.js';
import { missStreakText, STREAK_QUESTION } from './notices.js';
import type {
  CalendarSettings,
  Engineer,
  EngineerBaseline,
  Quarter,
  ShippedChange,
  Week,
  WeekId,
  WeekStatus,
} from './types.js';
import { isWeekClosedForEveryone } from './week-close.js';

export interface DigestShip {
  identifier: string;
  title: string;
  url: string;
}

/** A two-miss streak as of the digest's week: its first week names it, as on the page. */
export interface DigestStreak {
  /** `<engineer>:<first week of the run>`: one conversation however long the streak lasts. */
  key: string;
  /** The misses in a row, oldest first. */
  missed: WeekId[];
  /** What the digest line asks. */
  question: string;
  /** What the manager is told directly: the quarter page comment's words. */
  message: string;
}

export interface DigestLine {
  engineerId: string;
  name: string;
  status: WeekStatus;
  /** The week closed before commitline went live for the team: history, counted nowhere. */
  beforeCommitline: boolean;
  shipped: DigestShip[];
  /** Why the week is excused: the team's off week's reason, or a person's tick in Notion. */
  excusedBecause?: string;
  streak?: DigestStreak;
  /** The engineer's quarter page, when it exists. */
  pageUrl?: string;
}

export interface DigestGroup {
  manager: { id: string; name: string };
  lines: DigestLine[];
}

export interface WeekDigest {
  weekId: WeekId;
  quarterId: string;
  /** `23–29 Nov 2026`: Monday to Sunday in the team's zone. */
  dates: string;
  /** The whole team's week is off (`offWeeks`), with its reason. */
  offWeek?: string;
  /** By manager, in the order of their names; one group when the team has one manager. */
  groups: DigestGroup[];
  counts: Record<WeekStatus, number>;
  /** The team grid of the week's quarter in Notion. */
  gridUrl?: string;
}

export interface DigestInput {
  week: Week;
  quarter: Quarter;
  settings: CalendarSettings;
  /** Each engineer with their baseline for the quarter as of now, in roster order. */
  team: readonly { engineer: Engineer; baseline: EngineerBaseline; pageUrl?: string | undefined }[];
  gridUrl?: string | undefined;
}

/** The tick on a weekly row says that the week is excused, not why. */
export const EXCUSED_IN_NOTION = 'ticked in Notion';

/**
 * The latest week of the team's calendar that has closed at `now` for every engineer of `roster`
 * (each closes in their own zone; the team's zone when the roster is empty).
 */
export function lastClosedWeek(
  now: Date,
  settings: CalendarSettings,
  roster: readonly Engineer[] = [],
): Week {
  const current = weekOf(now, settings);
  // With no roster, the team's own zone: the close of its calendar.
  return isWeekClosedForEveryone(current.id, roster, settings, now)
    ? current
    : weekOf(new Date(current.start.getTime() - 1), settings);
}

/** `23–29 Nov 2026`, `30 Nov – 6 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`. */
export function weekDates(week: Week, timezone: string): string {
  const [, d1, m1, y1] = formatDayLabel(dayOf(week.start, timezone)).split(' ');
  const [, d2, m2, y2] = formatDayLabel(dayOf(new Date(week.end.getTime() - 1), timezone)).split(' ');
  if (y1 !== y2) return `${d1} ${m1} ${y1} – ${d2} ${m2} ${y2}`;
  if (m1 !== m2) return `${d1} ${m1} – ${d2} ${m2} ${y2}`;
  return `${d1}–${d2} ${m2} ${y2}`;
}

function shipOf(change: ShippedChange): DigestShip {
  return { identifier: change.identifier, title: change.title, url: change.url };
}

function streakOf(engineer: Engineer, baseline: EngineerBaseline, weekId: WeekId): DigestStreak | undefined {
  // The streak as it stood at the digest's week: a later week does not change an earlier digest.
  const index = baseline.weeks.findIndex((w) => w.week === weekId);
  const run = currentRun(baseline.weeks.slice(0, index + 1));
  if (!run.anchor || run.missed.length < FLAG_STREAK) return undefined;
  const weeks = run.missed.map((id) => id.slice(5)).join(', ');
  return {
    key: `${engineer.id}:${run.anchor}`,
    missed: run.missed,
    question: `${run.missed.length} weeks missed in a row (${weeks}). ${STREAK_QUESTION}`,
    // The page comment's words, with the run as it stands: told later (a backfill), it counts true.
    message: missStreakText(engineer.name, run.missed),
  };
}

/** The week's digest; engineers without a row that week (not started yet) are left out. */
export function weekDigest(input: DigestInput): WeekDigest {
  const { week, quarter, settings } = input;
  const off = settings.offWeeks?.find((w) => w.week === week.id);
  const counts: Record<WeekStatus, number> = { hit: 0, missed: 0, excused: 0, open: 0 };
  const groups = new Map<string, DigestGroup>();
  for (const { engineer, baseline, pageUrl } of input.team) {
    const row = baseline.weeks.find((w) => w.week === week.id);
    if (!row) continue;
    const line: DigestLine = {
      engineerId: engineer.id,
      name: engineer.name,
      status: row.status,
      beforeCommitline: row.beforeCommitline === true,
      shipped: row.shipped.map(shipOf),
      ...(row.status === 'excused' ? { excusedBecause: off?.reason ?? EXCUSED_IN_NOTION } : {}),
      ...(pageUrl ? { pageUrl } : {}),
    };
    const streak = row.beforeCommitline ? undefined : streakOf(engineer, baseline, week.id);
    if (streak) line.streak = streak;
    if (!line.beforeCommitline) counts[row.status] += 1;
    const manager = engineer.manager;
    const group = groups.get(manager.id) ?? { manager: { id: manager.id, name: manager.name }, lines: [] };
    group.lines.push(line);
    groups.set(manager.id, group);
  }
  return {
    weekId: week.id,
    quarterId: quarter.id,
    dates: weekDates(week, settings.timezone),
    ...(off ? { offWeek: off.reason } : {}),
    groups: [...groups.values()].sort((a, b) => a.manager.name.localeCompare(b.manager.name)),
    counts,
    ...(input.gridUrl ? { gridUrl: input.gridUrl } : {}),
  };
}

/** The streaks the digest raises, each with the manager to tell. */
export function digestStreaks(
  digest: WeekDigest,
): { managerId: string; line: DigestLine; streak: DigestStreak }[] {
  return digest.groups.flatMap((group) =>
    group.lines.flatMap((line) =>
      line.streak ? [{ managerId: group.manager.id, line, streak: line.streak }] : [],
    ),
  );
}

/** What one line says after the name, in plain words (the CLI, a notification's text). */
export function lineSummary(line: DigestLine): string {
  if (line.beforeCommitline) return 'before commitline went live';
  if (line.status === 'hit') return line.shipped.map((s) => `${s.identifier} ${s.title}`).join('; ');
  if (line.status === 'excused') return `excused: ${line.excusedBecause ?? EXCUSED_IN_NOTION}`;
  if (line.status === 'open') {
    return line.shipped.length > 0
      ? `week still open where they are; so far ${line.shipped.map((s) => s.identifier).join(', ')}`
      : 'week still open where they are';
  }
  return 'no production-visible change';
}

/** The line's mark, as its week's cell in the team grid. */
export function lineMark(line: DigestLine): string {
  return line.beforeCommitline ? BEFORE_COMMITLINE_MARK : STATUS_MARK[line.status];
}

/** The digest as text, for `commitline digest --dry-run` and the demo. */
export function digestText(digest: WeekDigest): string {
  const lines = [`Week ${digest.weekId} · ${digest.dates} (${digest.quarterId})`];
  if (digest.offWeek) lines.push(`The team is off this week: ${digest.offWeek}.`);
  const c = digest.counts;
  lines.push(
    `${c.hit} shipped · ${c.missed} missed · ${c.excused} excused${c.open ? ` · ${c.open} open` : ''}`,
  );
  const grouped = digest.groups.length > 1;
  for (const group of digest.groups) {
    lines.push('');
    if (grouped) lines.push(`${group.manager.name}’s team`);
    for (const line of group.lines) {
      lines.push(`${lineMark(line)} ${line.name}: ${lineSummary(line)}`);
      if (line.status === 'hit') for (const s of line.shipped) lines.push(`    ${s.url}`);
      if (line.streak) lines.push(`    ❓ ${line.streak.question}`);
      if (line.pageUrl) lines.push(`    page: ${line.pageUrl}`);
    }
  }
  if (digest.gridUrl) lines.push('', `Team grid: ${digest.gridUrl}`);
  return lines.join('\n');
}
