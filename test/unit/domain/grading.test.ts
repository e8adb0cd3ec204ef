import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import {
  type GradeReading,
  gradeExample,
  gradesIn,
  gradingOpensAt,
  reconcileGrades,
} from '../../../src/domain/grading.js';
import type { Commitment, PageComment, QuarterDefinition } from '../../../src/domain/types.js';
import { SETTINGS } from '../../fixtures/team.js';

const ENGINEER = 'notion-ana';
const MANAGER = 'notion-maya';
// 2026-Q4 in Berlin: 14 weeks (2026 has 53 ISO weeks), Mon 28 Sep 2026 – Mon 4 Jan 2027; its last
// two weeks start Mon 21 Dec.
const q4 = quarterById('2026-Q4', SETTINGS);
const IN_WINDOW = '2026-12-22T09:00:00Z';
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
const commitments = (count: number): Commitment[] =>
  Array.from({ length: count }, (_, i) => ({ index: i + 1, text: `Commitment ${i + 1}`, ambitious: false }));
const inOrder = (reading: GradeReading) =>
  reading.kind === 'none'
    ? undefined
    : [...reading.grades.entries()].sort(([a], [b]) => a - b).map(([i, g]) => `${i} ${g}`);
const FOUR = ['1 hit', '2 partial', '3 missed', '4 hit'];

