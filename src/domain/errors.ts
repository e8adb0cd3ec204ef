/**
 * Input the method cannot make sense of (a week label that does not exist, a day no quarter covers).
 * `code` is stable so programs can branch on it; `message` is written for the person who has to fix it.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The codes the calendar throws. */
export type CalendarErrorCode =
  | 'invalid-week'
  | 'invalid-quarter'
  | 'quarter-not-defined'
  | 'week-not-in-quarter'
  | 'invalid-date'
  | 'invalid-timezone'
  | 'invalid-week-close';

/** Every code a DomainError carries: the calendar's, and a backfill refused for a quarter not yet begun. */
export type DomainErrorCode = CalendarErrorCode | 'future-quarter';

/** True when `error` is a DomainError, with the given code when one is passed. */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
