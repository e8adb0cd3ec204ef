import { describe, expect, it } from 'vitest';
import { gradesIn, reconcileGrades } from '../../../src/domain/grading.js';
import { signatureIn, signaturesOf } from '../../../src/domain/signing.js';
import { checkpointHeld, quarterStatus } from '../../../src/domain/status.js';
import type { Commitment, PageComment } from '../../../src/domain/types.js';

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

describe('when a comment is read as a signature', () => {
  it.each([
    ['I commit to these as of 1 April', '1 April'],
    ['i commit to these as of April 1st.', 'April 1st'],
    ['I COMMIT TO THESE, AS OF 2026-10-01!', '2026-10-01'],
    ['Looks good.\nI commit to these as of 5 October', '5 October'],
  ])('should read “%s” as signed as of %s', (text, date) => {
    expect(signatureIn(text)).toEqual({ date });
  });

  it.each(['I will commit to these soon', 'Can we talk about these?', 'I commit'])(
    'should not read “%s” as a signature',
    (text) => {
      expect(signatureIn(text)).toBeUndefined();
    },
  );

  it('should count only the engineer’s and the manager’s, the latest of each', () => {
    const signatures = signaturesOf({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      comments: [
        comment('notion-someone', '2026-09-29T08:00:00Z', 'I commit to these as of 29 September'),
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(ENGINEER, '2026-11-10T09:00:00Z', 'I commit to these as of 10 November'),
      ],
    });
    expect(signatures.engineer?.text).toContain('10 November');
    expect(signatures.manager).toBeUndefined();
  });
});

describe('when a comment is read as grades', () => {
  it.each([
    ['1 hit, 2 partial, 3 missed, 4 hit', ['hit', 'partial', 'missed', 'hit']],
    ['hit / partial / missed / hit', ['hit', 'partial', 'missed', 'hit']],
    ['1: hit\n2 - Partially\n#3 miss\n4) HIT', ['hit', 'partial', 'missed', 'hit']],
    ['My grades: 2 missed, 1 hit', ['hit', 'missed']],
  ])('should read “%s”', (text, grades) => {
    const parsed = gradesIn(text);
    expect([...(parsed ?? new Map()).entries()].sort(([a], [b]) => a - b).map(([, g]) => g)).toEqual(grades);
  });

  it.each([
    'I think we missed the deadline on the RFC, sadly',
    'Checkpoint held',
    'Great hit rate this quarter, well done everyone',
  ])('should not read the conversation “%s” as grades', (text) => {
    expect(gradesIn(text)).toBeUndefined();
  });
});

describe('when engineer and manager grade', () => {
  it('should agree where they agree and say where they differ', () => {
    const result = reconcileGrades({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      commitments: commitments(3),
      comments: [
        comment(ENGINEER, '2026-12-22T09:00:00Z', '1 hit, 2 hit, 3 missed'),
        comment(MANAGER, '2026-12-22T10:00:00Z', '1 hit, 2 partial, 3 missed'),
      ],
    });
    expect(result.rows.map((r) => r.final)).toEqual(['hit', 'disagree', 'missed']);
    expect(result.findings).toEqual([]);
  });

  it('should keep only the latest grade comment of each, and wait for the other', () => {
    const result = reconcileGrades({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      commitments: commitments(2),
      comments: [
        comment(ENGINEER, '2026-12-22T09:00:00Z', 'missed / missed'),
        comment(ENGINEER, '2026-12-23T09:00:00Z', 'hit / partial'),
      ],
    });
    expect(result.rows).toEqual([
      { index: 1, text: 'Commitment 1', engineer: 'hit', final: 'pending' },
      { index: 2, text: 'Commitment 2', engineer: 'partial', final: 'pending' },
    ]);
  });

  it('should say specifically when a grade comment covers 3 of 4 items', () => {
    const result = reconcileGrades({
      engineerNotionId: ENGINEER,
      managerNotionId: MANAGER,
      commitments: commitments(4),
      comments: [comment(MANAGER, '2026-12-22T10:00:00Z', '1 hit, 2 partial, 3 missed')],
    });
    expect(result.findings).toEqual([
      {
        code: 'grade-count',
        message:
          'The manager’s grade covers 3 items but the page has 4 commitments: grade every item, e.g. “1 hit, 2 partial, 3 missed, 4 hit”.',
      },
    ]);
  });
});

describe('when a quarter page moves through its life', () => {
  it.each([
    [
      {
        engineerSigned: true,
        managerSigned: false,
        checkpointHeld: false,
        engineerGraded: false,
        managerGraded: false,
      },
      'draft',
    ],
    [
      {
        engineerSigned: true,
        managerSigned: true,
        checkpointHeld: false,
        engineerGraded: false,
        managerGraded: false,
      },
      'signed',
    ],
    [
      {
        engineerSigned: true,
        managerSigned: true,
        checkpointHeld: true,
        engineerGraded: true,
        managerGraded: false,
      },
      'checked',
    ],
    [
      {
        engineerSigned: true,
        managerSigned: true,
        checkpointHeld: true,
        engineerGraded: true,
        managerGraded: true,
      },
      'graded',
    ],
  ] as const)('should be %j → %s', (input, status) => {
    expect(quarterStatus(input)).toBe(status);
  });

  it('should count the checkpoint held only from the manager’s “Checkpoint held” comment', () => {
    expect(checkpointHeld([comment(ENGINEER, '2026-11-10T09:00:00Z', 'Checkpoint held')], MANAGER)).toBe(
      false,
    );
    expect(
      checkpointHeld(
        [comment(MANAGER, '2026-11-10T09:00:00Z', 'checkpoint held — re-scoped item 3')],
        MANAGER,
      ),
    ).toBe(true);
  });
});
