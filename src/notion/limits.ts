/** Notion's size limits, and splitting that keeps every request inside them. */
export const MAX_TEXT = 2_000;
export const MAX_BLOCKS_PER_APPEND = 100;
export const MAX_ARRAY = 100;

export interface TextItem {
  type: 'text';
  text: { content: string; link?: { url: string } | null };
  annotations?: { bold?: boolean; italic?: boolean; code?: boolean };
}

/** A mention of a Notion user, at the start of a comment. */
export interface MentionItem {
  type: 'mention';
  mention: { type: 'user'; user: { id: string } };
}

export type RichTextRequest = TextItem | MentionItem;

/**
 * Pieces of at most `max` UTF-16 code units (what Notion counts: `text.content.length ≤ 2000`),
 * never splitting a surrogate pair.
 */
export function splitText(content: string, max: number = MAX_TEXT): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < content.length) {
    let end = Math.min(start + max, content.length);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(content.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Rich text for `content`, split into items of at most 2,000 characters; every item carries the
 * link and annotations. At most MAX_ARRAY items (200,000 characters): beyond that the text is cut
 * and ends with "…". A URL longer than Notion accepts (2,000) is left off rather than sent broken.
 */
export function richText(content: string, link?: string, annotations?: TextItem['annotations']): TextItem[] {
  const url = link && link.length <= MAX_TEXT ? link : undefined;
  let pieces = splitText(content);
  if (pieces.length === 0) pieces = [''];
  if (pieces.length > MAX_ARRAY) {
    pieces = pieces.slice(0, MAX_ARRAY);
    const last = pieces[MAX_ARRAY - 1] ?? '';
    pieces[MAX_ARRAY - 1] = `${splitText(last, MAX_TEXT - 1)[0] ?? ''}…`;
  }
  return pieces.map((piece) => ({
    type: 'text',
    text: { content: piece, ...(url ? { link: { url } } : {}) },
    ...(annotations ? { annotations } : {}),
  }));
}

/** `items` in groups of at most `size` (100 blocks per append, 100 items per array). */
export function chunk<T>(items: readonly T[], size: number = MAX_ARRAY): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Plain text of Notion rich text. */
export function plainText(items: readonly { plain_text?: string }[] | undefined): string {
  return (items ?? []).map((t) => t.plain_text ?? '').join('');
}
