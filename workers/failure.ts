/**
 * What a failed job does next, decided from the adapters' typed errors (`instanceof`, then their
 * closed `code` and `retryable`), never from an error's shape or message:
 *
 * - `permanent`: it would fail the same way every time (a payload or query the API refuses, a
 *   quarter no calendar defines): the job stops at once (`UnrecoverableError`).
 * - `transient`: try again soon (a rate limit, a conflict, Redis or a lock busy): BullMQ retries
 *   with the backoff below, within the job's attempts.
 * - `unavailable`: a service the job needs cannot be used right now — its credential is refused
 *   (Linear key, Notion token), the integration lost its access to a page, or the service is
 *   unreachable or failing. That is fixed by a person or by time, not by the job, so it never
 *   uses up the job's attempts: the job waits in the delayed set (capped backoff) and runs once
 *   the service works again — at once when this process's readiness sees it recover.
 *
 * A page lock lost mid-recompute (`lock-lost`: Redis failed over, the holder stalled past its
 * TTL) is `transient`: the recompute stopped writing, and the next try, under a lock of its own,
 * reads what Notion shows and finishes the page.
 *
 * Notion's `restricted` (403: a page not shared with the integration, a capability turned off)
 * waits like a refused token: a person fixes it in Notion's settings, and then the very same job
 * succeeds; dropping it would lose the week's work. `not-found` does not wait: the recompute finds
 * or creates what it needs, so a page or block gone for good is a real failure to report.
 */
import { UnrecoverableError } from 'bullmq';
import { type DomainErrorCode, isDomainError } from '../src/domain/index.js';
import { LinearApiError, type LinearApiErrorCode } from '../src/linear/errors.js';
import { NotionApiError, type NotionApiErrorCode } from '../src/notion/errors.js';
import { LockLostError } from '../src/queue/lock.js';
import type { WaitPolicy } from '../src/runtime/worker-process.js';
import { SlackApiError, type SlackApiErrorCode } from '../src/slack/errors.js';

export type FailureKind = 'permanent' | 'transient' | 'unavailable';

/** A service commitline depends on, as readiness names it. */
export type Dependency = 'linear' | 'notion' | 'slack';

export interface JobFailure {
  kind: FailureKind;
  /** For `unavailable`: which service. */
  dependency?: Dependency;
  /** The adapter's code, for logs and the failed job's message. */
  code?:
    | NotionApiErrorCode
    | LinearApiErrorCode
    | SlackApiErrorCode
    | DomainErrorCode
    | LockLostError['code'];
  /** How long the API asked us to wait. */
  retryAfterMs?: number;
}

/** Every Notion code decided once: a new code will not compile until it is placed here. */
const NOTION: Readonly<Record<NotionApiErrorCode, FailureKind>> = {
  'rate-limited': 'transient',
  conflict: 'transient',
  server: 'unavailable',
  network: 'unavailable',
  unauthorized: 'unavailable',
  restricted: 'unavailable',
  validation: 'permanent',
  'not-found': 'permanent',
};

const LINEAR: Readonly<Record<LinearApiErrorCode, FailureKind>> = {
  'rate-limited': 'transient',
  server: 'unavailable',
  network: 'unavailable',
  authentication: 'unavailable',
  forbidden: 'unavailable',
  'query-rejected': 'permanent',
  'not-found': 'permanent',
};

/** Decides what a failure means; anything not typed by an adapter or the domain is transient. */
export function classifyFailure(error: unknown): JobFailure {
  if (error instanceof NotionApiError) {
    const kind = NOTION[error.code];
    return {
      // An adapter that says "retry" is believed even where the table says permanent.
      kind: kind === 'permanent' && error.retryable ? 'transient' : kind,
      code: error.code,
      ...(kind === 'unavailable' ? { dependency: 'notion' as const } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  if (error instanceof LinearApiError) {
    const kind = LINEAR[error.code];
    return {
      kind: kind === 'permanent' && error.retryable ? 'transient' : kind,
      code: error.code,
      ...(kind === 'unavailable' ? { dependency: 'linear' as const } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  // What a retry cannot fix (a token, a channel, the bot not invited) fails the job at once,
  // visibly. Slack down or unreachable: the week's digest waits for it, without spending its
  // tries, as a job waits for Linear or Notion; a 429 waits for what Slack asked.
  if (error instanceof SlackApiError) {
    const down = error.code === 'server' || error.code === 'network';
    return {
      kind: down ? 'unavailable' : error.retryable ? 'transient' : 'permanent',
      code: error.code,
      ...(down ? { dependency: 'slack' as const } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  // The method refusing its input (a quarter no calendar defines) will refuse it every time.
  if (isDomainError(error)) return { kind: 'permanent', code: error.code };
  if (error instanceof LockLostError) return { kind: 'transient', code: error.code };
  return { kind: 'transient' };
}

/** The error a processor throws for a `permanent` or `transient` failure. */
export function asJobError(error: unknown): Error {
  const failure = classifyFailure(error);
  if (failure.kind === 'permanent') {
    const message = error instanceof Error ? error.message : String(error);
    return new UnrecoverableError(`${failure.code ?? 'permanent'}: ${message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

const BASE_MS = 2_000;
const MAX_MS = 10 * 60_000;

/** Exponential backoff with jitter, or exactly the wait an API asked for when it said so. */
export function retryDelay(attemptsMade: number, error?: Error): number {
  const asked = classifyFailure(error).retryAfterMs;
  if (typeof asked === 'number' && asked > 0) return Math.min(asked + 250, MAX_MS);
  const exponential = Math.min(BASE_MS * 2 ** Math.max(0, attemptsMade - 1), MAX_MS);
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export type { WaitPolicy };

/** Waits of 5 s, doubling to 5 min; a job gives up after a week of a service being unusable. */
export const DEFAULT_WAIT: WaitPolicy = { baseMs: 5_000, maxMs: 5 * 60_000, giveUpAfterMs: 7 * 86_400_000 };

/**
 * How long an `unavailable` job waits before its next try, or undefined once it has waited past
 * `giveUpAfterMs`. Stateless: the wait doubles with the time already waited since `createdAt`,
 * so it needs no counter kept anywhere, and a restart does not reset it.
 */
export function unavailableDelay(
  createdAt: number,
  now: number,
  policy: WaitPolicy = DEFAULT_WAIT,
): number | undefined {
  const waited = Math.max(0, now - createdAt);
  if (waited >= policy.giveUpAfterMs) return undefined;
  return Math.min(policy.maxMs, Math.max(policy.baseMs, waited));
}
