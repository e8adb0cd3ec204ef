import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { closesWeekForEveryone, type Engineer, weekById } from '../../src/domain/index.js';
import { QUEUE } from '../../src/queue/names.js';
import { upsertCadence } from '../../src/queue/schedulers.js';
import { ROSTER } from '../fixtures/team.js';
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
      'checkpoint@America/New_York',
      'grading@America/New_York',
      'notion-sweep',
      'quarter-open@America/New_York',
      'reconcile',
      'signing-reminder@America/New_York',
      'weekly-close@America/New_York',
    ]);
    const weekly = schedulers.find((s) => s.key === 'weekly-close@America/New_York');
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
    expect(schedulers.filter((s) => s.key.startsWith('weekly-close')).map((s) => s.pattern)).toEqual([
      '30 17 * * 4',
    ]);
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
    return Object.fromEntries(
      schedulers.map((s): [string, string] => [
        s.key.split('@')[0] ?? s.key,
        new Date(Number(s.next)).toISOString(),
      ]),
    );
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

describe('when the engineers of one team live in three zones', () => {
  const team = { timezone: 'Europe/Berlin', weekClose: { day: 5 as const, time: '18:00' } };
  const zones = ['America/Los_Angeles', 'Asia/Tokyo', 'Europe/Berlin'];
  const [ana, ben, chen] = ROSTER as [Engineer, Engineer, Engineer];
  const roster = [
    { ...ana, timezone: 'America/Los_Angeles' },
    { ...ben, timezone: 'Asia/Tokyo' },
    chen, // the team's zone
  ];
  const closes = async (from: string, withZones: readonly string[] = zones) => {
    const ahead = `${prefix}-zones-${from.slice(0, 10)}`;
    await upsertCadence({
      connection: redis,
      prefix: ahead,
      settings: team,
      zones: withZones,
      from: new Date(from),
    });
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix: ahead });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    await queue.close();
    await deleteKeys(redis, ahead);
    return Object.fromEntries(
      schedulers
        .filter((s) => s.key.startsWith('weekly-close@'))
        .map((s) => [s.tz, new Date(Number(s.next)).toISOString()]),
    );
  };

  // Los Angeles moves to PDT on 14 March 2027, Berlin to CEST on 28 March; Tokyo has no DST.
  it.each([
    {
      from: '2027-03-08T00:00:00Z',
      week: '2027-W10',
      la: '2027-03-13T02:00:00.000Z',
      berlin: '2027-03-12T17:00:00.000Z',
      tokyo: '2027-03-12T09:00:00.000Z',
    },
    {
      from: '2027-03-15T12:00:00Z',
      week: '2027-W11',
      la: '2027-03-20T01:00:00.000Z',
      berlin: '2027-03-19T17:00:00.000Z',
      tokyo: '2027-03-19T09:00:00.000Z',
    },
    {
      from: '2027-03-29T12:00:00Z',
      week: '2027-W13',
      la: '2027-04-03T01:00:00.000Z',
      berlin: '2027-04-02T16:00:00.000Z',
      tokyo: '2027-04-02T09:00:00.000Z',
    },
  ])(
    'should close $week at each engineer’s own Friday 18:00 (from $from)',
    async ({ from, week, la, berlin, tokyo }) => {
      const next = await closes(from);
      expect(next).toEqual({ 'America/Los_Angeles': la, 'Europe/Berlin': berlin, 'Asia/Tokyo': tokyo });
      // BullMQ's next runs are the closes the domain computes for each engineer's week…
      for (const engineer of roster) {
        const zone = engineer.timezone ?? team.timezone;
        expect(weekById(week, { ...team, timezone: zone }).closesAt.toISOString()).toBe(next[zone]);
      }
      // …and the week is closed for everyone at the last of them, Los Angeles's, not before.
      const at = (iso: string) => new Date(iso);
      const decide = (zone: string, now: string) =>
        closesWeekForEveryone({ zone, week, roster, settings: team, now: at(now) });
      expect(decide('Asia/Tokyo', tokyo)).toBe(false);
      expect(decide('Europe/Berlin', berlin)).toBe(false);
      expect(decide('America/Los_Angeles', la)).toBe(true);
    },
  );

  it('should drop the schedulers of a zone nobody lives in any more, and those of one team-wide close', async () => {
    const ahead = `${prefix}-stale`;
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix: ahead });
    // The layout before zones: one close for the team, under the step's own name.
    await queue.upsertJobScheduler('weekly-close', { pattern: '0 18 * * 5', tz: team.timezone });
    await upsertCadence({ connection: redis, prefix: ahead, settings: team, zones });
    await upsertCadence({
      connection: redis,
      prefix: ahead,
      settings: team,
      zones: ['Asia/Tokyo', 'Europe/Berlin'],
    });
    const keys = (await queue.getJobSchedulers(0, -1, true)).map((s) => s.key);
    await queue.close();
    await deleteKeys(redis, ahead);
    expect(keys.filter((k) => k.startsWith('weekly-close')).sort()).toEqual([
      'weekly-close@Asia/Tokyo',
      'weekly-close@Europe/Berlin',
    ]);
    expect(keys.some((k) => k.includes('America/Los_Angeles'))).toBe(false);
    expect(keys).toHaveLength(12);
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
    const next = Object.fromEntries(
      schedulers.map((s): [string, string] => [
        s.key.split('@')[0] ?? s.key,
        new Date(Number(s.next)).toISOString(),
      ]),
    );
    // The first week close after go-live (Friday 8 January 2027, 18:00 New York), not 4 December.
    expect(next['weekly-close']).toBe('2027-01-08T23:00:00.000Z');
    expect(Object.values(next).every((at) => at >= goLive.toISOString())).toBe(true);
  });
});
