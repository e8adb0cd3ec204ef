/**
 * Trying a unit of an operator's run (one page of a backfill) again when time may mend its
 * failure, as the workers do for a job: a failure the adapter calls `retryable` (a 5xx, a rate
 * limit, a conflict, the network) waits and goes again; any other is final at once.
 */

/** Tries per unit, the first included: as many as a recompute job's attempts. */
export const PATIENT_TRIES = 6;
const BASE_MS = 2_000;
const MAX_MS = 60_000;

function retryableOf(error: unknown): { retryable: boolean; retryAfterMs?: number } {
  if (!(error instanceof Error) || !('retryable' in error) || typeof error.retryable !== 'boolean') {
    return { retryable: false };
  }
  const after =
    'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
  return { retryable: error.retryable, ...(after !== undefined ? { retryAfterMs: after } : {}) };
}

/** Exponential with jitter from 2 s, or the wait the API asked for. */
export function patientDelay(attempt: number, error: unknown): number {
  const asked = retryableOf(error).retryAfterMs;
  if (asked !== undefined && asked > 0) return Math.min(asked + 250, MAX_MS);
  const ceiling = Math.min(BASE_MS * 2 ** (attempt - 1), MAX_MS);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export async function withPatience<T>(
  work: () => Promise<T>,
  options: {
    tries?: number;
    delayMs?: (attempt: number, error: unknown) => number;
    onRetry?: (attempt: number, error: unknown) => void;
  } = {},
): Promise<T> {
  const tries = options.tries ?? PATIENT_TRIES;
  const delay = options.delayMs ?? patientDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !retryableOf(error).retryable) throw error;
      options.onRetry?.(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, delay(attempt, error)));
    }
  }
}
