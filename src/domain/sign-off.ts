/**
 * Signatures bound to the text they signed. A signature covers the commitments as they stood
 * when it was given: each is recorded with a fingerprint of that text (in commitline's own block
 * on the page, so it survives a lost Redis), and counts only while the text still matches it.
 * Texts are compared, never Notion's minute-rounded edit times — except to decide which text a
 * signature seen for the first time covers, when an edit may have landed right after it.
 */
import type { SigningRecord } from './page-model.js';
import type { CommitmentEdit } from './ports.js';
import type { Commitment, PageComment } from './types.js';

/** A short, stable fingerprint of the commitments' wording (FNV-1a over the normalised texts). */
export function fingerprintOf(commitments: readonly Commitment[]): string {
  const text = commitments
    .map((c) => `${c.ambitious ? '!' : ''}${c.text.replace(/\s+/g, ' ').trim().toLowerCase()}`)
    .join('\n');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * How a signature comment is named in the record: its id's last twelve hex digits. Notion's ids
 * may begin with a time part shared by comments made close together; their end is random.
 */
export const signatureRef = (comment: PageComment) => comment.id.replace(/-/g, '').slice(-12);
const legacyRef = (comment: PageComment) => comment.id.replace(/-/g, '').slice(0, 8);

export interface SignOffInput {
  commitments: readonly Commitment[];
  signatures: { engineer?: PageComment; manager?: PageComment };
  /** What commitline recorded on the page the last time it wrote it. */
  record: SigningRecord;
  commitmentEdits: readonly CommitmentEdit[];
  engineerNotionId: string;
}

export interface BoundSignature {
  comment: PageComment;
  /** The fingerprint of the text it signed. */
  signed: string;
  /** It signed the text as it stands now. */
  current: boolean;
}

export interface SignOff {
  fingerprint: string;
  engineer?: BoundSignature;
  manager?: BoundSignature;
  /** Someone signed a text that has changed since. */
  changedSinceSigning: boolean;
  /** The commitments changed after signing, and someone other than the engineer edited one. */
  editedByOther?: { index: number; by: string };
  /** What to record on the page now. */
  record: SigningRecord;
}

const minuteOf = (instant: Date) => Math.floor(instant.getTime() / 60_000);

/** The reading of a page with no commitments: nobody signs nothing, so no signature binds to it. */
const NOTHING_WRITTEN = fingerprintOf([]);

export function signOff(input: SignOffInput): SignOff {
  const fingerprint = fingerprintOf(input.commitments);
  const bound: Record<string, string> = {};
  const bind = (comment: PageComment | undefined): BoundSignature | undefined => {
    if (!comment) return undefined;
    const ref = signatureRef(comment);
    // A record written before refs were the id's end names the signature by its first 8 digits.
    let signed = input.record.signatures[ref] ?? input.record.signatures[legacyRef(comment)];
    if (!signed) {
      // Seen for the first time. If the text changed since commitline last read it, and an edit
      // may have come after the signature (its minute is not earlier), the signature covers the
      // text as it was read before it: a change right after signing asks for signatures again.
      // A reading with nothing written yet is bound to only when the text came in a later
      // minute than the signature: who writes the commitments and signs within a minute signs
      // what they wrote, but a signature on an empty page does not cover what came after it.
      const last = input.record.lastRead;
      const signedMinute = minuteOf(comment.createdAt);
      const editedSince = input.commitmentEdits.some((e) =>
        last === NOTHING_WRITTEN
          ? minuteOf(e.lastEditedAt) > signedMinute
          : minuteOf(e.lastEditedAt) >= signedMinute,
      );
      signed = last && last !== fingerprint && editedSince ? last : fingerprint;
    }
    bound[ref] = signed;
    return { comment, signed, current: signed === fingerprint };
  };
  const engineer = bind(input.signatures.engineer);
  const manager = bind(input.signatures.manager);
  const changedSinceSigning = [engineer, manager].some((s) => s !== undefined && !s.current);
  const signedAt = [engineer, manager]
    .filter((s): s is BoundSignature => s !== undefined && !s.current)
    .map((s) => minuteOf(s.comment.createdAt));
  const other = changedSinceSigning
    ? input.commitmentEdits.find(
        (e) => e.lastEditedBy !== input.engineerNotionId && minuteOf(e.lastEditedAt) >= Math.min(...signedAt),
      )
    : undefined;
  return {
    fingerprint,
    ...(engineer ? { engineer } : {}),
    ...(manager ? { manager } : {}),
    changedSinceSigning,
    ...(other ? { editedByOther: { index: other.index, by: other.lastEditedBy } } : {}),
    record: { lastRead: fingerprint, signatures: bound },
  };
}
