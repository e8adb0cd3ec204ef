/**
 * The two databases commitline keeps in Notion, named once. Each property is owned by one side:
 * commitline rewrites its own from recomputation; `Excused` and the page body's commitments are
 * people's, and commitline never writes them after creating the row or page.
 */

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
  quarter: 'Quarter',
  shipped: 'Shipped',
  status: 'Status',
  issues: 'Issues',
  /** People's: ticked for leave or sickness. */
  excused: 'Excused',
  quarterPage: 'Quarter page',
} as const;

export const STATUS_OPTIONS = ['Draft', 'Signed', 'Checked', 'Graded'] as const;
export const WEEK_STATUS_OPTIONS = ['hit', 'missed', 'excused', 'open'] as const;

/** Where commitline's databases live; recorded by `commitline setup`. */
export interface NotionTargets {
  parentPageId: string;
  quarterDatabaseId: string;
  quarterDataSourceId: string;
  weekDatabaseId: string;
  weekDataSourceId: string;
}

type PropertyDefinition = Record<string, unknown>;

const number = { number: { format: 'number' } };
const select = (names: readonly string[]) => ({ select: { options: names.map((name) => ({ name })) } });

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
    [WEEK_PROPS.quarter]: { select: {} },
    [WEEK_PROPS.shipped]: number,
    [WEEK_PROPS.status]: select(WEEK_STATUS_OPTIONS),
    [WEEK_PROPS.issues]: { rich_text: {} },
    [WEEK_PROPS.excused]: { checkbox: {} },
    [WEEK_PROPS.quarterPage]: {
      relation: { data_source_id: quarterDataSourceId, type: 'single_property', single_property: {} },
    },
  };
}

export function expectedProperties(
  kind: 'quarter' | 'week',
  targets: Pick<NotionTargets, 'quarterDataSourceId'>,
) {
  return kind === 'quarter' ? quarterProperties() : weekProperties(targets.quarterDataSourceId);
}

/** Names of expected properties that are absent or of another type, e.g. `Shipped (number)`. */
export function missingProperties(
  actual: Record<string, { type?: string }>,
  expected: Record<string, PropertyDefinition>,
): string[] {
  return Object.entries(expected)
    .filter(([name, definition]) => {
      const type = Object.keys(definition)[0];
      return actual[name]?.type !== type;
    })
    .map(([name, definition]) => `${name} (${Object.keys(definition)[0]})`);
}
