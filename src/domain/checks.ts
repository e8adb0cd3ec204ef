/**
 * The findings on a set of commitments, each in plain words: how many, whether each can be
 * checked, and the two biases the method watches (under-ambition for people the manager has
 * known under 6 months; over-ambition for trusted seniors), plus the lighter first quarter.
 */
import { observabilityOf } from './observable.js';
import { tenureAt } from './tenure.js';
import type { Commitment, Finding, IsoDate, Quarter, Tier } from './types.js';

export const MIN_COMMITMENTS = 3;
export const MAX_COMMITMENTS = 5;
export const FIRST_QUARTER_COMMITMENTS = 4;

export interface CheckInput {
  commitments: readonly Commitment[];
  tier?: Tier;
  startDate?: IsoDate;
  quarter?: Quarter;
  /** The team timezone, to read the quarter's first day; UTC when not given. */
  timezone?: string;
}

export function checkCommitments(input: CheckInput): Finding[] {
  const { commitments } = input;
  const n = commitments.length;
  const findings: Finding[] = [];
  if (n < MIN_COMMITMENTS) {
    findings.push({
      code: 'too-few',
      message: `${n === 0 ? 'No commitments yet' : `Only ${n} commitment${n === 1 ? '' : 's'}`}: write 3 to 5, each something you can check at the end of the quarter.`,
    });
  }
  if (n > MAX_COMMITMENTS) {
    findings.push({
      code: 'too-many',
      message: `${n} commitments is more than anyone can hold in a quarter; it usually means what matters most has not been chosen yet. Cut to the 3–5 that matter most, and keep the rest as a backlog.`,
    });
  }
  for (const c of commitments) {
    if (observabilityOf(c.text).observable) continue;
    findings.push({
      code: 'not-observable',
      item: c.index,
      message: `Item ${c.index} (“${c.text}”) cannot be checked at the end of the quarter. Name a shipped artifact, a number with a baseline and a target (“from 1.4 s to under 600 ms”), a named document, or a concrete people outcome.`,
    });
  }
  if (!input.tier || !input.startDate || !input.quarter) return findings;

  const tenure = tenureAt(input.startDate, input.quarter, { timezone: input.timezone ?? 'UTC' });
  if (tenure.underSixMonths) {
    const ambitious = commitments.filter((c) => c.ambitious).length;
    if (ambitious !== 1) {
      findings.push({
        code: 'ambition',
        message:
          ambitious === 0
            ? 'Mark exactly one commitment (ambitious): the one your manager would be most impressed by. Early on, people tend to ask too little of themselves.'
            : `${ambitious} commitments are marked ambitious; keep the mark on exactly one, the one your manager would be most impressed by.`,
      });
    }
  }
  if (tenure.firstQuarter) {
    if (n !== FIRST_QUARTER_COMMITMENTS && n >= MIN_COMMITMENTS && n <= MAX_COMMITMENTS) {
      findings.push({
        code: 'first-quarter-size',
        message: `A first quarter is lighter: write ${FIRST_QUARTER_COMMITMENTS} commitments rather than ${n}.`,
      });
    }
    if (!commitments.some((c) => c.pairedWith)) {
      findings.push({
        code: 'first-quarter-pairing',
        message:
          'In a first quarter, pair at least one commitment with a senior engineer: write “paired with <name>” in it.',
      });
    }
  }
  if ((input.tier === 'senior' || input.tier === 'lead') && n === MAX_COMMITMENTS) {
    findings.push({
      code: 'first-three',
      message:
        'Would you be okay if only the first 3 were hit? If yes, cut to those 3; if not, say which of the last 2 matters more.',
    });
  }
  return findings;
}
