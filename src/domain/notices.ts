/**
 * The comments commitline posts on a quarter page. Each has a stable key, so it is posted once
 * however often the page is recomputed; the timing comes from `now`, so a scheduler only has to
 * trigger a recompute at the right moment for the right notice to appear.
 */
import { CHECKPOINT_WEEK, GRADING_WEEK } from './calendar.js';
import type { CommitmentEdit, Notice } from './ports.js';
import type { Engineer, EngineerBaseline, Finding, PageComment, Quarter, Week } from './types.js';

export interface NoticeInput {
  engineer: Engineer;
  quarter: Quarter;
  now: Date;
  baseline: EngineerBaseline;
  commitmentCount: number;
  commitmentFindings: readonly Finding[];
  gradingFindings: readonly Finding[];
  commitmentEdits: readonly CommitmentEdit[];
  signatures: { engineer?: PageComment; manager?: PageComment };
  /** The two weeks after the quarter's last, in the team calendar: grades are still asked for. */
  weeksAfter?: readonly Week[];
  /** Every comment on the page, to see which streaks were already raised. */
  comments?: readonly PageComment[];
  checkpointHeld: boolean;
  graded: { engineer: boolean; manager: boolean };
}

const CAUSES =
  'the usual causes are a broken local environment, an undocumented system, scope that was not understood, or a sick week nobody flagged';

/** commitline speaks on a page while its quarter runs and for two weeks after, for the review. */
export const NOTICE_GRACE_MS = 14 * 86_400_000;

const STREAK_WORDS = 'weeks in a row';
/** The week closes at which a missing grade is asked for again, each with its own words. */
function gradingCloses(
  quarter: Quarter,
  weeksAfter: readonly Week[],
): { id: string; label: string; at: Date }[] {
  const graceEnds = quarter.end.getTime() + NOTICE_GRACE_MS;
  return [
    ...quarter.weeks.slice(GRADING_WEEK - 1).map((week) => ({ week, label: `${week.id} is closed` })),
    ...weeksAfter.map((week, i) => ({
      week,
      label: i === 0 ? `A week after ${quarter.id}` : `${i + 1} weeks after ${quarter.id}`,
    })),
  ]
    .filter(({ week }) => week.closesAt.getTime() < graceEnds)
    .map(({ week, label }) => ({ id: week.id, label, at: week.closesAt }));
}

export function noticesFor(input: NoticeInput): Notice[] {
  const { engineer, quarter, now, baseline, signatures } = input;
  // A backfill of an old quarter rewrites its rows and grid, but does not nudge anyone about it.
  if (now.getTime() >= quarter.end.getTime() + NOTICE_GRACE_MS) return [];
  const manager = engineer.manager.notionUserId;
  const both = [engineer.notionUserId, manager];
  const reached = (weekNumber: number, at: 'start' | 'close') => {
    const week = quarter.weeks[Math.min(weekNumber, quarter.weeks.length) - 1];
    return week !== undefined && now >= (at === 'start' ? week.start : week.closesAt);
  };
  const notices: Notice[] = [];

  const streak = streakWeeks(baseline);
  // A streak raised once is not raised again when a week of it is excused later and the rest
  // still counts: the comment that named one of its weeks already asked the question.
  const raised = (input.comments ?? []).some(
    (c) => c.text.includes(STREAK_WORDS) && streak.some((week) => c.text.includes(week)),
  );
  if (baseline.flagged && streak.length > 0 && !raised) {
    notices.push({
      key: `miss-streak:${streak[0]}`,
      mentions: [manager],
      text: `${engineer.name} has had no production-visible change for ${streak.length} ${STREAK_WORDS} (${streak.join(', ')}). Not a verdict, a question for your next 1:1: what got in the way? ${capitalise(CAUSES)}. If it was leave or sickness, tick Excused on those weeks.`,
    });
  }

  const signed = signatures.engineer !== undefined && signatures.manager !== undefined;
  if (!signed && reached(1, 'close')) {
    const missing = [
      ...(signatures.engineer ? [] : [engineer.notionUserId]),
      ...(signatures.manager ? [] : [manager]),
    ];
    notices.push({
      key: `signing-reminder:${quarter.id}`,
      mentions: missing,
      text: 'Week 1 is over and these commitments are not signed by both of you yet. Each of you comments “I commit to these as of <date>”.',
    });
  }

  if (reached(CHECKPOINT_WEEK, 'start') && !input.checkpointHeld) {
    notices.push({
      key: `checkpoint:${quarter.id}`,
      mentions: [manager],
      text: `Week ${CHECKPOINT_WEEK}: time for the 30-minute mid-quarter checkpoint with ${engineer.name}. Re-scope here if something changed; when you have held it, comment “Checkpoint held”.`,
    });
  }

  const graded = input.graded.engineer && input.graded.manager;
  if (reached(GRADING_WEEK, 'start') && !graded) {
    notices.push({
      key: `grading:${quarter.id}`,
      mentions: both,
      text: 'Time for the graded review. Each of you grades every commitment hit, missed or partial in a comment, e.g. “1 hit, 2 partial, 3 missed”. Where your grades differ, this page will say so: that is the review’s agenda.',
    });
    // One reminder at every week close until both have graded, also after the quarter's last
    // week, while commitline still speaks on the page.
    const waiting = [
      ...(input.graded.engineer ? [] : [engineer.notionUserId]),
      ...(input.graded.manager ? [] : [manager]),
    ];
    for (const close of gradingCloses(quarter, input.weeksAfter ?? [])) {
      if (now < close.at) break;
      notices.push({
        key: `grading-reminder:${close.id}`,
        mentions: waiting,
        text: `${close.label}: still waiting for a grade on every commitment (hit, missed or partial), in a comment on this page.`,
      });
    }
  }

  // Findings on the commitments speak once the engineer has signed (the draft is declared done),
  // except more than 5 items, which is worth saying as soon as it is seen.
  for (const finding of input.commitmentFindings) {
    if (finding.code !== 'too-many' && !signatures.engineer) continue;
    notices.push({
      key: `finding:${finding.code}:${finding.item ?? 'page'}`,
      mentions: [engineer.notionUserId],
      text: finding.message,
    });
  }
  for (const finding of input.gradingFindings) {
    notices.push({
      key: `grading-finding:${finding.code}:${finding.message}`,
      mentions: both,
      text: finding.message,
    });
  }

  const signedAt = signatures.engineer?.createdAt;
  for (const edit of input.commitmentEdits) {
    if (!signedAt || edit.lastEditedBy === engineer.notionUserId || edit.lastEditedAt <= signedAt) continue;
    notices.push({
      key: `edited-after-signing:${edit.index}:${edit.lastEditedAt.toISOString()}`,
      mentions: both,
      text: `Commitment ${edit.index} was edited after signing, by someone other than ${engineer.name}. The commitments are ${engineer.name}’s to write: if the change is agreed, ${engineer.name} makes it and you both sign again.`,
    });
  }
  return notices;
}

/** The weeks of the current miss streak, oldest first (excused and open weeks skipped). */
function streakWeeks(baseline: EngineerBaseline): string[] {
  const weeks: string[] = [];
  for (const week of [...baseline.weeks].reverse()) {
    if (week.status === 'missed') weeks.unshift(week.week);
    else if (week.status === 'hit') break;
  }
  return weeks;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
