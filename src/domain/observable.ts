/**
 * Can a commitment be checked by someone else at the end of the quarter? Judged on principle, clause
 * by clause (a commitment may join several promises with ";", "and" or commas): a clause is checkable
 * when it holds an anchor a third party can look at —
 * - a target number: "to 80% (currently 12%)", "under 5 minutes", "99.95%", "from 47 to under 25 minutes";
 * - a named or counted deliverable: "the onboarding doc", "one RFC on …", "4 posts", "SOC 2 certification";
 * - a people outcome with a count or a name: "hire two backend engineers", "mentor Lars through …";
 * - a recurring practice, which counts its own output: "run a weekly architecture review".
 * What is not checkable is told apart by what is missing: a direction over something measurable
 * without a number (`needs-target`), a relative change without its starting point (`needs-baseline`),
 * or nothing to check at all (`vague`: a trait, an open-ended activity, a direction over a quality).
 *
 * Plain rules over the words' roles (verbs of completion, of direction, of activity; numbers with their
 * units; determiners and counts); measured on a labelled corpus with a held-out part
 * (test/unit/domain/observable-corpus.test.ts).
 */
export type ObservabilityVerdict = 'observable' | 'needs-target' | 'needs-baseline' | 'vague';
export type AnchorKind = 'target' | 'deliverable' | 'people' | 'practice';
/** Why a clause is vague: a way of being, an activity with no end, a direction over a quality, or nothing found. */
export type VagueReason = 'trait' | 'activity' | 'direction' | 'no-anchor';

export interface ClauseJudgement {
  /** The clause as written. */
  clause: string;
  verdict: ObservabilityVerdict;
  /** What makes the clause checkable, when it is: the kind and the words found. */
  anchor?: { kind: AnchorKind; text: string };
  /** Why a vague clause is vague. */
  reason?: VagueReason;
  /** The relative change that lacks a starting point, or the measurable thing that lacks a target. */
  about?: string;
  /** For `needs-target`: what is missing is a count ("fix bugs": how many, which). */
  count?: true;
}

export interface Observability {
  verdict: ObservabilityVerdict;
  observable: boolean;
  /** The first clause's anchor, when every clause is checkable. */
  anchor?: { kind: AnchorKind; text: string };
  /** The first clause that cannot be checked, when one cannot. */
  missing?: ClauseJudgement;
  clauses: ClauseJudgement[];
}

// ---- words by role --------------------------------------------------------------------------

const words = (list: string) => list.trim().split(/\s*\|\s*/);
const alternation = (list: string) =>
  words(list)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.+]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');

const COUNT_WORDS =
  'one | two | three | four | five | six | seven | eight | nine | ten | eleven | twelve | fifteen | twenty | thirty | forty | fifty | hundred | a dozen | dozen | both | a couple of';
// Verbs whose object is done at some point: shipping it, writing it, retiring it, passing it.
const COMPLETION_VERBS = `ship | launch | release | land | write | publish | finish | complete | deliver | migrate |
  move | port | speak at | present at | talk at | retire | decommission | deprecate | remove | delete | drop | kill |
  sunset | turn | switch | shut | replace | swap | achieve | obtain | earn | pass | give | present | speak | run |
  hold | host | organise | organize | hire | recruit | close | sign | roll | cut over | upgrade | enable | enforce |
  automate | open-source | build | set | stand | introduce | implement | add | create | define | draft | design |
  document | backfill | rotate | fix | submit | merge | adopt | integrate | deploy | bring | put | convert |
  consolidate | split | extract | rewrite | redesign | lead | instrument | retrain | train | produce | prepare |
  record | configure | install | provision | encrypt | patch | archive | unify | certify | interview | review |
  approve | file | restore | teach | have | get | make | wire | connect | expose | ensure | establish | finalise |
  finalize | track | enrol`;
