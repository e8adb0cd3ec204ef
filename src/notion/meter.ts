/**
 * Counting the Notion requests of one unit of work (a page write, a sweep) exactly, retries and
 * pagination included: the client's fetch reports every request it sends to the meter of the
 * work it runs in, whatever else the process is doing at the same time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class RequestMeter {
  requests = 0;
  /** Requests that change something in Notion (queries are reads, though they are POSTs). */
  writes = 0;
}

/** The meters of the work running now, outermost first: a write inside a backfill counts for both. */
const current = new AsyncLocalStorage<readonly RequestMeter[]>();

/** Runs `work` with every Notion request it sends counted on `meter` (and on any meter around it). */
export function metered<T>(meter: RequestMeter, work: () => Promise<T>): Promise<T> {
  return current.run([...(current.getStore() ?? []), meter], work);
}

const READ_POSTS = /\/v1\/(data_sources\/[^/]+\/query|databases\/[^/]+\/query|search)\/?$/;

/** Called by the client's fetch for every request it sends. */
export function countRequest(method: string, path: string): void {
  const write = method !== 'GET' && !(method === 'POST' && READ_POSTS.test(path));
  for (const meter of current.getStore() ?? []) {
    meter.requests += 1;
    if (write) meter.writes += 1;
  }
}
