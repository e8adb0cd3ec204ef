/**
 * Everything commitline owns on one engineer's quarter page, computed from what Linear and
 * Notion say now. Pure: the same inputs always give the same page, whatever triggered it.
 */
import { engineerBaseline, engineerCalendar, engineerQuarter, shipsInQuarter } from './baseline.js';
import { CHECKPOINT_WEEK, dayOf, formatDayLabel, quarterLabel, weekOf } from './calendar.js';
import { checkCommitments, MAX_COMMITMENTS, MIN_COMMITMENTS } from './checks.js';
import { quarterMoments } from './go-live.js';
import { gradingOpensAt, reconcileGrades } from './grading.js';
import { guidanceFor } from './guidance.js';
import { NOTICE_GRACE_MS, noticesFor } from './notices.js';
import type { QuarterPage } from './page-model.js';
import type { QuarterReadback } from './ports.js';
import { previousQuarterLine } from './previous-quarter.js';
import { repliesFor } from './replies.js';
import { type BoundSignature, type SignOff, signOff } from './sign-off.js';
import { readSignature, signaturesOf } from './signing.js';
import { checkpointHeld, quarterStatus } from './status.js';
import { tenureAt } from './tenure.js';
import type { CalendarSettings, Engineer, FindingCode, Quarter, ShippedChange, Week } from './types.js';

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
  goLive?: Date | undefined;
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
  tooFew: 'Fewer than 3 commitments',
  notCheckable: 'Not yet checkable',
  ambition: 'Ambition',
  firstQuarter: 'First quarter',
  firstThree: 'Only the first 3?',
  gradesDiffer: 'Grades differ',
  changedSinceSigning: 'Changed since signing',
  editedByOther: 'Edited by someone else',
} as const;

/** The flag a finding raises: the Flags property always carries what the page says. */
const FINDING_FLAG: Readonly<Record<FindingCode, string>> = {
  'too-few': FLAG.tooFew,
  'too-many': FLAG.tooMany,
  'not-observable': FLAG.notCheckable,
  ambition: FLAG.ambition,
  'first-quarter-size': FLAG.firstQuarter,
  'first-quarter-pairing': FLAG.firstQuarter,
  'first-three': FLAG.firstThree,
};

