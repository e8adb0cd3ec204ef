/**
 * The engineer's previous quarter in one line, on the new quarter's page: the graded review and
 * the next commitments start from the record, not from memory.
 */
import type { QuarterRecord } from './types.js';
import { plural } from './words.js';

/** e.g. `Last quarter (2026-Q3): shipped in 10 of 12 weeks; grades agreed: 2 hit, 1 partial, 1 missed.` */
export function previousQuarterLine(record: QuarterRecord): string {
  const counted = record.weeksShipped + record.weeksMissed;
  const weeks =
    counted === 0 ? 'no week counted' : `shipped in ${record.weeksShipped} of ${plural(counted, 'week')}`;
  const agreed = record.hit + record.partial + record.missed;
  const grades =
    agreed === 0
      ? 'no grades agreed'
      : `grades agreed: ${record.hit} hit, ${record.partial} partial, ${record.missed} missed`;
  return `Last quarter (${record.quarterId}): ${weeks}; ${grades}.`;
}
