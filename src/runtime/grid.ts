/** The team grid for a quarter: every engineer's baseline, as Linear and Notion say now. */
import type {
  Engineer,
  Quarter,
  ShippedChange,
  TeamGridStore,
  TeamGridWriter,
  TeamMember,
  WeekId,
} from '../domain/index.js';
import { engineerBaseline, shipWindow, type TeamGrid, teamGrid } from '../domain/index.js';
import type { TeamSources } from './sources.js';

/** The grid's sources: the team's, and the engineers it shows. */
export interface GridSources extends TeamSources {
  roster: readonly Engineer[];
}

/** What one engineer's baseline is computed from. */
export interface BaselineInputs {
  shipped: readonly ShippedChange[];
  excusedWeeks: readonly WeekId[];
  /** Their quarter page, when it exists. */
  pageId?: string | undefined;
}

/**
 * Every engineer's baseline for the quarter from their shipped changes and excused weeks; `known`
 * holds those a caller already read this run (a backfill), so Linear and Notion are asked only
 * for the others.
 */
export async function teamQuarter(
  sources: GridSources,
  quarter: Quarter,
  known: ReadonlyMap<string, BaselineInputs> = new Map(),
): Promise<TeamMember[]> {
  const team: TeamMember[] = [];
  const goLive = await sources.goLive?.();
  for (const engineer of sources.roster) {
    const inputs = known.get(engineer.id) ?? (await readInputs(sources, engineer, quarter));
    const baseline = engineerBaseline({
      engineer,
      quarter,
      shipped: inputs.shipped,
      excusedWeeks: inputs.excusedWeeks,
      now: sources.now(),
      settings: sources.settings,
      ...(goLive ? { goLive } : {}),
    });
    team.push({ engineer, baseline, ...(inputs.pageId ? { pageId: inputs.pageId } : {}) });
  }
  return team;
}

/** The grid of the quarter, from `teamQuarter`. */
export async function computeTeamGrid(
  sources: GridSources,
  quarter: Quarter,
  known: ReadonlyMap<string, BaselineInputs> = new Map(),
): Promise<TeamGrid> {
  return teamGrid(quarter, await teamQuarter(sources, quarter, known), sources.settings.offWeeks);
}

async function readInputs(
  sources: GridSources,
  engineer: Engineer,
  quarter: Quarter,
): Promise<BaselineInputs> {
  const shipped = await sources.linear.shippedChanges({
    assigneeId: engineer.linearUserId,
    label: sources.label,
    ...shipWindow(engineer, quarter),
  });
  const { readback, page } = await sources.notion.read(engineer, quarter);
  return { shipped, excusedWeeks: readback.excusedWeeks, pageId: page?.id };
}

export function createGridWriter(sources: GridSources, pages: TeamGridStore): TeamGridWriter {
  return {
    async writeGrid(quarter) {
      const team = await teamQuarter(sources, quarter);
      await pages.write(teamGrid(quarter, team, sources.settings.offWeeks));
      return team;
    },
  };
}
