/**
 * Signatures on a quarter page: the engineer and the manager each comment
 * "I commit to these as of <date>". Only their comments count; the latest signature of each wins.
 *
 * A comment is read sentence by sentence and says what it is: a signature (with the date as
 * written and, when it can be placed on the calendar, the day), `unclear` (it is meant as one but
 * its date cannot be read, so the person is answered), or nothing. A negated, conditional,
 * future or questioning sentence ("I can't commit to these as of today", "Should I commit…?",
 * "I'll commit to these as of Friday") is nothing: it does not sign.
 *
 * Dates are read as people write them: 2026-10-01, Oct 1, Oct 1 2026, October 1st, 1 October
 * 2026, Thu 1 Oct 2026, today, now. A date without a year takes the year that puts it nearest
 * the comment. Numbers only:
 * - with dots (1.10.2026) the day comes first, as everywhere dots are used;
 * - with slashes or dashes (1/10/2026) a team spread over the world writes both orders, so both
 *   readings are tried: when only one is a date, or only one falls within a month of the
 *   comment, that is the day; otherwise the signature is `unclear` and the person is asked to
 *   write the month as a word or as 2026-10-01.
 */
import { DateTime } from 'luxon';
import { dayOf } from './calendar.js';
import type { IsoDate, PageComment } from './types.js';

/** What stopped a signature from being read: no date at all, one that is not a date, or two readings. */
export type SignatureProblem = 'no-date' | 'bad-date' | 'ambiguous-date';

export type SignatureReading =
  /** `date` as written ("Oct 1, 2026", "today"); `day` when it can be placed on the calendar. */
  | { kind: 'signature'; date: string; day?: IsoDate }
  /**
   * Meant as a signature, but its date cannot be read. `phrase` is the signing words as written
   * ("I commit to these"); `date` the words given as a date, when there were some; `readings`
   * the days an ambiguous date could be.
   */
  | {
      kind: 'unclear';
      problem: SignatureProblem;
      phrase: string;
      date?: string;
      readings?: IsoDate[];
    }
  | { kind: 'none' };

/** When and where the comment was written: it places "today", a weekday or a date without a year. */
export interface SignatureContext {
  at: Date;
  /** The team timezone; UTC when not given. */
  timezone?: string;
}

const MONTHS = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
] as const;
const MONTH_WORD = MONTHS.flat().join('|');
const MONTH_OF = new Map<string, number>(MONTHS.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_WORD =
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun';

const ORDINAL = '(?:st|nd|rd|th)?';
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const MONTH_FIRST = new RegExp(
  `^(${MONTH_WORD})\\b\\.?\\s*(?:the\\s+)?(\\d{1,2})${ORDINAL}(?![\\d:])(?:,?\\s+(\\d{4})(?!\\d))?`,
  'i',
);
const DAY_FIRST = new RegExp(
  `^(?:the\\s+)?(\\d{1,2})${ORDINAL}(?:\\s+of)?[\\s-]*(${MONTH_WORD})\\b\\.?(?:(?:,?\\s+|-)(\\d{4})(?!\\d))?`,
  'i',
);
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.-]*\d)/;
const WEEKDAY = new RegExp(`^(${WEEKDAY_WORD})\\b\\.?,?\\s*`, 'i');
const RELATIVE = /^(?:right\s+)?(now|today|tonight|this\s+morning|yesterday|tomorrow)\b/i;
// Words that start a date, even one that turns out not to be one ("32 Oct", "Octobre 1" is not).
const DATE_LIKE = new RegExp(`^(?:\\d|the\\s+\\d|(?:${MONTH_WORD})\\b)`, 'i');

