/** A weekly baseline row as Notion properties. */
import type { Engineer, Quarter, WeekRow } from '../domain/index.js';
import { textKey } from './blocks.js';
import { MAX_ARRAY, richText, type TextItem } from './limits.js';
import { WEEK_PROPS } from './schema.js';

function issuesText(row: WeekRow): TextItem[] {
  const items: TextItem[] = [];
  // Notion allows 100 items per array, and a long title takes several: the issues that do not
  // fit (keeping one item for it) are counted only.
  for (const [i, change] of row.shipped.entries()) {
    const next = [
      ...(i > 0 ? richText(', ') : []),
      ...richText(`${change.identifier} ${change.title}`, change.url),
    ];
    if (items.length + next.length > MAX_ARRAY - 1) {
      return [...items, ...richText(` and ${row.shipped.length - i} more`)];
    }
    items.push(...next);
  }
  return items;
}

/** Properties commitline recomputes on every write of the row. */
export function rowComputedProperties(row: WeekRow) {
  return {
    [WEEK_PROPS.shipped]: { number: row.shipped.length },
    [WEEK_PROPS.status]: { select: { name: row.status } },
    [WEEK_PROPS.issues]: { rich_text: issuesText(row) },
  };
}

/** The row's computed values, normalised for comparison with what Notion shows (see rowKeyOf). */
export function rowKey(row: WeekRow): string {
  return JSON.stringify([row.shipped.length, row.status, textKey(issuesText(row))]);
}

/** The same normal form, from a weekly row as Notion returns it. */
export function rowKeyOf(properties: Record<string, unknown>): string {
  const p = properties as Record<
    string,
    {
      number?: number | null;
      select?: { name: string } | null;
      rich_text?: { plain_text?: string; href?: string | null }[];
    }
  >;
  return JSON.stringify([
    p[WEEK_PROPS.shipped]?.number ?? 0,
    p[WEEK_PROPS.status]?.select?.name ?? '',
    textKey(p[WEEK_PROPS.issues]?.rich_text),
  ]);
}

/** All properties of a new row. Excused starts unticked and is people's from then on. */
export function rowCreateProperties(
  row: WeekRow,
  engineer: Engineer,
  quarter: Quarter,
  quarterPageId: string,
) {
  return {
    [WEEK_PROPS.name]: { title: richText(`${engineer.name} · ${row.week}`) },
    [WEEK_PROPS.engineer]: { people: [{ object: 'user' as const, id: engineer.notionUserId }] },
    [WEEK_PROPS.engineerKey]: { rich_text: richText(engineer.id) },
    [WEEK_PROPS.week]: { rich_text: richText(row.week) },
    [WEEK_PROPS.quarter]: { select: { name: quarter.id } },
    [WEEK_PROPS.excused]: { checkbox: false },
    [WEEK_PROPS.quarterPage]: { relation: [{ id: quarterPageId }] },
    ...rowComputedProperties(row),
  };
}