describe('when a comment is read as grades', () => {
  it.each([
    // Numbered, every way people number.
    '1 hit, 2 partial, 3 missed, 4 hit',
    '1. hit 2. partial 3. missed 4. hit',
    '1) hit 2) partial 3) missed 4) hit',
    '1: hit\n2 - partial\n#3 missed\n4) hit',
    '1: HIT\n2 - Partially\n#3 miss\n4. Hit',
    '#1 ✅ #2 🟡 #3 ❌ #4 ✅',
    '(1) hit (2) partial (3) missed (4) hit',
    'Item 2: partial, item 1: hit, item 4: hit, item 3: missed',
    'My grades: 4 hit, 3 missed, 2 partial, 1 hit',
    '1 hit, 2 partial and 3 missed, 4 hit',
    // In order.
    'hit, partial, missed, hit',
    'hit / partial / missed / hit',
    'hit partial missed hit',
    '1 hit, partial, 3 missed, hit',
    'Final grades:\n- hit\n- partial\n- missed\n- hit',
    '@Maya Okafor — hit, partial, missed, hit',
    'Grades for Q4: hit, partial, missed, hit',
    'Ana’s grades - hit, partial, missed, hit',
    // The grid's own marks, alone or next to the word.
    '✅ 🟡 ❌ ✅',
    '✅, 🟡, ❌, ✅',
    'hit ✅, partial 🟡, missed ❌, hit ✅',
    '1 hit ✅\n2 partial 🟡\n3 missed ❌\n4 hit ✅',
    '1. ✅ hit\n2. 🟡 partial\n3. ❌ missed\n4. ✅ hit',
    'My grades:\n- hit ✅\n- partial 🟡\n- missed ❌\n- hit ✅',
    // Other words for partial and missed.
    '1 hit, 2 partially hit, 3 missed, 4 hit',
    '1 hit, 2 partly, 3 miss, 4 hit',
    '1 hit, 2 partly hit, 3 missed, 4 hit',
    '1 hit, 2 partial hit, 3 missed, 4 hit',
    // Followed by a remark, or with a remark on each line.
    '1 hit, 2 partial, 3 missed, 4 hit - let’s talk about 2',
    '1 hit, 2 partial, 3 missed, 4 hit. Great quarter!',
    '1 hit, 2 partial, 3 missed, 4 hit\n\nGreat quarter, we really hit it out of the park.',
    'hit, partial, missed, hit — happy to discuss 2 on Friday',
    '1. hit — shipped on Nov 3\n2. partial — web only, iOS slipped\n3. missed (blocked by infra)\n4. hit',
    'hit (shipped early), partial (web only), missed, hit',
    '1 hit - great, 2 partial - web only, 3 missed, 4 hit',
    'Great quarter! 1 hit, 2 partial, 3 missed, 4 hit',
    'Thanks for the review.\n1 hit\n2 partial\n3 missed\n4 hit',
  ])('should read “%s”', (text) => {
    const reading = gradesIn(text, 4);
    expect(reading.kind).toBe('grades');
    expect(inOrder(reading)).toEqual(FOUR);
  });

  it.each([
    ['I think 2 was partially hit, rest hit.', ['hit', 'partial', 'hit', 'hit']],
    ['1 hit, the rest missed', ['hit', 'missed', 'missed', 'missed']],
    ['3 missed; everything else was hit ✅', ['hit', 'hit', 'missed', 'hit']],
    ['hit, partial, the others missed', ['hit', 'partial', 'missed', 'missed']],
  ])('should read “%s”, the rest taking one grade', (text, grades) => {
    const reading = gradesIn(text, 4);
    expect(reading.kind).toBe('grades');
    expect(inOrder(reading)).toEqual(grades.map((g, i) => `${i + 1} ${g}`));
  });

  it('should not guess when the rest is given two grades', () => {
    expect(gradesIn('1 hit, rest partial, others missed', 4).kind).toBe('unclear');
  });

  it.each([
    'I think we missed the deadline on the RFC, sadly',
    'Great hit rate this quarter, well done everyone',
    'Hit me up when you are ready to grade',
    'Missed you at the review!',
    'Partial credit to the infra team for the cutover.',
    'Thanks! 2 missed calls today, I’ll call back',
    'Done!',
    '1. done 2. done',
    '✔️',
    'Checkpoint held',
    'I commit to these as of 1 April',
    'Item 3: what is the baseline?',
    '',
  ])('should not read the conversation “%s” as grades', (text) => {
    expect(gradesIn(text, 4)).toEqual({ kind: 'none' });
  });

  it.each([
    {
      text: '1 hit, 2 partial, 3 missed',
      grades: ['1 hit', '2 partial', '3 missed'],
      problems: [{ kind: 'missing', items: [4] }],
    },
    {
      text: '2 partial',
      grades: ['2 partial'],
      problems: [{ kind: 'missing', items: [1, 3, 4] }],
    },
    {
      text: 'Hit ✅',
      grades: ['1 hit'],
      problems: [{ kind: 'missing', items: [2, 3, 4] }],
    },
    {
      text: '1 hit, 2 hit, 3 hit, 6 hit',
      grades: ['1 hit', '2 hit', '3 hit'],
      problems: [
        { kind: 'out-of-range', items: [6] },
        { kind: 'missing', items: [4] },
      ],
    },
    {
      text: 'hit / hit / hit / hit / hit',
      grades: ['1 hit', '2 hit', '3 hit', '4 hit'],
      problems: [{ kind: 'out-of-range', items: [5] }],
    },
    {
      text: '0 hit, 1 hit, 2 hit, 3 hit, 4 hit',
      grades: ['1 hit', '2 hit', '3 hit', '4 hit'],
      problems: [{ kind: 'out-of-range', items: [0] }],
    },
    {
      text: '1 hit, 2 hit, 2 missed, 3 hit, 4 hit',
      grades: ['1 hit', '3 hit', '4 hit'],
      problems: [{ kind: 'repeated', items: [2] }],
    },
    {
      text: '1 hit\n2 missed\n3 hit\n4 hit\n\nActually, 2 partial',
      grades: ['1 hit', '3 hit', '4 hit'],
      problems: [{ kind: 'repeated', items: [2] }],
    },
    {
      text: '1 almost hit, 2 partial, 3 missed, 4 hit',
      grades: ['2 partial', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['almost hit'] }],
    },
    // An item's words that are no grade are named, not taken for an item left out.
    {
      text: 'Grades: 1 hit; 2 sort of; 3 miss; 4 hit',
      grades: ['1 hit', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['sort of'] }],
    },
    {
      text: '1 tbd, 2 partial, 3 missed, 4 hit',
      grades: ['2 partial', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['tbd'] }],
    },
    {
      text: '1 hit\n2 partial\n3 not quite there',
      grades: ['1 hit', '2 partial'],
      problems: [
        { kind: 'not-a-grade', words: ['not quite there'] },
        { kind: 'missing', items: [4] },
      ],
    },
    {
      text: 'hit, nearly done, missed, hit',
      grades: ['1 hit', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['nearly done'] }],
    },
    {
      text: '1 ✔️ 2 🟡 3 ❌ 4 ✅',
      grades: ['2 partial', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['✔'] }],
    },
    {
      text: '1 done ❌, 2 partial, 3 missed, 4 hit',
      grades: ['2 partial', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['done ❌'] }],
    },
    {
      text: 'hit ❌, partial, missed, hit',
      grades: ['2 partial', '3 missed', '4 hit'],
      problems: [{ kind: 'not-a-grade', words: ['hit ❌'] }],
    },
  ])('should read “$text” as unclear, keeping what it could read', ({ text, grades, problems }) => {
    const reading = gradesIn(text, 4);
    expect(reading).toMatchObject({ kind: 'unclear', problems });
    expect(inOrder(reading)).toEqual(grades);
  });

  it.each([
    ['1 - done, 2 - partial, 3 - not done, 4 - hit', ['hit', 'partial', 'missed', 'hit']],
    ['Grades: 1 hit; 2 mostly hit; 3 miss; 4 hit', ['hit', 'partial', 'missed', 'hit']],
    ['1 completed, 2 not met, 3 mostly done, 4 hit', ['hit', 'missed', 'partial', 'hit']],
    ['#1 achieved #2 partial #3 failed #4 met', ['hit', 'partial', 'missed', 'hit']],
    ['done ✅, mostly there, not hit ❌, hit', ['hit', 'partial', 'missed', 'hit']],
  ])('should read “%s”: words that say whether it was delivered are the grade they say', (text, grades) => {
    const reading = gradesIn(text, 4);
    expect(reading.kind).toBe('grades');
    expect(inOrder(reading)).toEqual(grades.map((g, i) => `${i + 1} ${g}`));
  });

  it.each([
    // No hit, missed or partial in it: a to-do list as often as a grade.
    '1 done, 2 done, 3 not done, 4 done',
    'Not done yet, give me a day',
    'We mostly hit the latency goal, details in the doc',
  ])('should not read “%s” as grades', (text) => {
    expect(gradesIn(text, 4)).toEqual({ kind: 'none' });
  });

  it('should not take a remark numbered like an item, out of its place, for an unread grade', () => {
    const reading = gradesIn('1 hit, 2 hit, 3 partial, 4 missed\n2 on me', 4);
    expect(reading.kind).toBe('grades');
    expect(inOrder(reading)).toEqual(['1 hit', '2 hit', '3 partial', '4 missed']);
  });

  it('should read the same grade given twice as one', () => {
    expect(inOrder(gradesIn('1 hit, 1 hit, 2 missed, 3 partial', 3))).toEqual([
      '1 hit',
      '2 missed',
      '3 partial',
    ]);
  });

  it.each([
    ['All hit except 2 (partial) and 3 (missed).', FOUR],
    ['Everything was a hit apart from 3, which was missed, and 2 (partial)', FOUR],
    ['The first one is a hit, the second partial, the third missed and the fourth a hit.', FOUR],
    ['the 1st was a hit; the 2nd partial; the 3rd missed; the 4th hit ✅', FOUR],
  ])('should read “%s”, where each grade’s item is written in words', (text, grades) => {
    const reading = gradesIn(text, 4);
    expect(reading.kind).toBe('grades');
    expect(inOrder(reading)).toEqual(grades);
  });

  it.each([
    'CSV export shipped, so that’s a hit. Reliability I’d call partial, the checkout error rate was missed (we got to 1.2%), and the runbook is a hit.',
    'Search went well, a hit; onboarding was missed.',
  ])('should take “%s” for grades it cannot place on items, and say so', (text) => {
    expect(gradesIn(text, 4)).toEqual({
      kind: 'unclear',
      grades: new Map(),
      problems: [{ kind: 'unmapped' }],
    });
  });

  it.each([
    'Second thoughts after reading the wiki page: 4 is more of a partial really, the rest stands 🤔',
    'Actually 4 partial, rest as before',
  ])('should take “%s” for a change to earlier grades, and ask for them in full', (text) => {
    expect(gradesIn(text, 4)).toEqual({
      kind: 'unclear',
      grades: new Map(),
      problems: [{ kind: 'changed' }],
    });
  });

  it.each([
    'The migration was a hit with the support team',
    'We missed the cutover, partly because of the vendor',
  ])('should not take “%s”, one grade word in a sentence, for grades', (text) => {
    expect(gradesIn(text, 4)).toEqual({ kind: 'none' });
  });

  it('should accept any count when none is given', () => {
    expect(gradesIn('hit / missed')).toMatchObject({ kind: 'grades' });
  });

  it.each([
    [3, '1 hit, 2 partial, 3 missed'],
    [5, '1 hit, 2 partial, 3 missed, 4 hit, 5 partial'],
  ])('should give an example for %i commitments that reads back as grades', (count, example) => {
    expect(gradeExample(count)).toBe(example);
    expect(gradesIn(example, count).kind).toBe('grades');
  });
});

