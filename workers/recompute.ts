import type { Job } from 'bullmq';
import type {
  CalendarSettings,
  Engineer,
  LinearReader,
  QuarterPageWriter,
  WriteReport,
} from '../src/domain/index.js';
import { buildQuarterPage, quarterById } from '../src/domain/index.js';
import type { Logger } from '../src/observability/logger.js';
import { recomputeJob } from '../src/queue/jobs.js';

export interface RecomputeDeps {
  roster: ReadonlyMap<string, Engineer>;
  settings: CalendarSettings;
  /** The production-visible label's name. */
  label: string;
  linear: LinearReader;
  notion: QuarterPageWriter;
  now: () => Date;
  logger: Logger;
  /** Told when a page changed, so the team grid follows a change to a past week. */
  onPageChanged?: (quarterId: string) => Promise<void>;
  /**
   * Runs one page's recompute alone across every process (workers, a backfill): two recomputes
   * of one page at once could both post the same comment or create the same row.
   */
  serialize?: <T>(key: string, work: () => Promise<T>) => Promise<T>;
}

export interface PageTarget {
  engineerId: string;
  quarterId: string;
  /** Re-read what people wrote instead of the cached readback. */
  fresh?: boolean;
  /** Leave a page that does not exist uncreated (a quarter that has ended). */
  existingOnly?: boolean;
}

export type RecomputeResult = WriteReport & { shipped: number; skipped?: string };

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
  const work = () => recomputeAlone(deps, target, log);
  return deps.serialize ? deps.serialize(`page:${engineerId}:${quarterId}`, work) : work();
}

async function recomputeAlone(
  deps: RecomputeDeps,
  { engineerId, quarterId, fresh = false, existingOnly = false }: PageTarget,
  log: Logger,
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
    from: quarter.start,
    to: quarter.end,
  });
  const readback = await deps.notion.read(engineer, quarter, { fresh });
  if (existingOnly && !readback.exists) {
    log.debug('no page for this quarter; an ended quarter gets no new one');
    return { writes: 0, requests: 0, shipped: 0, skipped: 'no-page' };
  }
  const page = buildQuarterPage({
    engineer,
    quarter,
    settings: deps.settings,
    now: deps.now(),
    shipped,
    readback,
  });
  const report = await deps.notion.write(page);
  if (report.writes > 0 && page.weeks.some((w) => w.status !== 'open')) await deps.onPageChanged?.(quarterId);
  log.info({ shipped: shipped.length, ...report }, 'quarter page recomputed');
  return { ...report, shipped: shipped.length };
}

export function recomputeProcessor(deps: RecomputeDeps) {
  return async (job: Job): Promise<RecomputeResult> => {
    const { engineerId, quarterId, reason, fresh, existingOnly } = recomputeJob.parse(job.data);
    const log = deps.logger.child({ jobId: job.id, engineer: engineerId, quarter: quarterId, reason });
    return recomputePage(deps, { engineerId, quarterId, fresh, existingOnly }, log);
  };
}
