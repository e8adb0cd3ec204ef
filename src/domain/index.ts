/**
 * The method, as pure functions: what the rest of commitline may use of the core. Adapters and
 * workers import from here; the files behind it are the core's own business.
 */
export { type AffectedPage, affectedPages } from './affected.js';
export {
  backfillEngineerDecision,
  backfillQuarterDecision,
} from './backfill.js';
export { engineerBaseline, shipWindow } from './baseline.js';
export {
  CHECKPOINT_WEEK,
  dayOf,
  formatDayLabel,
  GRADING_WEEK,
  parseWeekId,
  quarterBefore,
  quarterById,
  quarterOf,
  validateQuarterDefinitions,
  weekById,
  weekNumberInQuarter,
  weekOf,
} from './calendar.js';
export { checkCommitments } from './checks.js';
export { parseCommitments } from './commitments.js';
export {
  type DigestGroup,
  type DigestLine,
  type DigestShip,
  type DigestStreak,
  digestStreaks,
  digestText,
  EXCUSED_IN_NOTION,
  lastClosedWeek,
  lineMark,
  lineSummary,
  type WeekDigest,
  weekDates,
  weekDigest,
} from './digest.js';
export { DomainError, type DomainErrorCode, isDomainError } from './errors.js';
export {
  goLiveAt,
  isBeforeCommitline,
  isBeforeGoLive,
  quarterMoments,
} from './go-live.js';
export { gridText, gridTitle, type TeamGrid, type TeamMember, teamGrid } from './grid.js';
export { NOTICE_GRACE_MS } from './notices.js';
export type * from './page-model.js';
export type * from './ports.js';
export { buildQuarterPage } from './quarter-page.js';
export type * from './types.js';
export { TIERS } from './types.js';
export {
  closesWeekForEveryone,
  engineersIn,
  isWeekClosedForEveryone,
  isWeekClosing,
  rosterZones,
  teamCloseOf,
  weekClosingUntil,
} from './week-close.js';
export { plural } from './words.js';
