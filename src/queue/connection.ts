import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker' | 'command';

/**
 * One place that opens Redis connections, with the settings BullMQ requires for each role:
 * - producer (the webhook receiver): no offline queue and one try per command, so an outage
 *   fails the request at once and Linear is answered 503 instead of waiting;
 * - worker (blocking BullMQ connections): `maxRetriesPerRequest: null`, as BullMQ requires;
 * - command (limiter, caches, CLI): bounded retries.
 */
export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    connectionName: `commitline:${role}`,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  const byRole: Record<RedisRole, RedisOptions> = {
    producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    worker: { maxRetriesPerRequest: null, enableReadyCheck: false },
    command: { maxRetriesPerRequest: 3 },
  };
  return new Redis(url, { ...base, ...byRole[role], ...extra });
}

/**
 * Resolves once the connection is ready; rejects after `timeoutMs`, or at once when the
 * connection has given up (a client that does not reconnect, refused).
 */
export async function waitReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw new Error('Redis connection closed');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('Redis connection closed'));
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
    };
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}
