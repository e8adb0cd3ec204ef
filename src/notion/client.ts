/**
 * commitline's one Notion client: the official SDK (API 2025-09-03) with its own retries off and
 * a fetch that waits for the shared rate limit before every request. 429/529 pause every process
 * for Retry-After; 5xx and 409 are retried with backoff, at most `tries` times, for requests that
 * are safe to repeat. Creating requests (a page, a comment, appended blocks) are not repeated
 * here: the writer finds before it creates again, so a lost answer never makes a duplicate.
 */
import { Client } from '@notionhq/client';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { NotionLimiter } from './rate-limit.js';

export interface NotionRetry {
  tries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_NOTION_RETRY: NotionRetry = { tries: 3, baseMs: 1_000, maxMs: 30_000 };
/** 429s are Notion asking to slow down, not failures: allow more of them before giving up. */
const MAX_RATE_LIMITED = 8;

type FetchArgs = Parameters<typeof fetch>;

/** Requests that create something: repeating one after a lost answer could create it twice. */
export function createsSomething(method: string, url: string): boolean {
  const path = new URL(url).pathname;
  if (method === 'POST') return /\/v1\/(pages|comments|databases)\/?$/.test(path);
  if (method === 'PATCH') return /\/v1\/blocks\/[^/]+\/children\/?$/.test(path);
  return false;
}

function retryAfterMs(headers: Headers): number {
  const value = headers.get('retry-after');
  const seconds = value === null ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1_000;
}

export function createNotionFetch(options: {
  limiter: NotionLimiter;
  metrics?: Metrics;
  logger?: Logger;
  retry?: NotionRetry | false;
  sleep?: (ms: number) => Promise<void>;
}) {
  const retry =
    options.retry === false ? { tries: 1, baseMs: 0, maxMs: 0 } : (options.retry ?? DEFAULT_NOTION_RETRY);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (url: FetchArgs[0], init?: FetchArgs[1]): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const repeatable = !createsSomething(method, String(url));
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      await options.limiter.acquire();
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        options.metrics?.notionRequests.inc({ method, outcome: 'network' });
        failures += 1;
        if (!repeatable || failures >= retry.tries) throw error;
        await sleep(Math.min(retry.baseMs * 2 ** (failures - 1), retry.maxMs));
        continue;
      }
      const status = response.status;
      options.metrics?.notionRequests.inc({ method, outcome: `${Math.floor(status / 100)}xx` });
      if (status === 429 || status === 529) {
        const wait = retryAfterMs(response.headers);
        await options.limiter.pauseFor(wait);
        rateLimited += 1;
        options.logger?.warn(
          { method, status, waitMs: wait },
          'Notion asked to slow down; every process pauses',
        );
        if (rateLimited >= MAX_RATE_LIMITED) return response;
        await response.body?.cancel();
        continue;
      }
      if ((status >= 500 || status === 409) && repeatable && failures + 1 < retry.tries) {
        failures += 1;
        const backoff = Math.min(retry.baseMs * 2 ** (failures - 1), retry.maxMs);
        options.logger?.warn({ method, status, attempt: failures }, 'Notion request failed; retrying');
        await response.body?.cancel();
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
        continue;
      }
      return response;
    }
  };
}

export function createNotionClient(options: {
  token: string;
  baseUrl?: string;
  limiter: NotionLimiter;
  metrics?: Metrics;
  logger?: Logger;
  retry?: NotionRetry | false;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}): Client {
  return new Client({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // Retries happen in our fetch, under the shared limit; the SDK's own would stack on top.
    retry: false,
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: createNotionFetch(options) as never,
  });
}
