import { describe, expect, it } from 'vitest';
import { missingVariables, readEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/config/errors.js';

describe('when the environment is empty', () => {
  it('should use the documented defaults', () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: '{commitline}',
      configPath: 'config/team.yaml',
      port: 3000,
      logLevel: 'info',
      notionRateLimitPerSecond: 3,
      recomputeDebounceMs: 10_000,
      linearWebhookSecrets: [],
    });
  });
});

describe('when several Linear webhook secrets are given during a rotation', () => {
  it('should accept each of them', () => {
    expect(readEnv({ LINEAR_WEBHOOK_SECRET: ' new , old ,' }).linearWebhookSecrets).toEqual(['new', 'old']);
  });
});

describe('when variables are invalid', () => {
  it('should name every bad variable at once', () => {
    let error: unknown;
    try {
      readEnv({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = (error as ConfigError).problems.map((p) => p.path).sort();
    expect(paths).toEqual(['LOG_LEVEL', 'PORT', 'REDIS_URL']);
  });
});

function refusal(env: Record<string, string>): ConfigError {
  try {
    readEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('when a number is not one', () => {
  it.each([
    ['PORT', 'abc', 'PORT: must be a whole number from 1 to 65535, got "abc"; e.g. PORT=3000'],
    ['PORT', '70000', 'PORT: must be a whole number from 1 to 65535, got "70000"; e.g. PORT=3000'],
    ['PORT', '30.5', 'PORT: must be a whole number from 1 to 65535, got "30.5"; e.g. PORT=3000'],
    [
      'WORKER_PORT',
      '-1',
      'WORKER_PORT: must be a whole number from 1 to 65535, got "-1"; e.g. WORKER_PORT=3001',
    ],
    [
      'NOTION_RATE_LIMIT',
      'fast',
      'NOTION_RATE_LIMIT: must be a number of requests per second above 0, got "fast"; e.g. NOTION_RATE_LIMIT=3',
    ],
    [
      'SHUTDOWN_GRACE_SECONDS',
      '0',
      'SHUTDOWN_GRACE_SECONDS: must be a number of seconds, above 0, got "0"; e.g. SHUTDOWN_GRACE_SECONDS=20',
    ],
    [
      'RECOMPUTE_DEBOUNCE_SECONDS',
      'soon',
      'RECOMPUTE_DEBOUNCE_SECONDS: must be a number of seconds, 0 or more, got "soon"; e.g. RECOMPUTE_DEBOUNCE_SECONDS=10',
    ],
  ])('should say what %s was given: %s', (name, value, line) => {
    expect(refusal({ [name]: value }).message).toBe(`The environment is invalid:\n  ${line}`);
  });

  it('should take an empty value as unset, the way a `PORT=` line in .env means it', () => {
    expect(readEnv({ PORT: '', NOTION_RATE_LIMIT: ' ' })).toMatchObject({
      port: 3000,
      notionRateLimitPerSecond: 3,
    });
  });

  it('should read a worker port next to the API’s unless WORKER_PORT says otherwise', () => {
    expect(readEnv({ PORT: '8080' }).workerPort).toBe(8081);
    expect(readEnv({ PORT: '8080', WORKER_PORT: '9100' }).workerPort).toBe(9100);
  });
});

describe('when REDIS_URL is not a Redis URL', () => {
  it.each([
    ['localhost:6379', 'set REDIS_URL=redis://localhost:6379'],
    ['127.0.0.1', 'set REDIS_URL=redis://127.0.0.1'],
    ['http://cache.internal:6379', 'set REDIS_URL=redis://cache.internal:6379 (rediss:// for TLS)'],
    ['redis://', 'name the host, e.g. REDIS_URL=redis://127.0.0.1:6379'],
  ])('should refuse %s with the fix: %s', (value, fix) => {
    const [problem] = refusal({ REDIS_URL: value }).problems;
    expect(problem?.path).toBe('REDIS_URL');
    expect(problem?.message).toBe(
      `must be a redis:// or rediss:// URL, got ${JSON.stringify(value)}; ${fix}`,
    );
  });

  it('should refuse a database that is not a number', () => {
    expect(refusal({ REDIS_URL: 'redis://cache:6379/jobs' }).problems[0]?.message).toBe(
      'must end with a database number if anything, got "redis://cache:6379/jobs"; e.g. redis://cache:6379/0',
    );
  });

  it('should never echo the password it was given', () => {
    const error = refusal({ REDIS_URL: 'http://:hunter2@cache:6379' });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('redis://:***@cache:6379');
  });

  it.each(['redis://127.0.0.1:6379', 'rediss://user:pw@cache.example.com:6380/2', 'redis://cache'])(
    'should accept %s',
    (value) => {
      expect(readEnv({ REDIS_URL: value }).redisUrl).toBe(value);
    },
  );
});

describe('when a command needs variables that are not set', () => {
  it('should name each, what it is for and where to get it', () => {
    expect(
      missingVariables({ LINEAR_API_KEY: ' ', LINEAR_WEBHOOK_SECRET: ',' }, [
        { variable: 'LINEAR_API_KEY', why: 'to read shipped issues from Linear' },
        { variable: 'LINEAR_WEBHOOK_SECRET', why: 'to verify deliveries' },
        { variable: 'NOTION_TOKEN', why: 'to write quarter pages to Notion' },
      ]),
    ).toEqual([
      {
        path: 'LINEAR_API_KEY',
        message:
          'required to read shipped issues from Linear; set LINEAR_API_KEY to a personal API key from Linear → Settings → Security & access',
      },
      {
        path: 'LINEAR_WEBHOOK_SECRET',
        message:
          'required to verify deliveries; set LINEAR_WEBHOOK_SECRET to the secret `commitline setup --webhook-url <url>` prints',
      },
      {
        path: 'NOTION_TOKEN',
        message:
          'required to write quarter pages to Notion; set NOTION_TOKEN to the internal integration secret at https://www.notion.so/profile/integrations',
      },
    ]);
  });
});
