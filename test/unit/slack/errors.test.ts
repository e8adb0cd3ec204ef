import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { SLACK_FIXES, SlackApiError, toSlackApiError } from '../../../src/slack/errors.js';
import { asJobError, classifyFailure } from '../../../workers/failure.js';

const platform = (error: string, extra: Record<string, unknown> = {}) =>
  new WebAPIPlatformError({ ok: false, error, ...extra });

describe('when a Slack SDK error is translated', () => {
  it.each([
    [platform('invalid_auth'), 'authentication'],
    [platform('token_revoked'), 'authentication'],
    [platform('channel_not_found'), 'channel-not-found'],
    [platform('not_in_channel'), 'not-in-channel'],
    [platform('users_not_found'), 'user-not-found'],
    [platform('message_not_found'), 'message-not-found'],
    [platform('ratelimited'), 'rate-limited'],
    [platform('something_new'), 'invalid-request'],
    [new WebAPIRateLimitedError(7), 'rate-limited'],
    [new WebAPIHTTPError(503, 'Service Unavailable', {}), 'server'],
    [new WebAPIHTTPError(400, 'Bad Request', {}), 'invalid-request'],
    [new WebAPIRequestError(new Error('socket hang up')), 'network'],
  ])('%s should read as %s', (error, code) => {
    expect(toSlackApiError(error).code).toBe(code);
  });

  it('should keep the scope Slack says is missing, and Slack’s wait of a rate limit', () => {
    expect(toSlackApiError(platform('missing_scope', { needed: 'im:history' })).message).toBe(
      'Slack answered missing_scope (needs im:history)',
    );
    expect(toSlackApiError(new WebAPIRateLimitedError(7)).retryAfterMs).toBe(7000);
  });

  it('should have a fix in words for every code', () => {
    for (const fix of Object.values(SLACK_FIXES)) expect(fix.length).toBeGreaterThan(10);
  });
});

describe('when a job fails on Slack', () => {
  it('should retry a rate limit with Slack’s wait', () => {
    expect(classifyFailure(new SlackApiError('rate-limited', 'x', 'ratelimited', 3000))).toEqual({
      kind: 'transient',
      code: 'rate-limited',
      retryAfterMs: 3000,
    });
  });

  it.each(['server', 'network'] as const)(
    'should have a job wait for Slack, without spending its tries, on %s',
    (code) => {
      expect(classifyFailure(new SlackApiError(code, 'x'))).toEqual({
        kind: 'unavailable',
        code,
        dependency: 'slack',
      });
    },
  );

  it('should stop at once on what a retry cannot fix', () => {
    expect(asJobError(new SlackApiError('not-in-channel', 'Slack answered not_in_channel'))).toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
