import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { LinearApiError } from '../../../src/linear/errors.js';
import { NotionApiError } from '../../../src/notion/errors.js';
import { LockLostError } from '../../../src/queue/lock.js';
import { asJobError, classifyFailure, retryDelay, unavailableDelay } from '../../../workers/failure.js';

describe('when a job fails', () => {
  it.each([
    [
      'Notion refused the payload',
      new NotionApiError('validation', 'body failed validation', 400),
      'permanent',
    ],
    [
      'Notion lost the page for good',
      new NotionApiError('not-found', 'Could not find page', 404),
      'permanent',
    ],
    [
      'Linear refused the query',
      new LinearApiError('query-rejected', 'Cannot query field', undefined, 400),
      'permanent',
    ],
    [
      'no quarter covers the date',
      new DomainError('quarter-not-defined', 'no quarter holds 2025-06-01'),
      'permanent',
    ],
    ['Notion rate-limited us', new NotionApiError('rate-limited', 'slow down', 429, 2_000), 'transient'],
    ['Notion had a conflict', new NotionApiError('conflict', 'Conflict occurred', 409), 'transient'],
    [
      'Linear rate-limited us',
      new LinearApiError('rate-limited', 'Rate limit exceeded', 30_000, 400),
      'transient',
    ],
    ['the network dropped under Redis', new Error('socket hang up'), 'transient'],
    [
      'the page lock was lost mid-recompute',
      new LockLostError('lost the lock page:ana:2026-Q4'),
      'transient',
    ],
    [
      'Notion refused the token',
      new NotionApiError('unauthorized', 'API token is invalid.', 401),
      'unavailable',
    ],
    [
      'a page is not shared with the integration',
      new NotionApiError('restricted', 'Insufficient permissions', 403),
      'unavailable',
    ],
    ['Notion is unreachable', new NotionApiError('network', 'fetch failed'), 'unavailable'],
    ['Notion is down', new NotionApiError('server', 'Service unavailable', 503), 'unavailable'],
    [
      'Linear refused the key',
      new LinearApiError('authentication', 'Authentication required', undefined, 401),
      'unavailable',
    ],
    ['Linear is unreachable', new LinearApiError('network', 'fetch failed'), 'unavailable'],
  ])('should read the adapter’s typed error: %s → %s', (_case, error, kind) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  it('should name the service a job waits for', () => {
    expect(classifyFailure(new NotionApiError('unauthorized', 'no', 401)).dependency).toBe('notion');
    expect(classifyFailure(new LinearApiError('authentication', 'no')).dependency).toBe('linear');
    expect(classifyFailure(new NotionApiError('validation', 'no')).dependency).toBeUndefined();
  });

  it('should not judge an error by its shape: a plain object claiming `retryable: false` is retried', () => {
    const lookalike = Object.assign(new Error('looks permanent'), { retryable: false, code: 'validation' });
    expect(classifyFailure(lookalike).kind).toBe('transient');
    expect(asJobError(lookalike)).not.toBeInstanceOf(UnrecoverableError);
  });

  it.each([
    ['Notion refused the payload', new NotionApiError('validation', 'body failed validation'), true],
    [
      'no quarter covers the date',
      new DomainError('quarter-not-defined', 'no quarter holds 2025-06-01'),
      true,
    ],
    ['Linear answered 502', new LinearApiError('server', 'Bad gateway'), false],
    ['the network dropped', new Error('socket hang up'), false],
    ['the page lock was lost', new LockLostError('lost the lock page:ana:2026-Q4'), false],
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

describe('when a job waits for a service that cannot be used', () => {
  const policy = { baseMs: 5_000, maxMs: 300_000, giveUpAfterMs: 86_400_000 };
  it.each([
    ['just created', 0, 5_000],
    ['waited 5 s', 5_000, 5_000],
    ['waited 20 s', 20_000, 20_000],
    ['waited an hour', 3_600_000, 300_000],
  ])('should wait as long as it already has, within the bounds: %s', (_case, waited, delay) => {
    expect(unavailableDelay(1_000_000, 1_000_000 + waited, policy)).toBe(delay);
  });

  it('should give up once it has waited past the bound', () => {
    expect(unavailableDelay(0, 86_400_000, policy)).toBeUndefined();
  });
});
