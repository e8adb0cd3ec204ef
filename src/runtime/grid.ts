/** The team grid for a quarter: every engineer's baseline, as Linear and Notion say now. */
import type { TeamGridWriter } from '../../workers/cadence.js';
import type {
  CalendarSettings,
  Engineer,
  LinearReader,
  Quarter,
  QuarterPageWriter,
} from '../domain/index.js';
import { engineerBaseline, type TeamGrid, teamGrid } from '../domain/index.js';

export interface GridSources {
  roster: readonly Engineer[];
  settings: CalendarSettings;
  label: string;
  linear: LinearReader;
  notion: QuarterPageWriter;
  now: () => Date;
}

export async function computeTeamGrid(sources: GridSources, quarter: Quarter): Promise<TeamGrid> {
  const team = [];
  for (const engineer of sources.roster) {
    const shipped = await sources.linear.shippedChanges({
      assigneeId: engineer.linearUserId,
      label: sources.label,
      from: quarter.start,
      to: quarter.end,
    });
    const { excusedWeeks } = await sources.notion.read(engineer, quarter);
    const baseline = engineerBaseline({
      engineer,
      quarter,
      shipped,
      excusedWeeks,
      now: sources.now(),
      settings: sources.settings,
    });
    team.push({ engineer, baseline });
  }
  return teamGrid(quarter, team);
}

export function createGridWriter(
  sources: GridSources,
  pages: { write(grid: TeamGrid): Promise<unknown> },
): TeamGridWriter {
  return {
    async writeGrid(quarter) {
      await pages.write(await computeTeamGrid(sources, quarter));
    },
  };
}
