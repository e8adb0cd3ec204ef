import type { Job } from 'bullmq';
import type {
  CalendarSettings,
  DigestPublisher,
  Engineer,
  NotionSweep,
  Quarter,
  QuarterId,
  TeamGridWriter,
  WeekId,
} from '../src/domain/index.js';
import {
  CHECKPOINT_WEEK,
  closesWeekForEveryone,
  engineersIn,
  GRADING_WEEK,
  isBeforeGoLive,
  NOTICE_GRACE_MS,
  quarterBefore,
  quarterById,
  quarterMoments,
  quarterOf,
  weekClosingUntil,
  weekNumberInQuarter,
  weekOf,
} from '../src/domain/index.js';
import type { Logger } from '../src/observability/logger.js';
import { type CadenceJob, cadenceJob } from '../src/queue/jobs.js';
import type { RecomputeScheduler } from '../src/queue/recompute.js';
import { GRID_REFRESH_DELAY_MS } from '../src/queue/schedulers.js';

export interface CadenceDeps {
  roster: readonly Engineer[];
  settings: CalendarSettings;
  now: () => Date;
  recompute: RecomputeScheduler;
  grid?: TeamGridWriter;
  /** The Friday digest in Slack, when it is configured: told wherever the grid is written. */
  digest?: DigestPublisher;
  /** Asks for the `week-digest` job of a week closed for everyone (the digest posts there). */
  requestDigest?: (week: WeekId) => Promise<void>;
  /** Asks for the `team-grid` job of a quarter again, after `delayMs`. */
  requestGrid?: (quarterId: QuarterId, delayMs: number) => Promise<void>;
  sweep?: NotionSweep;
  logger: Logger;
  /**
   * When commitline went live for the team (the team file's `since`, else what setup recorded in
   * Notion). A step due before it is not played; absent: every step plays.
   */
  goLive?: () => Promise<Date | undefined>;
}

/** Which steps act in which week of the quarter; the rest act every time they run. */
const STEP_WEEK: Partial<Record<CadenceJob['step'], number>> = {
  'quarter-open': 1,
  'signing-reminder': 1,
  checkpoint: CHECKPOINT_WEEK,
};

/** The moment of the quarter a week-bound step is for (the comment it leads to is for the same). */
const STEP_MOMENT: Partial<Record<CadenceJob['step'], keyof ReturnType<typeof quarterMoments>>> = {
  'quarter-open': 'open',
  'signing-reminder': 'signingReminder',
  checkpoint: 'checkpoint',
  grading: 'grading',
};

/** When a job was due: its scheduler's moment, or now for a job added by hand. */
function dueAt(job: Job, now: Date): Date {
  const scheduled = job.opts?.prevMillis;
  return typeof scheduled === 'number' && scheduled > 0 ? new Date(scheduled) : now;
}

/** The quarter before `quarter`, while commitline still speaks on its pages; none across a gap. */
function quarterJustEnded(quarter: Quarter, now: Date, settings: CalendarSettings): Quarter | undefined {
  const previous = quarterBefore(quarter.id, settings);
  return previous && now.getTime() < previous.end.getTime() + NOTICE_GRACE_MS ? previous : undefined;
}

/**
 * One step of the method's rhythm. Every step comes down to recomputing the pages it concerns:
 * what a page shows (rows, flags, reminders, prompts) follows from the time, so the recompute
 * writes exactly what the moment calls for, and each comment at most once.
 */
