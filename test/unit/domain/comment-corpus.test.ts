/**
 * The signature and grade readers judged on comments they were not written against
 * (test/fixtures/comment-corpus.ts): agreement with what a person would say each comment is.
 */
import { describe, expect, it } from 'vitest';
import { type GradeReading, gradesIn } from '../../../src/domain/grading.js';
import { type SignatureReading, signatureIn } from '../../../src/domain/signing.js';
import {
  GRADE_CORPUS,
  GRADE_CORPUS_LATER,
  GRADE_CORPUS_NEAR_WORDS,
  GRADE_CORPUS_OUTSIDE,
  type GradeLabel,
  SIGNATURE_CORPUS,
  SIGNATURE_CORPUS_LATER,
  SIGNATURE_CORPUS_OUTSIDE,
  type SignatureLabel,
} from '../../fixtures/comment-corpus.js';

const SIGNED_ON = { at: new Date('2026-10-01T08:30:00Z'), timezone: 'Europe/Berlin' };
const AGREEMENT = 0.95;

const sameSignature = (reading: SignatureReading, label: SignatureLabel) =>
  reading.kind === label.kind &&
  (label.kind !== 'signature' || (reading.kind === 'signature' && reading.day === label.day));
const sameGrades = (reading: GradeReading, label: GradeLabel) => {
  if (reading.kind !== label.kind) return false;
  if (label.kind !== 'grades' || reading.kind !== 'grades') return true;
  const read = [...reading.grades.entries()].sort(([a], [b]) => a - b).map(([i, g]) => `${i} ${g}`);
  return read.join(', ') === label.grades.join(', ');
};

function agreement<T, L>(
  corpus: readonly [string, L][],
  read: (text: string) => T,
  same: (r: T, l: L) => boolean,
) {
  const misread = corpus.filter(([text, label]) => !same(read(text), label)).map(([text]) => text);
  return { share: 1 - misread.length / corpus.length, misread };
}

describe.each([
  { part: 'first part', signatures: SIGNATURE_CORPUS, grades: GRADE_CORPUS },
  { part: 'later part', signatures: SIGNATURE_CORPUS_LATER, grades: GRADE_CORPUS_LATER },
  { part: 'outside part', signatures: SIGNATURE_CORPUS_OUTSIDE, grades: GRADE_CORPUS_OUTSIDE },
])(
  'when the readers are judged on comments they were not written against ($part)',
  ({ part, signatures, grades }) => {
    it('should agree with people on at least 95% of signatures, and never sign a negation', () => {
      const result = agreement(signatures, (t) => signatureIn(t, SIGNED_ON), sameSignature);
      console.info(
        `${part}, signatures: ${(result.share * 100).toFixed(1)}% of ${signatures.length}`,
        result.misread,
      );
      expect(result.share).toBeGreaterThanOrEqual(AGREEMENT);
      const signedWhenNot = signatures.filter(
        ([text, label]) => label.kind !== 'signature' && signatureIn(text, SIGNED_ON).kind === 'signature',
      );
      expect(signedWhenNot).toEqual([]);
    });

    it('should agree with people on at least 95% of grades, and never make a conversation a grade', () => {
      const result = agreement(grades, (t) => gradesIn(t, 4), sameGrades);
      console.info(
        `${part}, grades: ${(result.share * 100).toFixed(1)}% of ${grades.length}`,
        result.misread,
      );
      expect(result.share).toBeGreaterThanOrEqual(AGREEMENT);
      const gradedWhenNot = grades.filter(
        ([text, label]) => label.kind === 'none' && gradesIn(text, 4).kind !== 'none',
      );
      expect(gradedWhenNot).toEqual([]);
    });
  },
);

describe('when the grade reader is judged on words close to the method’s, written before they were read', () => {
  it('should agree with people on at least 95% of them, and never make a conversation a grade', () => {
    const result = agreement(GRADE_CORPUS_NEAR_WORDS, (t) => gradesIn(t, 4), sameGrades);
    console.info(
      `near words, grades: ${(result.share * 100).toFixed(1)}% of ${GRADE_CORPUS_NEAR_WORDS.length}`,
      result.misread,
    );
    expect(result.share).toBeGreaterThanOrEqual(AGREEMENT);
    const gradedWhenNot = GRADE_CORPUS_NEAR_WORDS.filter(
      ([text, label]) => label.kind === 'none' && gradesIn(text, 4).kind !== 'none',
    );
    expect(gradedWhenNot).toEqual([]);
  });

  it('should name the words it could not read in every comment it asks about', () => {
    const unnamed = GRADE_CORPUS_NEAR_WORDS.filter(([text, label]) => {
      const reading = gradesIn(text, 4);
      return (
        label.kind === 'unclear' &&
        !(reading.kind === 'unclear' && reading.problems.some((p) => p.kind === 'not-a-grade'))
      );
    });
    // "1 - done, 2 - partial, 3 - not done" is asked for its item 4 only: every word in it is read.
    expect(unnamed.map(([text]) => text)).toEqual(['1 - done, 2 - partial, 3 - not done']);
  });
});
