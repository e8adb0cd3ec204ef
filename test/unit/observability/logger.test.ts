import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, stream), lines };
}

describe('when something sensitive reaches a log line', () => {
  it('should redact signatures, authorization headers and every token or secret', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          method: 'POST',
          url: '/webhooks/linear',
          headers: { authorization: 'Bearer ntn_secret', 'linear-signature': 'abc123' },
        },
        headers: { authorization: 'lin_api_key_value', 'x-notion-signature': 'sha256=deadbeef' },
        config: {
          apiKey: 'lin_api_key_value',
          token: 'ntn_token_value',
          secret: 'whsec_value',
          linearWebhookSecrets: ['whsec_old'],
        },
      },
      'a delivery',
    );
    const text = lines.join('');
    for (const secret of [
      'ntn_secret',
      'abc123',
      'lin_api_key_value',
      'deadbeef',
      'ntn_token_value',
      'whsec_value',
      'whsec_old',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('should log a request without its body', () => {
    const { logger, lines } = capture();
    logger.info(
      { req: { method: 'POST', url: '/webhooks/linear', id: 'req-1', body: { data: 'private' } } },
      'request',
    );
    expect(lines.join('')).not.toContain('private');
    expect(lines.join('')).toContain('/webhooks/linear');
  });
});
