import type { Redis } from 'ioredis';

export interface RedisFacts {
  version: string;
  maxmemoryPolicy: string;
  appendonly: string;
}

/** Reads what decides whether Redis can hold commitline's queues safely. */
export async function readRedisFacts(redis: Redis): Promise<RedisFacts> {
  const info = await redis.info('server');
  const version = /redis_version:([^\r\n]+)/.exec(info)?.[1]?.trim() ?? 'unknown';
  // Managed Redis services often disable CONFIG; then the policy is unknown, not an error.
  const setting = async (name: string) =>
    ((await redis.config('GET', name).catch(() => [])) as string[])[1] ?? 'unknown';
  const policy = await setting('maxmemory-policy');
  const aof = await setting('appendonly');
  return { version, maxmemoryPolicy: policy, appendonly: aof };
}

export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

export class EvictingRedisError extends Error {
  readonly code = 'evicting-redis';
}

/**
 * BullMQ loses jobs when Redis evicts keys. At start: refuse an evicting Redis unless the
 * operator deliberately allows it, and then warn loudly.
 */
export async function assertRedisSafe(
  redis: Redis,
  options: { allowEvicting: boolean; warn: (msg: string) => void },
): Promise<RedisFacts> {
  const facts = await readRedisFacts(redis);
  if (facts.maxmemoryPolicy === 'unknown') {
    options.warn(
      'Cannot read Redis maxmemory-policy (CONFIG is disabled here): make sure it is noeviction, or queued jobs can be lost.',
    );
  } else if (facts.maxmemoryPolicy !== 'noeviction') {
    const msg =
      `Redis maxmemory-policy is "${facts.maxmemoryPolicy}": Redis may evict queued jobs and delivery ids. ` +
      'Set `maxmemory-policy noeviction` (redis.conf or CONFIG SET), or set ALLOW_EVICTING_REDIS=1 to run anyway.';
    if (!options.allowEvicting) throw new EvictingRedisError(msg);
    options.warn(msg);
  }
  return facts;
}
