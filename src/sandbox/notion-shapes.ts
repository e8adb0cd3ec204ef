/** Request bodies → stored objects → response bodies, with Notion's validation on the way in. */
import { randomUUID } from 'node:crypto';
import { type Json, type NotionStore, type StoredBlock, type StoredPage, toMinute } from './notion-store.js';

/** A 400 validation_error, as Notion answers it. */
export class ValidationError extends Error {}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * An id as Notion accepts it (a UUID, with or without dashes), in the dashed form the sandbox
 * stores; anything else is Notion's validation_error, e.g. for `where` = "path.page_id".
 */
export function notionId(value: unknown, where: string): string {
  const text = typeof value === 'string' ? value : '';
  if (!UUID.test(text)) {
    const [part] = where.split('.');
    throw new ValidationError(
      `${part} failed validation: ${where} should be a valid uuid, instead was \`${JSON.stringify(value)}\`.`,
    );
  }
  const hex = text.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Notion's page sizes: 1 to 100; `where` is "body" or "query". */
export function pageSize(value: unknown, where: 'body' | 'query'): number {
  if (value === undefined || value === null || value === '') return 100;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > MAX_ARRAY) {
    const shown = where === 'query' ? JSON.stringify(String(value)) : JSON.stringify(value);
    throw new ValidationError(
      `${where} failed validation: ${where}.page_size should be a number ≥ 1 and ≤ \`${MAX_ARRAY}\`, instead was \`${shown}\`.`,
    );
  }
  return size;
}

const MAX_TEXT = 2_000;
const MAX_ARRAY = 100;
const DEFAULT_ANNOTATIONS = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: 'default',
};

export function checkArray(value: unknown, path: string): Json[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new ValidationError(
      `body failed validation: ${path} should be an array, instead was \`${JSON.stringify(value)}\`.`,
    );
  if (value.length > MAX_ARRAY) {
    throw new ValidationError(
      `body failed validation: ${path}.length should be ≤ \`${MAX_ARRAY}\`, instead was \`${value.length}\`.`,
    );
  }
  return value as Json[];
}

export function richTextIn(value: unknown, path: string, store: NotionStore): Json[] {
  return checkArray(value, path).map((item, i) => {
    if (item.type === 'mention') {
      const mention = item.mention as { type: string; user?: { id: string } };
      const user = mention.user ? store.users.get(mention.user.id) : undefined;
      return {
        type: 'mention',
        mention: { type: 'user', user: { object: 'user', id: mention.user?.id } },
        annotations: DEFAULT_ANNOTATIONS,
        plain_text: `@${user?.name ?? 'Unknown'}`,
        href: null,
      };
    }
    const text = item.text as { content?: string; link?: { url: string } | null } | undefined;
    const content = text?.content ?? '';
    if (content.length > MAX_TEXT) {
      throw new ValidationError(
        `body failed validation: ${path}[${i}].text.content.length should be ≤ \`${MAX_TEXT}\`, instead was \`${content.length}\`.`,
      );
    }
    return {
      type: 'text',
      text: { content, link: text?.link ?? null },
      annotations: { ...DEFAULT_ANNOTATIONS, ...((item.annotations as Json) ?? {}) },
      plain_text: content,
      href: text?.link?.url ?? null,
    };
  });
}

