/**
 * Which quarter pages a change to one Linear issue can touch. A delivery only says *what* to
 * recompute; the recompute reads the truth from Linear, so over-approximating here is safe and
 * missing a page is not.
 */
import { engineerCalendar } from './baseline.js';
import { quarterOf } from './calendar.js';
import { isDomainError } from './errors.js';
import type { CalendarSettings, Engineer, QuarterId } from './types.js';

export interface AffectedPage {
  engineerId: string;
  quarterId: QuarterId;
}

export function affectedPages(input: {
  /** The current and previous assignees (Linear user ids). */
  assigneeIds: readonly string[];
  /** The current and previous `completedAt`. */
  completedAts: readonly Date[];
  roster: readonly Engineer[];
  settings: CalendarSettings;
}): AffectedPage[] {
  const engineers = input.roster.filter((e) => input.assigneeIds.includes(e.linearUserId));
  const pages: AffectedPage[] = [];
  for (const engineer of engineers) {
    // A ship is placed where the engineer is: near a quarter's edge, their zone decides which.
    const calendar = engineerCalendar(engineer, input.settings);
    const quarters = new Set<QuarterId>();
    for (const at of input.completedAts) {
      // An instant outside every defined quarter cannot count anywhere.
      try {
        quarters.add(quarterOf(at, calendar).id);
      } catch (error) {
        if (!isDomainError(error)) throw error;
      }
    }
    for (const quarterId of quarters) pages.push({ engineerId: engineer.id, quarterId });
  }
  return pages;
}
