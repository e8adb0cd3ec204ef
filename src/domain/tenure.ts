/**
 * How long the manager has known an engineer, as the method's bias checks need it: measured at
 * the first day of the quarter, from the engineer's start date.
 */
import { DateTime } from 'luxon';
import { dayOf } from './calendar.js';
import type { CalendarSettings, IsoDate, Quarter } from './types.js';

/** Under this many months of context, the manager tends to under-ask. */
export const NEW_ENGINEER_MONTHS = 6;

export interface Tenure {
  /** The quarter holds the engineer's start date: their first quarter. */
  firstQuarter: boolean;
  /** Fewer than 6 months between the start date and the quarter's first day. */
  underSixMonths: boolean;
}

export function tenureAt(
  startDate: IsoDate,
  quarter: Quarter,
  settings: Pick<CalendarSettings, 'timezone'>,
): Tenure {
  const first = dayOf(quarter.start, settings.timezone);
  const after = dayOf(quarter.end, settings.timezone);
  const sixMonthsIn = DateTime.fromISO(startDate, { zone: 'utc' })
    .plus({ months: NEW_ENGINEER_MONTHS })
    .toISODate();
  // ISO dates compare as strings.
  return {
    firstQuarter: startDate >= first && startDate < after,
    underSixMonths: sixMonthsIn !== null && sixMonthsIn > first,
  };
}
