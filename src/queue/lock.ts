import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LockTimeoutError extends Error {
  readonly code = 'lock-timeout';
  override readonly name = 'LockTimeoutError';
}

const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const RENEW =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

export interface LockOptions {
  /** How long the lock outlives a holder that died; renewed while the holder runs. */
  ttlMs?: number;
  /** How long to wait for another holder before giving up with a LockTimeoutError. */
  waitMs?: number;
}

/**
 * Runs `fn` holding a Redis lock shared by every process on the deployment. The lock is renewed
 * while `fn` runs (a Notion pause can outlast any fixed TTL), and released only by its holder.
 */
export async function withLock<T>(
  redis: Redis,
  key: string,
  fn: () => Promise<T>,
  { ttlMs = 30_000, waitMs = 60_000 }: LockOptions = {},
): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new LockTimeoutError(`${key} is still held after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const renew = setInterval(
    () => void redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined),
    Math.max(ttlMs / 3, 10),
  );
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}

/**
 * One (engineer, quarter) page recomputed at a time across the deployment: workers and an
 * operator's backfill take the same lock. The wait outlasts a Notion pause held by the holder.
 */
export function pageSerializer(redis: Redis, prefix: string) {
  return <T>(key: string, work: () => Promise<T>): Promise<T> =>
    withLock(redis, `${prefix}:lock:${key}`, work, { waitMs: 10 * 60_000 });
}
