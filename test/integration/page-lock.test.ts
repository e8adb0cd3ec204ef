import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.js';
import { LockLostError, LockTimeoutError, pageSerializer, withLock } from '../../src/queue/lock.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { freePort, startRedis } from '../helpers/redis-server.js';

const prefix = testPrefix('page-lock');
const redis = commandRedis();
const other = commandRedis();
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  other.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('when two processes recompute the same page at once', () => {
  it('should run them one after the other, never together', async () => {
    const serialize = pageSerializer(redis, prefix);
    const elsewhere = pageSerializer(other, prefix);
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await sleep(150);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      serialize('page:ana:2026-Q4', work('worker')),
      elsewhere('page:ana:2026-Q4', work('backfill')),
    ]);
    expect(results).toEqual(['worker', 'backfill']);
    expect(log).toHaveLength(4);
    expect(log[0]?.split(' ')[0]).toBe(log[1]?.split(' ')[0]);
    expect(log[2]?.split(' ')[0]).toBe(log[3]?.split(' ')[0]);
    expect(await redis.exists(`${prefix}:lock:page:ana:2026-Q4`)).toBe(0);
  });

  it('should let different pages run side by side', async () => {
    const serialize = pageSerializer(redis, prefix);
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(100);
      running -= 1;
    };
    await Promise.all([serialize('page:ana:2026-Q4', work), serialize('page:ben:2026-Q4', work)]);
    expect(most).toBe(2);
  });
});

describe('when a holder runs longer than the lock’s time to live', () => {
  it('should keep the lock renewed, so no one else takes it meanwhile', async () => {
    const key = `${prefix}:lock:long`;
    let secondRanDuring = false;
    let firstRunning = true;
    const first = withLock(
      redis,
      key,
      async () => {
        await sleep(400);
        firstRunning = false;
      },
      { ttlMs: 100 },
    );
    await sleep(20);
    const second = withLock(
      other,
      key,
      async () => {
        secondRanDuring = firstRunning;
      },
      { ttlMs: 100, waitMs: 2_000 },
    );
    await Promise.all([first, second]);
    expect(secondRanDuring).toBe(false);
  });

  it('should give up waiting with a typed error naming the lock', async () => {
    const key = `${prefix}:lock:busy`;
    const holder = withLock(redis, key, () => sleep(500), { ttlMs: 1_000 });
    await sleep(20);
    const error = await withLock(other, key, async () => 'ran', { waitMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).toBe('lock-timeout');
    expect(String((error as Error).message)).toContain(key);
    await holder;
  });
});

/** When `signal` was aborted (ms since the epoch), or undefined if it was not within `withinMs`. */
function abortedAt(signal: AbortSignal, withinMs: number): Promise<number | undefined> {
  if (signal.aborted) return Promise.resolve(Date.now());
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), withinMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(Date.now());
    });
  });
}

describe('when a holder loses its lock while it works', () => {
  // A TTL of 2 s renews every 200 ms.
  const ttlMs = 2_000;
  const everyMs = ttlMs / 10;

  it('should abort its signal within one renewal interval of the key being deleted', async () => {
    const key = `${prefix}:lock:deleted`;
    const reason = await withLock(
      redis,
      key,
      async (signal) => {
        // Renewals have gone through for a while: the lock is held, and the signal quiet.
        await sleep(3 * everyMs);
        expect(signal.aborted).toBe(false);
        await other.del(key);
        const deletedAt = Date.now();
        const at = await abortedAt(signal, ttlMs);
        expect(at).toBeDefined();
        // One interval, and a little for the timer and the round trip on a busy machine.
        expect((at ?? Infinity) - deletedAt).toBeLessThanOrEqual(everyMs + 100);
        return signal.reason as unknown;
      },
      { ttlMs },
    );
    expect(reason).toBeInstanceOf(LockLostError);
    expect((reason as LockLostError).code).toBe('lock-lost');
    expect((reason as LockLostError).retryable).toBe(true);
    expect((reason as Error).message).toContain(key);
    expect((reason as Error).message).toContain('gone or held by someone else');
  });

  it('should abort when another holder took the key, and leave that holder’s lock alone', async () => {
    const key = `${prefix}:lock:taken`;
    await withLock(
      redis,
      key,
      async (signal) => {
        // What a failover that lost the key, followed by another process's SET, leaves.
        await other.set(key, 'someone-else', 'PX', 60_000);
        expect(await abortedAt(signal, ttlMs)).toBeDefined();
      },
      { ttlMs },
    );
    expect(await redis.get(key)).toBe('someone-else');
    await redis.del(key);
  });

  it('should count the lock lost once it could have expired while Redis does not answer', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const frozen = createRedis(`redis://127.0.0.1:${port}`, 'command');
    frozen.on('error', () => {});
    try {
      await withLock(
        frozen,
        'lock:frozen',
        async (signal) => {
          await sleep(2 * everyMs);
          // A frozen Redis: the renewals are sent and never answered.
          server.kill('SIGSTOP');
          const frozenAt = Date.now();
          const at = await abortedAt(signal, 2 * ttlMs);
          expect(at).toBeDefined();
          const waited = (at ?? Infinity) - frozenAt;
          // Not at the first unanswered renewal: only when the key could expire before the next.
          expect(waited).toBeGreaterThan(ttlMs / 2);
          expect(waited).toBeLessThanOrEqual(ttlMs);
          expect((signal.reason as Error).message).toContain('may have expired');
          server.kill('SIGCONT');
        },
        { ttlMs },
      );
    } finally {
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      frozen.disconnect();
    }
  });

  it('should never abort a holder that keeps its lock, during its work or after it released it', async () => {
    const key = `${prefix}:lock:kept`;
    let kept: AbortSignal | undefined;
    await withLock(
      redis,
      key,
      async (signal) => {
        kept = signal;
        await sleep(3 * 300);
      },
      { ttlMs: 300 },
    );
    expect(kept?.aborted).toBe(false);
    expect(await redis.exists(key)).toBe(0);
    // No renewal outlives the release to find the key gone.
    await sleep(3 * 30);
    expect(kept?.aborted).toBe(false);
  });
});
