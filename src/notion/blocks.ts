/**
 * Blocks as commitline writes them, and one normal form (`blockKey`) for a block whether it is a
 * request we are about to send or a response Notion gave back, so "what we wrote" and "what is
 * there" compare equal when they show the same thing.
 */
import { createHash } from 'node:crypto';
import { richText, type TextItem } from './limits.js';

export type BlockRequest =
  | { type: 'paragraph'; paragraph: { rich_text: TextItem[] } }
  | { type: 'heading_2'; heading_2: { rich_text: TextItem[] } }
  | { type: 'bulleted_list_item'; bulleted_list_item: { rich_text: TextItem[] } }
  | { type: 'numbered_list_item'; numbered_list_item: { rich_text: TextItem[] } }
  | { type: 'callout'; callout: { rich_text: TextItem[]; icon: { type: 'emoji'; emoji: string } } }
  | { type: 'divider'; divider: Record<string, never> }
  | {
      type: 'table';
      table: {
        table_width: number;
        has_column_header: boolean;
        has_row_header: boolean;
        children: TableRowRequest[];
      };
    };

export const paragraph = (text: TextItem[] | string): BlockRequest => ({
  type: 'paragraph',
  paragraph: { rich_text: typeof text === 'string' ? richText(text) : text },
});
export const heading = (text: string): BlockRequest => ({
  type: 'heading_2',
  heading_2: { rich_text: richText(text) },
});
export const bullet = (text: TextItem[]): BlockRequest => ({
  type: 'bulleted_list_item',
  bulleted_list_item: { rich_text: text },
});
export const numbered = (text: string): BlockRequest => ({
  type: 'numbered_list_item',
  numbered_list_item: { rich_text: text ? richText(text) : [] },
});
export const callout = (text: string, emoji: string): BlockRequest => ({
  type: 'callout',
  callout: { rich_text: richText(text), icon: { type: 'emoji', emoji } },
});
export const divider = (): BlockRequest => ({ type: 'divider', divider: {} });
export const table = (rows: string[][], columnHeader = true): BlockRequest => ({
  type: 'table',
  table: {
    table_width: rows[0]?.length ?? 1,
    has_column_header: columnHeader,
    has_row_header: false,
    children: rows.map((cells) => ({
      type: 'table_row',
      table_row: { cells: cells.map((c) => richText(c)) },
    })),
  },
});

interface AnyRichText {
  plain_text?: string;
  href?: string | null;
  text?: { content: string; link?: { url: string } | null };
}

export type TableRowRequest = { type: 'table_row'; table_row: { cells: TextItem[][] } };

/** Text and links of rich text, from a request or a response alike. */
export function textKey(items: readonly AnyRichText[] | undefined): string {
  return (items ?? [])
    .map((t) => {
      const content = t.plain_text ?? t.text?.content ?? '';
      const link = t.href ?? t.text?.link?.url;
      return link ? `[${content}](${link})` : content;
    })
    .join('');
}

/** A block's visible content as a string: type and text, or a table's rows. */
export function blockKey(
  type: string,
  richText: readonly AnyRichText[] | undefined,
  tableRows?: readonly (readonly (readonly AnyRichText[])[])[],
): string {
  if (type === 'table') {
    return `table:${(tableRows ?? []).map((cells) => cells.map((c) => textKey(c)).join('|')).join('\n')}`;
  }
  return `${type}:${textKey(richText)}`;
}

/** The same normal form, of a block commitline is about to send. */
export function requestKey(block: BlockRequest): string {
  switch (block.type) {
    case 'table':
      return blockKey(
        'table',
        undefined,
        block.table.children.map((row) => row.table_row.cells),
      );
    case 'divider':
      return blockKey('divider', []);
    case 'paragraph':
      return blockKey(block.type, block.paragraph.rich_text);
    case 'heading_2':
      return blockKey(block.type, block.heading_2.rich_text);
    case 'bulleted_list_item':
      return blockKey(block.type, block.bulleted_list_item.rich_text);
    case 'numbered_list_item':
      return blockKey(block.type, block.numbered_list_item.rich_text);
    case 'callout':
      return blockKey(block.type, block.callout.rich_text);
  }
}

export function hashOf(value: unknown): string {
  return createHash('sha1')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}
