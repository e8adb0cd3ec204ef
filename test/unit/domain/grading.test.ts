import { describe, expect, it } from 'vitest';
import { gradesIn, reconcileGrades } from '../../../src/domain/grading.js';
import type { Commitment, Grade, PageComment } from '../../../src/domain/types.js';

const ENGINEER = 'notion-ana';
const MANAGER = 'notion-maya';
let n = 0;
const comment = (authorId: string, at: string, text: string): PageComment => ({
  id: `c${++n}`,
  authorId,
  createdAt: new Date(at),
  text,
});
const commitments = (count: number): Commitment[] =>
  Array.from({ length: count }, (_, i) => ({ index: i + 1, text: `Commitment ${i + 1}`, ambitious: false }));
const inOrder = (grades: ReadonlyMap<number, Grade>) =>
  [...grades.entries()].sort(([a], [b]) => a - b).map(([i, g]) => `${i} ${g}`);

describe('when a comment is read as grades', () => {
  it.each([
    ['1 hit, 2 partial, 3 missed, 4 hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['hit / partial / missed / hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['1: hit\n2 - partial\n#3 missed\n4) hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['1: HIT\n2 - Partially\n#3 miss\n4. Hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['My grades: 4 hit, 3 missed, 2 partial, 1 hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['@Maya Okafor — hit, partial, missed, hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['1 hit, partial, 3 missed, hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    ['Final grades:\n- hit\n- partial\n- missed\n- hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
    [
      'Item 2: partial, item 1: hit, item 4: hit, item 3: missed',
      ['1 hit', '2 partial', '3 missed', '4 hit'],
    ],
    ['Grades for Q4: hit, partial, missed, hit', ['1 hit', '2 partial', '3 missed', '4 hit']],
  ])('should read “%s”', (text, grades) => {
    const parsed = gradesIn(text, 4);
    expect(parsed.ok && inOrder(parsed.grades)).toEqual(grades);
  });

  it.each([
    'I think we missed the deadline on the RFC, sadly',
    'Checkpoint held',
    'Great hit rate this quarter, well done everyone',
    'I commit to these as of 1 April',
    '',
  ])('should not read the conversation “%s” as grades', (text) => {
    expect(gradesIn(text, 4)).toEqual({ ok: false, reason: 'not-grades' });
  });

  it.each([
    ['1 hit, 2 partial, 3 missed', ['1 hit', '2 partial', '3 missed']],
    ['hit / hit / hit / hit / hit', ['1 hit', '2 hit', '3 hit', '4 hit', '5 hit']],
    ['1 hit, 2 hit, 3 hit, 5 hit', ['1 hit', '2 hit', '3 hit', '5 hit']],
  ])('should fail “%s” on the count of 4, keeping what it read', (text, grades) => {
    const parsed = gradesIn(text, 4);
    expect(parsed).toMatchObject({ ok: false, reason: 'count' });
    expect(!parsed.ok && parsed.reason === 'count' && inOrder(parsed.grades)).toEqual(grades);
  });

  it('should fail an item graded twice differently, keeping the others', () => {
    const parsed = gradesIn('1 hit, 1 missed, 2 hit, 3 hit', 3);
    expect(parsed).toMatchObject({ ok: false, reason: 'repeated' });
    expect(!parsed.ok && parsed.reason === 'repeated' && inOrder(parsed.grades)).toEqual(['2 hit', '3 hit']);
  });

  it('should accept any count when none is given', () => {
    expect(gradesIn('hit / missed')).toMatchObject({ ok: true });
  });
});

describe('when engineer and manager grade', () => {
  const reconcile = (count: number, comments: PageComment[], names = {}) =>
    reconcileGrades({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      commitments: commitments(count),
      comments,
      ...names,
    });

  it.each([
    {
      case: 'both agree',
      engineer: '1 hit, 2 partial, 3 missed',
      manager: 'hit / partial / missed',
      finals: ['hit', 'partial', 'missed'],
    },
    {
      case: 'they differ on one',
      engineer: '1 hit, 2 hit, 3 missed',
      manager: '1 hit, 2 partial, 3 missed',
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
      ...(engineer ? [comment(ENGINEER, '2026-12-22T09:00:00Z', engineer)] : []),
      ...(manager ? [comment(MANAGER, '2026-12-22T10:00:00Z', manager)] : []),
    ];
    const result = reconcile(3, comments);
    expect(result.rows.map((r) => r.final)).toEqual(finals);
    expect(result.findings).toEqual([]);
  });

  it('should keep only the latest grade comment of each, ignoring conversation after it', () => {
    const result = reconcile(2, [
      comment(ENGINEER, '2026-12-23T09:00:00Z', 'hit / partial'),
      comment(ENGINEER, '2026-12-22T09:00:00Z', 'missed / missed'),
      comment(ENGINEER, '2026-12-24T09:00:00Z', 'Thanks, that was a good review'),
      comment('notion-someone', '2026-12-25T09:00:00Z', 'missed / missed'),
    ]);
    expect(result.rows).toEqual([
      { index: 1, text: 'Commitment 1', engineer: 'hit', final: 'pending' },
      { index: 2, text: 'Commitment 2', engineer: 'partial', final: 'pending' },
    ]);
  });

  it.each([
    {
      case: 'covers 3 of 4 items, named',
      grade: '1 hit, 2 partial, 3 missed',
      names: { managerName: 'Maya' },
      message:
        'Maya’s grade covers 3 items but the page has 4 commitments: grade every item, e.g. “1 hit, 2 partial, 3 missed, 4 hit”.',
    },
    {
      case: 'covers 3 of 4 items, unnamed',
      grade: '1 hit, 2 partial, 3 missed',
      names: {},
      message:
        'The manager’s grade covers 3 items but the page has 4 commitments: grade every item, e.g. “1 hit, 2 partial, 3 missed, 4 hit”.',
    },
    {
      case: 'numbers an item the page does not have',
      grade: '1 hit, 2 hit, 3 hit, 5 hit',
      names: {},
      message:
        'The manager’s grade grades item 5, but the page has 4 commitments: grade every item, e.g. “1 hit, 2 partial, 3 missed, 4 hit”.',
    },
  ])('should say specifically when a grade $case', ({ grade, names, message }) => {
    const result = reconcile(4, [comment(MANAGER, '2026-12-22T10:00:00Z', grade)], names);
    expect(result.findings).toEqual([{ code: 'grade-count', message }]);
    expect(result.rows[3]).toEqual({ index: 4, text: 'Commitment 4', final: 'pending' });
  });

  it('should let a later short grade replace a complete one, and say so', () => {
    const result = reconcile(
      3,
      [
        comment(ENGINEER, '2026-12-22T09:00:00Z', '1 hit, 2 hit, 3 hit'),
        comment(ENGINEER, '2026-12-23T09:00:00Z', '1 hit, 2 missed'),
      ],
      { engineerName: 'Ana' },
    );
    expect(result.rows.map((r) => r.engineer)).toEqual(['hit', 'missed', undefined]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'Ana’s grade covers 2 items but the page has 3 commitments: grade every item, e.g. “1 hit, 2 partial, 3 missed”.',
    ]);
  });

  it('should say when an item is graded twice', () => {
    const result = reconcile(2, [comment(ENGINEER, '2026-12-22T09:00:00Z', '1 hit, 1 missed, 2 hit')]);
    expect(result.findings.map((f) => f.code)).toEqual(['grade-repeated']);
    expect(result.rows.map((r) => r.engineer)).toEqual([undefined, 'hit']);
  });

  it('should not speak about grades on a page with no commitments', () => {
    expect(reconcile(0, [comment(ENGINEER, '2026-12-22T09:00:00Z', 'hit / hit')])).toEqual({
      rows: [],
      findings: [],
    });
  });
});
