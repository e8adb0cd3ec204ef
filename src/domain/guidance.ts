/** The guidance callout on a quarter page, chosen by tier and tenure. The words are the method's. */
import { FIRST_QUARTER_COMMITMENTS, MAX_COMMITMENTS } from './checks.js';
import type { GuidanceKind } from './page-model.js';
import type { Tenure } from './tenure.js';
import type { Tier } from './types.js';

const OBSERVABLE =
  'Make each one checkable: a shipped artifact, a number with a baseline and a target, a named document, or a concrete people outcome.';

export function guidanceFor(tier: Tier, tenure: Tenure): { kind: GuidanceKind; lines: string[] } {
  if (tenure.firstQuarter) {
    return {
      kind: 'first-quarter',
      lines: [
        `Your first quarter is lighter: write ${FIRST_QUARTER_COMMITMENTS} commitments rather than ${MAX_COMMITMENTS}.`,
        'Pair at least one with a senior or lead engineer: write “paired with <their name>” (or “paired with a senior engineer”) in it.',
        'Mark exactly one (ambitious): the one your manager would be most impressed by.',
        OBSERVABLE,
      ],
    };
  }
  if (tenure.underSixMonths) {
    return {
      kind: 'new-to-manager',
      lines: [
        'Write 3 to 5 commitments.',
        'Mark exactly one (ambitious): the one your manager would be most impressed by. Early on, people tend to ask too little of themselves.',
        OBSERVABLE,
      ],
    };
  }
  if (tier === 'senior' || tier === 'lead') {
    return {
      kind: 'senior',
      lines: [
        'Write 3 to 5 commitments, most important first.',
        'With 5, ask yourself: would you be okay if only the first 3 were hit? If yes, cut to 3.',
        OBSERVABLE,
      ],
    };
  }
  return { kind: 'standard', lines: ['Write 3 to 5 commitments.', OBSERVABLE] };
}