// Verbs of keeping something as it is: checkable only with a count or a target.
const SUSTAIN_VERBS = 'keep | maintain | sustain';
// Verbs of a direction: they say which way, not where to.
const DIRECTION_VERBS = `improve | increase | decrease | reduce | lower | raise | cut | grow | boost | speed up |
  slow | shorten | shrink | minimise | minimize | maximise | maximize | optimise | optimize | streamline |
  simplify | polish | harden | tidy | clean up | refactor | modernise | modernize | stabilise | stabilize |
  enhance | tighten | expand | accelerate | trim | cut down | strengthen`;
// Verbs of an activity with no end: they say what one will be doing, not what will be done.
const ACTIVITY_VERBS = `work | explore | investigate | look | research | help | support | assist | contribute |
  focus | think | continue | keep up | try | spend | champion | advocate | drive | own | care | participate |
  engage | collaborate | partner | learn | study | level up | dig | tinker | play | experiment | aim | push |
  encourage | make sure | get up to speed | promote a | foster | nurture | evangelise | evangelize |
  deliver value | double down | keep on | keep the lights | be involved | join | attend | shadow`;
// Ways of being: a trait is not an outcome.
const TRAIT_VERBS = `be | become | stay | remain | get better | grow as | grow into | communicate | act | behave |
  show | demonstrate | step up | feel`;
// People outcomes: the verb needs a count, a name or a role.
const PEOPLE_VERBS =
  'hire | recruit | onboard | bring | promote | mentor | coach | train | sponsor | pair | grow';

// Nouns that name no thing: a quality, a change of unstated size, an area.
const NO_THING = `value | impact | trust | alignment | culture | awareness | quality | excellence | ownership |
  visibility | momentum | progress | things | stuff | work | debt | tech debt | improvements | improvement |
  enhancements | fixes | changes | updates | tweaks | cleanup | clean-up | refactors | refactoring | help |
  support | code | codebase | experience | process | processes | practices | relationships | rapport |
  confidence | knowledge | skills | expertise | best practices | hygiene | health | innovation | lights | ux |
  dx | platform | frontend | backend | infra | infrastructure | stack | domain | area | space | promises`;
// Plain countable nouns: without a count they need a number.
const COUNTABLE = `tests | docs | documents | documentation | posts | blog posts | articles | talks | bugs |
  features | alerts | dashboards | tickets | prs | issues | metrics | runbooks | reviews | releases | deploys |
  experiments | engineers | people | hires | services | 1:1s | interviews | customers | users |
  conferences | meetups | events | workshops | webinars | hackathons | brown bags`;
// Things a number is read off: a direction over one of these needs a target, not a different goal.
const MEASURES = `latency | latencies | p50 | p75 | p90 | p95 | p99 | time | times | duration | speed | performance |
  throughput | coverage | cost | costs | spend | spending | bill | budget | errors | error rate | rate | alerts |
  noise | flaky | flakiness | tests | docs | bugs | incidents | mttr | mtta | mttd | uptime | availability |
  conversion | churn | nps | rating | ratings | size | load | cpu | memory | frequency | velocity | number |
  count | crashes | crash-free | crash rate | anrs | vulns | vulnerabilities | cves | accuracy | precision |
  recall | freshness | deploys | 1:1s | signups | sign-ups | dau | mau | wau | ctr | retention | revenue |
  usage | adoption | runs | failures | downtime | 500s | 5xx | reliability | stability | satisfaction | score |
  lead time | backlog | toil | team | headcount | engineers | tickets | queue | lag | delay`;
// Comparatives a number can be put on ("faster": seconds) and ones it cannot ("smoother").
const MEASURABLE_COMPARATIVES = `faster | quicker | slower | cheaper | smaller | lighter | leaner | fewer | less |
  higher | lower | more reliable | more stable | more available | shorter | longer`;
// A clause that makes a measurement gives a sibling's relative change its starting point.
const MEASURING =
  'audit | baseline | benchmark | survey | inventory | measurement | analysis | instrumentation';
const FREQUENCY = String.raw`(?:weekly|monthly|fortnightly|bi-?weekly|daily|quarterly|nightly|every\s+(?:week|sprint|month|day|release|quarter|monday|tuesday|wednesday|thursday|friday|pr|deploy|incident)|each\s+(?:week|sprint|month|time|release)|once\s+a\s+(?:week|month|sprint)|\w+\s+times?\s+(?:a|per)\s+(?:week|month|sprint))`;

