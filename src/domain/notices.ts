/**
 * The comments commitline posts on a quarter page. Each has a stable key, so it is posted once
 * however often the page is recomputed; the timing comes from `now`, so a scheduler only has to
 * trigger a recompute at the right moment for the right notice to appear.
 *
 * A notice whose moment passed before commitline went live for the team is never posted: a team
 * that starts in week 10 gets no week-1 signing reminder, no week-7 checkpoint prompt, and no
 * word about the weeks before it (they never make a streak, see baseline.ts).
 */
import { currentRun, FLAG_STREAK } from './baseline.js';
import { CHECKPOINT_WEEK, GRADING_WEEK } from './calendar.js';
import { isBeforeGoLive, quarterMoments } from './go-live.js';
import type { Notice } from './page-model.js';
import { type SignOff, signatureRef } from './sign-off.js';
import type { Engineer, EngineerBaseline, Finding, Quarter, Week, WeekId } from './types.js';

export interface NoticeInput {
  engineer: Engineer;
  quarter: Quarter;
  now: Date;
  baseline: EngineerBaseline;
  commitmentCount: number;
  commitmentFindings: readonly Finding[];
  gradingFindings: readonly Finding[];
  /** The signatures, each bound to the text it signed. */
  signoff: SignOff;
  /** The two weeks after the quarter's last, in the team calendar: grades are still asked for. */
  weeksAfter?: readonly Week[];
  /** When commitline went live for the team; absent: every moment is commitline's. */
  goLive?: Date | undefined;
  checkpointHeld: boolean;
  graded: { engineer: boolean; manager: boolean };
  /** Weeks the whole team is off: nobody is nudged in them, nor about them. */
  offWeeks?: ReadonlySet<WeekId>;
}

const CAUSES =
  'the usual causes are a broken local environment, an undocumented system, scope that was not understood, or a sick week nobody flagged';

/** What a two-miss streak asks; the Notion comment and the Slack digest say it alike. */
export const STREAK_QUESTION = 'Not a verdict, a question for your next 1:1: what got in the way?';

/**
 * The words of a two-miss streak for the engineer's manager, wherever they reach them (the
 * quarter page's comment, a Slack message): a diagnostic, never a verdict.
 */
export function missStreakText(engineerName: string, raising: readonly string[]): string {
  return `${engineerName} has had no production-visible change since ${raising[0]}: ${raising.length} weeks in a row (${raising.join(', ')}); the page’s Miss streak keeps the count while it lasts. ${STREAK_QUESTION} ${capitalise(CAUSES)}. If it was leave or sickness, tick Excused on those weeks.`;
}

