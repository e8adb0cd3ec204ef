import { UnrecoverableError } from 'bullmq';
import { isDomainError } from '../src/domain/index.js';

/**
 * The adapters' errors carry `retryable` and, for rate limits, `retryAfterMs`. Workers only
 * translate: a permanent failure (bad credentials, a query or payload the API rejects) stops the
 * job at once; anything else is retried by BullMQ with the backoff below.
 */
interface AdapterFailure {
  retryable?: boolean;
  retryAfterMs?: number;
  code?: string;
}

function failureOf(error: unknown): AdapterFailure {
  return typeof error === 'object' && error !== null ? (error as AdapterFailure) : {};
}

export function asJobError(error: unknown): Error {
  const failure = failureOf(error);
  // The method refusing its input (a quarter no calendar defines) will refuse it every time.
  if (failure.retryable === false || isDomainError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new UnrecoverableError(`${failure.code ?? 'permanent'}: ${message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

const BASE_MS = 2_000;
const MAX_MS = 10 * 60_000;

/** Exponential backoff with jitter, or exactly the wait an API asked for when it said so. */
export function retryDelay(attemptsMade: number, error?: Error): number {
  const asked = failureOf(error).retryAfterMs;
  if (typeof asked === 'number' && asked > 0) return Math.min(asked + 250, MAX_MS);
  const exponential = Math.min(BASE_MS * 2 ** Math.max(0, attemptsMade - 1), MAX_MS);
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}