const COUNT = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+(?:\s*[–-]\s*\d+)?|${alternation(COUNT_WORDS)})`;
const NUM = String.raw`(?:[$€£]\s?)?\d+(?:[.,]\d+)*(?:\s?[kmb]\b)?`;
// A level may be written in words: "under ten minutes", "at least two".
const LEVEL = String.raw`(?:${NUM}|(?:${alternation(COUNT_WORDS)})\b)`;
const UNIT = `(?:%|percent|pp|points?|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|mb|gb|kb|tb|k|x|rps|qps)`;
const BOUND = String.raw`(?:under|below|over|above|at\s+least|at\s+most|less\s+than|more\s+than|fewer\s+than|no\s+more\s+than|no\s+less\s+than|within|up\s+to|≤|≥|<=|>=|<|>|~)`;

const re = (source: string, flags = 'i') => new RegExp(source, flags);
const startsWith = (list: string) => re(String.raw`^(?:${alternation(list)})\b`);
const COMPLETION = startsWith(COMPLETION_VERBS);
const SUSTAIN = startsWith(SUSTAIN_VERBS);
const DIRECTION = startsWith(DIRECTION_VERBS);
const ACTIVITY = startsWith(ACTIVITY_VERBS);
const TRAIT = startsWith(TRAIT_VERBS);
const PEOPLE = startsWith(PEOPLE_VERBS);
const ANY_VERB = re(
  `(?:${[COMPLETION_VERBS, SUSTAIN_VERBS, DIRECTION_VERBS, ACTIVITY_VERBS, TRAIT_VERBS, PEOPLE_VERBS].map(alternation).join('|')}|halve|double|triple)`,
);

// ---- target numbers and relative changes ------------------------------------------------------

const TARGETS: readonly RegExp[] = [
  // "from 47 to under 25 minutes", "from $38k to under $25k", "from 2 a week to daily"
  re(
    String.raw`\bfrom\s+(?:about\s+|around\s+|~)?${LEVEL}[^,;]{0,25}?\bto\s+(?:${BOUND}\s*)?(?:${LEVEL}(?:\s?${UNIT}(?![a-z]))?|daily|weekly|zero)`,
  ),
  // "under 5 minutes", "≥ 0.80", "at least 2 primary shifts"
  re(String.raw`(?:^|[\s(])${BOUND}\s*${LEVEL}(?:\s?${UNIT}(?![a-z]))?`),
  // "99.95%", "80% line coverage", "to 100% of users" — but "by 30%" is a change, not a level
  re(String.raw`(?<!\bby\s)(?<!\bby\s(?:a|another|a\sfurther)\s)(?<![\d.,])\d+(?:\.\d+)?\s?(?:%|percent\b)`),
  // "to 80%", "of 200 ms", "hit 1.5s"
  re(String.raw`\b(?:to|at|of|hit|reach)\s+${NUM}\s?${UNIT}(?![a-z])`),
  re(String.raw`\b\d+\+(?!\w)`),
  // "zero data loss", "with no major findings", "to zero"
  /\bzero(?:\s+[a-z][\w-]*){0,2}/i,
  /\b(?:with|and|having)\s+no\s+(?!more\b|less\b|longer\b|one\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?/i,
  // "before 6am", "by 10:00"
  /\b(?:before|by|until)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)\b/i,
  // "in 10 of 13 weeks"
  /\b\d+\s+(?:of|out\s+of)\s+(?:the\s+|our\s+)?\d+\b/i,
  /\bto\s+(?:done|completion)\b/i,
];
const RELATIVE: readonly RegExp[] = [
  re(
    String.raw`\bby\s+(?:a\s+further\s+|another\s+|about\s+|~)?(?:${NUM}\s*(?:${UNIT}|percentage\s+points?)|[$€£]\s?\d)`,
  ),
  /\bby\s+(?:a\s+|one\s+)?(?:half|third|quarter|fifth|tenth|factor\s+of\s+\w+|an\s+order\s+of\s+magnitude)\b/i,
  /\bin\s+half\b/i,
  /\b(?:halve|halving|double|doubling|triple|tripling|quadruple)\s+(?!down\b)(?:the\s+|our\s+)?[\w-]+(?:\s+[\w-]+)?/i,
  /(?:^|\s)\d+\s?[x×]\s+(?:the\s+|our\s+)?[a-z]/i,
];
// A stated starting point: "(currently 12%)", "from 1.4 s", "vs Q3", "baseline 40".
const BASELINE = re(
  String.raw`\b(?:currently|today|now\s+at|baseline|vs\.?|versus|compared\s+(?:to|with)|relative\s+to)\b|\bfrom\s+(?:about\s+|around\s+|~)?${NUM}|\(\s*${NUM}`,
);

function firstMatch(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m[0].trim();
  }
  return undefined;
}

// ---- preparing the text -----------------------------------------------------------------------

const MONTH = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
// Dates and deadlines carry numbers that are not targets: "by 15 Dec", "by week 8", "Q1 2027".
const DATES: readonly RegExp[] = [
  re(
    String.raw`\b(?:(?:by|before|until|in|on|for|through|after)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:${MONTH}|may(?=\s+\d))\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4})?`,
    'gi',
  ),
  /\b(?:by\s+|before\s+)?\d{4}-\d{2}-\d{2}\b/gi,
  /\b(?:(?:by|before|in)\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:\d{4}-)?(?:q[1-4]|h[12])(?:\s+\d{4})?\b/gi,
  /\b(?:by|before|in|from)\s+(?:the\s+end\s+of\s+)?(?:week|wk|sprint)\s+\d+\b/gi,
  /\b(?:by\s+)?(?:the\s+)?(?:eoq|eoy|end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:quarter|year|month|sprint)|(?:quarter|year|month|sprint)[\s-]end)\b/gi,
  /\b(?:19|20)\d{2}\b/g,
];
const FRAMING =
  /^(?:(?:i|we)\s*(?:will|'ll|shall|want\s+to|plan\s+to|aim\s+to|intend\s+to|commit\s+to|am\s+going\s+to|'m\s+going\s+to)\s+(?:have\s+(?=\w+ed\b|the\b|our\b|a\b))?|goal\s*:\s*|i\s+will\s*:\s*)/i;
const ADVERBS = /^(?:also|fully|finally|successfully|properly|actually|really|then|personally)\s+/i;

// A share of one's own time put in is effort, not an outcome: "spend 20% of my time on tech debt".
const EFFORT_SHARE =
  /\b(spend|dedicate|allocate|devote|invest|reserve|set\s+aside|put)\s+(?:at\s+least\s+|about\s+|~)?\d+(?:\.\d+)?\s?(?:%|percent\b)\s+of\s+(?:my|our|the\s+team'?s|their|his|her)\s+(?:time|capacity|week|weeks|sprints?|hours)\b/gi;

// A hedge promises nothing more: "speak at conferences when possible" is "speak at conferences".
const HEDGE =
  /,?\s*\b(?:when(?:ever)?\s+possible|if\s+possible|where\s+possible|as\s+needed|as\s+time\s+allows|if\s+time\s+(?:allows|permits)|when\s+(?:i|we)\s+can|time\s+permitting)\b/gi;

/** The text with what carries no judgement taken off: list marks, tags, framing, dates. */
function prepare(text: string): string {
  let t = text
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/^\s*(?:[-*•+–]|\d{1,2}[.)])\s+(?:\[[ xX]?\]\s*)?/, '')
    .replace(/[([]\s*ambitious!?\s*[)\]]|#ambitious\b|🚀/gi, ' ');
  for (const d of DATES) t = t.replace(d, ' ');
  t = t.replace(EFFORT_SHARE, '$1 time').replace(HEDGE, ' ');
  t = t
    .replace(/\s+([,;:.])/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;–—-]+/, '')
    .replace(/[\s,:;.!]+$/, '');
  for (let i = 0; i < 2; i += 1) t = t.replace(FRAMING, '').replace(ADVERBS, '');
  return t.trim();
}

/** Clauses split on ";", and on "and", "then", "+" or a comma when a verb starts the next one. */
function clausesOf(text: string): string[] {
  // Parentheses hold remarks ("(one mid, one senior)"): never split inside them.
  let depth = 0;
  const masked = [...text]
    .map((ch) => {
      if (ch === '(') depth += 1;
      if (ch === ')') depth = Math.max(0, depth - 1);
      return depth > 0 && (ch === ',' || ch === ';') ? HELD_COMMA : ch;
    })
    .join('')
    .replace(/\band\b/g, (m, offset: number) => (insideParens(text, offset) ? HELD_AND : m));
  const joiner = re(
    String.raw`\s*;\s*|(?:\s*,\s*(?:and\s+|then\s+|&\s+)?|\s+(?:and|then|&|\+)\s+(?:then\s+)?)(?=(?:${ANY_VERB.source})\s+\S)`,
    'gi',
  );
  const parts = masked
    .split(joiner)
    .map((c) => c.split(HELD_COMMA).join(',').split(HELD_AND).join('and').trim())
    .filter((c) => /[a-z0-9]/i.test(c));
  // "Write and present the budget": a verb alone shares the object of the clause after it.
  const clauses: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (next !== undefined && /^[a-z-]+$/i.test(part)) {
      parts[i + 1] = `${part} and ${next}`;
    } else {
      clauses.push(part);
    }
  }
  return clauses;
}

// Private-use characters stand for what parentheses hold while the text is split.
const HELD_COMMA = '\uE000';
const HELD_AND = '\uE001';

function insideParens(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  return before.lastIndexOf('(') > before.lastIndexOf(')');
}

// ---- judging one clause ------------------------------------------------------------------------

const NO_THING_RE = re(`^(?:${alternation(NO_THING)})$`);
const COUNTABLE_RE = re(`^(?:${alternation(COUNTABLE)})$`);
const MEASURE_RE = re(String.raw`\b(?:${alternation(MEASURES)})\b`);
const MEASURABLE_COMPARATIVE_RE = re(String.raw`\b(?:${alternation(MEASURABLE_COMPARATIVES)})\b`);
const MOVE = /^(?:migrate|move|port|switch|upgrade|convert|bring)$/i;
const STATE = /\b(?:[a-z]{3,}ed|running|live|done|shipped|built|written|in\s+prod(?:uction)?|ga)\b/i;
// Objects that are not things: "lead by example", "enable the team to move faster".
const NOT_AN_OBJECT =
  /^(?:by|to|for|on|about|around|sure|up\s+to)\b|^\S+(?:\s+\S+){0,3}\s+to\s+(?:be|move|ship|work|do|get|go|grow|own|feel|focus|deliver|make|take)\b/i;
const LEADING_COMPARATIVE = re(String.raw`^(?:${alternation(MEASURABLE_COMPARATIVES)}|more|better)\b`);
const COMPARATIVE_RE = /\b(?:more|fewer|less|better|worse|\w{3,}er)\b/i;
const UNNAMED =
  /^(?:more|some|better|various|several|many|lots\s+of|a\s+lot\s+of|a\s+few|few|additional|further|extra|any|other|what|whatever|anything|everything|how|why|where|when|ways?\s+to)\b/i;
const DETERMINED = re(
  String.raw`^(?:the|our|my|their|his|her|its|this|that|these|those|a|an|every|each|all|whole|entire|${COUNT}|[\w-]+'s)\b`,
);
// An evaluation is not a thing: "a good example", "a great experience", "world-class docs".
const EVALUATIVE =
  /^(?:(?:the|a|an|our)\s+)?(?:good|great|solid|strong|healthy|nice|clean|robust|excellent|world-class|best-in-class|amazing|awesome)\b/i;
