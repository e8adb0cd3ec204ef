/**
 * Is a commitment observable? It must name something that can be checked at the end of the
 * quarter: a shipped artifact, a number with a baseline and a target, a named document, or a
 * concrete people outcome. A heuristic in plain regular expressions, tuned on the method's
 * examples; it errs towards asking, since the question costs a minute and a vague goal a quarter.
 */
export type ObservableKind = 'artifact' | 'metric' | 'document' | 'people';

export interface Observability {
  observable: boolean;
  kind?: ObservableKind;
}

const UNIT = String.raw`(?:%|ms|s|sec|seconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|x|k|m|gb|mb|tb|€|\$|pp)`;
const NUMBER = String.raw`[~$€£]?\d+(?:[.,]\d+)?\s*${UNIT}?`;
const BOUND = String.raw`(?:under|below|over|above|at\s+least|at\s+most|less\s+than|more\s+than|fewer\s+than|~)`;
const METRIC = [
  // "from 1.4 s to under 600 ms", "from 12% to 80%", "from 47 to under 25 minutes"
  new RegExp(
    String.raw`\bfrom\s+(?:about\s+|around\s+)?${NUMBER}\s+(?:down\s+|up\s+)?to\s+(?:${BOUND}\s+)?${NUMBER}`,
    'i',
  ),
  // "to under 600 ms (from 1.4 s)", "12% → 80%"
  new RegExp(String.raw`\bto\s+(?:${BOUND}\s+)?${NUMBER}.*\bfrom\s+${NUMBER}`, 'i'),
  new RegExp(String.raw`${NUMBER}\s*(?:→|->|=>)\s*(?:${BOUND}\s+)?${NUMBER}`, 'i'),
  // "halve noisy alerts", "double the weekly deploys": the baseline is today's number.
  /\b(halve|double|triple|quadruple)\s+(?:the\s+|our\s+|its\s+|their\s+)?(?!down\b|up\b|efforts?\b)[a-z]/i,
  /\b(cut|reduce|raise|increase|improve|lower|grow|decrease)\b.+\bby\s+\d+(?:[.,]\d+)?\s*(%|x|percent)/i,
];
// "with zero data loss" is a target whose baseline is obvious; it is checked after the artifact
// rules so that "move logs from Loki to Datadog with zero data loss" reads as the move it is.
const ZERO = /\bzero\s+(data\s+loss|downtime|incidents?|errors?|regressions?|pages|sev-?[0-9]s?)\b/i;
const DOCUMENT =
  /\b(land|write|publish|finish|ship|deliver|draft|complete|get|present|lead|rewrite|update)\b.*\b(rfcs?|design\s+docs?|docs?|documents?|documentation|runbooks?|postmortems?|post-mortems?|adrs?|specs?|specifications?|audits?|guides?|playbooks?|proposals?|handbooks?|onboarding\s+notes)\b/i;
const COUNT = String.raw`(?:one|two|three|four|five|six|\d+|a|an|our|the\s+next)`;
const PEOPLE = [
  new RegExp(
    String.raw`\b(hire|onboard|bring|mentor|coach|train|pair|promote|grow)\b.*\b${COUNT}\b.*\b(engineers?|developers?|hires?|people|interns?|designers?|managers?|leads?|rotation|on-?call)\b`,
    'i',
  ),
  /\b(hire|onboard)\s+(one|two|three|four|five|six|\d+)\b/i,
  // Case-sensitive on purpose: "pair with Dana" names someone, "pair with the team" does not.
  /\b[Pp]air(?:ed|ing)?\s+(?:up\s+)?with\s+@?(?:(?:a|an|one)\s+(?:[a-z-]+\s+){0,2}(?:engineer|developer|senior|designer|lead)|[A-Z])/,
  /\brun\s+(?:a|the)\s+(weekly|monthly|biweekly|fortnightly|quarterly)\b/i,
];
// A move between two named places is an artifact whatever moves: "move logs from Loki to Datadog".
const MOVE = /\b(move|migrate|port)\b.+\b(to|onto|off)\s+[A-Za-z0-9]/i;
const ARTIFACT_VERB =
  /\b(ship|launch|release|deliver|migrate|build|finish|roll\s*out|deploy|replace|retire|deprecate|remove|automate|open[- ]source|enable|add|implement|publish|cut\s+over|sunset|rewrite|upgrade)\b/i;
const ARTIFACT_OBJECT =
  /\b(flows?|features?|flags?|apis?|endpoints?|services?|pages?|screens?|integrations?|pipelines?|dashboards?|sdks?|cli|apps?|ios|android|web|mobile|desktop|versions?|v\d+|beta|ga|support|migrations?|library|tools?|jobs?|workflows?|logs?|sign-?up|sign-?in|log-?in|passkeys|sso|checkout|exports?|imports?|search|backend|frontend|database|cluster|billing|invoices?|payments?|onboarding|notifications?|settings|editor|reports?|redesign|mode|api|queues?|caches?|schemas?|tests?|alerts?|monitoring|tracing|csv|pdf|webhooks?|plugins?|extensions?|widgets?|forms?|models?)\b/i;
// "write more docs" promises a direction, not a document.
const UNNAMED_DOCUMENT = /\b(more|better|some|good|our)\s+(docs?|documentation|specs?|guides?|rfcs?)\b/i;
const VAGUE =
  /^\W*(?:be|become|help|support|work\s+on|focus\s+on|think\s+about|explore|look\s+into|keep|continue|try\s+to|delight|improve|get\s+better|learn|grow|own|care|contribute)\b/i;

export function observabilityOf(text: string): Observability {
  if (METRIC.some((re) => re.test(text))) return { observable: true, kind: 'metric' };
  if (DOCUMENT.test(text) && !UNNAMED_DOCUMENT.test(text)) return { observable: true, kind: 'document' };
  if (PEOPLE.some((re) => re.test(text))) return { observable: true, kind: 'people' };
  if (VAGUE.test(text)) return { observable: false };
  if (MOVE.test(text) || (ARTIFACT_VERB.test(text) && ARTIFACT_OBJECT.test(text))) {
    return { observable: true, kind: 'artifact' };
  }
  if (ZERO.test(text)) return { observable: true, kind: 'metric' };
  return { observable: false };
}

// Words that promise a change in a number without saying from what to what.
const DIRECTION =
  /\b(improve|reduce|cut|increase|raise|lower|decrease|speed\s+up|faster|slower|fewer|less|more|grow|boost|optimi[sz]e)\b/i;

/** What would make an unobservable item checkable, in a few words, for the finding's message. */
export function observabilityHint(text: string): string {
  if (DIRECTION.test(text)) {
    return 'say from what to what, with a baseline and a target, e.g. “cut p95 sign-in latency from 1.4 s to under 600 ms”';
  }
  return 'name what will exist or be true at the end of the quarter: a shipped artifact (“ship the passkeys flow behind a flag”), a number with a baseline and a target, a named document (“land one RFC on device trust”), or a people outcome (“onboard one mid engineer onto on-call”)';
}
