import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test file, hash-tagged like production's, so runs never collide. */
export function testPrefix(name: string): string {
  return `{test-${name}-${randomUUID().slice(0, 8)}}`;
}

/** Deletes every key under a prefix (SCAN, never KEYS). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export function commandRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}
