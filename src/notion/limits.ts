/** Notion's size limits, and splitting that keeps every request inside them. */
export const MAX_TEXT = 2_000;
export const MAX_BLOCKS_PER_APPEND = 100;
export const MAX_ARRAY = 100;

export interface TextItem {
  type: 'text';
  text: { content: string; link?: { url: string } | null };
  annotations?: { bold?: boolean; italic?: boolean; code?: boolean };
}

/** Rich text for `content`, split into items of at most 2,000 characters (never inside a pair). */
export function richText(content: string, link?: string, annotations?: TextItem['annotations']): TextItem[] {
  const items: TextItem[] = [];
  const chars = [...content];
  for (let i = 0; i < chars.length || items.length === 0; i += MAX_TEXT) {
    items.push({
      type: 'text',
      text: { content: chars.slice(i, i + MAX_TEXT).join(''), ...(link ? { link: { url: link } } : {}) },
      ...(annotations ? { annotations } : {}),
    });
    if (chars.length === 0) break;
  }
  return items;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Plain text of Notion rich text. */
export function plainText(items: readonly { plain_text?: string }[] | undefined): string {
  return (items ?? []).map((t) => t.plain_text ?? '').join('');
}