// What a signature signs: "to these", "to the above", "to these goals", "to all of them"…
const OBJECT_WORD =
  /^(?:all|of|these|those|this|them|it|the|above|my|our|everything|goals?|commitments?|items?|ones|list|here|below|for|q[1-4]|\d{4}-q[1-4]|quarter|quarter's|[345]|three|four|five)$/i;
const CONNECTOR =
  /^(?:as\s+(?:of|at|from)|effective(?:\s+(?:from|as\s+of|on))?|starting(?:\s+(?:from|on))?|from|since|dated|on|per)\b/i;
const NEGATION = /\b(?:not|never|cannot|unable|no\s+longer|dont|cant|wont|didnt|doesnt|isnt|aint)\b|n't\b/i;
// Not a signature now: a condition, a question, a wish or a promise to sign later.
const NOT_NOW =
  /\b(?:if|whether|when|once|until|unless|before|after|should|would|could|can|will|shall|might|may|must|to|wanna|gonna|let\s+me|let's|lets|please|you|they|he|she)\b|'ll\b|'d\b/i;
// "Happy to commit to these as of today" is a signature in people's words.
const GLAD_TO = /\b(?:happy|glad|proud|pleased)\s+to\s*$/i;
// Breaks that end the reach of a negation: "Can't wait — I commit…", "Item 3 isn't great, but I commit…".
const CLAUSE_BREAK = /[—–;:]|\s-\s|\b(?:but|however|anyway)\b/gi;
const SENTENCE_END = /[.!?]+(?=\s|$)|\n+/g;
// An emoji ends a clause as a comma does: "Approved ✅ Committed to these as of today" signs.
const SUBJECT_BREAK = /[,—–;:(]|\p{Extended_Pictographic}|\s-\s|\b(?:but|however|anyway|so|and|then)\b/giu;
const I_COMMIT =
  /(?:^|\s)(?:i|we)(?:\s+(?:hereby|fully|also|officially|formally|now|both|all|too|do|gladly|happily))*$/i;
const I_AM = /(?:^|\s)(?:i'm|i\s+am|im|we're|we\s+are)(?:\s+(?:fully|now|hereby|officially))*$/i;
// What is quoted back when a date was meant but cannot be read: "32 Oct", "13/13/2026", "October".
const BAD_DATE_WORDS = new RegExp(
  `^(?:the\\s+)?[\\p{L}\\p{N}/.-]+(?:,?\\s+(?:\\d[\\p{L}\\p{N}/.-]*|(?:${MONTH_WORD})\\b\\.?))*`,
  'iu',
);
const MONTH_ABBREVIATION = new RegExp(`\\b(?:${MONTH_WORD}|${WEEKDAY_WORD})$`, 'i');

interface DateReading {
  /** The words read as a date, as written. */
  text: string;
  day?: IsoDate;
  problem?: 'bad-date' | 'ambiguous-date';
  readings?: IsoDate[];
}

/** What a comment says as a signature. */
export function signatureIn(text: string, context?: SignatureContext): SignatureReading {
  let unclear: SignatureReading | undefined;
  for (const sentence of sentencesOf(normalise(text))) {
    for (const verb of sentence.text.matchAll(/\bcommit(?:ting|ted)?\b/gi)) {
      const reading = readAt(sentence, verb.index ?? 0, verb[0].toLowerCase(), context);
      if (reading.kind === 'signature') return reading;
      if (reading.kind === 'unclear') unclear ??= reading;
    }
  }
  return unclear ?? { kind: 'none' };
}

/** A comment's signature reading, placed by the comment's own time. */
export function readSignature(comment: PageComment, timezone?: string): SignatureReading {
  return signatureIn(comment.text, { at: comment.createdAt, ...(timezone ? { timezone } : {}) });
}

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[’‘ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufe0f/g, '')
    .replace(/[*_`~]/g, '');
}

interface Sentence {
  text: string;
  /** The sentence ends with a question mark. */
  question: boolean;
}

function sentencesOf(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  for (const end of text.matchAll(SENTENCE_END)) {
    const at = end.index ?? 0;
    // "Oct. 1" and "Thu. 1 Oct" keep their full stop inside the sentence.
    if (end[0] === '.' && MONTH_ABBREVIATION.test(text.slice(from, at))) continue;
    sentences.push({ text: text.slice(from, at), question: end[0].includes('?') });
    from = at + end[0].length;
  }
  sentences.push({ text: text.slice(from), question: false });
  return sentences.filter((s) => s.text.trim() !== '');
}

function readAt(
  sentence: Sentence,
  at: number,
  verb: string,
  context: SignatureContext | undefined,
): SignatureReading {
  const none = { kind: 'none' } as const;
  const lead = sentence.text.slice(0, at);
  if (sentence.question || /\bnot\s+(?:yet|now|ready|sure)\b/i.test(sentence.text)) return none;
  if (NEGATION.test(lastPart(lead, CLAUSE_BREAK))) return none;
  // Emoji, mentions and quote marks before the words say nothing.
  const subject = lastPart(lead, SUBJECT_BREAK)
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!signs(subject, verb)) return none;
  // "Please review and commit to these": a bare verb after "and" shares the subject before it.
  if (subject === '' && /\b(?:and|so|then)\s*$/i.test(lead)) return none;
  // "When you're ready, commit to these", "Your turn: commit …": a bare verb after words that
  // hand the act to someone else is a request. ("Thank you Maya, commit to these …" still signs.)
  if (
    subject === '' &&
    /\b(?:when|once|after|if|as\s+soon\s+as)\s+you\b|\byour\s+turn\b|\b(?:please|pls)\b/i.test(lead)
  )
    return none;

  const tail = sentence.text.slice(at + verb.length);
  const object = objectOf(tail);
  const rest = tail.slice(object.length).replace(/^[\s,;:–—()-]+/, '');
  const phrase = `${subject} ${verb}${object}`.replace(/\s+/g, ' ').trim();
  const unclear = (problem: SignatureProblem, date?: DateReading): SignatureReading => ({
    kind: 'unclear',
    problem,
    phrase,
    ...(date ? { date: date.text } : {}),
    ...(date?.readings ? { readings: date.readings } : {}),
  });
  const settle = (date: DateReading): SignatureReading =>
    date.problem
      ? unclear(date.problem, date)
      : { kind: 'signature', date: date.text, ...(date.day ? { day: date.day } : {}) };

  // "committed to these once #3 has a number": a condition, not a signature without its date.
  if (/^(?:once|if|when|unless|until|after|as\s+soon\s+as|provided)\b/i.test(rest)) return none;
  const connector = CONNECTOR.exec(rest)?.[0];
  if (connector) {
    const date = dateIn(rest.slice(connector.length).trimStart(), context);
    return date ? settle(date) : unclear('no-date');
  }
  const date = dateIn(rest, context);
  if (date) return settle(date);
  // "As of today, I commit to these."
  const before = /\bas\s+(?:of|at)\s+(.*)$/i.exec(lead)?.[1];
  const leading = before ? dateIn(before, context) : undefined;
  if (leading) return settle(leading);
  // Without what it signs and without a date, "I commit" must stand alone ("I commit — Dana")
  // to be meant as a signature: "I commit code daily" is not one.
  if (object === '' && /\p{L}/u.test(tail.split(/\s[—–-]\s|[—–]/)[0] ?? '')) return none;
  return unclear('no-date');
}

/** The part of `text` after the last match of `breaks`. */
function lastPart(text: string, breaks: RegExp): string {
  let from = 0;
  for (const match of text.matchAll(breaks)) from = (match.index ?? 0) + match[0].length;
  return text.slice(from);
}

/** Whether the words just before the verb make a signature now: "I", "I hereby", "I'm", or none at all. */
function signs(subject: string, verb: string): boolean {
  if (GLAD_TO.test(subject)) return verb === 'commit' && !NOT_NOW.test(subject.replace(GLAD_TO, ''));
  if (verb === 'commit') {
    if (subject === '') return true;
    // What comes before "I" in the same clause may be another thought ("Looks good to me 👍 I
    // commit …"): only the word right before "I" can make it a condition ("if I commit").
    const signer = I_COMMIT.exec(subject);
    if (!signer) return false;
    return !NOT_NOW.test(subject.slice(0, signer.index).trim().split(/\s+/).at(-1) ?? '');
  }
  if (NOT_NOW.test(subject)) return false;
  // "Committed to these as of Oct 1" signs; "I committed to these" is history.
  return I_AM.test(subject) || (verb === 'committed' && subject === '');
}

/** " to these goals" after the verb, as written, or "" when the words after it sign nothing named. */
function objectOf(tail: string): string {
  const to = /^\s+to\b/i.exec(tail);
  if (!to) return '';
  let end = to[0].length;
  for (;;) {
    const rest = tail.slice(end);
    const word = /^\s*([\p{L}\p{N}'-]+)/u.exec(rest);
    if (!word || !OBJECT_WORD.test(word[1] ?? '') || CONNECTOR.test(rest.trimStart())) break;
    end += word[0].length;
  }
  return end === to[0].length ? '' : tail.slice(0, end);
}

/** The date at the start of `text`, or undefined when the words there are not meant as one. */
function dateIn(text: string, context: SignatureContext | undefined): DateReading | undefined {
  const today = context
    ? DateTime.fromISO(dayOf(context.at, context.timezone ?? 'UTC'), { zone: 'utc' })
    : undefined;
  const relative = RELATIVE.exec(text);
  if (relative) {
    const word = (relative[1] ?? '').toLowerCase();
    const shift = word === 'yesterday' ? -1 : word === 'tomorrow' ? 1 : 0;
    return withDay(relative[0], today?.plus({ days: shift }));
  }
  const weekday = WEEKDAY.exec(text);
  if (weekday) {
    const date = calendarDate(text.slice(weekday[0].length), today);
    if (date) return { ...date, text: `${weekday[0]}${date.text}` };
    const name = (weekday[1] ?? '').toLowerCase().slice(0, 3);
    const wanted = WEEKDAYS.findIndex((w) => w.startsWith(name)) + 1;
    // A weekday alone is the one nearest the comment: "as of Monday", written on a Saturday, is the next.
    const shift = today ? ((wanted - today.weekday + 10) % 7) - 3 : 0;
    return withDay(weekday[0].replace(/[.,\s]+$/, ''), today?.plus({ days: shift }));
  }
  const date = calendarDate(text, today);
  if (date) return date;
  if (!DATE_LIKE.test(text)) return undefined;
  return { text: (BAD_DATE_WORDS.exec(text)?.[0] ?? text).replace(/[.,]+$/, ''), problem: 'bad-date' };
}

function withDay(text: string, day: DateTime | undefined): DateReading {
  const iso = day?.toISODate();
  return iso ? { text, day: iso } : { text };
}

/** A calendar date at the start of `text`; `problem` set when it is written as one but is not. */
function calendarDate(text: string, today: DateTime | undefined): DateReading | undefined {
  const iso = ISO.exec(text);
  if (iso) return settled(iso[0], exactDay(Number(iso[1]), Number(iso[2]), Number(iso[3])));
  const named = MONTH_FIRST.exec(text) ?? DAY_FIRST.exec(text);
  if (named) {
    const monthFirst = MONTH_OF.has((named[1] ?? '').toLowerCase());
    const month = MONTH_OF.get(((monthFirst ? named[1] : named[2]) ?? '').toLowerCase()) ?? 0;
    // "1 Oct. Talk Friday": the full stop after a month may end the sentence; it is not the date's.
    return settled(
      named[0].replace(/\.$/, ''),
      dayNear(Number(monthFirst ? named[2] : named[1]), month, named[3], today),
    );
  }
  const numeric = NUMERIC.exec(text);
  if (!numeric) return undefined;
  const [written, a, separator, b, year] = numeric;
  // [day, month] readings: dots put the day first; slashes and dashes may be either way round.
  const orders =
    separator === '.' || a === b
      ? [[a, b]]
      : [
          [a, b],
          [b, a],
        ];
  const valid = orders
    .map(([day, month]) => dayNear(Number(day), Number(month), year, today))
    .filter((day): day is Day => day !== undefined);
  if (valid.length !== 2) return settled(written, valid[0]);
  const days = valid.filter((day): day is IsoDate => day !== NO_YEAR);
  const close = today ? days.filter((day) => Math.abs(daysBetween(today, day)) <= 31) : [];
  if (close.length === 1) return settled(written, close[0]);
  return {
    text: written,
    problem: 'ambiguous-date',
    ...(days.length === 2 ? { readings: days.sort() } : {}),
  };
}

/** A day, or NO_YEAR for a date without a year and nothing to place it by (still a date: it signs). */
type Day = IsoDate | typeof NO_YEAR;
const NO_YEAR = 'no-year';

function settled(text: string, day: Day | undefined): DateReading {
  if (day === NO_YEAR) return { text };
  return day ? { text, day } : { text, problem: 'bad-date' };
}

function exactDay(year: number, month: number, day: number): IsoDate | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  return date.isValid ? date.toISODate() : undefined;
}

/** The day in the year written (two digits: this century), else in the year that puts it nearest `today`. */
function dayNear(
  day: number,
  month: number,
  year: string | undefined,
  today: DateTime | undefined,
): Day | undefined {
  if (year) return exactDay(year.length === 2 ? 2000 + Number(year) : Number(year), month, day);
  // 2000 was a leap year: 29 February is a date in some year.
  if (!today) return exactDay(2000, month, day) ? NO_YEAR : undefined;
  return [today.year - 1, today.year, today.year + 1]
    .map((y) => exactDay(y, month, day))
    .filter((d): d is IsoDate => d !== undefined)
    .sort((x, y) => Math.abs(daysBetween(today, x)) - Math.abs(daysBetween(today, y)))[0];
}

function daysBetween(from: DateTime, day: IsoDate): number {
  return DateTime.fromISO(day, { zone: 'utc' }).diff(from, 'days').days;
}

export interface People {
  engineerNotionId: string;
  managerNotionId: string;
}

/** The latest comment of `authorId` that satisfies `test`. */
export function latestBy(
  comments: readonly PageComment[],
  authorId: string,
  test: (comment: PageComment) => boolean,
): PageComment | undefined {
  let latest: PageComment | undefined;
  for (const comment of comments) {
    if (comment.authorId !== authorId || !test(comment)) continue;
    if (!latest || comment.createdAt >= latest.createdAt) latest = comment;
  }
  return latest;
}

/**
 * The engineer's and the manager's latest signatures; anyone else's comment signs nothing. An
 * unclear or negated comment after a signature leaves that signature standing (it is answered,
 * see replies.ts). Inline comments on the page's blocks sign like comments on the page.
 */
export function signaturesOf(input: People & { comments: readonly PageComment[]; timezone?: string }): {
  engineer?: PageComment;
  manager?: PageComment;
} {
  const signs = (c: PageComment) => readSignature(c, input.timezone).kind === 'signature';
  const engineer = latestBy(input.comments, input.engineerNotionId, signs);
  const manager = latestBy(input.comments, input.managerNotionId, signs);
  return { ...(engineer ? { engineer } : {}), ...(manager ? { manager } : {}) };
}
