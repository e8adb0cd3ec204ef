/**
 * The sandbox's Notion, in memory: users, databases with their data sources, pages, blocks and
 * comments, answered in the shapes of API version 2025-09-03.
 */
import { randomUUID } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface SandboxUser {
  id: string;
  type: 'person' | 'bot';
  name: string;
  email?: string;
}

export interface StoredPage {
  id: string;
  parent: Json;
  properties: Record<string, Json>;
  created_time: string;
  last_edited_time: string;
  created_by: string;
  last_edited_by: string;
  in_trash: boolean;
  /** Top-level block ids, in order. */
  children: string[];
}

export interface StoredBlock {
  id: string;
  type: string;
  content: Json;
  parentId: string;
  children: string[];
  created_time: string;
  last_edited_time: string;
  created_by: string;
  last_edited_by: string;
  in_trash: boolean;
}

export interface StoredComment {
  id: string;
  /** The page the comment is on, whether on the page itself or inline on one of its blocks. */
  pageId: string;
  /** For an inline comment: the block its discussion is on. */
  blockId?: string;
  discussionId: string;
  created_time: string;
  created_by: string;
  rich_text: Json[];
}

export interface StoredDataSource {
  id: string;
  databaseId: string;
  name: string;
  properties: Record<string, Json>;
}

export interface StoredDatabase {
  id: string;
  parentPageId: string;
  title: Json[];
  dataSourceIds: string[];
  created_time: string;
  blockId: string;
  /** Rich text, as Notion answers it. */
  description?: Json[];
}

/** Notion shows a page's last edit to the minute, rounded down, and filters on that. */
export function toMinute(iso: string): string {
  return `${iso.slice(0, 16)}:00.000Z`;
}

export class NotionStore {
  readonly users = new Map<string, SandboxUser>();
  readonly pages = new Map<string, StoredPage>();
  readonly blocks = new Map<string, StoredBlock>();
  readonly comments: StoredComment[] = [];
  readonly databases = new Map<string, StoredDatabase>();
  readonly dataSources = new Map<string, StoredDataSource>();
  readonly bot: SandboxUser;
  /** Every request the sandbox answered (method and path), for tests that count requests. */
  readonly requests: { method: string; path: string; status?: number; code?: string; message?: string }[] =
    [];
  /** The clock the sandbox stamps objects with; the demo moves it through a quarter. */
  now: () => Date = () => new Date();

  constructor() {
    this.bot = this.addUser({ type: 'bot', name: 'commitline' });
  }

  stamp(): string {
    return this.now().toISOString();
  }

  addUser(user: Omit<SandboxUser, 'id'> & { id?: string }): SandboxUser {
    const stored = { ...user, id: user.id ?? randomUUID() };
    this.users.set(stored.id, stored);
    return stored;
  }

  /** A page a person made, e.g. the parent page commitline is given at setup. */
  addPage(
    title: string,
    parent: Json = { type: 'workspace', workspace: true },
    authorId = this.bot.id,
  ): StoredPage {
    const now = this.stamp();
    const page: StoredPage = {
      id: randomUUID(),
      parent,
      properties: { title: { id: 'title', type: 'title', title: textItems(title) } },
      created_time: now,
      last_edited_time: now,
      created_by: authorId,
      last_edited_by: authorId,
      in_trash: false,
      children: [],
    };
    this.pages.set(page.id, page);
    return page;
  }

  childrenOf(id: string): string[] | undefined {
    return this.pages.get(id)?.children ?? this.blocks.get(id)?.children;
  }

  touch(pageOrBlockId: string, userId: string): void {
    const now = this.stamp();
    let id: string | undefined = pageOrBlockId;
    // Editing a block edits the page it sits on.
    while (id) {
      const page = this.pages.get(id);
      if (page) {
        page.last_edited_time = now;
        page.last_edited_by = userId;
        return;
      }
      id = this.blocks.get(id)?.parentId;
    }
  }

  pageOfBlock(blockId: string): StoredPage | undefined {
    let id: string | undefined = blockId;
    while (id) {
      const page = this.pages.get(id);
      if (page) return page;
      id = this.blocks.get(id)?.parentId;
    }
    return undefined;
  }

  /** A person writes list items at the top of a page (their commitments), as they would by hand. */
  writeListItems(pageId: string, texts: readonly string[], userId: string): void {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    const items = page.children
      .map((id) => this.blocks.get(id))
      .filter((b) => b?.type === 'numbered_list_item' && !b.in_trash);
    const first = items[0];
    if (!first) throw new Error('the page has no list to write in');
    for (const extra of items.slice(1)) if (extra) extra.in_trash = true;
    const now = this.stamp();
    const make = (text: string) => this.textBlock('numbered_list_item', text, pageId, userId);
    first.content = { rich_text: textItems(texts[0] ?? ''), color: 'default' };
    first.last_edited_by = userId;
    first.last_edited_time = now;
    const rest = texts.slice(1).map(make);
    for (const block of rest) this.blocks.set(block.id, block);
    page.children.splice(page.children.indexOf(first.id) + 1, 0, ...rest.map((b) => b.id));
    this.touch(pageId, userId);
  }

  /** A new block of text by `userId`, not yet placed on its parent. */
  textBlock(type: string, text: string, parentId: string, userId: string): StoredBlock {
    const now = this.stamp();
    return {
      id: randomUUID(),
      type,
      content: { rich_text: textItems(text), color: 'default' },
      parentId,
      children: [],
      created_time: now,
      last_edited_time: now,
      created_by: userId,
      last_edited_by: userId,
      in_trash: false,
    };
  }

