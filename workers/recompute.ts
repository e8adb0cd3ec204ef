import type { Job } from 'bullmq';
import { recomputeJob } from '../src/queue/jobs.js';
import { type RecomputeDeps, type RecomputeResult, recomputePage } from '../src/runtime/recompute-page.js';

/** Recomputes the (engineer, quarter) the job names. */
export function recomputeProcessor(deps: RecomputeDeps) {
  return async (job: Job): Promise<RecomputeResult> => {
    const { engineerId, quarterId, reason, fresh, existingOnly } = recomputeJob.parse(job.data);
    const log = deps.logger.child({ jobId: job.id, engineer: engineerId, quarter: quarterId, reason });
    return recomputePage(deps, { engineerId, quarterId, fresh, existingOnly }, log);
  };
}
