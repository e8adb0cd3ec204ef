/**
 * What the core needs from the outside world, in the core's own words. Adapters (src/linear,
 * src/notion) implement these; workers receive them as arguments. No SDK type crosses here.
 */
import type {
  Commitment,
  Engineer,
  Grade,
  PageComment,
  Quarter,
  QuarterStatus,
  ShippedChange,
  WeekId,
  WeekStatus,
} from './types.js';

export interface ShippedQuery {
  /** Linear user id of the assignee. */
  assigneeId: string;
  /** The production-visible label's name. */
  label: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Reads what Linear says now. */
export interface LinearReader {
  /** The assignee's completed, labelled issues with `completedAt` in [from, to), every page of them. */
  shippedChanges(query: ShippedQuery): Promise<ShippedChange[]>;
}

/** An edit to a commitment block, as Notion records it. */
export interface CommitmentEdit {
  index: number;
  lastEditedBy: string;
  lastEditedAt: Date;
}

/** What people wrote on a quarter page and its weekly rows, read back from Notion. */
export interface QuarterReadback {
  /** False when the page does not exist yet (nothing to read back). */
  exists: boolean;
  commitments: Commitment[];
  commitmentEdits: CommitmentEdit[];
  comments: PageComment[];
  /** Weeks whose Excused box a person ticked. */
  excusedWeeks: WeekId[];
}

/** A comment commitline posts once; `key` says what it is about, so it is never posted twice. */
export interface Notice {
  key: string;
  text: string;
  /** Notion user ids to mention at the start of the comment. */
  mentions: string[];
}

export interface GradingRow {
  index: number;
  text: string;
  engineer?: Grade;
  manager?: Grade;
  final: Grade | 'disagree' | 'pending';
}

export interface WeekRow {
  week: WeekId;
  status: WeekStatus;
  shipped: readonly ShippedChange[];
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
  guidance: { kind: GuidanceKind; lines: string[] };
  /** The quarter's shipped production-visible changes, oldest first. */
  evidence: readonly ShippedChange[];
  checkpoint: { week: WeekId; lines: string[] };
  grading: GradingRow[];
  weeks: WeekRow[];
  notices: Notice[];
}

export interface WriteReport {
  /** Notion requests that changed something. */
  writes: number;
  /** All Notion requests, reads included. */
  requests: number;
}

/** Writes a quarter page and its weekly rows to Notion; reads back what people own. */
export interface QuarterPageWriter {
  /** `fresh`: read what people wrote now, never a cached copy (a refresh after their edit). */
  read(engineer: Engineer, quarter: Quarter, options?: { fresh?: boolean }): Promise<QuarterReadback>;
  write(page: QuarterPage): Promise<WriteReport>;
}
