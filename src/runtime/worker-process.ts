/**
 * The worker process as the rest of commitline sees it. Its processors live in workers/, which
 * import src and never the other way round, so the process is handed in by the entry point
 * (bin/commitline.js, or a test) with `provideWorkerProcess`: the one seam between the two.
 */
import type { Engineer } from '../domain/index.js';
import type { NotionEventReader } from '../http/notion-webhook.js';
import type { Adapters } from './adapters.js';
import type { ProcessContext } from './context.js';
import type { DependencyMonitor } from './readiness.js';

/** How a job waits for a service it cannot use (a refused token, an unreachable API). */
export interface WaitPolicy {
  /** The first wait. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** A job still waiting this long after it was created fails like any other (kept for inspection). */
  giveUpAfterMs: number;
}

export interface WorkerProcess {
  /** Not running until the process has started (Redis reached, adapters and roster resolved). */
  workers: { running(): boolean };
  /** Once started; reading them before throws. */
  readonly roster: readonly Engineer[];
  readonly adapters: Adapters;
  /** What this process depends on, as /readyz reports it. */
  dependencies: DependencyMonitor;
  /** Resolves once the workers run. */
  whenStarted(): Promise<void>;
  /** For `serve`, whose API also receives Notion's webhooks. */
  notionReader: NotionEventReader;
  close(): Promise<void>;
}

export interface WorkerStartOptions {
  now?: () => Date;
  schedulers?: boolean;
  /** How long the start waits for Redis before going on without it (default 5 s). */
  redisWaitMs?: number;
  /** How jobs wait for a service that cannot be used. */
  wait?: WaitPolicy;
}

export type StartWorkerProcess = (
  context: ProcessContext,
  options?: WorkerStartOptions,
) => Promise<WorkerProcess>;

let provided: StartWorkerProcess | undefined;

/** Called once by the entry point with workers/process.ts's `startWorkerProcess`. */
export function provideWorkerProcess(start: StartWorkerProcess): void {
  provided = start;
}

export function startWorkerProcess(
  context: ProcessContext,
  options?: WorkerStartOptions,
): Promise<WorkerProcess> {
  if (!provided) {
    throw new Error('the worker process was not provided: start commitline through bin/commitline.js');
  }
  return provided(context, options);
}
