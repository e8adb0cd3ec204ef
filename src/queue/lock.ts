/**
 * The page lock: one Redis key per lock, taken with SET NX PX, renewed while its holder works,
 * released only by its holder. Kept as commitline's own rather than a library, because what the
 * holder must be told is the point, and the libraries checked tell it late:
 * `@sesamecare-oss/redlock` (superseded by its author) extends only 500 ms before the TTL ends,
 * so a deleted or taken key is seen only then; `redlock-universal` needs Node 22 and extends at
 * 80% of the TTL. Routing backfill and reconcile through the queue would not help either: BullMQ
 * runs a stalled job again without telling the first run (`lockRenewalFailed` is only an event).
 * Redlock's quorum over several Redis servers adds nothing with the one commitline uses.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LockTimeoutError extends Error {
  readonly code = 'lock-timeout';
  override readonly name = 'LockTimeoutError';
}

/**
 * The holder lost its lock while it worked: the key was taken, deleted, or not renewed in time.
 * Another holder may be writing now, so the work stops; the same work later is expected to succeed.
 */
export class LockLostError extends Error {
  readonly code = 'lock-lost';
  /** For an operator's run (`withPatience`): try the page again, as a job is. */
  readonly retryable = true;
  override readonly name = 'LockLostError';
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
 *
 * `fn` is handed a signal aborted with a LockLostError as soon as the holder cannot be sure it
 * still holds the lock: a renewal finds the key gone or someone else's, or no renewal has been
 * confirmed for so long that the key could expire before the next one (Redis unreachable, the
 * process stalled). Renewals come ten times per TTL, so a loss is seen within a tenth of it.
 * `fn` checks the signal before each write; what it has finished stands.
 */
export async function withLock<T>(
  redis: Redis,
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  { ttlMs = 30_000, waitMs = 60_000 }: LockOptions = {},
): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  // The key's expiry runs from when Redis set it, which is no earlier than when it was asked.
  let confirmedAt = Date.now();
  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new LockTimeoutError(`${key} is still held after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    confirmedAt = Date.now();
  }

  const everyMs = Math.max(Math.floor(ttlMs / 10), 10);
  const lost = new AbortController();
  const lose = (why: string) => {
    clearInterval(renew);
    if (!lost.signal.aborted) lost.abort(new LockLostError(`lost the lock ${key}: ${why}`));
  };
  let renewing = false;
  const renew = setInterval(() => {
    // Time first: after a stall or a silent Redis, the time alone says the key may be gone.
    if (Date.now() + everyMs >= confirmedAt + ttlMs) {
      lose(`no renewal confirmed for ${Date.now() - confirmedAt} ms of its ${ttlMs} ms; it may have expired`);
      return;
    }
    if (renewing) return;
    renewing = true;
    const askedAt = Date.now();
    redis
      .eval(RENEW, 1, key, token, String(ttlMs))
      .then(
        (answer) => {
          if (answer === 1) confirmedAt = askedAt;
          else lose('the key is gone or held by someone else');
        },
        // Redis unreachable: the next ticks ask again, until the key could have expired.
        () => undefined,
      )
      .finally(() => {
        renewing = false;
      });
  }, everyMs);

  try {
    return await fn(lost.signal);
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}

/**
 * One (engineer, quarter) page recomputed at a time across the deployment: workers and an
 * operator's backfill take the same lock. The wait outlasts a Notion pause held by the holder.
 */
export function pageSerializer(redis: Redis, prefix: string, options: { ttlMs?: number } = {}) {
  return <T>(key: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> =>
    withLock(redis, `${prefix}:lock:${key}`, work, { ...options, waitMs: 10 * 60_000 });
}
