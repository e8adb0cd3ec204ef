/**
 * Linear's failures in commitline's words: one closed set of codes, decided by what Linear says
 * about the error (the GraphQL `extensions.code`, then the SDK's error type, then the HTTP status),
 * never by its message. Every call to Linear goes through `toLinearApiError` (see client.ts).
 */
import { LinearError, LinearErrorType } from '@linear/sdk';

export type LinearApiErrorCode =
  /** Linear asked us to slow down (HTTP 400 with `RATELIMITED`, or a 429). */
  | 'rate-limited'
  /** The API key is missing, wrong or revoked. */
  | 'authentication'
  /** The key is valid but may not do this (a feature or team it cannot reach). */
  | 'forbidden'
  /** The document or its variables were refused: it will be refused the same way again. */
  | 'query-rejected'
  | 'not-found'
  /** Linear was not reached, or did not answer (refused connection, DNS, reset, timeout). */
  | 'network'
  /** Linear answered with its own failure (5xx, an internal error, a lock timeout). */
  | 'server';

const RETRYABLE: ReadonlySet<LinearApiErrorCode> = new Set(['rate-limited', 'network', 'server']);

export class LinearApiError extends Error {
  override readonly name = 'LinearApiError';
  /**
   * Worth sending the same request again after a wait. False for a refused key too: that one
   * waits for a person, which the workers handle (workers/failure.ts), not a quick retry.
   */
  readonly retryable: boolean;

  constructor(
    readonly code: LinearApiErrorCode,
    message: string,
    /** For `rate-limited`: how long Linear asked us to wait. */
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }
}

/** Linear's `extensions.code` values, as its API documents them. */
const BY_EXTENSION_CODE: Readonly<Record<string, LinearApiErrorCode>> = {
  RATELIMITED: 'rate-limited',
  AUTHENTICATION_ERROR: 'authentication',
  FORBIDDEN: 'forbidden',
  FEATURE_NOT_ACCESSIBLE: 'forbidden',
  INVALID_INPUT: 'query-rejected',
  GRAPHQL_VALIDATION_FAILED: 'query-rejected',
  GRAPHQL_PARSE_FAILED: 'query-rejected',
  BAD_USER_INPUT: 'query-rejected',
  ENTITY_NOT_FOUND: 'not-found',
  INTERNAL_SERVER_ERROR: 'server',
  LOCK_TIMEOUT: 'server',
};

/** The SDK's reading of `extensions.type`, for answers without a code we know. */
const BY_TYPE: Readonly<Record<LinearErrorType, LinearApiErrorCode | undefined>> = {
  [LinearErrorType.Ratelimited]: 'rate-limited',
  [LinearErrorType.UsageLimitExceeded]: 'rate-limited',
  [LinearErrorType.AuthenticationError]: 'authentication',
  [LinearErrorType.Forbidden]: 'forbidden',
  [LinearErrorType.FeatureNotAccessible]: 'forbidden',
  [LinearErrorType.InvalidInput]: 'query-rejected',
  [LinearErrorType.GraphqlError]: 'query-rejected',
  [LinearErrorType.UserError]: 'query-rejected',
  [LinearErrorType.NetworkError]: 'network',
  [LinearErrorType.InternalError]: 'server',
  [LinearErrorType.LockTimeout]: 'server',
  [LinearErrorType.BootstrapError]: 'server',
  // Says nothing: the status decides.
  [LinearErrorType.Unknown]: undefined,
  [LinearErrorType.Other]: undefined,
};

function codeOfStatus(status: number | undefined): LinearApiErrorCode {
  if (status === undefined) return 'network';
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'authentication';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'query-rejected';
}

/** The first `extensions.code` in the answer's GraphQL errors (the SDK types it away). */
function extensionCode(error: LinearError): string | undefined {
  for (const raw of error.raw?.response?.errors ?? []) {
    const extensions: unknown = raw.extensions;
    if (extensions && typeof extensions === 'object' && 'code' in extensions) {
      if (typeof extensions.code === 'string') return extensions.code;
    }
  }
  return undefined;
}

function numberHeader(headers: Headers | undefined, name: string): number | undefined {
  const value = headers?.get(name);
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * How long a rate-limited answer asks us to wait: Retry-After (seconds), else the earliest of the
 * request and complexity resets (epoch milliseconds). Read from the headers directly: the SDK
 * parses them only when `extensions.type` says "ratelimited", and Linear may send only the code.
 */
function waitOf(headers: Headers | undefined, now: number): number | undefined {
  const retryAfter = numberHeader(headers, 'retry-after');
  if (retryAfter !== undefined) return Math.max(0, retryAfter * 1000);
  const resets = [
    numberHeader(headers, 'x-ratelimit-requests-reset'),
    numberHeader(headers, 'x-ratelimit-complexity-reset'),
  ].filter((v): v is number => v !== undefined && v > 0);
  if (resets.length === 0) return undefined;
  return Math.max(0, Math.min(...resets) - now);
}

/** The one translation of whatever a Linear call threw into a LinearApiError. */
export function toLinearApiError(error: unknown, now = Date.now()): LinearApiError {
  if (error instanceof LinearApiError) return error;
  if (error instanceof LinearError) {
    const status = error.status;
    const byCode = BY_EXTENSION_CODE[extensionCode(error) ?? ''];
    // The first GraphQL error's `extensions.type`; without errors in the body the SDK guesses a type
    // from the status alone (any 4xx becomes "authentication"), so the status decides instead.
    const bodyType = error.errors?.[0]?.type;
    let code = byCode ?? (bodyType ? BY_TYPE[bodyType] : undefined) ?? codeOfStatus(status);
    // An HTTP 5xx is the server's trouble whatever the body says.
    if (status !== undefined && status >= 500 && code === 'query-rejected') code = 'server';
    const wait = code === 'rate-limited' ? waitOf(error.raw?.response?.headers, now) : undefined;
    return new LinearApiError(code, error.message, wait, status);
  }
  // fetch rejects with a TypeError on connection failures; anything else unknown is treated alike.
  return new LinearApiError('network', error instanceof Error ? error.message : String(error));
}

/** A short reason for readiness and logs: what Linear said, never the key. */
export function linearReason(error: LinearApiError): string {
  switch (error.code) {
    case 'authentication':
      return `API key refused${error.status ? ` (${error.status})` : ''}`;
    case 'forbidden':
      return `API key may not do this${error.status ? ` (${error.status})` : ''}`;
    case 'network':
      return `not reachable (${error.message.split('\n')[0]})`;
    case 'rate-limited':
      return 'rate limited';
    case 'server':
      return `server error${error.status ? ` (${error.status})` : ''}`;
    default:
      return `${error.code}${error.status ? ` (${error.status})` : ''}`;
  }
}
