import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, logDestination } from '../../../src/observability/logger.js';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

/** The line commitline's logger writes for `object`, and the line a logger without `redact` would. */
function logBoth(object: Record<string, unknown>) {
  const ours = sink();
  createLogger({ level: 'info' }, ours.stream).info(object, 'a delivery');
  const bare = sink();
  pino({ level: 'info' }, bare.stream).info(object, 'a delivery');
  return {
    text: ours.lines.join(''),
    parsed: JSON.parse(ours.lines.join('')),
    unredacted: bare.lines.join(''),
  };
}

describe('when something sensitive reaches a log line', () => {
  it.each([
    {
      case: 'webhook and authorization headers',
      object: {
        headers: {
          authorization: 'Bearer lin_api_key_in_header',
          'linear-signature': 'abc123signature',
          'x-notion-signature': 'sha256=deadbeef',
          'linear-delivery': 'delivery-77',
          'content-type': 'application/json',
        },
      },
      secrets: ['lin_api_key_in_header', 'abc123signature', 'deadbeef'],
      redacted: ['headers.authorization', 'headers.linear-signature', 'headers.x-notion-signature'],
      kept: ['delivery-77', 'application/json'],
    },
    {
      case: 'the configuration',
      object: {
        config: {
          notionToken: 'ntn_config_token',
          linearApiKey: 'lin_api_config_key',
          notionWebhookSecret: 'notion_whsec_value',
          linearWebhookSecrets: ['whsec_current', 'whsec_old'],
          timezone: 'Europe/Berlin',
          port: 3000,
        },
      },
      secrets: ['ntn_config_token', 'lin_api_config_key', 'notion_whsec_value', 'whsec_current', 'whsec_old'],
      redacted: [
        'config.notionToken',
        'config.linearApiKey',
        'config.notionWebhookSecret',
        'config.linearWebhookSecrets',
      ],
      kept: ['Europe/Berlin', '3000'],
    },
    {
      case: 'a token, key or secret inside any object, and at the top level',
      object: {
        notion: { token: 'ntn_nested_token', workspace: 'acme-workspace' },
        linear: { apiKey: 'lin_api_nested', secret: 'nested_secret_value', organization: 'acme-org' },
        token: 'top_level_token',
        verification_token: 'notion_verification_value',
      },
      secrets: [
        'ntn_nested_token',
        'lin_api_nested',
        'nested_secret_value',
        'top_level_token',
        'notion_verification_value',
      ],
      redacted: ['notion.token', 'linear.apiKey', 'linear.secret', 'token', 'verification_token'],
      kept: ['acme-workspace', 'acme-org'],
    },
  ])('should redact $case and keep the rest', ({ object, secrets, redacted, kept }) => {
    const { text, parsed, unredacted } = logBoth(object);
    for (const secret of secrets) {
      // The object really carries the secret: without `redact`, it would be printed.
      expect(unredacted).toContain(secret);
      expect(text).not.toContain(secret);
    }
    for (const path of redacted) {
      const [head, ...rest] = path.split('.');
      const value = rest.length > 0 ? parsed[head as string][rest.join('.')] : parsed[head as string];
      expect(value, path).toBe('[redacted]');
    }
    for (const value of kept) expect(text).toContain(value);
  });

  it('should log a request as method, url, id and delivery, without its headers or body', () => {
    const { text, parsed } = logBoth({
      req: {
        method: 'POST',
        url: '/webhooks/linear',
        id: 'req-1',
        headers: {
          authorization: 'Bearer ntn_request_secret',
          'linear-signature': 'request_signature',
          'linear-delivery': 'delivery-1',
        },
        body: { data: 'private' },
      },
    });
    expect(parsed.req).toEqual({
      method: 'POST',
      url: '/webhooks/linear',
      id: 'req-1',
      delivery: 'delivery-1',
    });
    for (const hidden of ['ntn_request_secret', 'request_signature', 'private']) {
      expect(text).not.toContain(hidden);
    }
  });
});

describe('when a command logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function capture() {
    const out = { stdout: '', stderr: '' };
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      out.stderr += String(chunk);
      return true;
    });
    return out;
  }

  it('should write to stderr, never to stdout, which holds the lines meant for people', () => {
    const out = capture();
    createLogger({ level: 'info' }, logDestination({ pretty: false })).warn('Notion answered 429');
    expect(out.stdout).toBe('');
    expect(JSON.parse(out.stderr)).toMatchObject({ level: 40, msg: 'Notion answered 429' });
  });

  it('should stay quiet below the level it was given', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn' }, logDestination({ pretty: false }));
    logger.info('quarter page recomputed');
    logger.warn('page failed; trying again');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('page failed; trying again');
  });

  it('should write readable lines for a terminal, and one JSON object per line elsewhere', () => {
    const pretty = sink();
    const json = sink();
    const write = (lines: string[]) => (line: string) => void lines.push(line);
    createLogger({ level: 'info' }, logDestination({ pretty: true, write: write(pretty.lines) })).warn(
      { engineer: 'ana' },
      'page failed; trying again',
    );
    createLogger({ level: 'info' }, logDestination({ pretty: false, write: write(json.lines) })).warn(
      { engineer: 'ana' },
      'page failed; trying again',
    );
    expect(JSON.parse(json.lines.join(''))).toMatchObject({
      engineer: 'ana',
      msg: 'page failed; trying again',
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's colour codes
    const text = pretty.lines.join('').replace(/\u001b\[[0-9;]*m/g, '');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/WARN/);
    expect(text).toContain('page failed; trying again');
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: page failed; trying again \{"engineer":"ana"\}\n$/);
  });

  it('should redact secrets in readable lines too', () => {
    const lines: string[] = [];
    createLogger({ level: 'info' }, logDestination({ pretty: true, write: (l) => void lines.push(l) })).info(
      { config: { notionToken: 'ntn_pretty_secret' } },
      'started',
    );
    expect(lines.join('')).not.toContain('ntn_pretty_secret');
  });
});

describe('when a command logs an error', () => {
  const error = Object.assign(new Error('fetch failed'), { code: 'network' });

  it.each([
    { level: 'warn', stacks: false, shows: false },
    { level: 'debug', stacks: false, shows: true },
    { level: 'warn', stacks: true, shows: true },
  ] as const)('should show its stack at $level with stacks $stacks: $shows', ({ level, stacks, shows }) => {
    const lines: string[] = [];
    createLogger({ level, stacks }, logDestination({ pretty: false, write: (l) => void lines.push(l) })).warn(
      { err: error },
      'Notion request failed; retrying',
    );
    const logged = JSON.parse(lines.join('')) as { err: { message: string; code: string; stack?: string } };
    expect(logged.err).toMatchObject({ message: 'fetch failed', code: 'network' });
    expect(logged.err.stack !== undefined).toBe(shows);
  });
});

describe('when a log line carries a URL with a password', () => {
  it('should mask the password in the message and in an error', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger({ level: 'info' }, sink);
    log.warn(
      { err: new Error('connect ECONNREFUSED redis://:hunter2@cache:6379') },
      'Redis at redis://:hunter2@cache:6379 is down',
    );
    expect(out).toContain('redis://');
    expect(out).not.toContain('hunter2');
  });
});