const PRONOUN = /^(?:it|them|both|each|all|this|that|these)\b/i;
const COUNTED_RE = re(String.raw`(?:^|[^\w.'])(${COUNT})\s+(?![%x]|percent\b|${UNIT}\b)[a-z]`, 'gi');
/** A count before a noun ("two RFCs", "the 40 DAGs"); a number after a name is its version ("Postgres 16"). */
function counted(text: string): boolean {
  for (const m of text.matchAll(COUNTED_RE)) {
    const before = text.slice(0, m.index).trim().split(/\s+/);
    const previous = before.at(-1) ?? '';
    const version = before.length > 1 && /^\d/.test(m[1] ?? '') && /^[A-Z]|\d/.test(previous);
    if (!version) return true;
  }
  return false;
}
const QUANTIFIED = /\b(?:every|all|each|both)\s+(?:of\s+)?(?:the\s+|our\s+|my\s+)?[a-z0-9]/i;
const ROLE =
  /^(?:an?|one|the|our|my)\s+(?:[a-z-]+\s+){0,2}(?:engineers?|developers?|seniors?|leads?|sres?|designers?|mentors?|staff|managers?|buddy|architects?)\b/i;
// A name is capitalised and is not a term written in capitals or with dots and digits.
const NAME = /^(?:[A-Z][a-zà-ÿ'’-]+)(?:\s+(?:and|&)\s+[A-Z][a-zà-ÿ'’-]+)*/;
const PREPOSITION =
  /\s+(?:of|for|to|on|in|with|from|across|behind|at|by|into|onto|through|under|so|that|and|or|as|via|using|before|after|without|within)\s+|,/i;

