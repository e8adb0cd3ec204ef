/**
 * The Notion rate limit every commitline process shares, on real Redis: two limiters on two
 * connections stand for two processes. Rates are high (tens per second) to keep the tests short;
 * the arithmetic is the same at Notion's 3 per second.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('notion-rate-limit');
const redisA = commandRedis();
const redisB = commandRedis();

afterEach(async () => {
  await deleteKeys(redisA, prefix);
});
afterAll(() => {
  redisA.disconnect();
  redisB.disconnect();
});

const two = (ratePerSecond: number, burst: number) => [
  createNotionLimiter({ redis: redisA, prefix, ratePerSecond, burst }),
  createNotionLimiter({ redis: redisB, prefix, ratePerSecond, burst }),
];
const since = (start: number) => performance.now() - start;

describe('when two processes share the Notion rate limit', () => {
  it.each([
    { rate: 50, burst: 1, n: 20 },
    { rate: 40, burst: 3, n: 20 },
  ])(
    'should take $n acquisitions at $rate/s (burst $burst) ≈ (n − burst) / rate overall',
    async ({ rate, burst, n }) => {
      const [a, b] = two(rate, burst);
      const start = performance.now();
      await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b)!.acquire()));
      const seconds = since(start) / 1000;
      const expected = (n - burst) / rate;
      expect(seconds).toBeGreaterThanOrEqual(expected * 0.9);
      expect(seconds).toBeLessThan(expected + 0.5);
    },
  );

  it('should let a burst go at once after a quiet spell, and no more', async () => {
    const [a, b] = two(10, 3);
    const start = performance.now();
    await Promise.all([a!.acquire(), b!.acquire(), a!.acquire()]);
    expect(since(start)).toBeLessThan(80);
    await b!.acquire();
    expect(since(start)).toBeGreaterThanOrEqual(90);
  });

  it('should keep its keys under the prefix, expiring once idle', async () => {
    const [a] = two(10, 1);
    await a!.acquire();
    const ttl = await redisA.pttl(`${prefix}:notion:rate`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_100);
  });
});

describe('when Notion asks one process to pause', () => {
  it('should hold every other process back until the pause has elapsed', async () => {
    const [a, b] = two(1_000, 3);
    await a!.pauseFor(300);
    const start = performance.now();
    await b!.acquire();
    expect(since(start)).toBeGreaterThanOrEqual(280);
  });

  it('should hold back a slot already reserved before the pause began', async () => {
    const [a, b] = two(5, 1);
    await a!.acquire();
    // b reserves the next slot, 200 ms away, and waits for it.
    const start = performance.now();
    const waiting = b!.acquire().then(() => since(start));
    await new Promise((r) => setTimeout(r, 50));
    await a!.pauseFor(500);
    expect(await waiting).toBeGreaterThanOrEqual(520);
  });

  it('should resume one request at a time rather than with a burst', async () => {
    const [a, b] = two(20, 5);
    await a!.pauseFor(200);
    const start = performance.now();
    const done = await Promise.all(
      Array.from({ length: 5 }, (_, i) => (i % 2 ? a : b)!.acquire().then(() => since(start))),
    );
    // At 20/s: the first at the pause's end, the fifth 4 × 50 ms later.
    expect(Math.min(...done)).toBeGreaterThanOrEqual(180);
    expect(Math.max(...done)).toBeGreaterThanOrEqual(370);
  });

  it('should not let a shorter pause cut a longer one short', async () => {
    const [a, b] = two(100, 1);
    await a!.pauseFor(600);
    await b!.pauseFor(50);
    expect(await redisA.pttl(`${prefix}:notion:pause`)).toBeGreaterThan(450);
  });

  it.each([0, -5, Number.NaN])('should ignore a pause of %s ms', async (ms) => {
    const [a] = two(100, 1);
    await a!.pauseFor(ms);
    expect(await redisA.exists(`${prefix}:notion:pause`)).toBe(0);
  });
});

describe('when the limiter is configured', () => {
  it.each([0, -3, Number.NaN])('should refuse a rate of %s per second', (rate) => {
    expect(() => createNotionLimiter({ redis: redisA, prefix, ratePerSecond: rate })).toThrow(/positive/);
  });
});