describe('when grading opens', () => {
  const defined = (weeks: number): QuarterDefinition[] => [{ id: 'FY27-Q1', start: '2026-09-28', weeks }];
  it.each([
    { weeks: 13, opens: '2026-12-14' },
    { weeks: 14, opens: '2026-12-21' },
    { weeks: 12, opens: '2026-12-07' },
    { weeks: 1, opens: '2026-09-28' },
  ])('should open at the last two weeks of a $weeks-week quarter', ({ weeks, opens }) => {
    const quarter = quarterById('FY27-Q1', { ...SETTINGS, timezone: 'UTC', quarters: defined(weeks) });
    expect(gradingOpensAt(quarter).toISOString()).toBe(`${opens}T00:00:00.000Z`);
  });

  it.each([
    { id: '2027-Q1', week: 12, opens: '2027-03-21T23:00:00.000Z' },
    { id: '2026-Q4', week: 13, opens: '2026-12-20T23:00:00.000Z' },
  ])('should open $id at its week $week, in the team timezone', ({ id, week, opens }) => {
    const quarter = quarterById(id, SETTINGS);
    expect(gradingOpensAt(quarter).toISOString()).toBe(opens);
    expect(gradingOpensAt(quarter)).toEqual(quarter.weeks[week - 1]?.start);
  });
});

