/**
 * Grades at the end of the quarter: engineer and manager each grade every commitment hit, missed
 * or partial, in a comment. Where both agree that is the grade; where they differ the page says
 * so: that is the review's agenda.
 */
import type { GradingRow } from './page-model.js';
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
const FILLER =
  /\b(my|final|grades?|grading|items?|commitments?|here|are|is|the|for|from|me|and)\b|[\s,;:./|\-–—#()=]/gi;
// A short label before the grades ("Ana's grades:", "@Maya Okafor —") is allowed too.
const LABEL = /^\s*@?[A-Za-z][\w'’ ]{0,39}?\s*[:–—-]\s+/;
const GRADE_WORDS = /\b(hit|miss|missed|partial|partially)\b/i;
// "Item 2: hit" is a grade's own number, not a label.
const ITEM_NUMBER = /\bitems?\s*#?\d+\s*[:–—-]\s*$/i;

function withoutLabel(text: string): string {
  const label = LABEL.exec(text)?.[0];
  return label && !GRADE_WORDS.test(label) && !ITEM_NUMBER.test(label) ? text.slice(label.length) : text;
}

/**
 * What a comment says as grades. `not-grades`: it is a conversation, not a grade. `count`: a grade
 * that does not cover exactly items 1 to `count`. `repeated`: an item graded twice, differently.
 * A failed grade still carries the grades it could read, so the page can show what was said.
 */
export type ParsedGrades =
  | { ok: true; grades: ReadonlyMap<number, Grade> }
  | { ok: false; reason: 'not-grades' }
  | { ok: false; reason: 'count' | 'repeated'; grades: ReadonlyMap<number, Grade> };

/** Grades by item (1-based) in a comment; with `count`, every item 1…count must be graded once. */
export function gradesIn(text: string, count?: number): ParsedGrades {
  const body = withoutLabel(text);
  const matches = [...body.matchAll(GRADE)];
  if (matches.length === 0 || body.replace(GRADE, '').replace(FILLER, '').length > 0) {
    return { ok: false, reason: 'not-grades' };
  }
  const grades = new Map<number, Grade>();
  const conflicts = new Set<number>();
  matches.forEach((m, position) => {
    // "1 hit, partial, 3 missed": an unnumbered grade takes its place in the list.
    const index = m[1] === undefined ? position + 1 : Number(m[1]);
    const grade = GRADE_WORD[(m[2] ?? '').toLowerCase()];
    if (!grade) return;
    const before = grades.get(index);
    if (before && before !== grade) conflicts.add(index);
    grades.set(index, grade);
  });
  if (conflicts.size > 0) {
    for (const index of conflicts) grades.delete(index);
    return { ok: false, reason: 'repeated', grades };
  }
  const complete =
    count === undefined ||
    (grades.size === count && [...grades.keys()].every((index) => index >= 1 && index <= count));
  return complete ? { ok: true, grades } : { ok: false, reason: 'count', grades };
}

export interface GradingResult {
  rows: GradingRow[];
  findings: Finding[];
}

export interface GradingInput extends People {
  commitments: readonly Commitment[];
  comments: readonly PageComment[];
  /** For the findings' words; "The engineer" / "The manager" when not given. */
  engineerName?: string;
  managerName?: string;
}

/** The grading table: only the latest grade comment of each person counts. */
export function reconcileGrades(input: GradingInput): GradingResult {
  const findings: Finding[] = [];
  const count = input.commitments.length;
  const gradesOf = (authorId: string, who: string): ReadonlyMap<number, Grade> | undefined => {
    const comment = latestBy(input.comments, authorId, isGradeComment);
    if (!comment) return undefined;
    const parsed = gradesIn(comment.text, count);
    if (parsed.ok) return parsed.grades;
    if (parsed.reason === 'not-grades') return undefined;
    // With nothing on the page to grade, the missing commitments are the problem, not the grade.
    if (count > 0) findings.push(gradeFinding(parsed.reason, parsed.grades, count, who));
    return parsed.grades;
  };
  const engineer = gradesOf(input.engineerNotionId, input.engineerName ?? 'The engineer');
  const manager = gradesOf(input.managerNotionId, input.managerName ?? 'The manager');
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

/** A comment meant as a grade, complete or not; a conversation that mentions a hit is not. */
function isGradeComment(comment: PageComment): boolean {
  const parsed = gradesIn(comment.text);
  return parsed.ok || parsed.reason !== 'not-grades';
}

function gradeFinding(
  reason: 'count' | 'repeated',
  grades: ReadonlyMap<number, Grade>,
  count: number,
  who: string,
): Finding {
  const whose = `${who}’s grade`;
  const fix = `grade every item, e.g. “${example(count)}”.`;
  if (reason === 'repeated') {
    return {
      code: 'grade-repeated',
      message: `${whose} gives an item two different grades: grade each item once, e.g. “${example(count)}”.`,
    };
  }
  const outside = [...grades.keys()].filter((i) => i < 1 || i > count).sort((a, b) => a - b);
  const message =
    grades.size !== count || outside.length === 0
      ? `${whose} covers ${plural(grades.size, 'item')} but the page has ${plural(count, 'commitment')}: ${fix}`
      : `${whose} grades item ${outside.join(', ')}, but the page has ${plural(count, 'commitment')}: ${fix}`;
  return { code: 'grade-count', message };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function example(count: number): string {
  const cycle: Grade[] = ['hit', 'partial', 'missed'];
  return Array.from({ length: Math.max(count, 1) }, (_, i) => `${i + 1} ${cycle[i % 3]}`).join(', ');
}
