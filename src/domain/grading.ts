/**
 * Grades at the end of the quarter: engineer and manager each grade every commitment hit, missed
 * or partial, in a comment. Where both agree that is the grade; where they differ the page says
 * so: that is the review's agenda.
 *
 * A grade comment is read as people write it: `hit|missed|partial`, the grid's ✅ ❌ 🟡 (alone or
 * next to the word, "hit ✅"), "miss", "partially hit", "partly"; numbered ("1 hit", "1. hit",
 * "#1 ✅", "item 1: hit") or in order ("hit, partial, missed"), on one line or several, after a
 * label ("My grades:") and followed by whatever remark the person adds ("… 4 hit - let's talk
 * about 2"). Words that say whether a commitment was delivered are read as the grade they say,
 * in a list that also holds one of the three ("1 - done, 2 - partial, 3 - not done"): done,
 * completed, achieved, met are hit; not done, not met, failed are missed; mostly hit, mostly done
 * are partial. Words that leave the judgement open ("almost hit", "nearly there", "sort of", ✔️),
 * and any other words given as an item's grade ("3 tbd"), are not guessed at: the comment is
 * `unclear`, names them, and the person is asked for one of the three words.
 *
 * Items may be named in words: "the first one is a hit, the second partial", "all hit except 2
 * (partial)". Grades in sentences that name no item ("that's a hit. Reliability I'd call
 * partial") are `unclear` (`unmapped`): meant as grades, asked for as a numbered list. A change
 * to one grade ("4 is more of a partial really, the rest stands") is `unclear` (`changed`).
 *
 * Grades count from the last two weeks of the quarter on (week 12 of 13). Grades given earlier
 * are kept and shown as early, never made into the quarter's grade. A review held late, after
 * the two weeks that follow the quarter, still grades that quarter: only the reminders stop.
 */
import { dayOf, formatDayLabel } from './calendar.js';
import type { GradingRow } from './page-model.js';
import { latestBy, type People } from './signing.js';
import type { Commitment, Finding, Grade, GradingFindingCode, PageComment, Quarter } from './types.js';

/** The last this-many weeks of a quarter are its grading weeks. */
export const GRADING_WINDOW_WEEKS = 2;

/** What made a grade comment unreadable, item by item, so the answer can name it. */
export type GradeProblem =
  /** Grades for items the page does not have ("6 hit" on a page of 4, "0 missed"). */
  | { kind: 'out-of-range'; items: number[] }
  /** Items given two different grades. */
  | { kind: 'repeated'; items: number[] }
  /** Words where a grade was expected that are not one of the three ("done", "✔️"). */
  | { kind: 'not-a-grade'; words: string[] }
  /** Items left without a grade. */
  | { kind: 'missing'; items: number[] }
  /** Grades written in sentences, with no item numbers to tell which grade is whose. */
  | { kind: 'unmapped' }
  /** One grade changed, "the rest stands": grades are read a whole comment at a time. */
  | { kind: 'changed' };

/**
 * What a comment says as grades. `unclear`: meant as grades but not readable as a full set; it
 * carries the grades it could read, for the answer's sake only: the page never applies them.
 */
export type GradeReading =
  | { kind: 'grades'; grades: ReadonlyMap<number, Grade> }
  | { kind: 'unclear'; grades: ReadonlyMap<number, Grade>; problems: GradeProblem[] }
  | { kind: 'none' };

/** The method's own words: a list of grades needs one of them (or an emoji) to be taken as grades. */
const WORD_GRADES: readonly [RegExp, Grade][] = [
  [/^(?:partially|partly|partial)(?:\s+(?:hit|met|done|achieved|delivered))?$/i, 'partial'],
  [/^hit$/i, 'hit'],
  [/^miss(?:ed)?$/i, 'missed'],
];
/**
 * Words that say whether the commitment was delivered, read as the grade they say only next to
 * the method's words: alone, "Done!" or "1. done 2. done" is a to-do list as often as a grade.
 */
