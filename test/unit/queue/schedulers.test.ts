import { describe, expect, it } from 'vitest';
import { cadencePatterns, cadenceStart } from '../../../src/queue/schedulers.js';

describe('when the cadence is derived from the team settings', () => {
  it('should close the week at the configured day and time', () => {
    const patterns = cadencePatterns({ timezone: 'Europe/Berlin', weekClose: { day: 5, time: '18:00' } });
    expect(patterns['weekly-close']).toBe('0 18 * * 5');
    expect(patterns['signing-reminder']).toBe('0 18 * * 5');
    expect(patterns['quarter-open']).toBe('5 0 * * 1');
  });

  it('should map a Sunday close to cron day 0', () => {
    const patterns = cadencePatterns({ timezone: 'UTC', weekClose: { day: 7, time: '23:58' } });
    expect(patterns['weekly-close']).toBe('58 23 * * 0');
  });
});

describe('when the schedulers start before or after go-live', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const ahead = new Date('2027-01-03T23:00:00Z');
  it.each([
    {
      when: 'live already, from now',
      from: undefined,
      goLive: new Date('2026-12-01T23:00:00Z'),
      start: undefined,
    },
    { when: 'no go-live known', from: undefined, goLive: undefined, start: undefined },
    { when: 'live ahead', from: undefined, goLive: ahead, start: ahead },
    { when: 'live ahead of a given start', from: now, goLive: ahead, start: ahead },
    { when: 'a given start after go-live', from: ahead, goLive: now, start: ahead },
  ])('should start the cadence $when at $start', ({ from, goLive, start }) => {
    expect(cadenceStart(from, goLive, now)).toEqual(start);
  });
});