  /**
   * A person writes a paragraph (or a heading) of their own on the page: after the block with
   * `afterText` in it, or at the end of the page.
   */
  addParagraph(
    pageId: string,
    text: string,
    userId: string,
    afterText?: string,
    type: 'paragraph' | 'heading_2' = 'paragraph',
  ): StoredBlock {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    const block = this.textBlock(type, text, pageId, userId);
    this.blocks.set(block.id, block);
    const live = page.children.filter((id) => !this.blocks.get(id)?.in_trash);
    const after =
      afterText === undefined
        ? undefined
        : live.find((id) => JSON.stringify(this.blocks.get(id)?.content ?? {}).includes(afterText));
    if (afterText !== undefined && !after) throw new Error(`no block with “${afterText}” on ${pageId}`);
    page.children.splice(after ? page.children.indexOf(after) + 1 : page.children.length, 0, block.id);
    this.touch(pageId, userId);
    return block;
  }

  /** A person rewrites one of the list items (1-based). */
  editListItem(pageId: string, index: number, text: string, userId: string): void {
    const page = this.pages.get(pageId);
    const items = page?.children
      .map((id) => this.blocks.get(id))
      .filter((b) => b?.type === 'numbered_list_item' && !b.in_trash);
    const block = items?.[index - 1];
    if (!block) throw new Error(`no list item ${index} on ${pageId}`);
    block.content = { rich_text: textItems(text), color: 'default' };
    block.last_edited_by = userId;
    block.last_edited_time = this.stamp();
    this.touch(pageId, userId);
  }

  /**
   * A comment by `userId`: on the page, inline on one of its blocks (`blockId`), or a reply in an
   * existing discussion (`discussionId`, which then decides where it sits).
   */
  addComment(
    pageId: string,
    userId: string,
    text: string | Json[],
    where: { blockId?: string; discussionId?: string } = {},
  ): StoredComment {
    const thread = where.discussionId ? this.discussion(where.discussionId) : undefined;
    if (where.discussionId && !thread) throw new Error(`no discussion ${where.discussionId}`);
    const blockId = thread ? thread.blockId : where.blockId;
    const comment: StoredComment = {
      id: randomUUID(),
      pageId: thread?.pageId ?? pageId,
      ...(blockId ? { blockId } : {}),
      discussionId: thread?.discussionId ?? randomUUID(),
      created_time: this.stamp(),
      created_by: userId,
      rich_text: typeof text === 'string' ? textItems(text) : text,
    };
    this.comments.push(comment);
    return comment;
  }

  /** The first comment of a discussion, which says where the discussion is. */
  discussion(discussionId: string): StoredComment | undefined {
    return this.comments.find((c) => c.discussionId === discussionId);
  }

  /** A person rewrites the text of one block (a list item, a paragraph, a heading). */
  editBlockText(blockId: string, text: string, userId: string): StoredBlock {
    const block = this.blocks.get(blockId);
    if (!block || block.in_trash) throw new Error(`no block ${blockId}`);
    if (!('rich_text' in block.content)) throw new Error(`block ${blockId} (${block.type}) holds no text`);
    block.content = { ...block.content, rich_text: textItems(text) };
    block.last_edited_by = userId;
    block.last_edited_time = this.stamp();
    this.touch(blockId, userId);
    return block;
  }

  /** A person of the workspace by email (any case), never the bot. */
  personByEmail(email: string): SandboxUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.type === 'person' && u.email?.toLowerCase() === wanted);
  }

  setCheckbox(pageId: string, property: string, value: boolean, userId: string): void {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    page.properties[property] = { id: property.slice(0, 4), type: 'checkbox', checkbox: value };
    this.touch(pageId, userId);
  }

  /** Pages of a data source whose property `name` has the plain text `value`. */
  pagesWhere(dataSourceId: string, name: string, value: string): StoredPage[] {
    return [...this.pages.values()].filter(
      (p) =>
        !p.in_trash &&
        (p.parent as { data_source_id?: string }).data_source_id === dataSourceId &&
        propertyText(p.properties[name]) === value,
    );
  }

  title(page: StoredPage): string {
    const title = Object.values(page.properties).find((p) => p.type === 'title') as
      | { title?: Json[] }
      | undefined;
    return plain(title?.title);
  }
}

export function textItems(content: string, link?: string): Json[] {
  return [
    {
      type: 'text',
      text: { content, link: link ? { url: link } : null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: 'default',
      },
      plain_text: content,
      href: link ?? null,
    },
  ];
}

/** The text of a property value: title, rich text, select or number. */
export function propertyText(value: Json | undefined): string {
  if (!value) return '';
  const type = String(value.type);
  if (type === 'title' || type === 'rich_text') return plain(value[type] as Json[]);
  if (type === 'select') return (value.select as { name?: string } | null)?.name ?? '';
  if (type === 'multi_select')
    return (value.multi_select as { name: string }[]).map((o) => o.name).join(', ');
  if (type === 'number') return value.number === null ? '' : String(value.number);
  if (type === 'checkbox') return value.checkbox ? '☑' : '☐';
  if (type === 'date') {
    const date = value.date as { start: string; end: string | null } | null;
    return date ? `${date.start}${date.end ? ` → ${date.end}` : ''}` : '';
  }
  if (type === 'people') return (value.people as { id: string }[]).map((p) => p.id).join(', ');
  return '';
}

export function plain(items: readonly Json[] | undefined): string {
  return (items ?? []).map((t) => String(t.plain_text ?? '')).join('');
}
