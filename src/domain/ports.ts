/**
 * What the core and the workers need from the outside world, in the core's own words: every port
 * is declared here. Adapters (src/linear, src/notion, src/queue) implement them; workers receive
 * them as arguments. No SDK type crosses here.
 */

import type { TeamGrid, TeamMember } from './grid.js';
import type { QuarterPage, SigningRecord } from './page-model.js';
import type {
  Commitment,
  Engineer,
  PageComment,
  Quarter,
  QuarterId,
  QuarterRecord,
  ShippedChange,
  WeekId,
} from './types.js';

/** The time now: the core never reads the clock itself. */
export type Clock = () => Date;

/** The team's engineers, by roster key, with identities resolved. */
export type Roster = ReadonlyMap<string, Engineer>;

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

/** Resolves roster emails to each workspace's user ids. */
export interface IdentityDirectory {
  linearIdsByEmail(emails: readonly string[]): Promise<Map<string, string>>;
  notionIdsByEmail(emails: readonly string[]): Promise<Map<string, string>>;
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
  /** commitline's own record of signatures, read back from its block (absent: none yet). */
  signing?: SigningRecord;
  /** What the engineer's previous quarter page says (absent: no such page, or not asked). */
  previousQuarter?: QuarterRecord;
}

/**
 * One read of a quarter page, as the store took it: what people wrote, for the core, and
 * whatever the store needs to write the difference later (its own business).
 */
export interface QuarterPageRead {
  readonly readback: QuarterReadback;
  /** The page, when it exists: the digest links to it. */
  readonly page?: { readonly id: string } | undefined;
}

export interface WriteReport {
  /** Notion requests that changed something. */
  writes: number;
  /** All Notion requests, reads included. */
  requests: number;
}

/** Where quarter pages live (Notion): read once, then write only the difference from that read. */
export interface QuarterPageStore {
  /** `fresh`: read what people wrote now, never a cached copy (a refresh after their edit). */
  read(
    engineer: Engineer,
    quarter: Quarter,
    options?: {
      fresh?: boolean;
      /** Also read what this quarter's page says (the engineer's previous quarter): one query more. */
      previousQuarterId?: QuarterId;
    },
  ): Promise<QuarterPageRead>;
  /**
   * Writes `page` against `read` (taken by this store for this page; read again when absent).
   * `lockLost`: once aborted, nothing more is sent; the write fails with the signal's reason.
   */
  write(
    page: QuarterPage,
    read?: QuarterPageRead,
    options?: { lockLost?: AbortSignal },
  ): Promise<WriteReport>;
}

/** Writes the team's weekly grid for a quarter ("Team baseline 2026-Q4"). */
export interface TeamGridStore {
  write(grid: TeamGrid): Promise<{ writes: number }>;
}

/** Rewrites the team's grid for a quarter from what Linear and Notion say now. */
export interface TeamGridWriter {
  /** Writes the quarter's grid; what it read of the team, for whoever acts on it next (the digest). */
  writeGrid(quarter: Quarter): Promise<readonly TeamMember[]>;
}

/**
 * Tells the team's chat about a week (the Friday digest): one message per week, posted once and
 * updated when the week changes later. Called where the team grid is written.
 */
export interface DigestPublisher {
  /** `week` has just closed for everyone: posted, or updated if it was posted already. */
  weekClosed(week: WeekId): Promise<void>;
  /** A past week of the quarter changed (a late ship, an Excused tick): its posted digests follow. */
  /** `team`: the quarter as the grid's writer just read it; read again when absent. */
  quarterChanged(quarter: Quarter, team?: readonly TeamMember[]): Promise<void>;
}

/** Quarter pages people edited since the last sweep, for changes no webhook announced. */
export interface NotionSweep {
  changedPages(): Promise<PageRef[]>;
  invalidate(engineerId: string, quarterId: string): Promise<void>;
}

/** One engineer's quarter page, by its owners. */
export interface PageRef {
  engineerId: string;
  quarterId: QuarterId;
}

/** Which (engineer, quarter) a Notion page belongs to: a quarter page or a weekly row. */
export interface PageOwnerLookup {
  ownerOf(pageId: string): Promise<PageRef | undefined>;
  /** Forgets what was read back from that quarter page, so the next recompute reads it again. */
  invalidate(engineerId: string, quarterId: string): Promise<void>;
}
