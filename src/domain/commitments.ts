/**
 * Reading a commitments draft, forgivingly: the numbered or bulleted list after a line ending in
 * "I will:" or under a "Commitments" heading (else the first list), with continuation lines
 * joined, and the markers people write: (ambitious) and "paired with <name>".
 */
import type { Commitment } from './types.js';

const START = [/\bI will:?\s*$/i, /^\s*#{1,6}\s*commitments\b/i, /^\s*\**commitments\**:?\s*$/i];
const ITEM = /^\s*(?:\d+[.)]|[-*•+])\s+(?:\[[ xX]?\]\s+)?(.*)$/;
const HEADING = /^\s*#{1,6}\s/;
const AMBITIOUS =
  /\s*(?:\(ambitious\)|\[ambitious\]|\*\*ambitious\*\*|_ambitious_|🚀)\s*|^\s*ambitious:\s*/gi;
const PAIRED =
  /\b[Pp]air(?:ed)?\s+(?:up\s+)?with\s+((?:a|an)\s+senior(?:\s+engineer)?|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)/;

function listAfter(lines: readonly string[], from: number): string[] {
  const items: string[] = [];
  let blank = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (HEADING.test(line) && items.length > 0) break;
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      items.push((item[1] ?? '').trim());
      blank = false;
    } else if (items.length > 0 && /^\s+\S/.test(line) && !blank) {
      items[items.length - 1] = `${items.at(-1)} ${line.trim()}`;
    } else if (items.length > 0) {
      break;
    }
  }
  return items;
}

function toCommitment(raw: string, index: number): Commitment {
  const ambitious = raw.search(AMBITIOUS) >= 0;
  const text = raw.replace(AMBITIOUS, ' ').replace(/\s+/g, ' ').trim();
  const paired = PAIRED.exec(text)?.[1];
  return { index, text, ambitious, ...(paired ? { pairedWith: paired } : {}) };
}

export function parseCommitments(text: string): Commitment[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => START.some((re) => re.test(line)));
  const items = listAfter(lines, start >= 0 ? start + 1 : 0);
  return items.filter((item) => item.length > 0).map((item, i) => toCommitment(item, i + 1));
}
