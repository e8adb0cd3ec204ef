/**
 * The team grid: the manager's five-minute Friday scan of a quarter, engineers × weeks.
 * Pure data; the Notion adapter renders it as a table, the CLI as text.
 */
import type { CalendarSettings, Engineer, EngineerBaseline, Quarter, WeekStatus } from './types.js';

export const STATUS_MARK: Record<WeekStatus, string> = { hit: '✅', missed: '❌', excused: '🟡', open: '⏳' };
/** A week that closed before commitline went live for the team: history, counted nowhere. */
export const BEFORE_COMMITLINE_MARK = '·';

/** The title of a quarter's team grid page: what the page is found by, in Notion and in Slack. */
export function gridTitle(quarterId: string): string {
  return `Team baseline ${quarterId}`;
}

/** One engineer in the team's quarter, as the grid and the digest read it. */
export interface TeamMember {
  engineer: Engineer;
  baseline: EngineerBaseline;
  /** The engineer's quarter page, when it exists. */
  pageId?: string;
}

export interface TeamGrid {
  title: string;
  /** `Engineer`, one column per week (`W40`…, an off week with its reason), `Shipped`, `Streak`. */
  header: string[];
  rows: string[][];
}

export function teamGrid(
  quarter: Quarter,
  team: readonly TeamMember[],
  /** Weeks the whole team is off: their column says so, with the reason. */
  offWeeks: CalendarSettings['offWeeks'] = [],
): TeamGrid {
  const weekIds = quarter.weeks.map((w) => w.id);
  const off = new Map((offWeeks ?? []).map((w) => [w.week, w.reason]));
  const column = (id: string) => {
    const reason = off.get(id);
    return reason === undefined ? id.slice(5) : `${id.slice(5)} ${STATUS_MARK.excused} ${reason}`;
  };
  return {
    title: gridTitle(quarter.id),
    header: ['Engineer', ...weekIds.map(column), 'Shipped', 'Streak'],
    rows: team.map(({ engineer, baseline }) => {
      const byWeek = new Map(baseline.weeks.map((w) => [w.week, w]));
      const cells = weekIds.map((id) => {
        const week = byWeek.get(id);
        // Blank: before the engineer's start, or not begun yet; a dot: before commitline went live.
        if (!week) return '';
        return week.beforeCommitline ? BEFORE_COMMITLINE_MARK : STATUS_MARK[week.status];
      });
      // Weeks shipped out of the closed weeks that counted: an excused week counts for nothing.
      const counted = baseline.counts.hit + baseline.counts.missed;
      const streak =
        baseline.missStreak > 0 ? `${baseline.missStreak} missed${baseline.flagged ? ' ⚑' : ''}` : '—';
      return [engineer.name, ...cells, `${baseline.counts.hit}/${counted}`, streak];
    }),
  };
}

/** The grid as aligned text, for the terminal. The status marks are two columns wide. */
export function gridText(grid: TeamGrid): string {
  const wide = new Set(Object.values(STATUS_MARK));
  const width = (s: string) => [...s].reduce((n, ch) => n + (wide.has(ch) ? 2 : 1), 0);
  const columns = grid.header.map((_, i) =>
    Math.max(...[grid.header, ...grid.rows].map((r) => width(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (columns[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [grid.title, line(grid.header), ...grid.rows.map(line)].join('\n');
}
