/**
 * The digest as a Slack message: Block Kit that reads on a phone (one short section per engineer,
 * the mark first, links on the names and issues), within Slack's limits: at most 50 blocks, 3,000
 * characters in a section, 150 in a header. A team too large for one section each shares sections,
 * and what still does not fit says how many lines the grid holds instead.
 */
import {
  type DigestLine,
  digestStreaks,
  gridTitle,
  lineMark,
  lineSummary,
  plural,
  type WeekDigest,
} from '../domain/index.js';
import type { SlackBlock } from './client.js';

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3_000;
export const MAX_HEADER_TEXT = 150;
/** Slack truncates a message's `text` past 40,000 characters; the fallback stays far below. */
export const MAX_TEXT = 4_000;

/** `&`, `<` and `>` are Slack's control characters in mrkdwn; everything else is shown as is. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>`; a `|` in a label would end the URL early in older clients. */
function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One engineer's line, in mrkdwn, never longer than a section takes. */
export function lineMrkdwn(line: DigestLine): string {
  const name = line.pageUrl ? `*${link(line.pageUrl, line.name)}*` : `*${escapeMrkdwn(line.name)}*`;
  let body: string;
  if (line.status === 'hit' && !line.beforeCommitline) {
    body = line.shipped.map((s) => link(s.url, `${s.identifier} ${s.title}`)).join('\n');
  } else {
    body = escapeMrkdwn(lineSummary(line));
  }
  const streak = line.streak ? `\n❓ _${escapeMrkdwn(line.streak.question)}_` : '';
  const head = `${lineMark(line)} ${name}\n`;
  const room = MAX_SECTION_TEXT - head.length - streak.length;
  // A long list of ships is cut at a whole link, with the count of the rest.
  if (body.length > room) {
    const parts = body.split('\n');
    let kept = '';
    let shown = 0;
    for (const part of parts) {
      const more = `\n…and ${parts.length - shown - 1} more`;
      if (kept.length + part.length + 1 + more.length > room) break;
      kept = kept ? `${kept}\n${part}` : part;
      shown += 1;
    }
    body = shown > 0 ? `${kept}\n…and ${parts.length - shown} more` : clip(body, room);
  }
  return `${head}${body}${streak}`;
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(text, MAX_SECTION_TEXT) }],
});

/** The notification's text: what a phone's lock screen shows, and what a client without blocks reads. */
export function digestFallback(digest: WeekDigest): string {
  const c = digest.counts;
  const open = c.open ? `, ${c.open} open` : '';
  const streaks = digestStreaks(digest).length;
  const flagged = streaks ? `, ${plural(streaks, 'streak')} to talk about` : '';
  return clip(
    `Week ${digest.weekId} (${digest.dates}): ${c.hit} shipped, ${c.missed} missed, ${c.excused} excused${open}${flagged}`,
    MAX_TEXT,
  );
}

/** Lines packed into as few sections as they fit, in order. */
function packed(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 2 + line.length <= MAX_SECTION_TEXT)
      out[out.length - 1] = `${last}\n\n${line}`;
    else out.push(line);
  }
  return out;
}

export function digestBlocks(digest: WeekDigest): SlackBlock[] {
  const c = digest.counts;
  const head: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`Week ${digest.weekId} · ${digest.dates}`, MAX_HEADER_TEXT),
        emoji: true,
      },
    },
    context(
      [
        `✅ ${c.hit} shipped  ❌ ${c.missed} missed  🟡 ${c.excused} excused${c.open ? `  ⏳ ${c.open} open` : ''}`,
        ...(digest.offWeek ? [`The team is off: ${escapeMrkdwn(digest.offWeek)}`] : []),
      ].join('  ·  '),
    ),
  ];
  const tail: SlackBlock[] = digest.gridUrl
    ? [{ type: 'divider' }, context(`${link(digest.gridUrl, gridTitle(digest.quarterId))} in Notion`)]
    : [];
  const grouped = digest.groups.length > 1;
  // One section per engineer (and a title per manager) reads best; packed when that is too many.
  const one: SlackBlock[] = [];
  for (const group of digest.groups) {
    if (grouped) one.push({ type: 'divider' }, section(`*${escapeMrkdwn(group.manager.name)}’s team*`));
    for (const line of group.lines) one.push(section(lineMrkdwn(line)));
  }
  if (!grouped) one.unshift({ type: 'divider' });
  if (head.length + one.length + tail.length <= MAX_BLOCKS) return [...head, ...one, ...tail];

  const body: SlackBlock[] = [];
  for (const group of digest.groups) {
    const title = grouped ? [`*${escapeMrkdwn(group.manager.name)}’s team*`] : [];
    for (const text of packed([...title, ...group.lines.map(lineMrkdwn)])) body.push(section(text));
  }
  const room = MAX_BLOCKS - head.length - tail.length - 1;
  if (body.length <= room + 1) return [...head, ...body, ...tail];
  const left = body.length - room;
  return [
    ...head,
    ...body.slice(0, room),
    context(
      `…${plural(left, 'more section')} than a Slack message holds: the team grid in Notion has every line.`,
    ),
    ...tail,
  ];
}
