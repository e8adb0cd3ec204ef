import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.js';
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