/** commitline speaks on a page while its quarter runs and for two weeks after, for the review. */
export const NOTICE_GRACE_MS = 14 * 86_400_000;

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
  const { engineer, quarter, now, baseline, signoff } = input;
  // A backfill of an old quarter rewrites its rows and grid, but does not nudge anyone about it.
  if (now.getTime() >= quarter.end.getTime() + NOTICE_GRACE_MS) return [];
  // Not live yet (a `since` ahead in the team file): commitline says nothing.
  if (isBeforeGoLive(now, input.goLive)) return [];
  // The whole team is off: nobody is nudged. What is still due is said after the off week.
  const off = input.offWeeks ?? new Set<WeekId>();
  const current = [...quarter.weeks, ...(input.weeksAfter ?? [])].find((w) => now >= w.start && now < w.end);
  if (current && off.has(current.id)) return [];
  const manager = engineer.manager.notionUserId;
  const both = [engineer.notionUserId, manager];
  const moments = quarterMoments(quarter);
  // A moment is played once it has come, and only if it came after go-live: never late.
  const due = (moment: Date) => now >= moment && !isBeforeGoLive(moment, input.goLive);
  const notices: Notice[] = [];

  // One comment per streak: the key is the run's first week and the text names the weeks that
  // raised it, so neither changes while the streak grows (the Miss streak count and the flag
  // say how long it is) or when one of its weeks is excused later. A hit ends the run.
  const run = currentRun(baseline.weeks);
  const raising = run.missed.slice(0, FLAG_STREAK);
  if (baseline.flagged && run.anchor && raising.length === FLAG_STREAK) {
    notices.push({
      key: `miss-streak:${run.anchor}`,
      mentions: [manager],
      text: missStreakText(engineer.name, raising),
    });
  }

  // The week-1 reminder is for a signature never given. One given on a text that changed since
  // is asked for again by the change's own notice, not by a reminder about week 1.
  const engineerSigned = signoff.engineer !== undefined;
  const managerSigned = signoff.manager !== undefined;
  if (!(engineerSigned && managerSigned) && due(moments.signingReminder)) {
    const missing = [...(engineerSigned ? [] : [engineer.notionUserId]), ...(managerSigned ? [] : [manager])];
    notices.push({
      key: `signing-reminder:${quarter.id}`,
      mentions: missing,
      text: 'Week 1 is over and these commitments are not signed by both of you yet. Each of you comments “I commit to these as of <date>”.',
    });
  }

  if (due(moments.checkpoint) && !input.checkpointHeld) {
    notices.push({
      key: `checkpoint:${quarter.id}`,
      mentions: [manager],
      text: `Week ${CHECKPOINT_WEEK}: time for the 30-minute mid-quarter checkpoint with ${engineer.name}. Re-scope here if something changed; when you have held it, comment “Checkpoint held”.`,
    });
  }

  const graded = input.graded.engineer && input.graded.manager;
  // The reminders follow the prompt: a grading week that began before go-live has neither.
  if (due(moments.grading) && !graded) {
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
      // An off week's close asks nobody for anything.
      if (off.has(close.id)) continue;
      notices.push({
        key: `grading-reminder:${close.id}`,
        mentions: waiting,
        text: `${close.label}: still waiting for a grade on every commitment (hit, missed or partial), in a comment on this page.`,
      });
    }
  }

  // While the engineer drafts, the findings show on the page (Before you sign, Flags), not as
  // comments. Comments are for what needs a person: more than 5 items is sent back at once, and
  // a signature given on a text with findings gets one summary for both.
  const tooMany = input.commitmentFindings.find((f) => f.code === 'too-many');
  if (tooMany) {
    notices.push({
      key: 'finding:too-many:page',
      mentions: [engineer.notionUserId],
      text: tooMany.message,
    });
  }
  const signature = signoff.engineer;
  const advice = input.commitmentFindings.filter((f) => f.code !== 'too-many');
  if (signature?.current && advice.length > 0) {
    const items = advice.map((f) => (f.item ? `${f.item}. ${f.message}` : f.message)).join(' ');
    notices.push({
      key: `signing-summary:${signatureRef(signature.comment)}`,
      mentions: [engineer.notionUserId, manager],
      text: `Signed with ${advice.length === 1 ? 'one thing' : `${advice.length} things`} to look at together (advice, not a gate): ${items}`,
    });
  }
  for (const finding of input.gradingFindings) {
    notices.push({
      key: `grading-finding:${finding.code}:${finding.message}`,
      mentions: both,
      text: finding.message,
    });
  }

  // A change after signing, by anyone, asks both to sign again; by someone other than the
  // engineer, it is also a question of whose commitments these are, and that one comment asks
  // for both (people are notified once per change; the Flags show both).
  const other = signoff.editedByOther;
  if (signoff.changedSinceSigning && !other) {
    notices.push({
      key: `changed-since-signing:${signoff.fingerprint}`,
      mentions: both,
      text: 'The commitments changed after they were signed: the signatures cover the earlier text. If the change is agreed, each of you signs again (“I commit to these as of <date>”).',
    });
  }
  if (other) {
    notices.push({
      key: `edited-by-other:${signoff.fingerprint}:${other.index}`,
      mentions: both,
      text: `Commitment ${other.index} was edited after signing, by someone other than ${engineer.name}. The commitments are ${engineer.name}’s to write: if the change is agreed, ${engineer.name} makes it and you both sign again.`,
    });
  }
  return notices;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
