/**
 * "Paired with": a first-quarter commitment shared with a senior engineer. It counts when it
 * names a senior or lead of the roster, or says "a senior engineer", "a senior", "a lead", "a
 * staff engineer". A name that is not on the roster ("paired with Kubernetes") or belongs to a
 * junior or mid does not count.
 */
import type { Commitment, Tier } from './types.js';

/** A person of the roster, as the pairing check needs them. */
export interface RosterPerson {
  name: string;
  tier: Tier;
}

/** Whether a commitment pairs with a senior, and with what it says it pairs, for the finding's words. */
export type Pairing =
  | { kind: 'senior'; with: string }
  /** It names someone or something that is not a senior or lead of the roster. */
  | { kind: 'not-senior'; with: string }
  | { kind: 'none' };

const PAIR_VERB = /\bpair(?:s|ed|ing)?(?:\s+up)?\s+with\s+@?/gi;
// "a senior engineer", "one senior backend engineer", "a tech lead", "a staff engineer", "our lead".
const A_SENIOR =
  /^(?:a|an|one|the|our|my)\s+(?:(?!senior|lead|staff|principal)[\w-]+\s+){0,2}(?:senior|lead|staff|principal)\b(?:\s+[\w-]+){0,2}?(?:\s+(?:engineer|developer|dev)s?\b)?|^(?:one\s+of\s+)?(?:the|our)\s+(?:seniors|leads)\b/i;
// Where what follows "paired with" ends: the rest of the item is about the work, not the person.
const PARTNER_END = /[,;:.()\n]|\s(?:on|for|to|in|at|through|during|when|while|so|until)\s/i;

const isSenior = (tier: Tier) => tier === 'senior' || tier === 'lead';

/**
 * What a commitment says it pairs with. `roster` absent: a name cannot be checked, so any name
 * the commitment reader took for one (`commitment.pairedWith`) is given the benefit of the doubt.
 */
export function pairingOf(commitment: Commitment, roster?: readonly RosterPerson[]): Pairing {
  const partners = [...commitment.text.matchAll(PAIR_VERB)].map((verb) => {
    const rest = commitment.text.slice((verb.index ?? 0) + verb[0].length);
    return rest.split(PARTNER_END)[0]?.trim() ?? '';
  });
  if (commitment.pairedWith && !partners.some((p) => p.startsWith(commitment.pairedWith ?? ''))) {
    partners.push(commitment.pairedWith);
  }
  let named: string | undefined;
  for (const partner of partners.filter((p) => p !== '')) {
    if (A_SENIOR.test(partner)) return { kind: 'senior', with: partner };
    if (!roster) {
      if (commitment.pairedWith && partner.startsWith(commitment.pairedWith)) {
        return { kind: 'senior', with: commitment.pairedWith };
      }
      continue;
    }
    // "paired with Dev and Chen": one senior among them is enough.
    const senior = partner
      .split(/\s+(?:and|&)\s+|\s*[/+]\s*/i)
      .map((name) => seniorNamed(name, roster))
      .find((name) => name !== undefined);
    if (senior) return { kind: 'senior', with: senior };
    named ??= partner;
  }
  return named ? { kind: 'not-senior', with: named } : { kind: 'none' };
}

/**
 * The senior or lead of the roster that `partner` names, by full name or first name. A first name
 * shared with someone who is not senior names nobody for sure: the full name is needed then.
 */
function seniorNamed(partner: string, roster: readonly RosterPerson[]): string | undefined {
  const says = (name: string) =>
    new RegExp(`(?:^|[^\\p{L}])${literal(name)}(?![\\p{L}])`, 'iu').test(partner);
  const byFullName = roster.find((p) => says(p.name));
  if (byFullName) return isSenior(byFullName.tier) ? byFullName.name : undefined;
  const firstName = (p: RosterPerson) => p.name.split(/\s+/)[0] ?? p.name;
  const byFirstName = roster.filter((p) => says(firstName(p)));
  return byFirstName.length > 0 && byFirstName.every((p) => isSenior(p.tier))
    ? byFirstName[0]?.name
    : undefined;
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
