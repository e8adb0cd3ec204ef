/**
 * Signatures on a quarter page: the engineer and the manager each comment
 * "I commit to these as of <date>". Only their comments count; the latest of each wins.
 * The date is kept as written ("1 April", "2026-10-01"): it is what the person declared, and the
 * comment's own timestamp already says when the signature was given.
 */
import type { PageComment } from './types.js';

// The date runs to the end of the line or of the sentence; a full stop inside a date ("1.4.2026")
// is not followed by a space, so it does not end it.
const SIGNATURE =
  /\bi\s+commit\s+to\s+(?:these|this|them|all\s+of\s+these)\b[\s,;:–—-]*(?:as\s+of|from|on|starting)\s+(.+?)\s*(?:[.!?;](?:\s|$)|[.!?;]*$)/im;

/** The date a comment signs the commitments as of, e.g. "1 April", or undefined. */
export function signatureIn(text: string): { date: string } | undefined {
  const match = SIGNATURE.exec(text.replace(/[’‘]/g, "'").trim());
  const date = match?.[1]?.trim();
  return date ? { date } : undefined;
}

export interface People {
  engineerNotionId: string;
  managerNotionId: string;
}

/** The latest comment of `authorId` that satisfies `test`. */
export function latestBy(
  comments: readonly PageComment[],
  authorId: string,
  test: (comment: PageComment) => boolean,
): PageComment | undefined {
  let latest: PageComment | undefined;
  for (const comment of comments) {
    if (comment.authorId !== authorId || !test(comment)) continue;
    if (!latest || comment.createdAt >= latest.createdAt) latest = comment;
  }
  return latest;
}

/** The engineer's and the manager's latest signatures; anyone else's comment signs nothing. */
export function signaturesOf(input: People & { comments: readonly PageComment[] }): {
  engineer?: PageComment;
  manager?: PageComment;
} {
  const signs = (c: PageComment) => signatureIn(c.text) !== undefined;
  const engineer = latestBy(input.comments, input.engineerNotionId, signs);
  const manager = latestBy(input.comments, input.managerNotionId, signs);
  return { ...(engineer ? { engineer } : {}), ...(manager ? { manager } : {}) };
}
