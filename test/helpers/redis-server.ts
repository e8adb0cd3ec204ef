import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A throwaway redis-server of a test's own, for outages and settings the shared one must not get. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startRedis(port: number, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    {
      stdio: 'ignore',
    },
  );
  const probe = commandRedisAt(port);
  for (let i = 0; i < 50; i++) {
    if (
      await probe.ping().then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  probe.disconnect();
  return child;
}

export function commandRedisAt(port: number) {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    maxRetriesPerRequest: 0,
    lazyConnect: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  return redis;
}
