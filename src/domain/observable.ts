/**
 * Is a commitment observable? It must name something that can be checked at the end of the
 * quarter: a shipped artifact, a number with a baseline and a target, a named document, or a
 * concrete people outcome. A heuristic in plain regular expressions, tuned on the method's
 * examples; it errs towards asking, since the question costs a minute and a vague goal a quarter.
 */
export type ObservableKind = 'metric' | 'document' | 'people' | 'artifact';

const NUMBER = String.raw`\d+(?:[.,]\d+)?\s*(?:%|ms|s|sec|seconds?|minutes?|mins?|hours?|h|days?|x|k|m|gb|mb)?`;
const METRIC = [
  new RegExp(
    String.raw`\bfrom\s+(?:about\s+|~)?${NUMBER}\s+(?:down\s+|up\s+)?to\s+(?:under\s+|below\s+|over\s+|above\s+|at\s+least\s+|at\s+most\s+|less\s+than\s+|more\s+than\s+|~)?${NUMBER}`,
    'i',
  ),
  /\b(halve|double|triple)\b.+\b(alerts?|time|latency|errors?|costs?|count|rate|incidents?|pages|tickets)\b/i,
  /\b(cut|reduce|raise|increase|improve|lower|grow)\b.+\bby\s+\d+\s*%/i,
  /\bzero\s+(data\s+loss|downtime|incidents?|errors?|regressions?)\b/i,
];
const DOCUMENT =
  /\b(land|write|publish|finish|ship|deliver|draft|complete|get)\b.*\b(rfcs?|design\s+docs?|docs?|documents?|runbooks?|postmortems?|adrs?|specs?|audits?|guides?|playbooks?|proposals?)\b/i;
const PEOPLE = [
  /\b(hire|onboard|bring|mentor|coach|train|pair)\b.*\b(one|two|three|four|five|\d+|a|an)\b.*\b(engineers?|hires?|people|interns?|designers?|managers?|rotation|on-?call)\b/i,
  /\b(hire|onboard)\b\s+(one|two|three|four|five|\d+)\b/i,
  /\bpair(?:ed)?\s+with\s+(?:a\s+)?[A-Z\w]/i,
  /\brun\s+(?:a\s+)?(weekly|monthly|biweekly|fortnightly)\b/i,
];
const ARTIFACT_VERB =
  /\b(ship|launch|release|deliver|migrate|move|build|finish|roll\s*out|deploy|replace|retire|deprecate|remove|automate|open[- ]source|enable|add|implement|publish|cut\s+over)\b/i;
const ARTIFACT_OBJECT =
  /\b(flow|feature|flag|api|endpoint|service|page|screen|integration|pipeline|dashboard|sdk|cli|app|ios|android|web|version|v\d|support|migration|library|tool|job|workflow|logs?|datadog|loki|sign-?up|sign-?in|checkout|export|import|search|backend|frontend|database|cluster|billing|onboarding|notifications?)\b/i;
const VAGUE =
  /^(?:\W*)(?:be|become|help|support|work\s+on|focus\s+on|think\s+about|explore|look\s+into|keep|continue|try\s+to|delight|improve|get\s+better)\b/i;

export function observabilityOf(text: string): { observable: boolean; kind?: ObservableKind } {
  if (METRIC.some((re) => re.test(text))) return { observable: true, kind: 'metric' };
  if (DOCUMENT.test(text)) return { observable: true, kind: 'document' };
  if (PEOPLE.some((re) => re.test(text))) return { observable: true, kind: 'people' };
  if (!VAGUE.test(text) && ARTIFACT_VERB.test(text) && ARTIFACT_OBJECT.test(text)) {
    return { observable: true, kind: 'artifact' };
  }
  return { observable: false };
}