/** A property value from a request, stored in its response shape. */
export function propertyIn(name: string, type: string, value: Json, store: NotionStore): Json {
  const id = `${name.slice(0, 4)}`;
  switch (type) {
    case 'title':
    case 'rich_text':
      return { id, type, [type]: richTextIn(value[type], `properties.${name}.${type}`, store) };
    case 'number':
      return { id, type, number: value.number ?? null };
    case 'checkbox':
      return { id, type, checkbox: value.checkbox === true };
    case 'date': {
      const date = value.date as { start?: string; end?: string | null } | null;
      if (date && typeof date.start !== 'string') {
        throw new ValidationError(
          `body failed validation: body.properties.${name}.date.start should be defined, instead was \`undefined\`.`,
        );
      }
      return { id, type, date: date ? { start: date.start, end: date.end ?? null, time_zone: null } : null };
    }
    case 'select': {
      const select = value.select as { name: string } | null;
      return { id, type, select: select ? { id: select.name, name: select.name, color: 'default' } : null };
    }
    case 'multi_select':
      return {
        id,
        type,
        multi_select: checkArray(value.multi_select, `properties.${name}.multi_select`).map((o) => ({
          id: o.name,
          name: o.name,
          color: 'default',
        })),
      };
    case 'people':
      return {
        id,
        type,
        people: checkArray(value.people, `properties.${name}.people`).map((p) => ({
          object: 'user',
          id: p.id,
        })),
      };
    case 'relation':
      return {
        id,
        type,
        relation: checkArray(value.relation, `properties.${name}.relation`).map((r) => ({ id: r.id })),
        has_more: false,
      };
    default:
      throw new ValidationError(
        `body failed validation: properties.${name} has an unsupported type ${type}.`,
      );
  }
}

export function pageOut(page: StoredPage, store: NotionStore): Json {
  return {
    object: 'page',
    id: page.id,
    created_time: toMinute(page.created_time),
    last_edited_time: toMinute(page.last_edited_time),
    created_by: { object: 'user', id: page.created_by },
    last_edited_by: { object: 'user', id: page.last_edited_by },
    cover: null,
    icon: null,
    parent: page.parent,
    archived: page.in_trash,
    in_trash: page.in_trash,
    is_locked: false,
    properties: page.properties,
    url: `https://www.notion.so/${store.title(page).replace(/\W+/g, '-')}-${page.id.replace(/-/g, '')}`,
    public_url: null,
  };
}

export function blockOut(block: StoredBlock, store: NotionStore): Json {
  const page = store.pages.has(block.parentId)
    ? { type: 'page_id', page_id: block.parentId }
    : { type: 'block_id', block_id: block.parentId };
  return {
    object: 'block',
    id: block.id,
    parent: page,
    // Notion shows block times to the minute, as it does a page's.
    created_time: toMinute(block.created_time),
    last_edited_time: toMinute(block.last_edited_time),
    created_by: { object: 'user', id: block.created_by },
    last_edited_by: { object: 'user', id: block.last_edited_by },
    has_children: block.children.length > 0,
    archived: block.in_trash,
    in_trash: block.in_trash,
    type: block.type,
    [block.type]: block.content,
  };
}

/** A block from a request (with its nested children, e.g. a table's rows), stored. */
export function blockIn(
  request: Json,
  parentId: string,
  userId: string,
  store: NotionStore,
  path: string,
): StoredBlock {
  const type = String(request.type ?? Object.keys(request).find((k) => k !== 'object') ?? '');
  const body = { ...((request[type] as Json | undefined) ?? {}) };
  if (!type || (request[type] === undefined && type !== 'divider')) {
    throw new ValidationError(`body failed validation: ${path}.${type || 'type'} should be defined.`);
  }
  const nested = checkArray(body.children, `${path}.${type}.children`);
  delete body.children;
  if ('rich_text' in body) body.rich_text = richTextIn(body.rich_text, `${path}.${type}.rich_text`, store);
  if (type === 'table_row') {
    body.cells = checkArray(body.cells, `${path}.table_row.cells`).map((cell, i) =>
      richTextIn(cell, `${path}.table_row.cells[${i}]`, store),
    );
  }
  if (type === 'callout' || type === 'paragraph') body.color = body.color ?? 'default';
  const now = store.stamp();
  const block: StoredBlock = {
    id: randomUUID(),
    type,
    content: body,
    parentId,
    children: [],
    created_time: now,
    last_edited_time: now,
    created_by: userId,
    last_edited_by: userId,
    in_trash: false,
  };
  store.blocks.set(block.id, block);
  block.children = nested.map(
    (child, i) => blockIn(child, block.id, userId, store, `${path}.${type}.children[${i}]`).id,
  );
  return block;
}
