/**
 * What a process depends on, checked at start and every few minutes: one cheap call each (Linear
 * `viewer { id }`, Notion `users.me`), kept so /readyz answers from memory and never spends an
 * API call per probe. A job that finds a credential refused says so at once (`report`); while it
 * fails it is checked again within seconds (5 s, doubling up to the interval), and the check that
 * passes clears it and tells the listeners, so the jobs that waited run.
 */
import { withTimeout } from '../http/timeout.js';
import { LinearApiError, linearReason, toLinearApiError } from '../linear/index.js';
import { NotionApiError, toNotionApiError } from '../notion/index.js';
import type { Logger } from '../observability/logger.js';
import { maskUrls } from '../observability/redact.js';

export interface DependencyFailure {
  dependency: string;
  reason: string;
}

export interface DependencyMonitor {
  /** How often each dependency is checked again. */
  readonly intervalMs: number;
  /**
   * Checks `dependency` now and every interval: `check` throws when it cannot be used. An error
   * that only says "slow down" (a rate limit) counts as working: the credential was accepted.
   */
  watch(dependency: string, check: () => Promise<void>): Promise<void>;
  /** A job found `dependency` refused or unreachable: failing until a check passes. */
  report(dependency: string, reason: string): void;
  /** What was reported about `dependency` is over. */
  clear(dependency: string): void;
  /** The dependencies failing now, with why. */
  failing(): DependencyFailure[];
  /** The watched dependencies' names. */
  watched(): string[];
  /** Called with a dependency that failed and now works. */
  onRecovered(listener: (dependency: string) => void): void;
  /** Runs every check now (tests; a start). */
  checkAll(): Promise<void>;
  stop(): void;
}

/** Every few minutes: cheap for the APIs, soon enough for a person who just fixed a token. */
export const DEFAULT_READINESS_INTERVAL_MS = 2 * 60_000;
/** The first re-check of a dependency found failing; each next one waits twice as long. */
const FIRST_RECHECK_MS = 5_000;
const CHECK_TIMEOUT_MS = 10_000;

/** Why a dependency cannot be used, in a few words, naming no credential. */
export function unavailableReason(error: unknown): string | undefined {
  if (error instanceof NotionApiError) {
    const notion = error;
    switch (notion.code) {
      case 'rate-limited':
        return undefined;
      case 'unauthorized':
        return `token refused (${notion.status ?? 401})`;
      case 'restricted':
        return `integration refused access (${notion.status ?? 403})`;
      case 'network':
        return `not reachable (${firstLine(notion.message)})`;
      case 'server':
        return `server error (${notion.status ?? 'no status'})`;
      default:
        return `${notion.code}${notion.status ? ` (${notion.status})` : ''}: ${firstLine(notion.message)}`;
    }
  }
  if (error instanceof LinearApiError) return error.code === 'rate-limited' ? undefined : linearReason(error);
  return firstLine(error instanceof Error ? error.message : String(error));
}

function firstLine(message: string): string {
  return maskUrls(message.split('\n')[0] ?? message);
}

export function createDependencyMonitor(
  options: { intervalMs?: number; logger?: Logger } = {},
): DependencyMonitor {
  const intervalMs = options.intervalMs ?? DEFAULT_READINESS_INTERVAL_MS;
  const checks = new Map<string, () => Promise<void>>();
  const failures = new Map<string, string>();
  const listeners: ((dependency: string) => void)[] = [];
  let timer: NodeJS.Timeout | undefined;

  // While a watched dependency fails, it is checked again sooner than the interval (5 s,
  // doubling): a token fixed or a service back is seen within seconds, and the jobs that waited
  // run. The back-off outlives a recovery by one interval, so a failure the check cannot see (a
  // job's 502 while users.me passes) re-checks at most every interval, not every 5 s.
  const rechecks = new Map<
    string,
    { timer?: NodeJS.Timeout | undefined; delayMs: number; recoveredAt?: number }
  >();
  const checkSoon = (dependency: string) => {
    const recheck = rechecks.get(dependency) ?? { delayMs: FIRST_RECHECK_MS / 2 };
    if (!checks.has(dependency) || intervalMs <= 0 || recheck.timer) return;
    recheck.delayMs = Math.min(recheck.delayMs * 2, intervalMs);
    recheck.timer = setTimeout(() => {
      recheck.timer = undefined;
      void run(dependency);
    }, recheck.delayMs);
    recheck.timer.unref();
    rechecks.set(dependency, recheck);
  };
  const setFailing = (dependency: string, reason: string) => {
    if (failures.get(dependency) !== reason) {
      options.logger?.warn({ dependency, reason }, `${dependency} cannot be used: ${reason}`);
    }
    failures.set(dependency, reason);
    checkSoon(dependency);
  };
  const setWorking = (dependency: string) => {
    const recheck = rechecks.get(dependency);
    if (recheck) {
      clearTimeout(recheck.timer);
      recheck.timer = undefined;
      const settled = recheck.recoveredAt === undefined || Date.now() - recheck.recoveredAt > intervalMs;
      if (settled) recheck.delayMs = FIRST_RECHECK_MS / 2;
      if (failures.has(dependency)) recheck.recoveredAt = Date.now();
    }
    if (!failures.delete(dependency)) return;
    options.logger?.info({ dependency }, `${dependency} works again`);
    for (const listener of listeners) listener(dependency);
  };
  const run = async (dependency: string) => {
    const check = checks.get(dependency);
    if (!check) return;
    try {
      await withTimeout(check(), CHECK_TIMEOUT_MS);
      setWorking(dependency);
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason === undefined) setWorking(dependency);
      else setFailing(dependency, reason);
    }
  };
  const checkAll = async () => {
    await Promise.all([...checks.keys()].map(run));
  };
  const ensureTimer = () => {
    if (timer || intervalMs <= 0) return;
    timer = setInterval(() => void checkAll(), intervalMs);
    timer.unref();
  };

  return {
    intervalMs,
    async watch(dependency, check) {
      checks.set(dependency, check);
      ensureTimer();
      await run(dependency);
    },
    report(dependency, reason) {
      setFailing(dependency, reason);
    },
    clear(dependency) {
      setWorking(dependency);
    },
    failing: () => [...failures].map(([dependency, reason]) => ({ dependency, reason })),
    watched: () => [...checks.keys()],
    onRecovered(listener) {
      listeners.push(listener);
    },
    checkAll,
    stop() {
      clearInterval(timer);
      timer = undefined;
      for (const recheck of rechecks.values()) clearTimeout(recheck.timer);
      rechecks.clear();
    },
  };
}

/** Readiness of a Notion token: `users.me`, one call that needs nothing but a working token. */
export function notionCheck(me: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    try {
      await me();
    } catch (error) {
      throw toNotionApiError(error);
    }
  };
}

/** Readiness of a Linear key: `viewer { id }`, the cheapest question that needs a working key. */
export function linearCheck(viewerId: () => Promise<string>): () => Promise<void> {
  return async () => {
    try {
      await viewerId();
    } catch (error) {
      throw toLinearApiError(error);
    }
  };
}
