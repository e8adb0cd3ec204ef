/**
 * Everything commitline owns on one engineer's quarter page, computed from what Linear and
 * Notion say now. Pure: the same inputs always give the same page, whatever triggered it.
 */
import { engineerBaseline } from './baseline.js';
import { CHECKPOINT_WEEK, dayOf, formatDayLabel, quarterLabel, weekOf } from './calendar.js';
import { checkCommitments } from './checks.js';
import { reconcileGrades } from './grading.js';
import { guidanceFor } from './guidance.js';
import { NOTICE_GRACE_MS, noticesFor } from './notices.js';
import type { QuarterPage } from './page-model.js';
import type { QuarterReadback } from './ports.js';
import { repliesFor } from './replies.js';
import { signaturesOf } from './signing.js';
import { checkpointHeld, quarterStatus } from './status.js';
import { tenureAt } from './tenure.js';
import type { CalendarSettings, Engineer, Quarter, ShippedChange, Week } from './types.js';

export interface QuarterPageInput {
  engineer: Engineer;
  quarter: Quarter;
  settings: CalendarSettings;
  now: Date;
  /** The engineer's shipped production-visible changes in the quarter, as Linear says now. */
  shipped: readonly ShippedChange[];
  /** What people wrote on the page. */
  readback: QuarterReadback;
  /**
   * When commitline went live for the team (see go-live.ts): weeks that closed before it are
   * history, and moments that passed before it are not played. Absent: everything counts.
   */
  goLive?: Date;
  /**
   * Names of the roster's senior and lead engineers: a first quarter's "paired with <name>"
   * counts only for one of them. Absent: a name is given the benefit of the doubt.
   */
  seniors?: readonly string[];
}

/** Flags shown on the quarter page, in the managers' words. */
export const FLAG = {
  missStreak: 'Two misses in a row',
  tooMany: 'More than 5 commitments',
  gradesDiffer: 'Grades differ',
  editedAfterSigning: 'Edited after signing',
} as const;

export function buildQuarterPage(input: QuarterPageInput): QuarterPage {
  const { engineer, quarter, settings, now, readback } = input;
  const people = { engineerNotionId: engineer.notionUserId, managerNotionId: engineer.manager.notionUserId };
  const shipped = input.shipped
    .filter((change) => change.assigneeId === engineer.linearUserId)
    .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  const baseline = engineerBaseline({
    engineer,
    quarter,
    shipped,
    excusedWeeks: readback.excusedWeeks,
    now,
    settings,
    goLive: input.goLive,
  });
  const commitments = readback.commitments;
  const signatures = signaturesOf({ comments: readback.comments, ...people, timezone: settings.timezone });
  const grading = reconcileGrades({
    commitments,
    quarter,
    timezone: settings.timezone,
    comments: readback.comments,
    ...people,
    engineerName: engineer.name,
    managerName: engineer.manager.name,
  });
  const graded = {
    engineer: grading.rows.length > 0 && grading.rows.every((row) => row.engineer !== undefined),
    manager: grading.rows.length > 0 && grading.rows.every((row) => row.manager !== undefined),
  };
  const held = checkpointHeld(readback.comments, engineer.manager.notionUserId);
  const status = quarterStatus({
    engineerSigned: signatures.engineer !== undefined,
    managerSigned: signatures.manager !== undefined,
    checkpointHeld: held,
    engineerGraded: graded.engineer,
    managerGraded: graded.manager,
  });
  const tenure = tenureAt(engineer.startDate, quarter, settings);
  const commitmentFindings =
    commitments.length > 0
      ? checkCommitments({
          commitments,
          tier: engineer.tier,
          startDate: engineer.startDate,
          quarter,
          timezone: settings.timezone,
          ...(input.seniors
            ? { roster: input.seniors.map((name) => ({ name, tier: 'senior' as const })) }
            : {}),
        })
      : [];
  const notices = noticesFor({
    engineer,
    quarter,
    now,
    baseline,
    commitmentCount: commitments.length,
    commitmentFindings,
    gradingFindings: grading.findings,
    commitmentEdits: readback.commitmentEdits,
    signatures,
    weeksAfter: weeksAfter(quarter, settings),
    goLive: input.goLive,
    checkpointHeld: held,
    graded,
  });
  // Unreadable signatures and grades are answered in their own discussions, while commitline
  // still speaks on the page (a backfill of an old quarter answers nothing).
  if (now.getTime() < quarter.end.getTime() + NOTICE_GRACE_MS) {
    notices.push(
      ...repliesFor({
        ...people,
        comments: readback.comments,
        commitmentCount: commitments.length,
        timezone: settings.timezone,
        ...(input.goLive ? { goLive: input.goLive } : {}),
      }),
    );
  }

  const finals = grading.rows.map((row) => row.final);
  const flags: string[] = [];
  if (baseline.flagged) flags.push(FLAG.missStreak);
  if (commitments.length > 5) flags.push(FLAG.tooMany);
  if (finals.includes('disagree')) flags.push(FLAG.gradesDiffer);
  if (notices.some((n) => n.key.startsWith('edited-after-signing:'))) flags.push(FLAG.editedAfterSigning);

  const checkpointWeek = quarter.weeks[CHECKPOINT_WEEK - 1] ?? quarter.weeks.at(-1);
  return {
    engineer,
    quarter,
    heading: `By end of ${quarter.id} (${quarterLabel(quarter)}), I will:`,
    properties: {
      status,
      weeksShipped: baseline.counts.hit,
      weeksMissed: baseline.counts.missed,
      missStreak: baseline.missStreak,
      commitments: commitments.length,
      hit: finals.filter((f) => f === 'hit').length,
      partial: finals.filter((f) => f === 'partial').length,
      missed: finals.filter((f) => f === 'missed').length,
      flags,
    },
    guidance: guidanceFor(engineer.tier, tenure),
    evidence: shipped,
    checkpoint: {
      week: checkpointWeek?.id ?? quarter.id,
      lines: [
        `Week ${CHECKPOINT_WEEK}: a 30-minute checkpoint, the moment to re-scope. Edit the commitments if something changed, and both sign again.`,
        held
          ? 'Checkpoint held.'
          : `Manager: once you have held it${checkpointWeek ? ` (week of ${formatDayLabel(dayOf(checkpointWeek.start, settings.timezone))})` : ''}, comment “Checkpoint held” on this page.`,
      ],
    },
    grading: grading.rows,
    weeks: baseline.weeks.map((w) => ({
      week: w.week,
      status: w.status,
      shipped: w.shipped,
      ...(w.beforeCommitline ? { beforeCommitline: true } : {}),
    })),
    notices,
  };
}

/** The two weeks after a quarter's last, in the team calendar (their closes follow DST). */
function weeksAfter(quarter: Quarter, settings: CalendarSettings): Week[] {
  const last = quarter.weeks.at(-1);
  if (!last) return [];
  // Midweek of each following week: never on a boundary, whatever the clocks do.
  return [1, 2].map((n) => weekOf(new Date(last.start.getTime() + (n * 7 + 3) * 86_400_000), settings));
}
