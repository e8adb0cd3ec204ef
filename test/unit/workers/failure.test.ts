import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { LinearApiError } from '../../../src/linear/errors.js';
import { NotionApiError } from '../../../src/notion/errors.js';
import { asJobError, retryDelay } from '../../../workers/failure.js';

describe('when a job fails', () => {
  it.each([
    ['Linear refused the key', new LinearApiError('authentication', 'Authentication required'), true],
    ['Notion refused the payload', new NotionApiError('validation', 'body failed validation'), true],
    [
      'no quarter covers the date',
      new DomainError('quarter-not-defined', 'no quarter holds 2025-06-01'),
      true,
    ],
    ['Linear answered 502', new LinearApiError('server', 'Bad gateway'), false],
    ['Notion rate-limited us', new NotionApiError('rate-limited', 'slow down', 429, 2_000), false],
    ['the network dropped', new Error('socket hang up'), false],
  ])('should stop at once only when the failure is permanent: %s', (_case, error, permanent) => {
    const translated = asJobError(error);
    expect(translated instanceof UnrecoverableError).toBe(permanent);
    expect(translated.message).toContain(error.message);
  });

  it('should wait what the API asked for, else back off exponentially with jitter, capped', () => {
    expect(retryDelay(1, new LinearApiError('rate-limited', 'later', 30_000))).toBe(30_250);
    const first = retryDelay(1);
    const fourth = retryDelay(4);
    expect(first).toBeGreaterThanOrEqual(1_000);
    expect(first).toBeLessThanOrEqual(2_000);
    expect(fourth).toBeGreaterThanOrEqual(8_000);
    expect(fourth).toBeLessThanOrEqual(16_000);
    expect(retryDelay(30)).toBeLessThanOrEqual(600_000);
  });
});
