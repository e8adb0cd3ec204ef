/**
 * Answers to what people wrote but commitline could not read. A comment by the engineer or the
 * manager that is meant as a signature or as grades, but cannot be read, gets one short reply in
 * its own discussion: what was unclear and how to write it. Never silence: an unread signature
 * leaves the page a draft, and the person would not know why.
 *
 * A reply is keyed by the comment it answers (`reply:<commentId>`), so it is posted once. A
 * comment the same person has already followed with a readable one of the same kind is answered
 * by their own correction, and gets no reply. An unreadable grade comment is not applied at all
 * (grading.ts): when the person graded readably before, the reply says those grades stand. Inline comments on the page's blocks are read like
 * comments on the page.
 */
import { dayOf, formatDayLabel } from './calendar.js';
import { isBeforeGoLive } from './go-live.js';
import { type GradeProblem, gradeExample, gradesIn } from './grading.js';
import type { Notice } from './page-model.js';
import { type People, readSignature, type SignatureReading } from './signing.js';
import type { PageComment } from './types.js';
import { plural } from './words.js';

export interface RepliesInput extends People {
  /** Every comment on the page and its blocks. */
  comments: readonly PageComment[];
  /** How many commitments the page has: a grade is read against them. */
  commitmentCount: number;
  /** The team timezone, to read a comment's day ("today", the example date); UTC when not given. */
  timezone?: string;
  /** When commitline went live for the team: what was written before it is not answered. */
  goLive?: Date | undefined;
  /**
   * When grading opens: grades written in sentences, without item numbers, are asked about from
   * then on only; before it "that was a hit, the rest partial" is conversation about the work.
   */
  gradingOpens?: Date;
}

/** A comment meant as a signature or as grades, with the reply it needs when it cannot be read. */
interface Meant {
  comment: PageComment;
  kind: 'signature' | 'grades';
  reply?: string;
}

/** One reply per unreadable signature or grade comment of the engineer or the manager. */
export function repliesFor(input: RepliesInput): Notice[] {
  const timezone = input.timezone ?? 'UTC';
  const people = new Set([input.engineerNotionId, input.managerNotionId]);
  const meant = input.comments
    .filter((c) => people.has(c.authorId))
    .map((comment) => meaningOf(comment, input.commitmentCount, timezone, input.gradingOpens))
    .filter((m): m is Meant => m !== undefined);

  const replies: Notice[] = [];
  for (const { comment, kind, reply } of meant) {
    if (!reply || isBeforeGoLive(comment.createdAt, input.goLive)) continue;
    const corrected = meant.some(
      (later) =>
        later.comment.authorId === comment.authorId &&
        later.kind === kind &&
        later.comment.createdAt > comment.createdAt,
    );
    if (corrected) continue;
    const gradedBefore =
      kind === 'grades' &&
      meant.some(
        (earlier) =>
          earlier.comment.authorId === comment.authorId &&
          earlier.kind === 'grades' &&
          earlier.reply === undefined &&
          earlier.comment.createdAt < comment.createdAt,
      );
    const { discussionId, blockId } = comment;
    replies.push({
      key: `reply:${comment.id}`,
      mentions: [comment.authorId],
      text: gradedBefore ? `${reply} Until then your earlier grades stand.` : reply,
      ...(discussionId ? { replyTo: { discussionId, ...(blockId ? { blockId } : {}) } } : {}),
    });
  }
  return replies;
}

/** What a comment is meant as: a signature first (it never reads as grades), then grades. */
function meaningOf(
  comment: PageComment,
  count: number,
  timezone: string,
  gradingOpens: Date | undefined,
): Meant | undefined {
  const signature = readSignature(comment, timezone);
  if (signature.kind === 'unclear') {
    return {
      comment,
      kind: 'signature',
      reply: signatureReply(signature, dayOf(comment.createdAt, timezone)),
    };
  }
  if (signature.kind === 'signature') return { comment, kind: 'signature' };
  // With nothing on the page to grade, the missing commitments are the problem, not the grade.
  if (count === 0) return undefined;
  const grades = gradesIn(comment.text, count);
  const inSentences =
    grades.kind === 'unclear' && grades.problems.every((p) => p.kind === 'unmapped' || p.kind === 'changed');
  if (inSentences && gradingOpens && comment.createdAt < gradingOpens) return undefined;
  if (grades.kind === 'unclear')
    return { comment, kind: 'grades', reply: gradeReply(grades.problems, count) };
  return grades.kind === 'grades' ? { comment, kind: 'grades' } : undefined;
}

function signatureReply(reading: Extract<SignatureReading, { kind: 'unclear' }>, day: string): string {
  const how = `Sign with: I commit to these as of ${day}.`;
  if (reading.problem === 'ambiguous-date' && reading.readings?.length === 2) {
    const [a, b] = reading.readings.map(formatDayLabel);
    return `“${reading.date}” could be ${a} or ${b}. ${how}`;
  }
  if (reading.problem === 'ambiguous-date') {
    return `“${reading.date}” could be read day first or month first. ${how}`;
  }
  if (reading.problem === 'bad-date') return `“${reading.date}” is not a date I can read. ${how}`;
  return `I couldn't read a date in “${reading.phrase}”. ${how}`;
}

function gradeReply(problems: readonly GradeProblem[], count: number): string {
  const said = problems.map((problem) => problemWords(problem, count));
  return `I couldn't read these grades: ${said.join('; ')}. Grade each item once, e.g. “${gradeExample(count)}”.`;
}

function problemWords(problem: GradeProblem, count: number): string {
  const has = (list: readonly unknown[]) => (list.length === 1 ? 'has' : 'have');
  if (problem.kind === 'out-of-range') {
    return `the page has ${plural(count, 'commitment')}, and this grades ${items(problem.items)}`;
  }
  if (problem.kind === 'repeated')
    return `${items(problem.items)} ${has(problem.items)} two different grades`;
  if (problem.kind === 'missing') return `${items(problem.items)} ${has(problem.items)} no grade`;
  if (problem.kind === 'unmapped') return 'no item numbers say which grade is for which commitment';
  if (problem.kind === 'changed') return 'to change a grade, grade every item again';
  const words = problem.words.map((w) => `“${w}”`).join(', ');
  return `${words} ${problem.words.length === 1 ? 'is' : 'are'} not a grade (hit, missed or partial)`;
}

/** "item 4", "items 3 and 4", "items 2, 3 and 4". */
function items(list: readonly number[]): string {
  if (list.length === 1) return `item ${list[0]}`;
  return `items ${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}
