/**
 * Go-live: the instant commitline began running the method for a team. Before it, nobody owed
 * commitline anything: those weeks are history (shown with what shipped, never counted, never
 * a streak, a flag or a comment), and a moment of the rhythm that passed before it is not
 * played late. Without a go-live (undefined) everything counts, as it always did.
 */
import { CHECKPOINT_WEEK, GRADING_WEEK, startOfDay } from './calendar.js';
import type { IsoDate, Quarter, Week } from './types.js';

/** A team goes live at the start of its go-live day, in the team timezone. */
export function goLiveAt(day: IsoDate, timezone: string): Date {
  return startOfDay(day, timezone);
}

/** True for an instant before go-live; a moment at go-live itself is commitline's. */
export function isBeforeGoLive(instant: Date, goLive: Date | undefined): boolean {
  return goLive !== undefined && instant.getTime() < goLive.getTime();
}

/** A week that closed before go-live is history: commitline never held it. */
export function isBeforeCommitline(week: Week, goLive: Date | undefined): boolean {
  return isBeforeGoLive(week.closesAt, goLive);
}

/** The moments of a quarter's rhythm, each the instant its step and its comment are for. */
export interface QuarterMoments {
  /** Week 1 begins: the pages are opened. */
  open: Date;
  /** Week 1 closes: a page not signed by both gets its reminder. */
  signingReminder: Date;
  /** Week 7 begins: the mid-quarter checkpoint. */
  checkpoint: Date;
  /** Week 13 begins: the graded review. */
  grading: Date;
}

export function quarterMoments(quarter: Quarter): QuarterMoments {
  // A short quarter of a team's own calendar holds its checkpoint and grading in its last week.
  // A quarter always has a week: the calendar refuses to build one without.
  const week = (n: number): Week => quarter.weeks[Math.min(n, quarter.weeks.length) - 1]!;
  return {
    open: week(1).start,
    signingReminder: week(1).closesAt,
    checkpoint: week(CHECKPOINT_WEEK).start,
    grading: week(GRADING_WEEK).start,
  };
}