describe('when engineer and manager grade', () => {
  const reconcile = (count: number, comments: PageComment[], names = {}) =>
    reconcileGrades({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      commitments: commitments(count),
      comments,
      quarter: q4,
      timezone: SETTINGS.timezone,
      ...names,
    });

  it.each([
    {
      case: 'both agree',
      engineer: '1 hit, 2 partial, 3 missed',
      manager: 'hit ✅, partial 🟡, missed ❌',
      finals: ['hit', 'partial', 'missed'],
    },
    {
      case: 'they differ on one',
      engineer: '1 hit, 2 hit, 3 missed',
      manager: '1 hit, 2 partially hit, 3 missed - let’s talk about 2',
      finals: ['hit', 'disagree', 'missed'],
    },
    {
      case: 'only the engineer graded',
      engineer: '1 hit, 2 hit, 3 hit',
      finals: ['pending', 'pending', 'pending'],
    },
    { case: 'nobody graded', finals: ['pending', 'pending', 'pending'] },
  ])('should give $finals when $case', ({ engineer, manager, finals }) => {
    const comments = [
      ...(engineer ? [comment(ENGINEER, IN_WINDOW, engineer)] : []),
      ...(manager ? [comment(MANAGER, '2026-12-22T10:00:00Z', manager)] : []),
    ];
    const result = reconcile(3, comments);
    expect(result.rows.map((r) => r.final)).toEqual(finals);
    expect(result.findings).toEqual([]);
  });

  it('should read a grade written inline, on the grading table', () => {
    const result = reconcile(3, [
      comment(ENGINEER, IN_WINDOW, 'hit, partial, missed', { blockId: 'block-grading', discussionId: 'd1' }),
      comment(MANAGER, IN_WINDOW, 'hit, partial, missed'),
    ]);
    expect(result.rows.map((r) => r.final)).toEqual(['hit', 'partial', 'missed']);
  });

  it('should keep only the latest grade comment of each, ignoring conversation after it', () => {
    const result = reconcile(2, [
      comment(ENGINEER, '2026-12-23T09:00:00Z', 'hit / partial'),
      comment(ENGINEER, '2026-12-22T09:00:00Z', 'missed / missed'),
      comment(ENGINEER, '2026-12-24T09:00:00Z', 'Thanks, that was a good review, we hit most of it'),
      comment('notion-someone', '2026-12-25T09:00:00Z', 'missed / missed'),
    ]);
    expect(result.rows).toEqual([
      { index: 1, text: 'Commitment 1', engineer: 'hit', final: 'pending' },
      { index: 2, text: 'Commitment 2', engineer: 'partial', final: 'pending' },
    ]);
  });

  it('should apply nothing of an unclear grade, leaving every item pending', () => {
    const result = reconcile(4, [comment(MANAGER, IN_WINDOW, '1 hit, 2 partial, 3 missed')]);
    expect(result.rows.map((r) => r.manager)).toEqual([undefined, undefined, undefined, undefined]);
    expect(result.rows[3]).toEqual({ index: 4, text: 'Commitment 4', final: 'pending' });
    // The person is answered in the comment's discussion (replies.ts), not by a page comment.
    expect(result.findings).toEqual([]);
  });

  it.each([
    // The tester's two comments, and ones like them that still cannot be read.
    '1 - done, 2 - partial, 3 - not done, 4 - sort of',
    'Grades: 1 hit; 2 almost hit; 3 miss',
    '1 hit, 2 missed',
    '1 hit, 1 missed, 2 hit, 3 hit',
    '1 hit, 2 hit, 3 hit, 4 hit, 5 hit',
  ])('should keep the earlier grades whole when “%s” follows them', (text) => {
    const result = reconcile(3, [
      comment(MANAGER, '2026-12-22T09:00:00Z', '1 hit, 2 hit, 3 hit'),
      comment(
        ENGINEER,
        '2026-12-22T09:00:00Z',
        'My grades: #1 hit, #2 partial (750ms, close), #3 missed - RFC still in draft',
      ),
      comment(ENGINEER, '2026-12-23T09:00:00Z', text),
    ]);
    expect(result.rows.map((r) => r.engineer)).toEqual(['hit', 'partial', 'missed']);
    expect(result.rows.map((r) => r.final)).toEqual(['hit', 'disagree', 'disagree']);
  });

  it('should let a later readable grade replace an earlier one', () => {
    const result = reconcile(3, [
      comment(ENGINEER, '2026-12-22T09:00:00Z', '1 hit, 2 hit, 3 hit'),
      comment(ENGINEER, '2026-12-23T09:00:00Z', '1 - done, 2 - partial, 3 - not done'),
    ]);
    expect(result.rows.map((r) => r.engineer)).toEqual(['hit', 'partial', 'missed']);
  });

  it('should keep early grades as early when the one given in the window cannot be read', () => {
    const result = reconcile(3, [
      comment(ENGINEER, '2026-10-15T09:00:00Z', '1 hit, 2 hit, 3 hit'),
      comment(ENGINEER, IN_WINDOW, '1 hit, 2 sort of, 3 hit'),
    ]);
    expect(result.rows.map((r) => r.engineer)).toEqual([undefined, undefined, undefined]);
    expect(result.rows.map((r) => r.early?.engineer)).toEqual(['hit', 'hit', 'hit']);
  });

  it('should not speak about grades on a page with no commitments', () => {
    expect(reconcile(0, [comment(ENGINEER, IN_WINDOW, 'hit / hit')])).toEqual({ rows: [], findings: [] });
  });

  describe('before grading opens', () => {
    const week10 = '2026-12-02T09:00:00Z';
    const lastMinute = '2026-12-20T22:59:59Z'; // Sunday 23:59:59 in Berlin, before the last two weeks.
    const firstMinute = '2026-12-20T23:00:00Z'; // Monday 00:00 in Berlin, week 13 of 14.

    it('should keep early grades as early, never as the grade', () => {
      const result = reconcile(3, [
        comment(ENGINEER, week10, '1 hit, 2 hit, 3 missed'),
        comment(MANAGER, lastMinute, 'hit, partial, missed'),
      ]);
      expect(result.rows).toEqual([
        { index: 1, text: 'Commitment 1', final: 'pending', early: { engineer: 'hit', manager: 'hit' } },
        { index: 2, text: 'Commitment 2', final: 'pending', early: { engineer: 'hit', manager: 'partial' } },
        {
          index: 3,
          text: 'Commitment 3',
          final: 'pending',
          early: { engineer: 'missed', manager: 'missed' },
        },
      ]);
    });

    it('should say once per person that their grades came early, and when grading opens', () => {
      const result = reconcile(3, [comment(ENGINEER, week10, 'hit, hit, missed')], {
        engineerName: 'Ana Ruiz',
      });
      expect(result.findings).toEqual([
        {
          code: 'grade-early',
          message:
            'Ana Ruiz graded before grading opened on Mon 21 Dec 2026: those grades are kept as early and count once given again from then.',
        },
      ]);
    });

    it('should count a grade from the first instant of the last two weeks', () => {
      const result = reconcile(3, [
        comment(ENGINEER, firstMinute, 'hit, hit, missed'),
        comment(MANAGER, firstMinute, 'hit, hit, missed'),
      ]);
      expect(result.rows.map((r) => r.final)).toEqual(['hit', 'hit', 'missed']);
      expect(result.findings).toEqual([]);
    });

    it('should let a grade given in the window replace an early one', () => {
      const result = reconcile(3, [
        comment(ENGINEER, week10, 'missed, missed, missed'),
        comment(ENGINEER, IN_WINDOW, 'hit, partial, missed'),
      ]);
      expect(result.rows.map((r) => [r.engineer, r.early])).toEqual([
        ['hit', undefined],
        ['partial', undefined],
        ['missed', undefined],
      ]);
      expect(result.findings).toEqual([]);
    });

    it('should still count a review held after the two weeks that follow the quarter', () => {
      const late = '2027-02-01T10:00:00Z';
      const result = reconcile(3, [
        comment(ENGINEER, late, 'hit, hit, hit'),
        comment(MANAGER, late, 'hit, hit, hit'),
      ]);
      expect(result.rows.map((r) => r.final)).toEqual(['hit', 'hit', 'hit']);
    });
  });
});
