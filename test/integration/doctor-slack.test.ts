/**
 * Doctor's Slack lines against the sandbox's Slack: the token, the channel (by id or name), the
 * bot's membership, the managers found by email; each failure with its fix in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamConfig } from '../../src/config/team.js';
import { createLogger } from '../../src/observability/logger.js';
import { checkSlack } from '../../src/runtime/doctor-slack.js';
import {
  createSandbox,
  SANDBOX_SLACK_CHANNEL,
  SANDBOX_SLACK_TOKEN,
  type Sandbox,
} from '../../src/sandbox/sandbox.js';

const team = parseTeamConfig({
  timezone: 'Europe/Berlin',
  managers: [
    { id: 'maya', name: 'Maya Okafor', notion: 'maya@example.com' },
    { id: 'lee', name: 'Lee Adams', notion: 'lee@example.com' },
  ],
  roster: [
    {
      id: 'ana',
      name: 'Ana',
      linear: 'ana@example.com',
      notion: 'ana@example.com',
      manager: 'maya',
      startDate: '2026-01-05',
      tier: 'mid',
    },
    {
      id: 'ben',
      name: 'Ben',
      linear: 'ben@example.com',
      notion: 'ben@example.com',
      manager: 'lee',
      startDate: '2026-01-05',
      tier: 'mid',
    },
  ],
});
const silent = createLogger({ level: 'silent' });
let sandbox: Sandbox;
let apiUrl: string;

beforeAll(async () => {
  sandbox = createSandbox();
  sandbox.slack.addUser('maya@example.com', 'Maya Okafor');
  sandbox.slack.addChannel('private-leads', { isPrivate: true, botIsMember: false });
  sandbox.slack.addChannel('eng-random', { id: 'C0RANDOM01', botIsMember: false });
  apiUrl = (await sandbox.listen(0)).slackApiUrl;
});
afterAll(async () => {
  await sandbox.close();
});

const check = (channel: string, token = SANDBOX_SLACK_TOKEN) =>
  checkSlack({ token, channel, apiUrl }, team, silent);

describe('when doctor checks Slack', () => {
  it('should pass the token, the channel and the membership, and warn for a manager Slack does not know', async () => {
    const results = await check(SANDBOX_SLACK_CHANNEL.id);
    expect(results.map((r) => [r.ok, r.warning ?? false, r.line])).toEqual([
      [true, false, 'Slack token valid (bot U0BOT00001 in commitline sandbox)'],
      [true, false, 'Slack channel #eng-weekly (C0DIGEST01) found'],
      [true, false, 'the Slack app is a member of #eng-weekly (C0DIGEST01): the digest can be posted'],
      [
        true,
        true,
        'no Slack user found by email for lee: their streaks are said in the channel instead of a DM',
      ],
    ]);
  });

  it('should find a channel given by name', async () => {
    expect((await check('eng-weekly'))[1]?.line).toBe('Slack channel #eng-weekly (C0DIGEST01) found');
  });

  it('should refuse a bad token with the fix, and stop there', async () => {
    const results = await check(SANDBOX_SLACK_CHANNEL.id, 'xoxb-wrong');
    expect(results).toEqual([
      {
        ok: false,
        line: 'Slack refused SLACK_BOT_TOKEN (Slack answered invalid_auth)',
        fix: expect.stringContaining('check SLACK_BOT_TOKEN'),
      },
    ]);
  });

  it('should say when the channel does not exist or the app cannot see it', async () => {
    const byName = await check('private-leads');
    expect(byName[1]).toMatchObject({ ok: false, line: 'Slack channel #private-leads not found' });
    const byId = await check('C0NOSUCH01');
    expect(byId[1]).toMatchObject({ ok: false, line: expect.stringContaining('channel_not_found') });
  });

  it('should say when the app is not in the channel, and how to invite it', async () => {
    const results = await check('C0RANDOM01');
    expect(results[2]).toEqual({
      ok: false,
      line: 'the Slack app is not a member of #eng-random (C0RANDOM01): the digest cannot be posted',
      fix: 'invite the app to the channel: /invite @<your app> in that channel',
    });
  });
});