export function buildQuarterPage(input: QuarterPageInput): QuarterPage {
  const { engineer, quarter, settings, now, readback } = input;
  // The quarter as the engineer lives it: its weeks begin and close in their own zone, and so do
  // the moments of its rhythm (week 1's close, week 7, week 13).
  const own = engineerCalendar(engineer, settings);
  const ownQuarter = engineerQuarter(engineer, quarter, settings);
  const people = { engineerNotionId: engineer.notionUserId, managerNotionId: engineer.manager.notionUserId };
  const shipped = shipsInQuarter(engineer, quarter, input.shipped, settings).sort(
    (a, b) => a.completedAt.getTime() - b.completedAt.getTime(),
  );
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
  const signoff = signOff({
    commitments,
    signatures,
    record: readback.signing ?? { signatures: {} },
    commitmentEdits: readback.commitmentEdits,
    engineerNotionId: engineer.notionUserId,
  });
  // A signature counts while it covers the text as it stands, and only on 3 to 5 commitments.
  const signable = commitments.length >= MIN_COMMITMENTS && commitments.length <= MAX_COMMITMENTS;
  const status = quarterStatus({
    engineerSigned: signable && signoff.engineer?.current === true,
    managerSigned: signable && signoff.manager?.current === true,
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
    quarter: ownQuarter,
    now,
    baseline,
    commitmentCount: commitments.length,
    commitmentFindings,
    gradingFindings: grading.findings,
    signoff,
    weeksAfter: weeksAfter(ownQuarter, own),
    goLive: input.goLive,
    checkpointHeld: held,
    graded,
    offWeeks: new Set((settings.offWeeks ?? []).map((off) => off.week)),
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
        gradingOpens: gradingOpensAt(quarter),
        ...(input.goLive ? { goLive: input.goLive } : {}),
      }),
    );
  }

  const finals = grading.rows.map((row) => row.final);
  const raised = new Set<string>();
  if (baseline.flagged) raised.add(FLAG.missStreak);
  for (const finding of commitmentFindings) raised.add(FINDING_FLAG[finding.code]);
  if (finals.includes('disagree')) raised.add(FLAG.gradesDiffer);
  if (signoff.changedSinceSigning) raised.add(FLAG.changedSinceSigning);
  if (signoff.editedByOther) raised.add(FLAG.editedByOther);
  const flags = [...raised];

  const checkpointWeek = ownQuarter.weeks[CHECKPOINT_WEEK - 1] ?? ownQuarter.weeks.at(-1);
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
    signing: {
      findings:
        commitments.length === 0
          ? [`Write ${MIN_COMMITMENTS} to ${MAX_COMMITMENTS} commitments above, one per line.`]
          : commitmentFindings.map((f) => (f.item ? `${f.item}. ${f.message}` : f.message)),
      status: signingStatus(engineer, signoff, signable, settings.timezone),
      record: signoff.record,
    },
    guidance: guidanceFor(engineer.tier, tenure),
    evidence: shipped,
    checkpoint: {
      week: checkpointWeek?.id ?? quarter.id,
      lines: [
        `Week ${CHECKPOINT_WEEK}: a 30-minute checkpoint, the moment to re-scope. Edit the commitments if something changed, and both sign again.`,
        held
          ? 'Checkpoint held.'
          : `Manager: once you have held it${checkpointWeek ? ` (week of ${formatDayLabel(dayOf(checkpointWeek.start, own.timezone))})` : ''}, comment “Checkpoint held” on this page.`,
      ],
    },
    grading: grading.rows,
    weeks: baseline.weeks.map((w) => ({
      week: w.week,
      status: w.status,
      shipped: w.shipped,
      days: w.days,
      ...(w.offWeek !== undefined ? { offWeek: w.offWeek } : {}),
      ...(w.beforeCommitline ? { beforeCommitline: true } : {}),
    })),
    offWeeks: (settings.offWeeks ?? [])
      .filter((off) => quarter.weeks.some((w) => w.id === off.week))
      .map(
        (off) => `${off.week}: ${off.reason}. Off for the whole team: excused for everyone, never a miss.`,
      ),
    ...(readback.previousQuarter
      ? {
          previousQuarter: {
            record: readback.previousQuarter,
            line: previousQuarterLine(readback.previousQuarter),
          },
        }
      : {}),
    notices,
    awaitingComments: awaitingComments(ownQuarter, now, { status, held, graded }),
  };
}

/** Whether a person's comment is still due on the page: signatures, the checkpoint, grades. */
function awaitingComments(
  quarter: Quarter,
  now: Date,
  page: { status: string; held: boolean; graded: { engineer: boolean; manager: boolean } },
): boolean {
  if (now.getTime() >= quarter.end.getTime() + NOTICE_GRACE_MS) return false;
  const moments = quarterMoments(quarter);
  if (page.status === 'draft') return true;
  if (now >= moments.checkpoint && !page.held) return true;
  return now >= moments.grading && !(page.graded.engineer && page.graded.manager);
}

/** Where the signatures stand, in the words the page shows under "Before you sign". */
function signingStatus(engineer: Engineer, signoff: SignOff, signable: boolean, timezone: string): string[] {
  const line = (name: string, signature: BoundSignature | undefined): string => {
    if (!signature) return `${name} has not signed yet.`;
    const reading = readSignature(signature.comment, timezone);
    const asOf = reading.kind === 'signature' ? ` as of ${reading.date}` : '';
    return signature.current
      ? `${name} signed${asOf}.`
      : `${name} signed${asOf} an earlier text: the commitments changed since. Sign again once you agree.`;
  };
  const lines = [line(engineer.name, signoff.engineer), line(engineer.manager.name, signoff.manager)];
  if (!signable && (signoff.engineer || signoff.manager)) {
    lines.push(`Signatures count on ${MIN_COMMITMENTS} to ${MAX_COMMITMENTS} commitments.`);
  }
  if (!signoff.engineer || !signoff.manager) {
    lines.push('To sign, each of you comments “I commit to these as of <date>” on this page.');
  }
  return lines;
}

/** The two weeks after a quarter's last, in the team calendar (their closes follow DST). */
function weeksAfter(quarter: Quarter, settings: CalendarSettings): Week[] {
  const last = quarter.weeks.at(-1);
  if (!last) return [];
  // Midweek of each following week: never on a boundary, whatever the clocks do.
  return [1, 2].map((n) => weekOf(new Date(last.start.getTime() + (n * 7 + 3) * 86_400_000), settings));
}
