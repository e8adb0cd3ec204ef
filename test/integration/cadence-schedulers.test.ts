import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE } from '../../src/queue/names.js';
import { upsertCadence } from '../../src/queue/schedulers.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('cadence');
const redis = commandRedis();
const settings = { timezone: 'America/New_York', weekClose: { day: 5 as const, time: '18:00' } };

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('when the workers start, restart, and run side by side', () => {
  it('should leave exactly one scheduler per kind, in the team timezone', async () => {
    // Three starts, two of them concurrent, as three worker processes would.
    await upsertCadence({ connection: redis, prefix, settings });
    await Promise.all([
      upsertCadence({ connection: redis, prefix, settings }),
      upsertCadence({ connection: redis, prefix, settings }),
    ]);
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'checkpoint',
      'grading',
      'notion-sweep',
      'quarter-open',
      'reconcile',
      'signing-reminder',
      'weekly-close',
    ]);
    const weekly = schedulers.find((s) => s.key === 'weekly-close');
    expect(weekly?.pattern).toBe('0 18 * * 5');
    expect(weekly?.tz).toBe('America/New_York');
  });

  it('should move the close when the team file changes it, still one scheduler', async () => {
    await upsertCadence({
      connection: redis,
      prefix,
      settings: { ...settings, weekClose: { day: 4, time: '17:30' } },
    });
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    expect(schedulers.filter((s) => s.key === 'weekly-close').map((s) => s.pattern)).toEqual(['30 17 * * 4']);
    expect(schedulers).toHaveLength(7);
  });
});
