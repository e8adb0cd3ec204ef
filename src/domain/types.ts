/**
 * The vocabulary of commitline's method, named once.
 *
 * - **week**: Monday 00:00 to the next Monday 00:00, labelled by its ISO week-year and number,
 *   e.g. `2026-W48`. For an engineer it runs in their own zone (the team's by default) and
 *   *closes* on the team's close day and time there (default Friday 18:00); before that it is
 *   `open`. The week is closed *for everyone* once the last engineer's has.
 * - **off week**: a week the whole team is off (the team file's `offWeeks`): excused for all.
 * - **quarter**: 13 consecutive weeks (14 for Q4 of a 53-week ISO year), labelled `2026-Q4`.
 *   Its *last day*, for people, is the close day of its last week.
 * - **shipped change**: a Linear issue carrying the production-visible label that reached a
 *   workflow state of type `completed`; it counts for its assignee in the week of `completedAt`.
 * - **baseline**: one production-visible change per engineer per week. A closed week is `hit`
 *   or `missed`; a human may mark it `excused`.
 * - **miss streak**: consecutive missed closed weeks up to now; an excused week neither breaks
 *   nor extends it. Two in a row raise a **flag** (a prompt for a conversation, not a verdict).
 * - **commitment**: one of the 3 to 5 written items on an engineer's quarter page.
 * - **grade**: `hit`, `missed` or `partial`, given per commitment by engineer and manager.
 *
 * Everything here is plain data: no SDK types, no I/O. Instants are `Date`; calendar days are
 * `YYYY-MM-DD` strings in the team timezone.
 */

export type Tier = 'junior' | 'mid' | 'senior' | 'lead';
export const TIERS: readonly Tier[] = ['junior', 'mid', 'senior', 'lead'];

/** `2026-W48` */
export type WeekId = string;
/** `2026-Q4` */
export type QuarterId = string;
/** `2026-11-25`, a calendar day in the team timezone. */
export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeekClose {
  day: IsoWeekday;
  /** `HH:mm`, team timezone. */
  time: string;
}

/** A quarter given explicitly by a team with its own fiscal calendar. */
export interface QuarterDefinition {
  id: QuarterId;
  /** The Monday the quarter's first week starts. */
  start: IsoDate;
  weeks: number;
}

export interface CalendarSettings {
  /** IANA timezone, e.g. `Europe/Berlin`. */
  timezone: string;
  weekClose: WeekClose;
  /** When absent, quarters follow ISO weeks (Q1 = W1–13 … Q4 = W40–52/53). */
  quarters?: readonly QuarterDefinition[];
  /** Weeks the whole team is off: excused for everyone, never a miss. */
  offWeeks?: readonly { week: WeekId; reason: string }[];
}

export interface Week {
  id: WeekId;
  /** Monday 00:00, team timezone. */
  start: Date;
  /** The next Monday 00:00, team timezone (exclusive). */
  end: Date;
  /** When the week's baseline closes (close day and time, team timezone). */
  closesAt: Date;
}

export interface Quarter {
  id: QuarterId;
  weeks: readonly Week[];
  start: Date;
  /** Exclusive. */
  end: Date;
  /** The close day of the last week, e.g. `2025-06-27` for 2025-Q2 with a Friday close. */
  lastDay: IsoDate;
}

/** An engineer of the roster, with identities already resolved to ids. */
export interface Engineer {
  /** The roster key, stable across quarters. */
  id: string;
  name: string;
  tier: Tier;
  startDate: IsoDate;
  linearUserId: string;
  notionUserId: string;
  manager: Manager;
  /** The engineer's own IANA zone; absent: the team's. A ship counts in its week there. */
  timezone?: string | undefined;
}

export interface Manager {
  id: string;
  name: string;
  notionUserId: string;
}

export interface ShippedChange {
  issueId: string;
  identifier: string;
  title: string;
  url: string;
  /** Linear user id of the assignee. */
  assigneeId: string;
  completedAt: Date;
}

export type WeekStatus = 'hit' | 'missed' | 'excused' | 'open';

export interface EngineerWeek {
  week: WeekId;
  status: WeekStatus;
  shipped: readonly ShippedChange[];
  /** A person ticked Excused for this week, or the whole team is off. */
  excused: boolean;
  /** Monday and Sunday of the week, where the engineer is. */
  days: { first: IsoDate; last: IsoDate };
  /** The whole team is off this week (the team file's `offWeeks`): its reason. */
  offWeek?: string;
  /** The week closed before commitline went live: history, counted nowhere. */
  beforeCommitline?: boolean;
}

export interface BaselineCounts {
  hit: number;
  missed: number;
  excused: number;
  open: number;
}

export interface EngineerBaseline {
  engineerId: string;
  weeks: readonly EngineerWeek[];
  counts: BaselineCounts;
  missStreak: number;
  /** Two or more misses in a row. */
  flagged: boolean;
}

export type Grade = 'hit' | 'missed' | 'partial';

export interface Commitment {
  /** 1-based position on the page. */
  index: number;
  text: string;
  ambitious: boolean;
  /** The name after "paired with", when present. */
  pairedWith?: string;
}

/** A comment on a quarter page, as the domain sees it. */
export interface PageComment {
  id: string;
  authorId: string;
  createdAt: Date;
  text: string;
  /** The discussion the comment belongs to: a reply to it goes there. */
  discussionId?: string;
  /** The block it was written on (an inline comment); absent for a comment on the page itself. */
  blockId?: string;
}

/** What the grading finds in the grades given. */
export type GradingFindingCode = 'grade-early';

export type QuarterStatus = 'draft' | 'signed' | 'checked' | 'graded';

/** What the checks find in a page's commitments. */
export type FindingCode =
  | 'too-few'
  | 'too-many'
  | 'not-observable'
  | 'ambition'
  | 'first-quarter-size'
  | 'first-quarter-pairing'
  | 'first-three';

/** Something a person should hear about, in plain words. `code` is stable; `message` is for people. */
export interface Finding<Code extends string = FindingCode | GradingFindingCode> {
  code: Code;
  message: string;
  /** 1-based commitment index, when the finding is about one item. */
  item?: number;
}

/** A quarter's record as its page's properties keep it: weeks shipped and missed, grades agreed. */
export interface QuarterRecord {
  quarterId: QuarterId;
  weeksShipped: number;
  weeksMissed: number;
  /** Commitments whose two grades agree, by grade. */
  hit: number;
  partial: number;
  missed: number;
}
