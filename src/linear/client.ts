/**
 * commitline's one way to talk to Linear: the official SDK's GraphQL client, sending only our own
 * lean documents, with errors translated and transient failures retried here (not in workers).
 */
import { LinearClient } from '@linear/sdk';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { type LinearApiError, toLinearApiError } from './errors.js';

export interface RetryPolicy {
  tries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseMs: 500, maxMs: 60_000 };

export interface LinearApi {
  /** Runs one document; `operation` names it in metrics and logs. */
  request<T>(operation: string, document: string, variables?: Record<string, unknown>): Promise<T>;
}

export function createLinearApi(options: {
  apiKey: string;
  apiUrl?: string | undefined;
  metrics?: Metrics;
  logger?: Logger;
  retry?: RetryPolicy | false;
  sleep?: (ms: number) => Promise<void>;
}): LinearApi {
  const client = new LinearClient({
    apiKey: options.apiKey,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });
  const retry =
    options.retry === false ? { tries: 1, baseMs: 0, maxMs: 0 } : (options.retry ?? DEFAULT_RETRY);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async request<T>(
      operation: string,
      document: string,
      variables: Record<string, unknown> = {},
    ): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await client.client.rawRequest<T, Record<string, unknown>>(document, variables);
          options.metrics?.linearCalls.inc({ operation, outcome: 'ok' });
          return response.data as T;
        } catch (raw) {
          const error: LinearApiError = toLinearApiError(raw);
          options.metrics?.linearCalls.inc({ operation, outcome: error.code });
          if (!error.retryable || attempt >= retry.tries) {
            options.logger?.error(
              { operation, code: error.code, status: error.status, attempt },
              `Linear ${operation} failed: ${error.message}`,
            );
            throw error;
          }
          const backoff = Math.min(retry.baseMs * 2 ** (attempt - 1), retry.maxMs);
          const wait = Math.min(
            error.retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2),
            retry.maxMs,
          );
          options.logger?.warn(
            { operation, code: error.code, attempt, waitMs: Math.round(wait) },
            'Linear call failed; retrying',
          );
          await sleep(wait);
        }
      }
    },
  };
}
