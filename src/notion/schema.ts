/**
 * The two databases commitline keeps in Notion, named once. Each property is owned by one side:
 * commitline rewrites its own from recomputation; `Excused` and the page body's commitments are
 * people's, and commitline never writes them after creating the row or page.
 */
import type { CreateDatabaseParameters } from '@notionhq/client';

export const QUARTER_DATABASE_TITLE = 'Quarter commitments';
export const WEEK_DATABASE_TITLE = 'Weekly baseline';

export const QUARTER_PROPS = {
  name: 'Name',
  engineer: 'Engineer',
  /** commitline's engineer id from the team file: how a page is found again. */
  engineerKey: 'Engineer key',
  quarter: 'Quarter',
  status: 'Status',
  weeksShipped: 'Weeks shipped',
  weeksMissed: 'Weeks missed',
  missStreak: 'Miss streak',
  commitments: 'Commitments',
  hit: 'Hit',
  partial: 'Partial',
  missed: 'Missed',
  flags: 'Flags',
} as const;

export const WEEK_PROPS = {
  name: 'Name',
  engineer: 'Engineer',
  engineerKey: 'Engineer key',
  week: 'Week',
  /** The week's Monday to Sunday where the engineer is, a date range: calendar and timeline views. */
  dates: 'Dates',
  quarter: 'Quarter',
  shipped: 'Shipped',
  status: 'Status',
  issues: 'Issues',
  /** People's: ticked for leave or sickness. */
  excused: 'Excused',
  /** commitline's: why the whole team is off this week (the team file's `offWeeks`). */
  offWeek: 'Off week',
  quarterPage: 'Quarter page',
} as const;

export const STATUS_OPTIONS = ['Draft', 'Signed', 'Checked', 'Graded'] as const;
/** A week that closed before commitline went live for the team. */
export const BEFORE_COMMITLINE_STATUS = 'before commitline';
export const WEEK_STATUS_OPTIONS = ['hit', 'missed', 'excused', 'open', BEFORE_COMMITLINE_STATUS] as const;

/** Where commitline's databases live; recorded by `commitline setup`. */
export interface NotionTargets {
  parentPageId: string;
  quarterDatabaseId: string;
  quarterDataSourceId: string;
  weekDatabaseId: string;
  weekDataSourceId: string;
}

/**
 * A property of a data source, of the kinds commitline uses, in the shape Notion takes at
 * creation (databases.create) and when properties are added (dataSources.update).
 */
export type PropertyDefinition = Extract<
  NonNullable<NonNullable<CreateDatabaseParameters['initial_data_source']>['properties']>[string],
  | { title: unknown }
  | { rich_text: unknown }
  | { number: unknown }
  | { select: unknown }
  | { multi_select: unknown }
  | { people: unknown }
  | { checkbox: unknown }
  | { date: unknown }
  | { relation: unknown }
>;

const number: PropertyDefinition = { number: { format: 'number' } };
const select = (names: readonly string[]): PropertyDefinition => ({
  select: { options: names.map((name) => ({ name })) },
});

/** Data-source properties of "Quarter commitments", in the shape databases.create takes. */
export function quarterProperties(): Record<string, PropertyDefinition> {
  return {
    [QUARTER_PROPS.name]: { title: {} },
    [QUARTER_PROPS.engineer]: { people: {} },
    [QUARTER_PROPS.engineerKey]: { rich_text: {} },
    [QUARTER_PROPS.quarter]: { select: {} },
    [QUARTER_PROPS.status]: select(STATUS_OPTIONS),
    [QUARTER_PROPS.weeksShipped]: number,
    [QUARTER_PROPS.weeksMissed]: number,
    [QUARTER_PROPS.missStreak]: number,
    [QUARTER_PROPS.commitments]: number,
    [QUARTER_PROPS.hit]: number,
    [QUARTER_PROPS.partial]: number,
    [QUARTER_PROPS.missed]: number,
    [QUARTER_PROPS.flags]: { multi_select: {} },
  };
}

/** Data-source properties of "Weekly baseline"; the relation names the quarter data source. */
export function weekProperties(quarterDataSourceId: string): Record<string, PropertyDefinition> {
  return {
    [WEEK_PROPS.name]: { title: {} },
    [WEEK_PROPS.engineer]: { people: {} },
    [WEEK_PROPS.engineerKey]: { rich_text: {} },
    [WEEK_PROPS.week]: { rich_text: {} },
    [WEEK_PROPS.dates]: { date: {} },
    [WEEK_PROPS.quarter]: { select: {} },
    [WEEK_PROPS.shipped]: number,
    [WEEK_PROPS.status]: select(WEEK_STATUS_OPTIONS),
    [WEEK_PROPS.issues]: { rich_text: {} },
    [WEEK_PROPS.excused]: { checkbox: {} },
    [WEEK_PROPS.offWeek]: { rich_text: {} },
    [WEEK_PROPS.quarterPage]: {
      relation: { data_source_id: quarterDataSourceId, type: 'single_property', single_property: {} },
    },
  };
}

/** What `doctor` compares a retrieved data source with. */
export function expectedProperties(
  kind: 'quarter' | 'week',
  targets: Pick<NotionTargets, 'quarterDataSourceId'>,
) {
  return kind === 'quarter' ? quarterProperties() : weekProperties(targets.quarterDataSourceId);
}

/** How a data source's properties differ from what commitline needs. */
export interface PropertyDifferences {
  /** Not there at all: setup adds them. */
  absent: string[];
  /** There under the name but of another type (or a relation to another data source): a person must fix them. */
  wrong: string[];
}

/** The data source a relation points at, as 32 lower-case hex (ids come dashed or not). */
function relationTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || !('relation' in value)) return undefined;
  const relation = value.relation;
  return relation && typeof relation === 'object' && 'data_source_id' in relation
    ? String(relation.data_source_id).replace(/-/g, '').toLowerCase()
    : undefined;
}

const typeOf = (definition: PropertyDefinition) =>
  Object.keys(definition).find((key) => key !== 'type' && key !== 'description') ?? 'unknown';

export function compareProperties(
  actual: Readonly<Record<string, { type?: string }>>,
  expected: Readonly<Record<string, PropertyDefinition>>,
): PropertyDifferences {
  const absent: string[] = [];
  const wrong: string[] = [];
  for (const [name, definition] of Object.entries(expected)) {
    const type = typeOf(definition);
    const found = actual[name];
    if (!found) absent.push(name);
    else if (found.type !== type) wrong.push(name);
    else if (type === 'relation' && relationTarget(found) !== relationTarget(definition)) wrong.push(name);
  }
  return { absent, wrong };
}

/**
 * Expected properties that are absent or not as expected, e.g. `Shipped (number)` or
 * `Quarter page (relation)`; empty when the data source has everything commitline writes.
 */
export function missingProperties(
  actual: Readonly<Record<string, { type?: string }>>,
  expected: Readonly<Record<string, PropertyDefinition>>,
): string[] {
  const { absent, wrong } = compareProperties(actual, expected);
  const names = new Set([...absent, ...wrong]);
  return Object.entries(expected)
    .filter(([name]) => names.has(name))
    .map(([name, definition]) => `${name} (${typeOf(definition)})`);
}
