/**
 * Notion's failures in commitline's words: one closed set of codes, decided by the SDK error's
 * `code` and HTTP `status`, never by its message. Notion's own message is kept as ours, so a
 * validation error still says which property was wrong.
 */
import {
  APIErrorCode,
  APIResponseError,
  InvalidPathParameterError,
  isNotionClientError,
  RequestTimeoutError,
} from '@notionhq/client';

export type NotionApiErrorCode =
  | 'rate-limited'
  | 'conflict'
  | 'server'
  | 'validation'
  | 'unauthorized'
  | 'restricted'
  | 'not-found'
  | 'network';

const RETRYABLE: ReadonlySet<NotionApiErrorCode> = new Set(['rate-limited', 'conflict', 'server', 'network']);

export class NotionApiError extends Error {
  override readonly name = 'NotionApiError';
  /** Worth trying the same request again later; false means it will fail the same way. */
  readonly retryable: boolean;

  constructor(
    readonly code: NotionApiErrorCode,
    message: string,
    /** Notion's HTTP status, when it answered. */
    readonly status?: number,
    /** How long Notion asked us to wait (Retry-After of a 429 or 529). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }
}

const BY_CODE: Readonly<Record<APIErrorCode, NotionApiErrorCode>> = {
  [APIErrorCode.RateLimited]: 'rate-limited',
  [APIErrorCode.ServiceOverload]: 'rate-limited',
  [APIErrorCode.ConflictError]: 'conflict',
  [APIErrorCode.InternalServerError]: 'server',
  [APIErrorCode.ServiceUnavailable]: 'server',
  [APIErrorCode.GatewayTimeout]: 'server',
  [APIErrorCode.ValidationError]: 'validation',
  [APIErrorCode.InvalidJSON]: 'validation',
  [APIErrorCode.InvalidRequest]: 'validation',
  [APIErrorCode.InvalidRequestURL]: 'validation',
  [APIErrorCode.InvalidBeta]: 'validation',
  [APIErrorCode.Unauthorized]: 'unauthorized',
  [APIErrorCode.RestrictedResource]: 'restricted',
  [APIErrorCode.ObjectNotFound]: 'not-found',
};

/** For answers whose body is not one of Notion's error objects (a proxy's 502, an unknown code). */
export function codeOfStatus(status: number): NotionApiErrorCode {
  if (status === 429 || status === 529) return 'rate-limited';
  if (status === 409) return 'conflict';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'restricted';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'validation';
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110). Undefined when absent or
 * unreadable; never negative.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date names a weekday and month ("Wed, 25 Nov 2026 10:00:05 GMT"); "-1" is no date.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if ('get' in headers && typeof headers.get === 'function') {
    const value: unknown = headers.get(name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/** The one translation of whatever a Notion call threw into a NotionApiError. */
export function toNotionApiError(error: unknown): NotionApiError {
  if (error instanceof NotionApiError) return error;
  if (APIResponseError.isAPIResponseError(error)) {
    const code = BY_CODE[error.code] ?? codeOfStatus(error.status);
    const retryAfterMs =
      code === 'rate-limited' ? parseRetryAfter(headerOf(error.headers, 'retry-after')) : undefined;
    return new NotionApiError(code, error.message, error.status, retryAfterMs);
  }
  if (RequestTimeoutError.isRequestTimeoutError(error)) return new NotionApiError('network', error.message);
  if (InvalidPathParameterError.isInvalidPathParameterError(error)) {
    return new NotionApiError('validation', error.message);
  }
  if (isNotionClientError(error) && 'status' in error && typeof error.status === 'number') {
    const code = codeOfStatus(error.status);
    const retryAfterMs =
      code === 'rate-limited' ? parseRetryAfter(headerOf(error.headers, 'retry-after')) : undefined;
    return new NotionApiError(code, error.message, error.status, retryAfterMs);
  }
  // fetch's own failures (DNS, refused connection, reset, our per-attempt timeout).
  return new NotionApiError('network', error instanceof Error ? error.message : String(error));
}
