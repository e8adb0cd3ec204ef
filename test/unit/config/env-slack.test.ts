import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/config/errors.js';

function problems(env: Record<string, string>): string[] {
  try {
    readEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('when the Slack digest is configured', () => {
  it('should be off with neither variable, or with both empty', () => {
    expect(readEnv({}).slack).toBeUndefined();
    expect(readEnv({ SLACK_BOT_TOKEN: ' ', SLACK_CHANNEL: '' }).slack).toBeUndefined();
  });

  it('should take the token, the channel (a # dropped) and another API URL', () => {
    expect(
      readEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_CHANNEL: '#eng-weekly',
        SLACK_API_URL: 'http://127.0.0.1:4010/slack/api/',
      }).slack,
    ).toEqual({ token: 'xoxb-1', channel: 'eng-weekly', apiUrl: 'http://127.0.0.1:4010/slack/api/' });
    expect(readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL: 'C0DIGEST01' }).slack).toEqual({
      token: 'xoxb-1',
      channel: 'C0DIGEST01',
    });
  });

  it('should name the missing one when only one is set', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_CHANNEL: required with SLACK_BOT_TOKEN; set it to the digest’s channel/),
    ]);
    expect(problems({ SLACK_CHANNEL: 'C0DIGEST01' })).toEqual([
      expect.stringMatching(
        /^SLACK_BOT_TOKEN: required with SLACK_CHANNEL; set it to the Slack app’s Bot User OAuth Token/,
      ),
    ]);
  });

  it('should report a lone Slack variable together with every other problem', () => {
    const found = problems({ SLACK_CHANNEL: 'C0DIGEST01', PORT: 'x', SLACK_API_URL: 'slack.com' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['SLACK_API_URL', 'PORT', 'SLACK_BOT_TOKEN']);
  });
});
