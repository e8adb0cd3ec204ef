import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { maskLogArguments, maskUrl, maskUrls } from '../../../src/observability/redact.js';

describe('when a URL carries a password', () => {
  it.each([
    ['redis://:s3cret@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['rediss://default:s3cret@cache.example.com:6380/2', 'rediss://default:***@cache.example.com:6380/2'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['https://api.linear.app/graphql', 'https://api.linear.app/graphql'],
    ['not a url', 'not a url'],
  ])('should mask it: %s', (url, shown) => {
    expect(maskUrl(url)).toBe(shown);
  });

  it.each([
    ['Redis at redis://:s3cret@host:6379 refused', 'Redis at redis://:***@host:6379 refused'],
    [
      'a pasted secret with @ and /: redis://u:p@ss/w0rd@host:1 down',
      'a pasted secret with @ and /: redis://u:***@host:1 down',
    ],
    ['two: redis://:a@h1:1 and rediss://:b@h2:2/0', 'two: redis://:***@h1:1 and rediss://:***@h2:2/0'],
    [
      'no credentials: https://linear.app/acme/issue/ENG-1',
      'no credentials: https://linear.app/acme/issue/ENG-1',
    ],
  ])('should mask it inside text: %s', (text, shown) => {
    expect(maskUrls(text)).toBe(shown);
  });

  it('should keep it out of a log line when the logger uses the hook', () => {
    const lines: string[] = [];
    const logger = pino(
      {
        hooks: {
          logMethod(args, method) {
            method.apply(this, maskLogArguments(args));
          },
        },
      },
      { write: (line: string) => void lines.push(line) },
    );
    logger.warn('Redis at redis://:s3cret@host:6379 is down');
    logger.error({ err: new Error('connect to rediss://:s3cret@host:6380 failed') }, 'lost Redis');
    const logged = lines.join('');
    expect(logged).toContain('redis://:***@host:6379');
    expect(logged).toContain('rediss://:***@host:6380');
    expect(logged).not.toContain('s3cret');
  });
});