interface Parsed {
  verb: string;
  rest: string;
}

/** The leading verb (with its particle) and what follows it. */
function leadOf(clause: string, verbs: RegExp): Parsed | undefined {
  const m = verbs.exec(clause);
  if (!m) return undefined;
  let rest = clause.slice(m[0].length).trim();
  const particle = /^(?:up|out|over|off|down|on|in|into|onto|with|at|through)\b\s*/i.exec(rest);
  if (particle && !/^(?:on|in|into|onto|with|at|through)\b/i.test(particle[0]))
    rest = rest.slice(particle[0].length);
  return { verb: m[0].toLowerCase(), rest };
}

type ObjectKind = 'named' | 'countable' | 'none';

/** Does the object name a thing someone can point at? */
function objectKind(object: string): ObjectKind {
  const text = object.replace(/^(?:up|out|over|off|down)\s+/i, '').trim();
  if (EVALUATIVE.test(text)) return 'none';
  if (text === '' || UNNAMED.test(text)) return COUNTABLE_RE.test(headOf(text)) ? 'countable' : 'none';
  if (PRONOUN.test(text) || counted(text)) return 'named';
  const head = headOf(text);
  if (NO_THING_RE.test(head) || NO_THING_RE.test(text.split(PREPOSITION)[0]?.trim() ?? '')) return 'none';
  if (COUNTABLE_RE.test(head) && !DETERMINED.test(text)) return 'countable';
  return 'named';
}

