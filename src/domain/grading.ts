/**
 * Grades at the end of the quarter: engineer and manager each grade every commitment hit, missed
 * or partial, in a comment. Where both agree that is the grade; where they differ the page says
 * so: that is the review's agenda.
 */
import type { GradingRow } from './ports.js';
import { latestBy, type People } from './signing.js';
import type { Commitment, Finding, Grade, PageComment } from './types.js';

const GRADE_WORD: Record<string, Grade> = {
  hit: 'hit',
  missed: 'missed',
  miss: 'missed',
  partial: 'partial',
  partially: 'partial',
};
const GRADE = /(?:#?(\d{1,2})\s*[:.)\-–—=]?\s*)?\b(hit|missed|miss|partially|partial)\b/gi;
// What may surround the grades in a grade comment: anything more is a conversation, not a grade.
const FILLER = /\b(my|final|grades?|grading|items?|commitments?|here|are|is|the|for)\b|[\s,;:./|\-–—#()=]/gi;

/** Grades by item (1-based) in a comment, or undefined when the comment is not a grade. */
export function gradesIn(text: string): Map<number, Grade> | undefined {
  const matches = [...text.matchAll(GRADE)];
  if (matches.length === 0) return undefined;
  if (text.replace(GRADE, '').replace(FILLER, '').length > 0) return undefined;
  const grades = new Map<number, Grade>();
  const numbered = matches.some((m) => m[1] !== undefined);
  matches.forEach((m, position) => {
    const index = numbered ? Number(m[1]) : position + 1;
    const grade = GRADE_WORD[(m[2] ?? '').toLowerCase()];
    if (grade && index >= 1 && !(numbered && m[1] === undefined)) grades.set(index, grade);
  });
  return grades;
}

export interface GradingResult {
  rows: GradingRow[];
  findings: Finding[];
}

export function reconcileGrades(
  input: People & { commitments: readonly Commitment[]; comments: readonly PageComment[] },
): GradingResult {
  const findings: Finding[] = [];
  const count = input.commitments.length;
  const gradesOf = (authorId: string, who: string): Map<number, Grade> | undefined => {
    const comment = latestBy(input.comments, authorId, (c) => gradesIn(c.text) !== undefined);
    if (!comment) return undefined;
    const grades = gradesIn(comment.text) ?? new Map();
    const covered = [...grades.keys()].filter((i) => i <= count).length;
    if (count > 0 && (covered !== count || grades.size !== count)) {
      findings.push({
        code: 'grade-count',
        message: `The ${who}’s grade covers ${grades.size} item${grades.size === 1 ? '' : 's'} but the page has ${count} commitment${count === 1 ? '' : 's'}: grade every item, e.g. “${example(count)}”.`,
      });
    }
    return grades;
  };
  const engineer = gradesOf(input.engineerNotionId, 'engineer');
  const manager = gradesOf(input.managerNotionId, 'manager');
  const rows = input.commitments.map((commitment): GradingRow => {
    const e = engineer?.get(commitment.index);
    const m = manager?.get(commitment.index);
    const final = e && m ? (e === m ? e : 'disagree') : 'pending';
    return {
      index: commitment.index,
      text: commitment.text,
      ...(e ? { engineer: e } : {}),
      ...(m ? { manager: m } : {}),
      final,
    };
  });
  return { rows, findings };
}

function example(count: number): string {
  const cycle: Grade[] = ['hit', 'partial', 'missed'];
  return Array.from({ length: count }, (_, i) => `${i + 1} ${cycle[i % 3]}`).join(', ');
}
