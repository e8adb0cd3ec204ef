import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotionApiError } from '../../../src/notion/index.js';
import { createDependencyMonitor } from '../../../src/runtime/readiness.js';

describe('when a job finds the Notion token refused', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should check again within seconds, backing off, and clear once the token works', async () => {
    let refused = false;
    let calls = 0;
    const monitor = createDependencyMonitor({ intervalMs: 120_000 });
    const recovered: string[] = [];
    monitor.onRecovered((dependency) => recovered.push(dependency));
    await monitor.watch('notion', async () => {
      calls += 1;
      if (refused) throw new NotionApiError('unauthorized', 'API token is invalid.', 401);
    });
    expect(calls).toBe(1);

    refused = true;
    monitor.report('notion', 'token refused (401)');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    // Still refused: the next look is 10 s later, not 5.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    expect(monitor.failing()).toEqual([{ dependency: 'notion', reason: 'token refused (401)' }]);

    refused = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toBe(4);
    expect(monitor.failing()).toEqual([]);
    expect(recovered).toEqual(['notion']);
    // Working again: back to the interval alone.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(4);
    monitor.stop();
  });

  it('should back off when jobs keep failing in a way its check does not see', async () => {
    let calls = 0;
    const monitor = createDependencyMonitor({ intervalMs: 120_000 });
    // Each time the waiting jobs are let go, one fails again (a 502 on a write while users.me passes).
    monitor.onRecovered(() => monitor.report('notion', 'server error (502)'));
    await monitor.watch('notion', async () => {
      calls += 1;
    });
    monitor.report('notion', 'server error (502)');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    monitor.stop();
    // 5 s, 10 s, 20 s … up to every 2 minutes, plus the interval's own checks: not every 5 s (120).
    expect(calls).toBeLessThanOrEqual(16);
    expect(calls).toBeGreaterThan(3);
  });
});
