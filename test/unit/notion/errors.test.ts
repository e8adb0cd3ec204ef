/**
 * The translation of what the SDK throws into NotionApiError. The SDK errors are made by the SDK
 * itself, from answers in Notion's exact shape given to its `fetch`, so the test meets them as
 * commitline does.
 */
import { Client, RequestTimeoutError } from '@notionhq/client';
import { describe, expect, it } from 'vitest';
import { NotionApiError, parseRetryAfter, toNotionApiError } from '../../../src/notion/errors.js';

const PAGE_ID = '59833787-2cf9-4fdf-8782-e53db20768a5';

async function thrownFor(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const client = new Client({
    auth: 'ntn_test',
    retry: false,
    logger: () => {},
    fetch: async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  });
  return client.pages.retrieve({ page_id: PAGE_ID }).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

const notionError = (status: number, code: string, message: string) => ({
  object: 'error',
  status,
  code,
  message,
  request_id: 'a1b2c3d4-0000-4000-8000-000000000000',
});

describe('when Notion answers with one of its error objects', () => {
  it.each([
    { status: 429, code: 'rate_limited', ours: 'rate-limited', retryable: true },
    { status: 529, code: 'service_overload', ours: 'rate-limited', retryable: true },
    { status: 409, code: 'conflict_error', ours: 'conflict', retryable: true },
    { status: 500, code: 'internal_server_error', ours: 'server', retryable: true },
    { status: 503, code: 'service_unavailable', ours: 'server', retryable: true },
    { status: 504, code: 'gateway_timeout', ours: 'server', retryable: true },
    { status: 400, code: 'validation_error', ours: 'validation', retryable: false },
    { status: 400, code: 'invalid_json', ours: 'validation', retryable: false },
    { status: 400, code: 'invalid_request_url', ours: 'validation', retryable: false },
    { status: 401, code: 'unauthorized', ours: 'unauthorized', retryable: false },
    { status: 403, code: 'restricted_resource', ours: 'restricted', retryable: false },
    { status: 404, code: 'object_not_found', ours: 'not-found', retryable: false },
  ])(
    'should read $status $code as $ours (retryable: $retryable)',
    async ({ status, code, ours, retryable }) => {
      const error = toNotionApiError(
        await thrownFor(status, notionError(status, code, `Notion says ${code}.`)),
      );
      expect(error).toBeInstanceOf(NotionApiError);
      expect(error).toMatchObject({ code: ours, status, retryable, message: `Notion says ${code}.` });
    },
  );

  it('should keep Notion’s validation message word for word', async () => {
    const message =
      'body failed validation: body.properties.Shipped.number should be a number, instead was `"two"`.';
    const error = toNotionApiError(await thrownFor(400, notionError(400, 'validation_error', message)));
    expect(error.message).toBe(message);
  });

  it('should decide by code, not by message: a rate limit worded like a validation error is a rate limit', async () => {
    const error = toNotionApiError(
      await thrownFor(429, notionError(429, 'rate_limited', 'body failed validation: object not found')),
    );
    expect(error.code).toBe('rate-limited');
  });
});

describe('when a rate limit says how long to wait', () => {
  it.each([
    { header: '2', retryAfterMs: 2_000 },
    { header: '0.5', retryAfterMs: 500 },
    { header: undefined, retryAfterMs: undefined },
  ])('should keep Retry-After $header as $retryAfterMs ms', async ({ header, retryAfterMs }) => {
    const error = toNotionApiError(
      await thrownFor(
        429,
        notionError(429, 'rate_limited', 'You have been rate limited.'),
        header === undefined ? {} : { 'retry-after': header },
      ),
    );
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });
});

describe('when the answer is not one of Notion’s error objects', () => {
  it.each([
    { status: 502, ours: 'server' },
    { status: 429, ours: 'rate-limited' },
    { status: 409, ours: 'conflict' },
    { status: 403, ours: 'restricted' },
    { status: 404, ours: 'not-found' },
    { status: 400, ours: 'validation' },
  ])('should read an HTML $status from a proxy by its status, as $ours', async ({ status, ours }) => {
    const error = toNotionApiError(await thrownFor(status, '<html>Bad gateway</html>'));
    expect(error).toMatchObject({ code: ours, status });
  });
});

describe('when nothing came back', () => {
  it.each([
    { case: 'the SDK’s timeout', thrown: new RequestTimeoutError() },
    { case: 'a refused connection', thrown: new TypeError('fetch failed') },
    { case: 'something that is not an Error', thrown: 'socket hang up' },
  ])('should read $case as a retryable network failure', ({ thrown }) => {
    expect(toNotionApiError(thrown)).toMatchObject({ code: 'network', retryable: true });
  });

  it('should hand back a NotionApiError unchanged', () => {
    const error = new NotionApiError('validation', 'already ours');
    expect(toNotionApiError(error)).toBe(error);
  });
});

describe('when Retry-After is read', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it.each([
    { value: '3', ms: 3_000 },
    { value: ' 10 ', ms: 10_000 },
    { value: '0', ms: 0 },
    { value: 'Wed, 25 Nov 2026 10:00:05 GMT', ms: 5_000 },
    { value: 'Wed, 25 Nov 2026 09:59:00 GMT', ms: 0 },
    { value: 'soon', ms: undefined },
    { value: '-1', ms: undefined },
    { value: '', ms: undefined },
    { value: null, ms: undefined },
  ])('should read "$value" as $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
