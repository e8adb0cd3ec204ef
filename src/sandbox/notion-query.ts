/** The part of Notion's data-source query filter language commitline uses. */
import { type Json, plain, type StoredPage, toMinute } from './notion-store.js';

export function matches(page: StoredPage, filter: Json | undefined): boolean {
  if (!filter) return true;
  if (Array.isArray(filter.and)) return (filter.and as Json[]).every((f) => matches(page, f));
  if (Array.isArray(filter.or)) return (filter.or as Json[]).some((f) => matches(page, f));
  if (filter.timestamp === 'last_edited_time' || filter.timestamp === 'created_time') {
    const at = filter.timestamp === 'last_edited_time' ? toMinute(page.last_edited_time) : page.created_time;
    const condition = (filter[String(filter.timestamp)] ?? {}) as Record<string, string>;
    if (condition.on_or_after) return at >= condition.on_or_after;
    if (condition.after) return at > condition.after;
    if (condition.before) return at < condition.before;
    return true;
  }
  const value = page.properties[String(filter.property)] as Json | undefined;
  if (!value) return false;
  const type = String(value.type);
  const condition = (filter[type] ?? filter[Object.keys(filter).find((k) => k !== 'property') ?? '']) as
    | Json
    | undefined;
  if (!condition) return true;
  switch (type) {
    case 'title':
    case 'rich_text': {
      const text = plain(value[type] as Json[]);
      if ('equals' in condition) return text === condition.equals;
      if ('contains' in condition) return text.includes(String(condition.contains));
      return true;
    }
    case 'select': {
      const name = (value.select as { name?: string } | null)?.name;
      if ('equals' in condition) return name === condition.equals;
      if ('is_empty' in condition) return name === undefined;
      return true;
    }
    case 'checkbox':
      return 'equals' in condition ? value.checkbox === condition.equals : true;
    case 'number':
      return 'equals' in condition ? value.number === condition.equals : true;
    case 'people':
      return 'contains' in condition
        ? (value.people as Json[]).some((p) => p.id === condition.contains)
        : true;
    default:
      return true;
  }
}
