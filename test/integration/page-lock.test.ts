import { afterAll, describe, expect, it } from 'vitest';
import { LockTimeoutError, pageSerializer, withLock } from '../../src/queue/lock.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

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
