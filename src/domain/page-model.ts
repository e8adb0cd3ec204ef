/**
 * What commitline computes for one engineer's quarter: the page and weekly rows it owns, and the
 * comments it posts. Pure data, built by `buildQuarterPage` and written by the page store.
 */
import type {
  Engineer,
  Grade,
  IsoDate,
  Quarter,
  QuarterRecord,
  QuarterStatus,
  ShippedChange,
  WeekId,
  WeekStatus,
} from './types.js';

/**
 * What commitline recorded on the page about signatures: the fingerprint of the commitments as
 * it last read them, and the one each signature (by its comment) covers.
 */
export interface SigningRecord {
  lastRead?: string;
  signatures: Record<string, string>;
}

/** A comment commitline posts once; `key` says what it is about, so it is never posted twice. */
export interface Notice {
  key: string;
  text: string;
  /** Notion user ids to mention at the start of the comment. */
  mentions: string[];
  /** Posted as a reply in this discussion (and on this block, for an inline comment's). */
  replyTo?: { discussionId: string; blockId?: string };
}

export interface GradingRow {
  index: number;
  text: string;
  engineer?: Grade;
  manager?: Grade;
  final: Grade | 'disagree' | 'pending';
  /** Grades given before grading opened (the quarter's last two weeks): shown, never counted. */
  early?: { engineer?: Grade; manager?: Grade };
}

export interface WeekRow {
  week: WeekId;
  status: WeekStatus;
  shipped: readonly ShippedChange[];
  /** Monday and Sunday of the week where the engineer is (the row's Dates). */
  days: { first: IsoDate; last: IsoDate };
  /** The whole team is off: the reason, shown on the row. */
  offWeek?: string;
  /** The week closed before commitline went live: history, to be shown as such. */
  beforeCommitline?: boolean;
}

export type GuidanceKind = 'first-quarter' | 'new-to-manager' | 'senior' | 'standard';

/** Everything commitline owns on one engineer's quarter page and weekly rows. Pure data. */
export interface QuarterPage {
  engineer: Engineer;
  quarter: Quarter;
  /** "By end of 2026-Q4 (Fri 1 Jan 2027), I will:" */
  heading: string;
  properties: {
    status: QuarterStatus;
    weeksShipped: number;
    weeksMissed: number;
    missStreak: number;
    commitments: number;
    hit: number;
    partial: number;
    missed: number;
    flags: string[];
  };
  /**
   * "Before you sign": what the page's checks find in the commitments now (shown while the
   * engineer drafts), where the signatures stand, and the record that binds each to its text.
   */
  signing: { findings: string[]; status: string[]; record: SigningRecord };
  guidance: { kind: GuidanceKind; lines: string[] };
  /** The quarter's shipped production-visible changes, oldest first. */
  evidence: readonly ShippedChange[];
  /** The quarter's off weeks (the whole team off), each a line with its reason. */
  offWeeks: string[];
  /**
   * The engineer's previous quarter, when its page exists: where this one starts from, as its
   * page's properties say it (kept with the page, so a recompute from Linear reads it again from
   * the cache) and as one line for the page.
   */
  previousQuarter?: { record: QuarterRecord; line: string };
  checkpoint: { week: WeekId; lines: string[] };
  grading: GradingRow[];
  weeks: WeekRow[];
  notices: Notice[];
  /**
   * commitline is waiting for a person's comment on this page (a signature, the checkpoint,
   * grades) while it still speaks on it: the sweep looks there for comments no webhook brought.
   */
  awaitingComments: boolean;
}
