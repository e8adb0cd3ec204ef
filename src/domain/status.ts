/** Where a quarter page is in its life: draft → signed → checked → graded. */
import type { PageComment, QuarterStatus } from './types.js';

export interface StatusInput {
  engineerSigned: boolean;
  managerSigned: boolean;
  checkpointHeld: boolean;
  /** The engineer graded every commitment. */
  engineerGraded: boolean;
  /** The manager graded every commitment. */
  managerGraded: boolean;
}

export function quarterStatus(input: StatusInput): QuarterStatus {
  // Grades are the quarter's outcome: once both have graded every item the page is graded, even if
  // a signature or the checkpoint comment went missing on the way (their reminders said so then).
  if (input.engineerGraded && input.managerGraded) return 'graded';
  if (!(input.engineerSigned && input.managerSigned)) return 'draft';
  return input.checkpointHeld ? 'checked' : 'signed';
}

const CHECKPOINT_HELD = /^[\s@>*_-]*checkpoint held\b/i;

/**
 * The mid-quarter checkpoint counts as held once the manager posts a comment starting with
 * "Checkpoint held" (any case) on the page. A comment rather than a checkbox: it is dated,
 * attributed to the manager, and can carry the re-scoping notes ("Checkpoint held — item 3 cut").
 * The engineer's comment does not count: holding the checkpoint is the manager's to record.
 */
export function checkpointHeld(comments: readonly PageComment[], managerNotionId: string): boolean {
  return comments.some((c) => c.authorId === managerNotionId && CHECKPOINT_HELD.test(c.text));
}