export function cadenceProcessor(deps: CadenceDeps) {
  return async (job: Job): Promise<{ step: string; pages: number }> => {
    const { step, quarterId, zone, week: digestWeek } = cadenceJob.parse(job.data);
    if (step === 'week-digest') {
      if (deps.digest && digestWeek) await deps.digest.weekClosed(digestWeek);
      return { step, pages: 0 };
    }
    if (step === 'team-grid') {
      // Between a week's first and last close (some engineers' week closed, not everyone's) the
      // grid waits: it is asked for again just after the last close, with this change in it.
      const until = weekClosingUntil(deps.now(), deps.roster, deps.settings);
      if (until && quarterId) {
        const delayMs = until.getTime() - deps.now().getTime() + GRID_REFRESH_DELAY_MS;
        await deps.requestGrid?.(quarterId, delayMs);
        deps.logger.info({ step, quarter: quarterId, until }, 'grid waits for the week’s close for everyone');
        return { step, pages: 0 };
      }
      if (deps.grid && quarterId) {
        const changed = quarterById(quarterId, deps.settings);
        const team = await deps.grid.writeGrid(changed);
        await deps.digest?.quarterChanged(changed, team);
      }
      return { step, pages: 0 };
    }
    const now = deps.now();
    // A step of one zone (see schedulers.ts) reads the calendar there and acts for the engineers
    // who live there; a step without one (team-wide, or run by hand) for everyone.
    const calendar = zone ? { ...deps.settings, timezone: zone } : deps.settings;
    const engineers = zone ? engineersIn(zone, deps.roster, deps.settings) : deps.roster;
    const quarter = quarterOf(now, calendar);
    const weekNumber = weekNumberInQuarter(weekOf(now, calendar).id, quarter);
    // A step is never played late across go-live: not one due before it (a job left from before,
    // or commitline not live yet), nor one whose moment of the quarter came before it (week 1's
    // reminder or week 7's checkpoint for a team that started in week 10).
    const goLive = await deps.goLive?.();
    const moment = STEP_MOMENT[step];
    if (
      isBeforeGoLive(dueAt(job, now), goLive) ||
      (moment && isBeforeGoLive(quarterMoments(quarter)[moment], goLive))
    ) {
      deps.logger.info(
        { step, zone, quarter: quarter.id, goLive },
        'cadence step before go-live: not played',
      );
      return { step, pages: 0 };
    }
    const recomputeAll = async (target: Quarter = quarter) => {
      const ended = target.id !== quarter.id;
      for (const engineer of engineers) {
        await deps.recompute.schedule(
          { engineerId: engineer.id, quarterId: target.id, reason: step, existingOnly: ended },
          { delayMs: 0 },
        );
      }
      return engineers.length;
    };
    // The quarter just ended is still graded for two weeks: its reminders (due at each week close)
    // and its Graded status come from recomputes the new quarter's steps would not ask for.
    if (step === 'grading' || step === 'weekly-close') {
      const ended = quarterJustEnded(quarter, now, calendar);
      if (ended) await recomputeAll(ended);
    }

    const only = STEP_WEEK[step];
    if (only !== undefined && weekNumber !== only) return { step, pages: 0 };
    if (step === 'grading' && weekNumber < GRADING_WEEK) return { step, pages: 0 };

    if (step === 'notion-sweep') {
      const changed = deps.sweep ? await deps.sweep.changedPages() : [];
      for (const page of changed) {
        await deps.sweep?.invalidate(page.engineerId, page.quarterId);
        await deps.recompute.schedule({ ...page, reason: step, fresh: true }, { delayMs: 0 });
      }
      return { step, pages: changed.length };
    }
    const pages = await recomputeAll();
    // The one place "the week is closed for everyone" is acted on: the close of the zone that
    // closes it last. The week is the one the close was due in, even when the job runs late.
    if (step === 'weekly-close' && deps.grid) {
      const due = dueAt(job, now);
      const week = weekOf(due, calendar).id;
      // A zone's own close is that close, even on a clock a moment behind the one that fired it.
      const at = zone ? new Date(Math.max(now.getTime(), due.getTime())) : now;
      if (closesWeekForEveryone({ zone, week, roster: deps.roster, settings: deps.settings, now: at })) {
        await deps.grid.writeGrid(quarterById(quarterOf(due, calendar).id, deps.settings));
        // The digest is a job of its own: a Slack outage retries the post, not this close.
        if (deps.digest) await (deps.requestDigest ? deps.requestDigest(week) : deps.digest.weekClosed(week));
      }
    }
    deps.logger.info({ step, zone, quarter: quarter.id, week: weekNumber, pages }, 'cadence step ran');
    return { step, pages };
  };
}
