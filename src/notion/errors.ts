import { APIErrorCode, APIResponseError, isNotionClientError, RequestTimeoutError } from '@notionhq/client';

/** What went wrong talking to Notion, in commitline's words; decided by code, never by message. */
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
  readonly retryable: boolean;

  constructor(
    readonly code: NotionApiErrorCode,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }
}

const BY_CODE: Partial<Record<string, NotionApiErrorCode>> = {
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
  [APIErrorCode.Unauthorized]: 'unauthorized',
  [APIErrorCode.RestrictedResource]: 'restricted',
  [APIErrorCode.ObjectNotFound]: 'not-found',
};

export function toNotionApiError(error: unknown): NotionApiError {
  if (error instanceof NotionApiError) return error;
  if (APIResponseError.isAPIResponseError(error)) {
    const code = BY_CODE[error.code] ?? (error.status >= 500 ? 'server' : 'validation');
    return new NotionApiError(code, error.message, error.status);
  }
  if (RequestTimeoutError.isRequestTimeoutError(error)) return new NotionApiError('network', error.message);
  if (isNotionClientError(error) && 'status' in error && typeof error.status === 'number') {
    return new NotionApiError(error.status >= 500 ? 'server' : 'validation', error.message, error.status);
  }
  return new NotionApiError('network', error instanceof Error ? error.message : String(error));
}