function headOf(text: string): string {
  const chunk = (text.split(PREPOSITION)[0] ?? '').replace(/[()"]/g, '').trim();
  return chunk.split(/\s+/).at(-1)?.toLowerCase() ?? '';
}

const anchor = (clause: string, kind: AnchorKind, text: string): ClauseJudgement => ({
  clause,
  verdict: 'observable',
  anchor: { kind, text },
});
const vague = (clause: string, reason: VagueReason): ClauseJudgement => ({
  clause,
  verdict: 'vague',
  reason,
});

/** A direction with no number: a target would make it checkable if what moves can be measured. */
function direction(clause: string, prepared: string): ClauseJudgement {
  const measure = MEASURE_RE.exec(prepared)?.[0] ?? MEASURABLE_COMPARATIVE_RE.exec(prepared)?.[0];
  if (measure) return { clause, verdict: 'needs-target', about: measure.toLowerCase() };
  // A count going up or down is a number even when the noun is not a metric: "reduce flaky builds".
  const counted =
    /\b(?:reduc|cut|lower|decreas|increas|rais|grow|fewer|more|less)\w*\b.*\b[a-z]{2,}s\b(?<!ss|us|is|ness)/i.exec(
      prepared,
    );
  if (counted)
    return {
      clause,
      verdict: 'needs-target',
      about: headOf(prepared.replace(/^\w+\s+(?:down\s+on\s+)?/i, '')),
    };
  return vague(clause, 'direction');
}

function judgeClause(clause: string): ClauseJudgement {
  const c = prepare(clause);
  const target = firstMatch(c, TARGETS);
  if (target) return anchor(clause, 'target', target);
  const relative = firstMatch(c, RELATIVE);
  if (relative) {
    if (BASELINE.test(c)) return anchor(clause, 'target', relative);
    return { clause, verdict: 'needs-baseline', about: relative.toLowerCase() };
  }
  const frequency = re(`\\b${FREQUENCY}\\b`).exec(c)?.[0];
  if (TRAIT.test(c) && !/^(?:get|make)\b/i.test(c)) return vague(clause, 'trait');
  // "drive down p95", "push up adoption": a direction told with a verb of effort.
  if (/^(?:drive|push|knock)\s+(?:down|up)\b/i.test(c)) return direction(clause, c);
  if (ACTIVITY.test(c)) return vague(clause, 'activity');

  const people = leadOf(c, PEOPLE);
  if (people) return peopleOutcome(clause, c, people);
  if (DIRECTION.test(c) && !/^cut\s+over\b/i.test(c)) return direction(clause, c);
  // "make X faster", "get X down": a direction told with a light verb.
  if (/^(?:make|get)\b/i.test(c)) {
    const rest = c.replace(/^(?:make|get)\s+/i, '');
    if (
      /\b(?:down|up)$/i.test(rest) ||
      COMPARATIVE_RE.test(rest) ||
      /\b(?:great|good|nice|smooth|snappy)\b/i.test(rest)
    ) {
      return direction(clause, c);
    }
  }
  if (/^(?:more|fewer|less|faster|better|quicker|cheaper)\b/i.test(c)) return direction(clause, c);

  const sustain = leadOf(c, SUSTAIN);
  if (sustain) {
    return counted(sustain.rest) || QUANTIFIED.test(sustain.rest)
      ? anchor(clause, 'deliverable', sustain.rest)
      : vague(clause, 'activity');
  }
  const done = leadOf(c, COMPLETION);
  if (done) {
    if (LEADING_COMPARATIVE.test(done.rest)) return direction(clause, c);
    if (NOT_AN_OBJECT.test(done.rest)) return vague(clause, 'activity');
    if (frequency) return anchor(clause, 'practice', `${done.verb} ${done.rest}`);
    let kind = objectKind(done.rest);
    // A move names its end state: "migrate the data platform to GCP".
    if (
      kind === 'none' &&
      MOVE.test(done.verb) &&
      /\b(?:to|onto|off)\s+(?:[A-Z0-9]|the\b|our\b)/.test(done.rest)
    ) {
      kind = 'named';
    }
    if (kind === 'named') return anchor(clause, 'deliverable', done.rest);
    if (kind === 'countable')
      return { clause, verdict: 'needs-target', about: headOf(done.rest), count: true };
    if (COMPARATIVE_RE.test(done.rest)) return direction(clause, c);
    return vague(clause, 'no-anchor');
  }
  if (/^[a-z-]+\s+(?:more|fewer|less)\b/i.test(c)) return direction(clause, c);
  // A verb we do not know, followed by its object: an action with no stated end.
  if (/^[a-z-]+\s+(?:(?:the|our|my|a|an|their|all|every|some|more)\b|\d)/i.test(c)) {
    return counted(c) ? anchor(clause, 'deliverable', c) : vague(clause, 'no-anchor');
  }
  // No verb we know: checkable only as a state at the end of the quarter, told by its participle or
  // its reach ("keyboard navigation on the whole editor, signed off by …", "Redis 7 running in all regions").
  if (COMPARATIVE_RE.test(c.split(/\s+/)[0] ?? '')) return direction(clause, c);
  const state = STATE.test(c) || QUANTIFIED.test(c);
  return state && objectKind(c) === 'named' ? anchor(clause, 'deliverable', c) : vague(clause, 'no-anchor');
}

function peopleOutcome(clause: string, c: string, { verb, rest }: Parsed): ClauseJudgement {
  const original = c.slice(c.length - rest.length);
  if (verb === 'pair') {
    // Pairing is how the work gets done: checkable when it is with a person, on a named piece of work.
    const partner = rest.replace(/^(?:up\s+)?with\s+@?/i, '');
    const on = /\b(?:on|for)\s+(.+)$/i.exec(partner)?.[1];
    const person = ROLE.test(partner) || NAME.test(original.replace(/^(?:up\s+)?with\s+@?/i, ''));
    return person && on && objectKind(on) === 'named'
      ? anchor(clause, 'people', partner)
      : vague(clause, 'no-anchor');
  }
  if (counted(rest) || QUANTIFIED.test(rest) || ROLE.test(rest) || NAME.test(original)) {
    return anchor(clause, 'people', `${verb} ${rest}`);
  }
  if (/^(?:hire|recruit|grow)$/.test(verb)) {
    return { clause, verdict: 'needs-target', about: headOf(rest) || verb, count: true };
  }
  if (verb === 'bring' || verb === 'train') {
    const kind = objectKind(rest);
    if (kind === 'named') return anchor(clause, 'deliverable', rest);
  }
  return vague(clause, 'no-anchor');
}

// ---- the whole commitment -----------------------------------------------------------------------

/** The verdict on one commitment, with the anchor found or the clause that lacks one. */
export function judgeObservability(text: string): Observability {
  const prepared = prepare(text);
  const clauses = clausesOf(prepared).map(judgeClause);
  if (clauses.length === 0) clauses.push(vague(text, 'no-anchor'));
  // A clause that measures ("finish the alert-fatigue audit") gives a sibling's relative change its baseline.
  const measuring = re(String.raw`\b(?:${alternation(MEASURING)}|measure|instrument)\w*\b`);
  const measured = clauses.some((c) => c.verdict === 'observable' && measuring.test(c.clause));
  const judged = clauses.map((c) =>
    c.verdict === 'needs-baseline' && measured ? anchor(c.clause, 'target', c.about ?? c.clause) : c,
  );
  const missing = judged.find((c) => c.verdict !== 'observable');
  if (missing) return { verdict: missing.verdict, observable: false, missing, clauses: judged };
  const first = judged[0];
  return {
    verdict: 'observable',
    observable: true,
    ...(first?.anchor ? { anchor: first.anchor } : {}),
    clauses: judged,
  };
}

const EXAMPLES =
  'a shipped artifact (“ship the passkeys flow behind a flag”), a number with a target (“cut p95 sign-in latency from 1.4 s to under 600 ms”), a named document (“land one RFC on device trust”), or a people outcome (“onboard one mid engineer onto on-call”)';

/** What would make the commitment checkable, in a few words, for the finding's message; '' when it is. */
export function observabilityHint(text: string): string {
  return hintFor(judgeObservability(text));
}

/** The part of a finding's message that names what is missing from the judgement's first unchecked clause. */
export function hintFor(judgement: Observability): string {
  const missing = judgement.missing;
  if (!missing) return '';
  // With several clauses, say which one lacks an anchor.
  const it = judgement.clauses.length > 1 ? `“${missing.clause.replace(/[.;,\s]+$/, '')}”` : 'it';
  switch (missing.verdict) {
    case 'needs-target':
      return missing.count
        ? `${it} says “${missing.about}” but not how many or which: give a count or name them, e.g. “write Playwright tests for the 10 most-used flows”`
        : `${it} says which way “${missing.about}” should move but not to what: give the number to reach and where it stands today, e.g. “cut p95 sign-in latency from 1.4 s to under 600 ms”`;
    case 'needs-baseline':
      return `${it} asks for a change (“${missing.about}”) with no starting point: say where it stands today, e.g. “from 1.4 s to under 1 s” or “(currently 12%)”`;
    default:
      return `${it} ${VAGUE_WHY[missing.reason ?? 'no-anchor']}; name what will exist or be true at the end of the quarter: ${EXAMPLES}`;
  }
}

const VAGUE_WHY: Record<VagueReason, string> = {
  trait: 'describes a way of working, not a result',
  activity: 'says what you will work on, not what will be done',
  direction: 'says which way, not what will be true',
  'no-anchor': 'names no deliverable, number or person',
};
