/**
 * One Notion rate limit for every commitline process, kept in Redis.
 *
 * - GCRA at `ratePerSecond` with a bounded burst: each acquisition reserves the next slot of the
 *   theoretical arrival time (TAT) in one Lua script, so processes never race for the same slot.
 *   Time is Redis's clock (`TIME`), so processes on hosts whose clocks disagree still agree.
 * - A global pause: when Notion answers 429/529 with Retry-After, `pauseFor` records when the
 *   pause ends; no process sends before then. A slot reserved before the pause is checked again
 *   after its wait, and the TAT moves past the pause so sending resumes one request at a time.
 *
 * Keys (under a prefix that carries a {hash tag}, so the script's keys share a cluster slot):
 * `<prefix>:notion:rate` (the TAT, ms) and `<prefix>:notion:pause` (pause end, ms, expiring then).
 */
import type { Redis } from 'ioredis';

// KEYS: rate, pause. ARGV: interval ms, tolerance ms (interval × (burst − 1)).
// Returns {granted, waitMs}: granted = 1 means a slot is reserved, send after waitMs;
// granted = 0 means a pause is in force, ask again after waitMs.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then return {0, math.ceil(pause - now)} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local nextTat = tat + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now + 1000))
return {1, math.ceil(wait)}
`;

// KEYS: pause. Returns the ms left of the pause, 0 when none.
const PAUSED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
if pause > now then return math.ceil(pause - now) end
return 0
`;

// KEYS: rate, pause. ARGV: pause ms, tolerance ms. A longer pause already set is kept.
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
local untilMs = now + ms
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < untilMs then
  redis.call('SET', KEYS[2], tostring(untilMs), 'PX', ms)
  local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
  local resume = untilMs + tonumber(ARGV[2])
  if tat < resume then redis.call('SET', KEYS[1], tostring(resume), 'PX', math.ceil(resume - now + 1000)) end
end
return 1
`;

interface LimiterCommands {
  commitlineNotionAcquire(
    rateKey: string,
    pauseKey: string,
    interval: number,
    tolerance: number,
  ): Promise<unknown>;
  commitlineNotionPaused(pauseKey: string): Promise<unknown>;
  commitlineNotionPause(rateKey: string, pauseKey: string, ms: number, tolerance: number): Promise<unknown>;
}

function commands(redis: Redis): LimiterCommands {
  const r = redis as Redis & Partial<LimiterCommands>;
  if (!r.commitlineNotionAcquire) {
    // defineCommand sends EVALSHA and falls back to EVAL once per connection.
    redis.defineCommand('commitlineNotionAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('commitlineNotionPaused', { numberOfKeys: 1, lua: PAUSED });
    redis.defineCommand('commitlineNotionPause', { numberOfKeys: 2, lua: PAUSE });
  }
  return r as Redis & LimiterCommands;
}

export interface NotionLimiter {
  /** Resolves when this process may send one request to Notion. */
  acquire(): Promise<void>;
  /** No process sends to Notion for `ms` (Notion's Retry-After). */
  pauseFor(ms: number): Promise<void>;
}

/** How the limiter waits; tests may replace it. Time itself is always Redis's. */
export interface LimiterClock {
  sleep(ms: number): Promise<void>;
}

const realClock: LimiterClock = { sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

export const DEFAULT_NOTION_BURST = 3;

export function createNotionLimiter(options: {
  redis: Redis;
  /** Key prefix with a {hash tag}, e.g. `{commitline}`. */
  prefix: string;
  /** Requests per second for all processes together (Notion allows about 3 on average). */
  ratePerSecond: number;
  /** Requests that may go at once after a quiet spell (default 3). */
  burst?: number;
  clock?: LimiterClock;
}): NotionLimiter {
  if (!(options.ratePerSecond > 0)) throw new Error('the Notion rate limit must be a positive number');
  const interval = 1000 / options.ratePerSecond;
  const burst = Math.max(1, Math.floor(options.burst ?? DEFAULT_NOTION_BURST));
  const tolerance = interval * (burst - 1);
  const rateKey = `${options.prefix}:notion:rate`;
  const pauseKey = `${options.prefix}:notion:pause`;
  const clock = options.clock ?? realClock;
  const redis = commands(options.redis);

  return {
    async acquire() {
      for (;;) {
        const [granted, wait] = (await redis.commitlineNotionAcquire(
          rateKey,
          pauseKey,
          interval,
          tolerance,
        )) as [number, number];
        if (wait > 0) await clock.sleep(wait);
        if (granted !== 1) continue;
        if (wait === 0) return;
        // A pause may have begun while this slot was waiting: honour it, then take a new slot.
        const paused = Number(await redis.commitlineNotionPaused(pauseKey));
        if (paused === 0) return;
        await clock.sleep(paused);
      }
    },
    async pauseFor(ms) {
      if (!(ms > 0)) return;
      await redis.commitlineNotionPause(rateKey, pauseKey, Math.ceil(ms), tolerance);
    },
  };
}

/**
 * A limiter for this process alone, spaced at the rate limit: for when Redis is down and the
 * shared one cannot run (`commitline doctor` still checks Notion then).
 */
export function createLocalNotionLimiter(ratePerSecond: number): NotionLimiter {
  const interval = 1000 / ratePerSecond;
  let next = 0;
  let pausedUntil = 0;
  return {
    async acquire() {
      const now = Date.now();
      const at = Math.max(now, next, pausedUntil);
      next = at + interval;
      if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    },
    async pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
  };
}
