/**
 * Recomputing one (engineer, quarter) page from what Linear and Notion say now: the one place a
 * page's truth is put together, for the recompute worker and for an operator's backfill alike.
 * The page is read once; the write plans against that same read.
 */
import type { Roster, ShippedChange, WeekId, WriteReport } from '../domain/index.js';
import { buildQuarterPage, quarterBefore, quarterById, shipWindow } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import type { TeamSources } from './sources.js';

export interface RecomputeDeps extends TeamSources {
  roster: Roster;
  logger: Logger;
  /** Told when a page changed, so the team grid follows a change to a past week. */
  onPageChanged?: (quarterId: string) => Promise<void>;
  /**
   * Runs one page's recompute alone across every process (workers, a backfill): two recomputes
   * of one page at once could both post the same comment or create the same row. The work is
   * handed a signal aborted when the lock is lost, and writes nothing more once it is.
   */
  serialize?: <T>(key: string, work: (lockLost: AbortSignal) => Promise<T>) => Promise<T>;
}

export interface PageTarget {
  engineerId: string;
  quarterId: string;
  /** Re-read what people wrote instead of the kept snapshot. */
  fresh?: boolean;
  /** Leave a page that does not exist uncreated (a quarter that has ended). */
  existingOnly?: boolean;
  /** Write rows, properties and blocks, but post no comment (a backfill of a past quarter). */
  silent?: boolean;
}

export type RecomputeResult = WriteReport & {
  shipped: number;
  skipped?: 'not-on-roster' | 'no-page';
  /** What the page was computed from, for the team grid of the same run (no second query). */
  inputs?: { shipped: readonly ShippedChange[]; excusedWeeks: readonly WeekId[] };
};

/** The quarter before, whose page the new one recalls; none across a gap in the team's own calendar. */
function previousQuarterIdOf(quarterId: string, deps: RecomputeDeps): string | undefined {
  return quarterBefore(quarterId, deps.settings)?.id;
}

/** The names a "paired with" may name: the roster's senior and lead engineers. */
function seniorsOf(roster: Roster): string[] {
  return [...roster.values()].filter((e) => e.tier === 'senior' || e.tier === 'lead').map((e) => e.name);
}

/**
 * Recompute one (engineer, quarter) from what Linear and Notion say now. The job only names the
 * page, so duplicate and out-of-order triggers converge on the same result.
 */
export async function recomputePage(
  deps: RecomputeDeps,
  target: PageTarget,
  log: Logger = deps.logger,
): Promise<RecomputeResult> {
  const { engineerId, quarterId } = target;
  if (!deps.serialize) return recomputeAlone(deps, target, log);
  return deps.serialize(`page:${engineerId}:${quarterId}`, (lockLost) =>
    recomputeAlone(deps, target, log, lockLost),
  );
}

async function recomputeAlone(
  deps: RecomputeDeps,
  { engineerId, quarterId, fresh = false, existingOnly = false, silent = false }: PageTarget,
  log: Logger,
  lockLost?: AbortSignal,
): Promise<RecomputeResult> {
  const engineer = deps.roster.get(engineerId);
  if (!engineer) {
    log.warn('engineer is no longer on the roster; nothing to recompute');
    return { writes: 0, requests: 0, shipped: 0, skipped: 'not-on-roster' };
  }
  const quarter = quarterById(quarterId, deps.settings);
  const shipped = await deps.linear.shippedChanges({
    assigneeId: engineer.linearUserId,
    label: deps.label,
    ...shipWindow(engineer, quarter),
  });
  const previousQuarterId = previousQuarterIdOf(quarterId, deps);
  const read = await deps.notion.read(engineer, quarter, {
    fresh,
    ...(previousQuarterId ? { previousQuarterId } : {}),
  });
  const inputs = { shipped, excusedWeeks: read.readback.excusedWeeks };
  if (existingOnly && !read.readback.exists) {
    log.debug('no page for this quarter; an ended quarter gets no new one');
    return { writes: 0, requests: 0, shipped: 0, skipped: 'no-page', inputs };
  }
  const goLive = await deps.goLive?.();
  const built = buildQuarterPage({
    engineer,
    quarter,
    settings: deps.settings,
    now: deps.now(),
    shipped,
    readback: read.readback,
    seniors: seniorsOf(deps.roster),
    ...(goLive ? { goLive } : {}),
  });
  const page = silent ? { ...built, notices: [] } : built;
  const report = await deps.notion.write(page, read, lockLost ? { lockLost } : {});
  if (report.writes > 0 && page.weeks.some((w) => w.status !== 'open')) await deps.onPageChanged?.(quarterId);
  log.info({ shipped: shipped.length, ...report }, 'quarter page recomputed');
  return { ...report, shipped: shipped.length, inputs };
}
