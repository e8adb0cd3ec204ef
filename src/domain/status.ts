/** Where a quarter page is in its life: draft → signed → checked → graded. */
import type { PageComment, QuarterStatus } from './types.js';

export function quarterStatus(input: {
  engineerSigned: boolean;
  managerSigned: boolean;
  checkpointHeld: boolean;
  engineerGraded: boolean;
  managerGraded: boolean;
}): QuarterStatus {
  if (input.engineerGraded && input.managerGraded) return 'graded';
  if (!(input.engineerSigned && input.managerSigned)) return 'draft';
  return input.checkpointHeld ? 'checked' : 'signed';
}

/**
 * The mid-quarter checkpoint counts as held once the manager comments "Checkpoint held" on the
 * page (a comment rather than a checkbox: it is dated, attributed, and can carry the notes).
 */
export function checkpointHeld(comments: readonly PageComment[], managerNotionId: string): boolean {
  return comments.some((c) => c.authorId === managerNotionId && /^\s*checkpoint held\b/i.test(c.text));
}
