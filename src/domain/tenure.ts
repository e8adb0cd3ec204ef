/**
 * How long the manager has known an engineer, as the method's bias checks need it, measured at
 * the quarter from the engineer's start date. The one definition of an engineer's first quarter
 * lives here; the guidance and the checks both read it.
 */
import { DateTime } from 'luxon';
import { dayOf } from './calendar.js';
import type { CalendarSettings, IsoDate, Quarter } from './types.js';

/** Under this many months of context, the manager tends to under-ask. */
export const NEW_ENGINEER_MONTHS = 6;
/** Someone who joins this close to a quarter's end has that quarter as a run-in: the next one is their first. */
export const RUN_IN_DAYS = 28;

export interface Tenure {
  /**
   * The engineer's first quarter: the one they joined in, or the next one when they joined in
   * the last four weeks before it (a junior who starts two weeks before the quarter gets the
   * lighter first quarter in it, not in the two weeks they joined in).
   */
  firstQuarter: boolean;
  /** Fewer than 6 months between the start date and the quarter's first day. */
  underSixMonths: boolean;
}

export function tenureAt(
  startDate: IsoDate,
  quarter: Quarter,
  settings: Pick<CalendarSettings, 'timezone'>,
): Tenure {
  const first = DateTime.fromISO(dayOf(quarter.start, settings.timezone), { zone: 'utc' });
  // The quarter's end is the next quarter's first day (its weeks run on without a gap).
  const after = DateTime.fromISO(dayOf(quarter.end, settings.timezone), { zone: 'utc' });
  const sixMonthsIn = DateTime.fromISO(startDate, { zone: 'utc' })
    .plus({ months: NEW_ENGINEER_MONTHS })
    .toISODate();
  const from = first.minus({ days: RUN_IN_DAYS }).toISODate() ?? '';
  const until = after.minus({ days: RUN_IN_DAYS }).toISODate() ?? '';
  // ISO dates compare as strings.
  return {
    firstQuarter: startDate >= from && startDate < until,
    underSixMonths: sixMonthsIn !== null && sixMonthsIn > (first.toISODate() ?? ''),
  };
}
