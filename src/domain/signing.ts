/**
 * Signatures on a quarter page: the engineer and the manager each comment
 * "I commit to these as of <date>". Only their comments count; the latest of each wins.
 */
import type { PageComment } from './types.js';

const SIGNATURE =
  /\bi\s+commit\s+to\s+(?:these|this|them)\b[\s,;:]*(?:as\s+of|from|on)\s+([^\n.!]+?)\s*[.!]*\s*$/im;

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
    if (!latest || comment.createdAt > latest.createdAt) latest = comment;
  }
  return latest;
}

export function signaturesOf(input: People & { comments: readonly PageComment[] }): {
  engineer?: PageComment;
  manager?: PageComment;
} {
  const signs = (c: PageComment) => signatureIn(c.text) !== undefined;
  const engineer = latestBy(input.comments, input.engineerNotionId, signs);
  const manager = latestBy(input.comments, input.managerNotionId, signs);
  return { ...(engineer ? { engineer } : {}), ...(manager ? { manager } : {}) };
}
