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

describe('when the clocks change in the team timezone', () => {
  const berlin = { timezone: 'Europe/Berlin', weekClose: { day: 5 as const, time: '18:00' } };
  const next = async (from: string) => {
    const ahead = `${prefix}-dst-${from.slice(0, 10)}`;
    await upsertCadence({ connection: redis, prefix: ahead, settings: berlin, from: new Date(from) });
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix: ahead });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    await deleteKeys(redis, ahead);
    return Object.fromEntries(schedulers.map((s) => [s.key, new Date(Number(s.next)).toISOString()]));
  };

  it('should close the week at 18:00 local time on both sides of the change', async () => {
    // Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 28 March 2027.
    const before = await next('2027-03-21T20:00:00Z');
    expect(before['weekly-close']).toBe('2027-03-26T17:00:00.000Z');
    expect(before['quarter-open']).toBe('2027-03-21T23:05:00.000Z');
    const after = await next('2027-03-27T00:00:00Z');
    expect(after['weekly-close']).toBe('2027-04-02T16:00:00.000Z');
    expect(after['quarter-open']).toBe('2027-03-28T22:05:00.000Z');
    expect(after.reconcile).toBe('2027-03-27T02:30:00.000Z');
  });
});

describe('when commitline goes live after the workers start', () => {
  it('should schedule no step before go-live', async () => {
    const ahead = `${prefix}-ahead`;
    const goLive = new Date('2027-01-04T00:00:00-05:00');
    await upsertCadence({
      connection: redis,
      prefix: ahead,
      settings,
      from: new Date('2026-12-02T15:00:00Z'),
      goLive,
    });
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix: ahead });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    await deleteKeys(redis, ahead);
    expect(schedulers).toHaveLength(7);
    const next = Object.fromEntries(schedulers.map((s) => [s.key, new Date(Number(s.next)).toISOString()]));
    // The first week close after go-live (Friday 8 January 2027, 18:00 New York), not 4 December.
    expect(next['weekly-close']).toBe('2027-01-08T23:00:00.000Z');
    expect(Object.values(next).every((at) => at >= goLive.toISOString())).toBe(true);
  });
});
