/**
 * commitline's one Notion client: the official SDK (API 2025-09-03) with its own retries off and
 * a fetch underneath that owns the retry policy, under the rate limit every process shares.
 *
 * Per request, before every attempt: wait for the shared limiter. Then, by Notion's answer:
 * - 429 / 529: every process pauses for Retry-After (`limiter.pauseFor`), then the request goes
 *   again; Notion did not act on it, so this holds for creates too. Bounded by MAX_RATE_LIMITED.
 * - 409 conflict_error: Notion did not commit the transaction; retried with backoff, any method.
 * - 5xx (500, 502, 503, 504) and network failures: retried with backoff, for every request that is
 *   safe to repeat: reads, queries (POST), updates (PATCH), deletes. A request that creates
 *   something (a page, a comment, a database, appended blocks) is not repeated after an answer
 *   that may hide a success: the caller's job is retried instead, and the writer finds before it
 *   creates, so a lost answer never makes a duplicate.
 * - anything else is handed back as is, so the SDK raises its typed error.
 * At most `retry.tries` attempts per request for failures; one HTTP attempt is cut at
 * `timeoutMs`, and nothing is sent once the request is older than `deadlineMs`. The SDK's own
 * timeout sits beyond both, so it never abandons a fetch that could still send.
 */
import { Client, LogLevel, RequestTimeoutError } from '@notionhq/client';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { parseRetryAfter, toNotionApiError } from './errors.js';
import { countRequest } from './meter.js';
import type { NotionLimiter } from './rate-limit.js';

