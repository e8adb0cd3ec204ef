import type { Job } from 'bullmq';
import type { CalendarSettings, Engineer } from '../src/domain/index.js';
import { type AffectedPage, affectedPages } from '../src/domain/index.js';
import { linearEventJob } from '../src/queue/jobs.js';
import type { RecomputeScheduler } from '../src/queue/recompute.js';

export interface LinearEventDeps {
  roster: readonly Engineer[];
  settings: CalendarSettings;
  recompute: RecomputeScheduler;
}

/** A verified Linear delivery → a debounced recompute of every quarter page it can touch. */
export function linearEventProcessor(deps: LinearEventDeps) {
  return async (job: Job): Promise<{ pages: AffectedPage[] }> => {
    const event = linearEventJob.parse(job.data);
    const pages = affectedPages({
      assigneeIds: event.assigneeIds,
      completedAts: event.completedAts.map((at) => new Date(at)),
      roster: deps.roster,
      settings: deps.settings,
    });
    for (const page of pages) await deps.recompute.schedule({ ...page, reason: 'linear' });
    return { pages };
  };
}
