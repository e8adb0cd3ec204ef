import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A throwaway redis-server of a test's own, for outages and settings the shared one must not get. */
/**
 * A port nothing listens on, for a throwaway server. Picked at random below the kernel's ephemeral
 * range (32768 and up): a port the kernel hands out for `listen(0)` and then frees can be handed
 * to a test in another process at the same moment, or taken by a client's reconnection as its
 * own source port while the server is down.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * Whether a Redis answers on the port: one PING on a fresh connection each time (a connection
 * refused once is never reused). A server with a password answers NOAUTH: it is up all the same.
 */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => done(/^(\+PONG|-NOAUTH)/.test(String(reply))));
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
  const deadline = Date.now() + 5_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not come up on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
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
