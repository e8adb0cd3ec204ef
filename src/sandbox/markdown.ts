/** A sandbox Notion page as Markdown: properties, body and comments, as a person would see them. */
import { type Json, type NotionStore, plain, propertyText } from './notion-store.js';

function inline(items: readonly Json[] | undefined): string {
  return (items ?? [])
    .map((t) => {
      const text = String(t.plain_text ?? '');
      const bold = (t.annotations as { bold?: boolean } | undefined)?.bold ? `**${text}**` : text;
      return t.href ? `[${bold}](${String(t.href)})` : bold;
    })
    .join('');
}

export function pageToMarkdown(store: NotionStore, pageId: string): string {
  const page = store.pages.get(pageId);
  if (!page) throw new Error(`no page ${pageId}`);
  const lines: string[] = [`# ${store.title(page)}`, ''];
  const nameOf = (id: string) => store.users.get(id)?.name ?? id;
  const properties = Object.entries(page.properties).filter(([, v]) => v.type !== 'title');
  if (properties.length > 0) {
    lines.push('| Property | Value |', '| --- | --- |');
    for (const [name, value] of properties) {
      const text =
        value.type === 'people'
          ? (value.people as { id: string }[]).map((p) => nameOf(p.id)).join(', ')
          : value.type === 'relation'
            ? (value.relation as { id: string }[])
                .map((r) => store.title(store.pages.get(r.id) as never))
                .join(', ')
            : propertyText(value);
      lines.push(`| ${name} | ${text.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  let number = 0;
  for (const id of page.children) {
    const block = store.blocks.get(id);
    if (!block || block.in_trash) continue;
    const rich = block.content.rich_text as Json[] | undefined;
    number = block.type === 'numbered_list_item' ? number + 1 : 0;
    switch (block.type) {
      case 'heading_2':
        lines.push('', `## ${inline(rich)}`, '');
        break;
      case 'paragraph':
        lines.push(inline(rich), '');
        break;
      case 'numbered_list_item':
        lines.push(`${number}. ${inline(rich)}`);
        break;
      case 'bulleted_list_item':
        lines.push(`- ${inline(rich)}`);
        break;
      case 'callout':
        lines.push(
          ...inline(rich)
            .split('\n')
            .map((l) => `> ${l}`),
          '',
        );
        break;
      case 'divider':
        lines.push('', '---', '');
        break;
      case 'table': {
        const rows = block.children.map((r) => (store.blocks.get(r)?.content.cells as Json[][]) ?? []);
        rows.forEach((cells, i) => {
          lines.push(`| ${cells.map((c) => inline(c).replace(/\|/g, '\\|')).join(' | ')} |`);
          if (i === 0) lines.push(`| ${cells.map(() => '---').join(' | ')} |`);
        });
        lines.push('');
        break;
      }
      default:
        break;
    }
  }
  const comments = store.comments.filter((c) => c.pageId === pageId);
  if (comments.length > 0) {
    lines.push('', '## Comments', '');
    for (const c of comments)
      lines.push(`- **${nameOf(c.created_by)}** (${c.created_time.slice(0, 10)}): ${plain(c.rich_text)}`);
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