const SAID_GRADES: readonly [RegExp, Grade][] = [
  [/^mostly\s+(?:hit|met|done|achieved|delivered|there)$/i, 'partial'],
  [/^not\s+(?:hit|met|done|achieved|completed|delivered)$/i, 'missed'],
  [/^failed$/i, 'missed'],
  [/^(?:done|met|achieved|completed|complete|delivered)$/i, 'hit'],
];
const EMOJI_GRADES: Record<string, Grade> = { '✅': 'hit', '❌': 'missed', '🟡': 'partial' };

const GRADE_WORD =
  'partially\\s+(?:hit|met|done|achieved|delivered)|partly\\s+(?:hit|met|done)|partial\\s+hit|partially|partly|partial|hit|missed|miss|' +
  'mostly\\s+(?:hit|met|done|achieved|delivered|there)|not\\s+(?:hit|met|done|achieved|completed|delivered)|done|met|achieved|completed|complete|delivered|failed';
// "Almost hit" is partial to one reader and missed to another: asked, never read as "hit".
const NEAR_WORD =
  '(?:almost|nearly|not\\s+quite|kind\\s+of|sort\\s+of)\\s+(?:hit|met|done|achieved|delivered|there)';
const GRADE_EMOJI = '✅|❌|🟡';
const NEAR_EMOJI = '✔|✓|☑|✗|✖|❎|🟢|🔴|🟠|🟩|🟥|🟨|⚠';
const WORD = `(?:${GRADE_WORD}|${NEAR_WORD})\\b`;
const EMOJI = `(?:${GRADE_EMOJI}|${NEAR_EMOJI})`;
// An entry: an optional item number ("1", "1.", "#1", "(1)", "item 1:") and a grade, as a word,
// an emoji, or both ("hit ✅", "✅ hit").
// "the rest hit", "others: partial", "everything else was hit": one grade for every item not
// graded by number.
const REST = `\\b(?:the\\s+)?(?:rest|others|other\\s+ones|remaining(?:\\s+ones)?|all\\s+(?:the\\s+)?others|all\\s+else|everything\\s+else)\\b`;
const ENTRY = new RegExp(
  `(?:(?:(?<rest>${REST})|(?<number>(?:\\b(?:items?|commitments?|goals?|no\\.?)\\s*)?(?<![\\w.])#?\\(?(?<index>\\d{1,3})\\)?))` +
    // "1: hit", "2 was partially hit", "the rest are hit"
    `(?:\\s*[:.)\\]=–—-]+)?\\s*(?:(?:was|were|is|are|got|all)\\s+)?(?:an?\\s+)?)?` +
    `(?<grade>\\b${WORD}(?:\\s*${EMOJI})?|${EMOJI}(?:\\s*\\b${WORD})?)`,
  'giu',
);
// After a grade, the entry must end: "hit me up" and "missed the deadline" are prose. Any other
// emoji after it is a remark ("✅ 🟡 ✅ ✅ 🎉"), which ends the list as a full stop would.
const ENTRY_END = new RegExp(
  `^(?:\\s*$|\\s*[\\n,;/|.!?)\\]:&+–—-]|\\s*\\(|\\s*${EMOJI}|\\s*\\p{Extended_Pictographic}|\\s+(?:\\d|#|and\\b|then\\b|items?\\b|(?:${GRADE_WORD}|${NEAR_WORD})\\b))`,
  'iu',
);
// Between two entries of one list: separators only ("1 hit, 2 partial and 3 missed", "hit / partial").
const SEPARATORS = /^[\s,;/|·•*+&>.–—-]*(?:\b(?:and|then)\b[\s,;/|·•*+&>.–—-]*)?$/i;
// A list starts at the start of the comment or of a line, after a label ("My grades:",
// "@Maya —"), or after a sentence ("Great quarter! 1 hit, …").
const LIST_START =
  /(?:^|\n)[\s>*•+·-]*(?:(?:i\s+think|i'd\s+say|i\s+would\s+say|imo|for\s+me|honestly|overall),?\s+)?$|[:—–]\s*$|\s-\s*$|[.!?]\s+$/i;
const BULLET_LINE = /\n[\s>*•+·-]*$/;
// A numbered item between separators whose words are not a grade ("2 sort of", "3 tbd"): named in
// the answer rather than left out of the list, which would say "item 2 has no grade".
const UNREAD_ITEM =
  /(?<=^|[\n,;])[ \t>*•+·-]*(?:(?:items?|commitments?|goals?|no\.?)\s*)?#?\(?(?<index>\d{1,3})\)?(?:\s*[:.)\]=–—-]+)?[ \t]*(?<words>\p{L}[\p{L}'’]*(?:[ \t]+\p{L}[\p{L}'’]*){0,2})[ \t.!]*(?=[\n,;]|$)/giu;

interface Entry {
  index?: number;
  /** "the rest hit": the grade of every item not graded by number. */
  rest?: true;
  /** Undefined for a word that is not one of the three grades. */
  grade?: Grade;
  /** Written in the method's words (hit, missed, partial or their emoji), not only in words that say one. */
  method?: true;
  /** An item number followed by words that are no grade at all ("2 sort of"). */
  unread?: true;
  written: string;
  start: number;
  end: number;
}

/** Grades by item (1-based) in a comment; with `count`, every item 1…count must be graded once. */
export function gradesIn(text: string, count?: number): GradeReading {
  const body = spelledOut(normalise(text));
  // "4 is more of a partial really, the rest stands": a change to earlier grades. Grades are
  // read a whole comment at a time, so it is asked for in full rather than merged into the last.
  if (REST_STANDS.test(body) && CHANGED_ITEM.test(body)) {
    return { kind: 'unclear', grades: new Map(), problems: [{ kind: 'changed' }] };
  }
  const list = listIn(body, withUnreadItems(body, entriesIn(body)), count);
  if (!list) {
    // Grades in sentences ("CSV export shipped, so that's a hit. Reliability I'd call partial…"):
    // meant as grades, but which item each is for cannot be told, so they are asked for.
    return inProse(body)
      ? { kind: 'unclear', grades: new Map(), problems: [{ kind: 'unmapped' }] }
      : { kind: 'none' };
  }

  const grades = new Map<number, Grade>();
  const repeated = new Set<number>();
  const notGrades: string[] = [];
  const unreadItems = new Set<number>();
  const outside = new Set<number>();
  const rest = list.filter((entry) => entry.rest);
  list
    .filter((entry) => !entry.rest)
    .forEach((entry, position) => {
      // "1 hit, partial, 3 missed": an unnumbered grade takes its place in the list.
      const index = entry.index ?? position + 1;
      if (index < 1 || (count !== undefined && index > count)) outside.add(index);
      if (!entry.grade) {
        notGrades.push(entry.written);
        unreadItems.add(index);
        return;
      }
      const before = grades.get(index);
      if (before && before !== entry.grade) repeated.add(index);
      grades.set(index, entry.grade);
    });
  // "2 partial, the rest hit": the rest are the items the list left out, once their number is known.
  for (const entry of rest) {
    if (!entry.grade) {
      notGrades.push(entry.written);
      continue;
    }
    // "the rest hit, the others missed": which is which cannot be told.
    if (rest.some((other) => other.grade !== entry.grade)) {
      notGrades.push(
        list
          .filter((e) => e.rest)
          .map((e) => e.written)
          .join(' / '),
      );
      break;
    }
    for (let index = 1; index <= (count ?? 0); index += 1) {
      if (!grades.has(index) && !unreadItems.has(index)) grades.set(index, entry.grade);
    }
  }
  for (const index of [...repeated, ...outside]) grades.delete(index);

  const problems: GradeProblem[] = [];
  const sorted = (items: Iterable<number>) => [...items].sort((a, b) => a - b);
  if (outside.size > 0) problems.push({ kind: 'out-of-range', items: sorted(outside) });
  if (repeated.size > 0) problems.push({ kind: 'repeated', items: sorted(repeated) });
  if (notGrades.length > 0) problems.push({ kind: 'not-a-grade', words: [...new Set(notGrades)] });
  if (count !== undefined) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
      (i) => !grades.has(i) && !repeated.has(i) && !unreadItems.has(i),
    );
    if (missing.length > 0) problems.push({ kind: 'missing', items: missing });
  }
  return problems.length === 0 ? { kind: 'grades', grades } : { kind: 'unclear', grades, problems };
}

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\ufe0f/g, '')
    .replace(/[*_`~]/g, '')
    .replace(/\r\n?/g, '\n');
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const ORDINAL = new RegExp(
  `\\bthe\\s+(${ORDINALS.join('|')}|[1-5](?:st|nd|rd|th))(?:\\s+(?:one|item|commitment|goal))?\\b`,
  'gi',
);
// "All hit except 2 (partial) and 3 (missed)", "everything was a hit apart from 4, which was partial".
const ALL_BUT = new RegExp(
  `^([\\s>*•+·-]*)(?:all|everything)(?:\\s+(?:was|were|is|are))?\\s+(?:an?\\s+)?(${GRADE_WORD})\\s*,?\\s+` +
    `(?:except(?:\\s+for)?|apart\\s+from|other\\s+than|besides|but)\\s+(?=#?\\(?\\d)([^\\n.!?]*)`,
  'i',
);

/**
 * The same grades with their items numbered: "the first one is a hit, the second partial" is
 * "1 is a hit, 2 partial"; "all hit except 2 (partial)" is "2 partial, the rest hit".
 */
function spelledOut(body: string): string {
  const numbered = body.replace(ORDINAL, (_, ordinal: string) => {
    const at = ORDINALS.indexOf(ordinal.toLowerCase());
    return String(at >= 0 ? at + 1 : Number.parseInt(ordinal, 10));
  });
  return numbered.replace(ALL_BUT, (_, lead: string, grade: string, exceptions: string) => {
    const graded = exceptions
      .replace(/\(\s*([^()]*?)\s*\)/g, ' $1')
      .replace(/,?\s+(?:which|that)\s+(?:was|were|is|are)\s+/gi, ' ');
    return `${lead}${graded.trim()}, the rest ${grade}`;
  });
}

// A grade in a sentence, where its clause ends: "that's a hit.", "I'd call partial,", "was
// missed (we got to 1.2%)". Two of them are a comment meant as grades; "The migration was a hit
// with the support team" is none.
const PROSE_GRADE = new RegExp(
  `(?:\\b(?:partially\\s+hit|partly\\s+hit|partial|partially|partly|hit|missed|miss)\\b|${GRADE_EMOJI})` +
    `(?=\\s*(?:[,.;:!?()\\n—–]|\\s-\\s|$)|\\s+(?:and|but|so|though|except|apart\\s+from|other\\s+than|besides)\\b)`,
  'giu',
);

const REST_STANDS =
  /\b(?:the\s+)?(?:rest|others|other\s+ones|everything\s+else|all\s+else)\s+(?:stands?|stays?|(?:is|are)\s+(?:unchanged|the\s+same|as\s+(?:before|is|they\s+were))|unchanged|the\s+same|as\s+(?:before|is|they\s+were))\b/i;
const CHANGED_ITEM =
  /(?<![\w.:/])(?:items?\s+)?#?\d{1,3}\b[^\n\d.;,!?]{0,30}?\b(?:partially\s+hit|partial|hit|missed|miss)\b/i;

function inProse(body: string): boolean {
  return [...body.matchAll(PROSE_GRADE)].length >= 2;
}

function entriesIn(body: string): Entry[] {
  const entries: Entry[] = [];
  for (const match of body.matchAll(ENTRY)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (!ENTRY_END.test(body.slice(end))) continue;
    const written = (match.groups?.grade ?? '').replace(/\s+/g, ' ');
    const number = match.groups?.index;
    entries.push({
      start,
      end,
      written,
      ...(number !== undefined ? { index: Number(number) } : {}),
      ...(match.groups?.rest !== undefined ? { rest: true as const } : {}),
      ...gradeOf(written),
    });
  }
  return entries;
}

/** The numbered items whose words are no grade, in their place among the entries. */
function withUnreadItems(body: string, entries: readonly Entry[]): Entry[] {
  const unread: Entry[] = [];
  for (const match of body.matchAll(UNREAD_ITEM)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const inside = entries.filter((e) => e.start < end && e.end > start);
    // An item read as a grade, or as a near word ("2 almost hit"), is already an entry.
    if (inside.some((e) => e.index !== undefined)) continue;
    unread.push({
      start,
      end,
      index: Number(match.groups?.index),
      written: (match.groups?.words ?? '').replace(/\s+/g, ' '),
      unread: true,
    });
  }
  // A grade word inside an unread item's words is not an entry of its own.
  const kept = entries.filter((e) => !unread.some((u) => e.start < u.end && e.end > u.start));
  return [...kept, ...unread].sort((a, b) => a.start - b.start);
}

/** The grade a written entry gives; none for a near word, or a word and an emoji that disagree. */
function gradeOf(written: string): { grade?: Grade; method?: true } {
  const emoji = [...written.matchAll(new RegExp(EMOJI, 'gu'))].map((m) => m[0]);
  const word = written.replace(new RegExp(EMOJI, 'gu'), '').trim();
  const byEmoji = emoji.map((e) => EMOJI_GRADES[e]);
  const inWords = (table: readonly [RegExp, Grade][]) => table.find(([pattern]) => pattern.test(word))?.[1];
  const methodWord = word === '' ? undefined : inWords(WORD_GRADES);
  const byWord = word === '' ? undefined : (methodWord ?? inWords(SAID_GRADES));
  const said = [...byEmoji, ...(word === '' ? [] : [byWord])];
  const grade = said[0];
  if (!grade || !said.every((g) => g === grade)) return {};
  return methodWord || byEmoji.length > 0 ? { grade, method: true } : { grade };
}

/**
 * The first list of grades in the comment, or undefined when it holds none. A list needs a real
 * grade in it; one lone grade counts only when numbered ("2 partial") or when it is all the
 * comment says ("Hit ✅"), so "Missed you at the review" is not a grade.
 */
function listIn(body: string, entries: readonly Entry[], count: number | undefined): Entry[] | undefined {
  // An unread item is part of a list only in its numbered place, on an item the page has:
  // "1 hit, 2 tbd, 3 missed", never "… 4 missed\n2 on me".
  const inPlace = (entry: Entry, before: readonly Entry[]) =>
    !entry.unread ||
    ((count === undefined || (entry.index ?? 0) <= count) &&
      entry.index === (before.at(-1)?.index ?? before.filter((e) => !e.rest).length) + 1);
  const first = entries.findIndex((e) => LIST_START.test(body.slice(0, e.start)) && inPlace(e, []));
  if (first < 0) return undefined;
  const list = [entries[first]!];
  for (const next of entries.slice(first + 1)) {
    const previous = list.at(-1)!;
    const gap = body.slice(previous.end, next.start).replace(/\([^()\n]*\)/g, ' ');
    // A remark may end a line or follow a grade before the next numbered one ("1 hit - great, 2 missed").
    const continues =
      SEPARATORS.test(gap) || BULLET_LINE.test(gap) || (next.index !== undefined && /[,;]\s*$/.test(gap));
    if (!continues || !inPlace(next, list)) break;
    list.push(next);
  }
  if (!list.some((e) => e.grade && e.method)) return undefined;
  if (list.length > 1 || list[0]!.index !== undefined) return list;
  const only = list[0]!;
  const alone = /^[^\p{L}\p{N}]*$/u;
  return alone.test(body.slice(only.end)) && /^[\s>*•+·-]*$|[:—–]\s*$/.test(body.slice(0, only.start))
    ? list
    : undefined;
}

/** When grades start to count: the start of the quarter's last two weeks (week 12 of 13). */
export function gradingOpensAt(quarter: Quarter): Date {
  const weeks = quarter.weeks;
  return (weeks[Math.max(0, weeks.length - GRADING_WINDOW_WEEKS)] ?? weeks[0])?.start ?? quarter.start;
}

export interface GradingResult {
  rows: GradingRow[];
  findings: Finding<GradingFindingCode>[];
}

export interface GradingInput extends People {
  commitments: readonly Commitment[];
  comments: readonly PageComment[];
  /** Its last two weeks are when grades count; each comment's own time says when it was given. */
  quarter: Quarter;
  /** The team timezone, for the day grading opens in the findings' words; UTC when not given. */
  timezone?: string;
  /** For the findings' words; "The engineer" / "The manager" when not given. */
  engineerName?: string;
  managerName?: string;
}

/**
 * The grading table: the latest readable grade comment of each person given once grading opened
 * counts. Without one, their latest readable earlier grades are shown as early (`row.early`), and
 * never count towards Graded. A grade comment with any part that cannot be read is not applied
 * at all, not even the items it could read: applied in part it would mix two comments' grades and
 * take a Graded page back to Signed. It is answered where it was written (replies.ts), and the
 * person's grades before it stand, whole.
 */
export function reconcileGrades(input: GradingInput): GradingResult {
  const findings: Finding<GradingFindingCode>[] = [];
  const count = input.commitments.length;
  const opens = gradingOpensAt(input.quarter);
  // Each comment is read once, whichever question asks: the window's, then the early grades'.
  const readings = new Map<PageComment, ReadonlyMap<number, Grade> | undefined>();
  const gradesOfComment = (c: PageComment) => {
    if (!readings.has(c)) {
      const reading = gradesIn(c.text, count);
      readings.set(c, reading.kind === 'grades' ? reading.grades : undefined);
    }
    return readings.get(c);
  };
  const readable = (c: PageComment) => gradesOfComment(c) !== undefined;
  const gradesOf = (authorId: string, who: string) => {
    const inWindow = latestBy(input.comments, authorId, (c) => c.createdAt >= opens && readable(c));
    if (inWindow) return { counted: gradesOfComment(inWindow) ?? new Map<number, Grade>() };
    const early = latestBy(input.comments, authorId, (c) => c.createdAt < opens && readable(c));
    if (!early || count === 0) return {};
    const opensOn = formatDayLabel(dayOf(opens, input.timezone ?? 'UTC'));
    findings.push({
      code: 'grade-early',
      message: `${who} graded before grading opened on ${opensOn}: those grades are kept as early and count once given again from then.`,
    });
    return { early: gradesOfComment(early) ?? new Map<number, Grade>() };
  };
  const engineer = gradesOf(input.engineerNotionId, input.engineerName ?? 'The engineer');
  const manager = gradesOf(input.managerNotionId, input.managerName ?? 'The manager');
  const rows = input.commitments.map((commitment): GradingRow => {
    const e = engineer.counted?.get(commitment.index);
    const m = manager.counted?.get(commitment.index);
    const earlyE = engineer.early?.get(commitment.index);
    const earlyM = manager.early?.get(commitment.index);
    const final = e && m ? (e === m ? e : 'disagree') : 'pending';
    return {
      index: commitment.index,
      text: commitment.text,
      ...(e ? { engineer: e } : {}),
      ...(m ? { manager: m } : {}),
      final,
      ...(earlyE || earlyM
        ? { early: { ...(earlyE ? { engineer: earlyE } : {}), ...(earlyM ? { manager: earlyM } : {}) } }
        : {}),
    };
  });
  return { rows, findings };
}

/** "1 hit, 2 partial, 3 missed, 4 hit": an example grade for a page of `count` commitments. */
export function gradeExample(count: number): string {
  const cycle: Grade[] = ['hit', 'partial', 'missed'];
  return Array.from({ length: Math.max(count, 1) }, (_, i) => `${i + 1} ${cycle[i % 3]}`).join(', ');
}
