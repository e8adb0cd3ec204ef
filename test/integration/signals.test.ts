/**
 * How a supervisor stops commitline: SIGTERM to the PID it started, and nothing more. `npm start`
 * is signalled as a plain `kill` or a container runtime would: only npm's own PID. The service
 * must log its shutdown, exit within its grace period, and leave no process behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { freePort } from '../helpers/redis-server.js';
import { deployedSandbox, sandboxEnvironment } from '../helpers/sandbox.js';

const prefix = testPrefix('signals');
const redis = commandRedis();
const ROOT = new URL('../..', import.meta.url).pathname;
const GRACE_SECONDS = 5;
let sandboxEnv: Awaited<ReturnType<typeof deployedSandbox>>;

beforeAll(async () => {
  sandboxEnv = await deployedSandbox(redis, prefix);
});
afterAll(async () => {
  await sandboxEnv?.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

/** Every process below `pid`, read from /proc (Linux). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent PID is the 4th field, after the command in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('when a supervisor sends SIGTERM to `npm start` alone', () => {
  it('should log the shutdown, exit within the grace period, and leave no process', async () => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        REDIS_URL,
        ...sandboxEnvironment(sandboxEnv, prefix),
        PORT: String(port),
        OPS_PORT: String(opsPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      },
    });
    let output = '';
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.stdout.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let ready = false;
    for (let i = 0; i < 600 && !ready; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = (await fetch(`http://127.0.0.1:${opsPort}/readyz`).catch(() => undefined))?.ok ?? false;
    }
    expect(ready).toBe(true);
    const npmPid = child.pid as number;
    const below = descendants(npmPid);
    expect(below.length).toBeGreaterThan(0);

    const signalled = performance.now();
    process.kill(npmPid, 'SIGTERM');
    const code = await exited;
    let left = below.filter(alive);
    for (let i = 0; i < GRACE_SECONDS * 20 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = below.filter(alive);
    }
    const stoppedAfter = performance.now() - signalled;

    expect(left).toEqual([]);
    expect(stoppedAfter).toBeLessThan(GRACE_SECONDS * 1000);
    expect(output).toContain('shutting down: no new work, finishing what is running');
    expect(output).toContain('"msg":"stopped"');
    expect(code).toBe(0);
    // Nothing listens on either port any more.
    expect(await fetch(`http://127.0.0.1:${opsPort}/healthz`).catch(() => 'refused')).toBe('refused');
  }, 60_000);
});
