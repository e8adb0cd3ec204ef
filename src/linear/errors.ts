import { LinearError, LinearErrorType, RatelimitedLinearError } from '@linear/sdk';

/** What went wrong talking to Linear, in commitline's words; decided by error type, never message. */
export type LinearApiErrorCode =
  | 'rate-limited'
  | 'authentication'
  | 'query-rejected'
  | 'not-found'
  | 'network'
  | 'server';

const RETRYABLE: ReadonlySet<LinearApiErrorCode> = new Set(['rate-limited', 'network', 'server']);

export class LinearApiError extends Error {
  override readonly name = 'LinearApiError';
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

const BY_TYPE: Partial<Record<LinearErrorType, LinearApiErrorCode>> = {
  [LinearErrorType.Ratelimited]: 'rate-limited',
  [LinearErrorType.UsageLimitExceeded]: 'rate-limited',
  [LinearErrorType.AuthenticationError]: 'authentication',
  [LinearErrorType.Forbidden]: 'authentication',
  [LinearErrorType.FeatureNotAccessible]: 'authentication',
  [LinearErrorType.InvalidInput]: 'query-rejected',
  [LinearErrorType.GraphqlError]: 'query-rejected',
  [LinearErrorType.UserError]: 'query-rejected',
  [LinearErrorType.NetworkError]: 'network',
  [LinearErrorType.InternalError]: 'server',
  [LinearErrorType.LockTimeout]: 'server',
  [LinearErrorType.BootstrapError]: 'server',
};

/** How long a rate-limited answer asks us to wait: Retry-After, else the earliest reset. */
function waitOf(error: RatelimitedLinearError, now: number): number | undefined {
  if (typeof error.retryAfter === 'number') return error.retryAfter * 1000;
  const resets = [error.requestsResetAt, error.complexityResetAt].filter(
    (v): v is number => typeof v === 'number' && v > 0,
  );
  if (resets.length === 0) return undefined;
  // Linear sends the reset as epoch milliseconds.
  return Math.max(0, Math.min(...resets) - now);
}

export function toLinearApiError(error: unknown, now = Date.now()): LinearApiError {
  if (error instanceof LinearApiError) return error;
  if (error instanceof LinearError) {
    const status = error.status;
    let code: LinearApiErrorCode =
      (error.type && BY_TYPE[error.type]) ??
      (status !== undefined && status >= 500 ? 'server' : status === 404 ? 'not-found' : 'query-rejected');
    // An HTTP 5xx is the server's trouble whatever the body says.
    if (status !== undefined && status >= 500 && code === 'query-rejected') code = 'server';
    const wait = error instanceof RatelimitedLinearError ? waitOf(error, now) : undefined;
    return new LinearApiError(code, error.message, wait, status);
  }
  // fetch rejects with a TypeError on connection failures; anything else unknown is treated alike.
  return new LinearApiError('network', error instanceof Error ? error.message : String(error));
}