export interface NotionRetry {
  /** Attempts per request when Notion fails (5xx, 409, network), the first included. */
  tries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_NOTION_RETRY: NotionRetry = { tries: 3, baseMs: 1_000, maxMs: 30_000 };
/** 429s are Notion asking to slow down, not failures: they have their own, larger bound. */
export const MAX_RATE_LIMITED = 8;
/** When a 429 comes without Retry-After. */
const DEFAULT_PAUSE_MS = 1_000;
/** Longest pause honoured from one Retry-After; a longer one is handed to the caller instead. */
const MAX_PAUSE_MS = 5 * 60_000;

type FetchArgs = Parameters<typeof fetch>;
type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Requests that create something: repeating one after a lost answer could create it twice. */
export function createsSomething(method: string, url: string): boolean {
  const path = new URL(url).pathname;
  if (method === 'POST') return /\/v1\/(pages|comments|databases|data_sources|file_uploads)\/?$/.test(path);
  if (method === 'PATCH') return /\/v1\/blocks\/[^/]+\/children\/?$/.test(path);
  return false;
}

/** Failures where nothing reached Notion, so even a create may go again. */
function neverSent(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(String(cause?.code));
}

function outcomeOf(status: number): string {
  if (status === 429 || status === 529) return 'rate_limited';
  return `${Math.floor(status / 100)}xx`;
}

export interface NotionFetchOptions {
  limiter: NotionLimiter;
  metrics?: Metrics;
  logger?: Logger;
  /** `false`: one attempt for failures (rate limits are still waited out). */
  retry?: NotionRetry | false;
  sleep?: Sleep;
  /** One HTTP attempt, send to answer (default 30 s). */
  timeoutMs?: number;
  /** A whole request, waits included: nothing is sent after it (default 5 min). */
  deadlineMs?: number;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 5 * 60_000;

/** The fetch the SDK is given: limiter, retry policy, metrics. */
export function createNotionFetch(options: NotionFetchOptions) {
  const retry =
    options.retry === false ? { tries: 1, baseMs: 0, maxMs: 0 } : (options.retry ?? DEFAULT_NOTION_RETRY);
  const tries = Math.max(1, Math.floor(retry.tries));
  const sleep = options.sleep ?? realSleep;
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const { limiter, metrics, logger } = options;
  const backoff = (failures: number) => {
    const ceiling = Math.min(retry.baseMs * 2 ** (failures - 1), retry.maxMs);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  };

  return async (url: FetchArgs[0], init?: FetchArgs[1]): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const target = String(url);
    const creates = createsSomething(method, target);
    const deadline = Date.now() + deadlineMs;
    const path = new URL(target).pathname;
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      await limiter.acquire();
      if (Date.now() > deadline) {
        throw new RequestTimeoutError(
          `Notion request not sent: ${method} ${path} waited over ${deadlineMs} ms`,
        );
      }
      let response: Response;
      // Our own timeout, told apart from the caller's abort by which signal fired.
      const attemptTimeout = AbortSignal.timeout(timeoutMs);
      try {
        const signal = init?.signal ? AbortSignal.any([init.signal, attemptTimeout]) : attemptTimeout;
        countRequest(method, path);
        response = await fetch(url, { ...init, signal });
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        const timedOut = attemptTimeout.aborted;
        metrics?.notionRequests.inc({ method, outcome: timedOut ? 'timeout' : 'network' });
        failures += 1;
        const again = (!creates || neverSent(error)) && failures < tries;
        if (!again) {
          if (timedOut)
            throw new RequestTimeoutError(`Notion did not answer ${method} ${path} within ${timeoutMs} ms`);
          throw error;
        }
        logger?.warn({ method, path, attempt: failures, err: error }, 'Notion request failed; retrying');
        await sleep(backoff(failures));
        continue;
      }

      const status = response.status;
      metrics?.notionRequests.inc({ method, outcome: outcomeOf(status) });
      if (status === 429 || status === 529) {
        const wait = parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_PAUSE_MS;
        await limiter.pauseFor(Math.min(wait, MAX_PAUSE_MS));
        rateLimited += 1;
        const giveUp = rateLimited >= MAX_RATE_LIMITED || wait > MAX_PAUSE_MS || Date.now() + wait > deadline;
        logger?.warn(
          { method, path, status, waitMs: wait, giveUp },
          'Notion asked to slow down; every process pauses',
        );
        if (giveUp) return response;
        await response.body?.cancel();
        continue;
      }
      const failed = status === 409 || status >= 500;
      if (failed && (status === 409 || !creates) && failures + 1 < tries) {
        failures += 1;
        const wait = backoff(failures);
        if (Date.now() + wait <= deadline) {
          logger?.warn({ method, path, status, attempt: failures }, 'Notion request failed; retrying');
          await response.body?.cancel();
          await sleep(wait);
          continue;
        }
      }
      return response;
    }
  };
}

export interface NotionClientOptions extends NotionFetchOptions {
  token: string;
  /** Another base URL than https://api.notion.com (the sandbox, tests). */
  baseUrl?: string | undefined;
}

export function createNotionClient(options: NotionClientOptions): Client {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const client = new Client({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // Retries happen in our fetch, under the shared limit; the SDK's own would stack on top.
    retry: false,
    // The SDK's own lines (request fail, …) repeat what the caller sees as an error: debug only.
    logLevel: LogLevel.WARN,
    logger: (level, message, extraInfo) =>
      options.logger?.debug({ ...extraInfo, sdkLevel: level }, `Notion SDK: ${message}`),
    // Only a backstop: our fetch gives up first, so the SDK never leaves it running unseen.
    timeoutMs: deadlineMs + timeoutMs + 5_000,
    fetch: createNotionFetch({ ...options, timeoutMs, deadlineMs }),
  });
  return translatingErrors(client);
}

/**
 * The adapter's single translation point: every method of the client, however deeply nested
 * (`client.blocks.children.append`), throws only NotionApiError. The SDK's types are unchanged.
 */
export function translatingErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          try {
            const result: unknown = Reflect.apply(value, object, args);
            return result instanceof Promise
              ? result.catch((error: unknown) => Promise.reject(toNotionApiError(error)))
              : result;
          } catch (error) {
            throw toNotionApiError(error);
          }
        };
      }
      return value !== null && typeof value === 'object' ? translatingErrors(value) : value;
    },
  });
}
