/**
 * The findings on a set of commitments, each in plain words: how many, whether each can be
 * checked, and the two biases the method watches (under-ambition for people the manager has
 * known under 6 months; over-ambition for trusted seniors), plus the lighter first quarter.
 */
import { hintFor, judgeObservability } from './observable.js';
import { pairingOf, type RosterPerson } from './pairing.js';
import { tenureAt } from './tenure.js';
import type { Commitment, Finding, FindingCode, IsoDate, Quarter, Tier } from './types.js';
import { plural } from './words.js';

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
  /**
   * The roster's names and tiers, so "paired with <name>" counts only for a senior or lead.
   * Absent: a name cannot be checked and is given the benefit of the doubt.
   */
  roster?: readonly RosterPerson[];
}

function countFindings(n: number): Finding<FindingCode>[] {
  if (n < MIN_COMMITMENTS) {
    return [
      {
        code: 'too-few',
        message: `${n === 0 ? 'No commitments yet' : `Only ${plural(n, 'commitment')}`}: write 3 to 5, each something you can check at the end of the quarter.`,
      },
    ];
  }
  if (n > MAX_COMMITMENTS) {
    return [
      {
        code: 'too-many',
        message: `${n} commitments is more than anyone can hold in a quarter; it usually means what matters has not been chosen yet. Cut to the 3–5 that matter most, and keep the rest as a backlog.`,
      },
    ];
  }
  return [];
}

/** One finding per commitment no one could check, saying what it lacks: a target, a baseline, or anything to check. */
function observabilityFindings(commitments: readonly Commitment[]): Finding<FindingCode>[] {
  return commitments.flatMap((c) => {
    const judgement = judgeObservability(c.text);
    if (judgement.observable) return [];
    return [
      {
        code: 'not-observable',
        item: c.index,
        message: `Item ${c.index}, “${c.text}”, cannot be checked at the end of the quarter: ${hintFor(judgement)}.`,
      },
    ];
  });
}

function tenureFindings(
  commitments: readonly Commitment[],
  input: {
    tier: Tier;
    startDate: IsoDate;
    quarter: Quarter;
    timezone: string;
    roster: readonly RosterPerson[] | undefined;
  },
): Finding<FindingCode>[] {
  const findings: Finding<FindingCode>[] = [];
  const n = commitments.length;
  const tenure = tenureAt(input.startDate, input.quarter, { timezone: input.timezone });
  const firstQuarter = tenure.firstQuarter;

  if (tenure.underSixMonths) {
    const ambitious = commitments.filter((c) => c.ambitious).length;
    if (ambitious === 0) {
      findings.push({
        code: 'ambition',
        message:
          'None of these is marked ambitious. Mark exactly one (ambitious): the one your manager would be most impressed by. With under 6 months together, people tend to ask too little of themselves.',
      });
    } else if (ambitious > 1) {
      findings.push({
        code: 'ambition',
        message: `${ambitious} commitments are marked ambitious; keep the mark on exactly one, the one your manager would be most impressed by.`,
      });
    }
  }
  if (firstQuarter) {
    if (n !== FIRST_QUARTER_COMMITMENTS && n >= MIN_COMMITMENTS && n <= MAX_COMMITMENTS) {
      findings.push({
        code: 'first-quarter-size',
        message: `A first quarter is lighter: write ${FIRST_QUARTER_COMMITMENTS} commitments rather than ${n}.`,
      });
    }
    findings.push(...pairingFindings(commitments, input.roster));
  }
  return findings;
}

const PAIRING_ASK =
  'In a first quarter, pair at least one commitment with a senior engineer: write “paired with <name>” in it.';

/** A first quarter pairs at least one commitment with a senior or lead; say so, naming who is not one. */
function pairingFindings(
  commitments: readonly Commitment[],
  roster?: readonly RosterPerson[],
): Finding<FindingCode>[] {
  const pairings = commitments.map((c) => ({ item: c.index, pairing: pairingOf(c, roster) }));
  if (pairings.some((p) => p.pairing.kind === 'senior')) return [];
  const notSenior = pairings.find((p) => p.pairing.kind === 'not-senior');
  if (notSenior?.pairing.kind !== 'not-senior')
    return [{ code: 'first-quarter-pairing', message: PAIRING_ASK }];
  return [
    {
      code: 'first-quarter-pairing',
      item: notSenior.item,
      message: `Item ${notSenior.item} pairs with “${notSenior.pairing.with}”, who is not a senior or lead engineer on the roster. ${PAIRING_ASK}`,
    },
  ];
}

/** Every finding on the commitments; the tenure checks run only when tier, start date and quarter are known. */
export function checkCommitments(input: CheckInput): Finding<FindingCode>[] {
  const { commitments, tier, startDate, quarter } = input;
  const n = commitments.length;
  const findings = [...countFindings(n), ...observabilityFindings(commitments)];
  const known = tier && startDate && quarter;
  if (known) {
    findings.push(
      ...tenureFindings(commitments, {
        tier,
        startDate,
        quarter,
        timezone: input.timezone ?? 'UTC',
        roster: input.roster,
      }),
    );
  }
  // In a first quarter the size finding already asks for 4; the first-3 question would be a second ask.
  const firstQuarterAsked = findings.some((f) => f.code === 'first-quarter-size');
  if ((tier === 'senior' || tier === 'lead') && n === MAX_COMMITMENTS && !firstQuarterAsked) {
    findings.push({
      code: 'first-three',
      message:
        'Would you be okay if only the first 3 were hit? If yes, cut to those 3; if not, say which of the last 2 matters more.',
    });
  }
  return findings;
}
