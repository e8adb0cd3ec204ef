/** A weekly baseline row as Notion properties. */
import type { Engineer, Quarter, WeekRow } from '../domain/index.js';
import { textKey } from './blocks.js';
import { MAX_ARRAY, richText, type TextItem } from './limits.js';
import type { PageProperties } from './page-index.js';
import { BEFORE_COMMITLINE_STATUS, WEEK_PROPS } from './schema.js';

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

/** A week before commitline went live shows as such: history, counted nowhere. */
const statusName = (row: WeekRow) => (row.beforeCommitline ? BEFORE_COMMITLINE_STATUS : row.status);

const offWeekText = (row: WeekRow): TextItem[] => (row.offWeek ? richText(row.offWeek) : []);

/**
 * Properties commitline recomputes on every write of the row. Dates are among them, not the
 * identity, so rows made before the property existed get theirs on their next write.
 */
export function rowComputedProperties(row: WeekRow) {
  return {
    [WEEK_PROPS.shipped]: { number: row.shipped.length },
    [WEEK_PROPS.status]: { select: { name: statusName(row) } },
    [WEEK_PROPS.issues]: { rich_text: issuesText(row) },
    // Dates only, no time: Monday to Sunday as the engineer's calendar shows them.
    [WEEK_PROPS.dates]: { date: { start: row.days.first, end: row.days.last } },
    [WEEK_PROPS.offWeek]: { rich_text: offWeekText(row) },
  };
}

/** The row's computed values, normalised for comparison with what Notion shows (see rowKeyOf). */
export function rowKey(row: WeekRow): string {
  return JSON.stringify([
    row.shipped.length,
    statusName(row),
    textKey(issuesText(row)),
    `${row.days.first}/${row.days.last}`,
    textKey(offWeekText(row)),
  ]);
}

/** The same normal form, from a weekly row as Notion returns it. */
export function rowKeyOf(properties: PageProperties): string {
  const shipped = properties[WEEK_PROPS.shipped];
  const status = properties[WEEK_PROPS.status];
  const issues = properties[WEEK_PROPS.issues];
  const dates = properties[WEEK_PROPS.dates];
  const off = properties[WEEK_PROPS.offWeek];
  // Notion may return a date with a time; the day is what the row shows.
  const day = (value: string | null | undefined) => (value ?? '').slice(0, 10);
  return JSON.stringify([
    shipped?.type === 'number' ? (shipped.number ?? 0) : 0,
    status?.type === 'select' ? (status.select?.name ?? '') : '',
    textKey(issues?.type === 'rich_text' ? issues.rich_text : []),
    dates?.type === 'date' && dates.date ? `${day(dates.date.start)}/${day(dates.date.end)}` : '',
    textKey(off?.type === 'rich_text' ? off.rich_text : []),
  ]);
}

/**
 * What identifies a new row, written once at creation. Excused starts unticked and is people's
 * from then on; the relation to the quarter page is added when the page's id is known.
 */
export function rowIdentityProperties(row: WeekRow, engineer: Engineer, quarter: Quarter) {
  return {
    [WEEK_PROPS.name]: { title: richText(`${engineer.name} · ${row.week}`) },
    [WEEK_PROPS.engineer]: { people: [{ object: 'user' as const, id: engineer.notionUserId }] },
    [WEEK_PROPS.engineerKey]: { rich_text: richText(engineer.id) },
    [WEEK_PROPS.week]: { rich_text: richText(row.week) },
    [WEEK_PROPS.quarter]: { select: { name: quarter.id } },
    [WEEK_PROPS.excused]: { checkbox: false },
  };
}

export function rowRelation(quarterPageId: string) {
  return { [WEEK_PROPS.quarterPage]: { relation: [{ id: quarterPageId }] } };
}
