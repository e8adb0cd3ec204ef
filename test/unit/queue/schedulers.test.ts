import { describe, expect, it } from 'vitest';
import { cadencePatterns } from '../../../src/queue/schedulers.js';

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
