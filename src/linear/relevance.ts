import type { IssueEvent } from './payload.js';

/** Fields whose change can move a production-visible change in or out of a week. */
const DECIDING_FIELDS = ['stateId', 'completedAt', 'assigneeId', 'labelIds'] as const;

export interface LabelKnowledge {
  /** The production-visible label's name, compared case-insensitively. */
  name: string;
  /** Ids known to carry that name (looked up at start, and learned from deliveries). */
  ids: ReadonlySet<string>;
}

/**
 * Does this Issue event possibly change a weekly baseline? It does when the issue carries the
 * production-visible label now or did before the change, and something that decides the
 * baseline changed, or when a shipped one (labelled, completed) was renamed. When a removed label's name cannot be known, the event counts: a spurious
 * recompute costs one Linear query, a dropped one costs a wrong baseline.
 */
export function isRelevant(event: IssueEvent, label: LabelKnowledge): boolean {
  const wanted = label.name.toLowerCase();
  const { issue, updatedFrom } = event;
  const labelledNow =
    issue.labels?.some((l) => l.name.toLowerCase() === wanted) ??
    issue.labelIds.some((id) => label.ids.has(id));

  if (event.action !== 'update') return labelledNow;
  if (!updatedFrom) return false;
  // A counted issue's new title is shown on its weekly row and in the page's evidence.
  if ('title' in updatedFrom && labelledNow && issue.completedAt) return true;
  const decidingChanged = DECIDING_FIELDS.some((field) => field in updatedFrom);
  if (!decidingChanged) return false;
  if (labelledNow) return true;

  const before = updatedFrom.labelIds;
  if (!before) return false;
  const removed = before.filter((id) => !issue.labelIds.includes(id));
  if (removed.length === 0) return false;
  if (label.ids.size === 0) return true;
  return removed.some((id) => label.ids.has(id));
}

/** Label ids carrying the production-visible name in this delivery, to remember for later removals. */
export function labelIdsNamed(event: IssueEvent, name: string): string[] {
  const wanted = name.toLowerCase();
  return (event.issue.labels ?? []).filter((l) => l.name.toLowerCase() === wanted).map((l) => l.id);
}

/** The current and previous assignee and completion time: every (engineer, quarter) it may touch. */
export function affectedKeys(event: IssueEvent): { assigneeIds: string[]; completedAts: string[] } {
  const assignees = new Set<string>();
  const completed = new Set<string>();
  if (event.issue.assigneeId) assignees.add(event.issue.assigneeId);
  if (event.issue.completedAt) completed.add(event.issue.completedAt);
  if (event.updatedFrom?.assigneeId) assignees.add(event.updatedFrom.assigneeId);
  if (event.updatedFrom?.completedAt) completed.add(event.updatedFrom.completedAt);
  return { assigneeIds: [...assignees], completedAts: [...completed] };
}
