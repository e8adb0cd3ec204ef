/**
 * Reading a commitments draft, forgivingly: people write in Notion, in a text editor or in a
 * chat, and a draft should not be refused for its bullets. The list is the one after a line
 * ending in "I will:" or under a "Commitments" heading, else the first list of the document.
 * The markers people write are read off each item: an ambitious tag and "paired with <name>".
 */
import type { Commitment } from './types.js';

// "By end of 2026-Q4 (Fri 1 Jan 2027), I will:" — the opening the quarter page itself writes.
const I_WILL = /\bI will\s*:?\s*$/i;
// A heading or label that names the commitments: "## Commitments (Q4)", "My commitments:", "**Commitments**".
const LABEL = /^(?:[\w-]+\s+){0,4}commitments\b.{0,30}$/i;
const ITEM = /^(\s*)(?:(?:\d{1,2}[.)]|[-*•+–])\s+(?:\[[ xX]?\]\s*)?|\[[ xX]?\]\s+)(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s/;
// The tag forms of "ambitious"; the tag is stripped, the commitment kept.
const AMBITIOUS = [
  /[([]\s*ambitious!?\s*[)\]]/gi,
  /(\*\*|__|\*|_)ambitious!?:?\1:?/gi,
  /🚀/gu,
  /^\s*ambitious\s*[:—–-]\s*/i,
  /\s[—–-]\s*ambitious!?\s*$/i,
  /#ambitious\b/gi,
];
const PAIR_VERB = /\bpair(?:ed|ing)?\s+(?:up\s+)?with\s+@?/gi;
// Case-sensitive on purpose: a name is capitalised, "pair with the team" names nobody.
const PAIR_NAME =
  /^(?:(?:a|an|one)\s+senior(?:\s+[a-z-]+){0,2}?\s+engineer\b|(?:a|an|one)\s+senior\b|[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’-]*|de|van|von|da|di|le)){0,2}(?<=[\w'’-]))/;

function isStart(line: string): boolean {
  if (I_WILL.test(line)) return true;
  const trimmed = line.trim();
  // A sentence that merely mentions commitments is not a label: it must look like one.
  const labelled = HEADING.test(line) || /:\**$/.test(trimmed) || /^(\*\*|__).*\1$/.test(trimmed);
  const bare = trimmed
    .replace(/^#{1,6}\s*/, '')
    .replace(/[*_]/g, '')
    .replace(/:$/, '')
    .trim();
  return LABEL.test(bare) && (labelled || /^commitments$/i.test(bare));
}

function indentOf(spaces: string): number {
  return spaces.replace(/\t/g, '    ').length;
}

/** The raw items of the list that starts at or after line `from`. */
function listFrom(lines: readonly string[], from: number): string[] {
  const items: string[] = [];
  let base = -1;
  let blank = false;
  for (const line of lines.slice(from)) {
    const started = items.length > 0;
    if (HEADING.test(line)) {
      if (started) break;
      continue;
    }
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const item = ITEM.exec(line);
    const indent = indentOf(/^\s*/.exec(line)?.[0] ?? '');
    if (item && (!started || indent <= base + 1)) {
      if (!started) base = indent;
      items.push((item[2] ?? '').trim());
    } else if (started && (indent > base || !blank)) {
      // A wrapped line, a nested bullet or an indented paragraph belongs to the item above;
      // so does an unindented line straight after it (Markdown's lazy continuation).
      const text = (item ? item[2] : line)?.trim() ?? '';
      items[items.length - 1] = `${items.at(-1)} ${text}`;
    } else if (started) {
      break;
    }
    blank = false;
  }
  return items;
}

function pairedWithIn(text: string): string | undefined {
  for (const verb of text.matchAll(PAIR_VERB)) {
    const name = PAIR_NAME.exec(text.slice((verb.index ?? 0) + verb[0].length))?.[0];
    if (name) return name.replace(/[.’']+$/, '');
  }
  return undefined;
}

function toCommitment(raw: string, index: number): Commitment {
  let text = raw;
  let ambitious = false;
  for (const tag of AMBITIOUS) {
    tag.lastIndex = 0;
    if (tag.test(text)) ambitious = true;
    text = text.replace(tag, ' ');
  }
  text = text
    .replace(/\s+/g, ' ')
    .replace(/^[\s:–—-]+/, '')
    .trim();
  const pairedWith = pairedWithIn(text);
  return { index, text, ambitious, ...(pairedWith ? { pairedWith } : {}) };
}

/** The commitments of a draft, numbered from 1 in the order written. */
export function parseCommitments(text: string): Commitment[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex(isStart);
  return listFrom(lines, start + 1)
    .filter((item) => item.length > 0)
    .map((item, i) => toCommitment(item, i + 1));
}
