import type { Job } from 'bullmq';
import type { PageOwnerLookup } from '../src/domain/index.js';
import { notionEventJob } from '../src/queue/jobs.js';
import type { RecomputeScheduler } from '../src/queue/recompute.js';

export interface NotionEventDeps {
  pages: PageOwnerLookup;
  recompute: RecomputeScheduler;
}

/**
 * A person changed something in Notion (a comment, a commitment, an Excused box). Events arrive
 * late and out of order, so this only says "read this page again": the recompute reads it now.
 */
export function notionEventProcessor(deps: NotionEventDeps) {
  return async (job: Job): Promise<{ refreshed: boolean }> => {
    const event = notionEventJob.parse(job.data);
    const owner = await deps.pages.ownerOf(event.pageId);
    if (!owner) return { refreshed: false };
    await deps.pages.invalidate(owner.engineerId, owner.quarterId);
    await deps.recompute.schedule({ ...owner, reason: 'notion', fresh: true }, { delayMs: 0 });
    return { refreshed: true };
  };
}
