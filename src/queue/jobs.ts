import { z } from 'zod';

/**
 * The data of every job kind. Jobs carry ids and timestamps only: never tokens, never whole
 * webhook bodies. Workers narrow `job.data` (unknown) with these schemas before use.
 */

export const linearEventJob = z.object({
  deliveryId: z.string().min(1),
  organizationId: z.string().min(1),
  issueId: z.string().min(1),
  action: z.enum(['create', 'update', 'remove']),
  /** The current and the previous assignee (Linear user ids), when known. */
  assigneeIds: z.array(z.string()),
  /** The current and the previous `completedAt`, when set (ISO instants). */
  completedAts: z.array(z.string()),
});
export type LinearEventJob = z.infer<typeof linearEventJob>;

export const notionEventJob = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  /** The quarter page or weekly row the event is about. */
  pageId: z.string().min(1),
});
export type NotionEventJob = z.infer<typeof notionEventJob>;

export const recomputeJob = z.object({
  engineerId: z.string().min(1),
  quarterId: z.string().min(1),
  /** Why: `linear`, `notion`, `reconcile`, `backfill`, `cadence`. For logs only. */
  reason: z.string().min(1),
  /** Re-read the people-owned content of the page from Notion instead of the cache. */
  fresh: z.boolean().default(false),
  /** Only a page that exists already: a quarter that has ended gets no new pages. */
  existingOnly: z.boolean().default(false),
});
export type RecomputeJob = z.infer<typeof recomputeJob>;
/** A recompute as it is asked for: `fresh` and `existingOnly` default to false. */
export type RecomputeRequest = z.input<typeof recomputeJob>;

export const cadenceJob = z.object({
  step: z.enum([
    'weekly-close',
    'quarter-open',
    'signing-reminder',
    'checkpoint',
    'grading',
    'reconcile',
    'notion-sweep',
    'team-grid',
    'week-digest',
  ]),
  /** For a step of an engineer's week: the zone whose engineers it is for (absent: everyone). */
  zone: z.string().min(1).optional(),
  /** For `team-grid`: the quarter whose grid to rewrite (a past week of it changed). */
  quarterId: z.string().min(1).optional(),
  /** For `week-digest`: the week closed for everyone, whose Slack digest to post. */
  week: z.string().min(1).optional(),
});
export type CadenceJob = z.infer<typeof cadenceJob>;

/** The deduplication id of a recompute: one per (engineer, quarter), i.e. per quarter page. */
export function recomputeKey(engineerId: string, quarterId: string): string {
  return `${engineerId}.${quarterId}`;
}
