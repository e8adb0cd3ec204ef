import { describe, expect, it } from 'vitest';
import { readSignature, signatureIn, signaturesOf } from '../../../src/domain/signing.js';
import type { PageComment } from '../../../src/domain/types.js';

const ENGINEER = 'notion-ana';
const MANAGER = 'notion-maya';
let n = 0;
const comment = (
  authorId: string,
  at: string,
  text: string,
  over: Partial<PageComment> = {},
): PageComment => ({
  id: `c${++n}`,
  authorId,
  createdAt: new Date(at),
  text,
  ...over,
});
// Written on Thursday 1 October 2026, mid-morning in Berlin.
const OCT_1 = { at: new Date('2026-10-01T08:30:00Z'), timezone: 'Europe/Berlin' };

describe('when a comment is read as a signature', () => {
  it.each([
    // The method's words and the ones people use for "these".
    ['I commit to these as of 2026-10-01', '2026-10-01', '2026-10-01'],
    // Words to someone before a bare "commit" do not make it a request by themselves.
    ['Thank you Maya, commit to these as of 2026-10-01', '2026-10-01', '2026-10-01'],
    // Another thought before "I", with no punctuation between: the signature is the clause at "I".
    ['Looks good to me 👍 I commit to the above as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['Happy with these to be honest I commit to them as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['Updated per your comments, commit to these as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['I commit to the above as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['I commit to these goals as of Oct 1, 2026', 'Oct 1, 2026', '2026-10-01'],
    ['I commit to these commitments as of October 1st', 'October 1st', '2026-10-01'],
    ['I commit to this as of 1 October 2026', '1 October 2026', '2026-10-01'],
    ['I commit to them as of Oct 1', 'Oct 1', '2026-10-01'],
    ['I commit to all of these as of Oct 1 2026', 'Oct 1 2026', '2026-10-01'],
    ['I commit to these 4 goals as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['I commit to everything above as of today', 'today', '2026-10-01'],
    ['I commit to these as of now', 'now', '2026-10-01'],
    ['I commit to these as of right now', 'right now', '2026-10-01'],
    // Dates as people write them.
    ['I commit to these as of Thu 1 Oct 2026', 'Thu 1 Oct 2026', '2026-10-01'],
    ['I commit to these as of Thursday, October 1', 'Thursday, October 1', '2026-10-01'],
    ['I commit to these as of Oct. 1st, 2026', 'Oct. 1st, 2026', '2026-10-01'],
    ['I commit to these as of the 1st of October', 'the 1st of October', '2026-10-01'],
    ['I commit to these as of 1.10.2026', '1.10.2026', '2026-10-01'],
    ['I commit to these as of 2026/10/01', '2026/10/01', '2026-10-01'],
    ['I commit to these as of 28 Sep', '28 Sep', '2026-09-28'],
    ['I commit to these as of Sept 28', 'Sept 28', '2026-09-28'],
    ['I commit to these as of Monday', 'Monday', '2026-09-28'],
    ['I commit to these as of yesterday', 'yesterday', '2026-09-30'],
    // Numbers both ways round: a reading more than a month from the comment is not the one meant.
    ['I commit to these as of 1/10', '1/10', '2026-10-01'],
    ['I commit to these as of 10/1/2026', '10/1/2026', '2026-10-01'],
    ['I commit to these as of 1/10/26', '1/10/26', '2026-10-01'],
    ['I commit to these as of 10/13/2026', '10/13/2026', '2026-10-13'],
    ['I commit to these as of 29/09/2026', '29/09/2026', '2026-09-29'],
    // Case, quotes, punctuation, emoji, a name, words around it.
    ['I COMMIT TO THESE, AS OF 2026-10-01!', '2026-10-01', '2026-10-01'],
    ['i commit to these as of oct 1.', 'oct 1', '2026-10-01'],
    ['“I commit to these as of Oct 1.”', 'Oct 1', '2026-10-01'],
    ['I commit to these: as of Oct 1', 'Oct 1', '2026-10-01'],
    ['I commit to these — as of Oct 1', 'Oct 1', '2026-10-01'],
    ['✅ I commit to these as of today 🎉', 'today', '2026-10-01'],
    ['Signed. I commit to the above as of Oct 1, 2026 — Dana', 'Oct 1, 2026', '2026-10-01'],
    ['@Maya Okafor I commit to these as of today', 'today', '2026-10-01'],
    ['Looks good to me.\nI commit to these as of 1 Oct', '1 Oct', '2026-10-01'],
    ['Looks good, I commit to these as of 1 Oct. Talk Friday!', '1 Oct', '2026-10-01'],
    ['I commit to these as of Oct 1 but item 3 still needs a number', 'Oct 1', '2026-10-01'],
    ['Item 3 is not perfect, but I commit to these as of Oct 1', 'Oct 1', '2026-10-01'],
    ['Can’t wait — I commit to these as of today!', 'today', '2026-10-01'],
    ['I hereby commit to these as of 2026-10-01', '2026-10-01', '2026-10-01'],
    ['I fully commit to the above as of today', 'today', '2026-10-01'],
    ['I’m committed to these as of Oct 1', 'Oct 1', '2026-10-01'],
    ['Happy to commit to these as of Oct 1!', 'Oct 1', '2026-10-01'],
    ['As of today, I commit to these.', 'today', '2026-10-01'],
    ['**I commit to these as of 2026-10-01**', '2026-10-01', '2026-10-01'],
    ['I commit to these from Oct 1', 'Oct 1', '2026-10-01'],
  ])('should read “%s” as signed as of “%s” (%s)', (text, date, day) => {
    expect(signatureIn(text, OCT_1)).toEqual({ kind: 'signature', date, day });
  });

  it.each([
    ['I commit to these as of Oct 1', 'Oct 1'],
    ['I commit to these as of today', 'today'],
    ['I commit to these as of Monday', 'Monday'],
  ])('should keep “%s” as a signature without a day when nothing places it', (text, date) => {
    expect(signatureIn(text)).toEqual({ kind: 'signature', date });
  });

  it('should place a date without a year in the year nearest the comment', () => {
    const newYearsEve = { at: new Date('2026-12-31T10:00:00Z') };
    expect(signatureIn('I commit to these as of Jan 4', newYearsEve)).toMatchObject({ day: '2027-01-04' });
    expect(signatureIn('I commit to these as of Dec 28', newYearsEve)).toMatchObject({ day: '2026-12-28' });
  });

  it('should read “today” in the team timezone', () => {
    // 23:30 UTC on 30 September is already 1 October in Berlin.
    const late = new Date('2026-09-30T23:30:00Z');
    expect(
      signatureIn('I commit to these as of today', { at: late, timezone: 'Europe/Berlin' }),
    ).toMatchObject({
      day: '2026-10-01',
    });
    expect(signatureIn('I commit to these as of today', { at: late })).toMatchObject({ day: '2026-09-30' });
  });

  it.each([
    // Negations never sign.
    'I don’t think I commit to these as of now',
    'I can’t commit to these as of today',
    'I cannot commit to these as of today',
    'I do not commit to these as of Oct 1',
    'I dont commit to these as of today',
    'I won’t commit to these as of today',
    'I’m not ready to commit to these',
    'Not yet',
    'Not yet. I will commit to these once item 3 has a number.',
    'I commit to these as of — not yet',
    'I commit to these, not yet though',
    'I never commit to these as of now',
    // Questions, conditions, wishes and promises are not signatures either.
    'Do you commit to these as of Monday?',
    'Should I commit to these as of today?',
    'I commit to these as of today?',
    'If I commit to these as of today, can we skip the checkpoint',
    'Fine by me once I commit to these as of Friday',
    'I will commit to these soon',
    'I’ll commit to these as of Friday',
    'I would commit to these as of today',
    'I want to commit to these as of today',
    'Please commit to these as of Oct 1',
    'Once you have read them, commit to the above as of today',
    'Your turn: commit to these as of Oct 1',
    'I committed to these last quarter and missed two',
    // Conversation about something else.
    'Can we talk about these?',
    'I commit code every day',
    'I commit to shipping the passkeys flow by Friday',
    'Checkpoint held',
    '1 hit, 2 partial, 3 missed',
    '',
  ])('should not read “%s” as a signature', (text) => {
    expect(signatureIn(text, OCT_1)).toEqual({ kind: 'none' });
  });

  it.each([
    ['I commit to these', 'no-date', 'I commit to these', undefined],
    ['I commit to these goals.', 'no-date', 'I commit to these goals', undefined],
    ['I commit to the above, looking forward to it', 'no-date', 'I commit to the above', undefined],
    ['commit to these as of', 'no-date', 'commit to these', undefined],
    ['I commit to these as of', 'no-date', 'I commit to these', undefined],
    ['I commit to these as of the kickoff', 'no-date', 'I commit to these', undefined],
    ['I commit.', 'no-date', 'I commit', undefined],
    ['I commit — Dana', 'no-date', 'I commit', undefined],
    ['I commit as of 32 Oct', 'bad-date', 'I commit', '32 Oct'],
    ['I commit to these as of Oct 32', 'bad-date', 'I commit to these', 'Oct 32'],
    ['I commit to these as of 31 September 2026', 'bad-date', 'I commit to these', '31 September 2026'],
    ['I commit to these as of 2026-13-01', 'bad-date', 'I commit to these', '2026-13-01'],
    ['I commit to these as of 13/13/2026', 'bad-date', 'I commit to these', '13/13/2026'],
    ['I commit to these as of October', 'bad-date', 'I commit to these', 'October'],
  ])('should read “%s” as an unclear signature (%s)', (text, problem, phrase, date) => {
    expect(signatureIn(text, OCT_1)).toEqual({
      kind: 'unclear',
      problem,
      phrase,
      ...(date ? { date } : {}),
    });
  });

  it.each([
    // Both readings within a month of the comment, or both far from it: no way to tell.
    [
      'I commit to these as of 1/2/2026',
      { at: new Date('2026-01-16T10:00:00Z') },
      ['2026-01-02', '2026-02-01'],
    ],
    ['I commit to these as of 3/4/2026', OCT_1, ['2026-03-04', '2026-04-03']],
  ])('should not guess which of two readings “%s” means', (text, context, readings) => {
    expect(signatureIn(text, context)).toEqual({
      kind: 'unclear',
      problem: 'ambiguous-date',
      phrase: 'I commit to these',
      date: text.slice('I commit to these as of '.length),
      readings,
    });
  });

  it('should not guess a numeric date with nothing to place it by', () => {
    expect(signatureIn('I commit to these as of 1/10')).toMatchObject({
      kind: 'unclear',
      problem: 'ambiguous-date',
    });
  });

  it('should read a comment by its own time', () => {
    const c = comment(ENGINEER, '2026-10-01T08:30:00Z', 'I commit to these as of today');
    expect(readSignature(c, 'Europe/Berlin')).toEqual({
      kind: 'signature',
      date: 'today',
      day: '2026-10-01',
    });
  });
});

describe('when the signatures of a page are read', () => {
  it.each([
    {
      case: 'someone else signs',
      comments: [comment('notion-someone', '2026-09-29T08:00:00Z', 'I commit to these as of 29 September')],
      engineer: undefined,
      manager: undefined,
    },
    {
      case: 'both sign',
      comments: [
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(MANAGER, '2026-09-30T09:00:00Z', 'I commit to the above as of Sep 30, 2026 — Maya'),
      ],
      engineer: '29 September',
      manager: 'Sep 30, 2026',
    },
    {
      case: 'the engineer signs again after the checkpoint',
      comments: [
        comment(ENGINEER, '2026-11-10T09:00:00Z', 'I commit to these as of 10 November'),
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(ENGINEER, '2026-11-11T09:00:00Z', 'Thanks, see you Friday'),
      ],
      engineer: '10 November',
      manager: undefined,
    },
    {
      case: 'a later signature cannot be read',
      comments: [
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(ENGINEER, '2026-11-10T09:00:00Z', 'I commit to these'),
      ],
      engineer: '29 September',
      manager: undefined,
    },
    {
      case: 'the manager says they cannot sign yet',
      comments: [
        comment(
          MANAGER,
          '2026-09-30T09:00:00Z',
          'I can’t commit to these as of today: item 3 needs a number',
        ),
      ],
      engineer: undefined,
      manager: undefined,
    },
    {
      case: 'the engineer signs inline, on a commitment block',
      comments: [
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of today', {
          blockId: 'block-commitment-1',
          discussionId: 'discussion-1',
        }),
      ],
      engineer: 'today',
      manager: undefined,
    },
  ])('should find the latest of each when $case', ({ comments, engineer, manager }) => {
    const signatures = signaturesOf({ engineerNotionId: ENGINEER, managerNotionId: MANAGER, comments });
    const dateOf = (c: PageComment | undefined) => {
      const reading = c && readSignature(c);
      return reading?.kind === 'signature' ? reading.date : undefined;
    };
    expect(dateOf(signatures.engineer)).toBe(engineer);
    expect(dateOf(signatures.manager)).toBe(manager);
  });
});
