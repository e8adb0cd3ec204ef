/**
 * A Slack message of the sandbox as a person reads it in the client, for the terminal: the
 * header, the context lines, each section's mrkdwn with links shown as their labels.
 */
import type { StoredSlackMessage } from './slack-store.js';

type Block = { type?: unknown; text?: { text?: unknown }; elements?: { text?: unknown }[] };

/** `<url|label>` → `label`, `*bold*` and `_italic_` kept as written, entities decoded. */
function readable(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function slackMessageText(message: StoredSlackMessage): string {
  const blocks = (message.blocks ?? []) as Block[];
  if (blocks.length === 0) return readable(message.text);
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'header' && typeof block.text?.text === 'string') lines.push(block.text.text);
    else if (block.type === 'divider') lines.push('─'.repeat(40));
    else if (block.type === 'section' && typeof block.text?.text === 'string') {
      lines.push(readable(block.text.text), '');
    } else if (block.type === 'context') {
      lines.push(...(block.elements ?? []).map((e) => (typeof e.text === 'string' ? readable(e.text) : '')));
    }
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}
