/**
 * One Notion rate limit for every commitline process, kept in Redis: GCRA at `ratePerSecond` with
 * a bounded burst, timed by Redis's clock so processes on different hosts agree. When Notion says
 * 429 or 529 with Retry-After, `pauseFor` stops every process until it has elapsed.
 */
import type { Redis } from 'ioredis';

// Returns {granted, waitMs}. Granted: the slot is reserved, wait that long then send. Not granted:
// a pause is in force, wait and ask again.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return {0, pause} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local next = tat + interval
redis.call('SET', KEYS[1], tostring(next), 'PX', math.ceil(next - now + 1000))
return {1, math.ceil(wait)}
`;

const PAUSE = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

export interface NotionLimiter {
  /** Resolves when this process may send one request to Notion. */
  acquire(): Promise<void>;
  /** No process sends to Notion for `ms` (Notion's Retry-After). */
  pauseFor(ms: number): Promise<void>;
}

export function createNotionLimiter(options: {
  redis: Redis;
  prefix: string;
  ratePerSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst?: number;
  sleep?: (ms: number) => Promise<void>;
}): NotionLimiter {
  const interval = 1000 / options.ratePerSecond;
  const tolerance = interval * Math.max(0, (options.burst ?? 3) - 1);
  const keys = [`${options.prefix}:notion:rate`, `${options.prefix}:notion:pause`];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async acquire() {
      for (;;) {
        const [granted, wait] = (await options.redis.eval(ACQUIRE, 2, ...keys, interval, tolerance)) as [
          number,
          number,
        ];
        if (wait > 0) await sleep(wait);
        if (granted === 1) return;
      }
    },
    async pauseFor(ms) {
      await options.redis.eval(PAUSE, 1, keys[1] as string, Math.max(1, Math.ceil(ms)));
    },
  };
}
