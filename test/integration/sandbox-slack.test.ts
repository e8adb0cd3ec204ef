/**
 * The sandbox's Slack answers as Slack does: form-encoded bodies (the SDK's) and JSON ones, the
 * token as a bearer header, `ok: false` with Slack's codes, a 429 with Retry-After, history newest
 * first with metadata only when asked, pages by cursor; the control routes show what was posted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, SANDBOX_SLACK_TOKEN, type Sandbox } from '../../src/sandbox/sandbox.js';
import { createSlackApi } from '../../src/slack/client.js';

let sandbox: Sandbox;
let base: string;
let control: string;

beforeAll(async () => {
  // A clock a second on at every look, as weeks of real time would be.
  let clock = new Date('2026-10-16T16:00:00Z').getTime();
  const tick = () => {
    clock += 1000;
    return new Date(clock);
  };
  sandbox = createSandbox({ slackClock: tick });
  const urls = await sandbox.listen(0);
  base = urls.slackApiUrl;
  control = urls.controlUrl;
});
afterAll(async () => {
  await sandbox.close();
});

async function call(
  method: string,
  body: Record<string, unknown>,
  as: 'json' | 'form',
  token = SANDBOX_SLACK_TOKEN,
) {
  const form = new URLSearchParams(
    Object.entries(body).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  ).toString();
  const response = await fetch(`${base}${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': as === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
    },
    body: as === 'json' ? JSON.stringify(body) : form,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('when the sandbox’s Slack is called', () => {
  it.each(['json', 'form'] as const)(
    'should post a message with blocks and metadata from a %s body',
    async (as) => {
      const metadata = { event_type: 'test_event', event_payload: { as } };
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `*${as}*` } }];
      const posted = await call(
        'chat.postMessage',
        { channel: '#eng-weekly', text: as, blocks, metadata },
        as,
      );
      expect(posted.status).toBe(200);
      expect(posted.body).toMatchObject({
        ok: true,
        channel: 'C0DIGEST01',
        ts: expect.stringMatching(/^\d+\.\d{6}$/),
      });
      const shown = (await (await fetch(`${control}/slack/messages?channel=eng-weekly`)).json()) as {
        messages: unknown[];
      };
      expect(shown.messages.at(-1)).toMatchObject({ text: as, blocks, metadata, edited: false });
    },
  );

  it('should answer Slack’s error codes with HTTP 200 and ok: false', async () => {
    sandbox.slack.addChannel('quiet', { id: 'C0QUIET001', botIsMember: false });
    expect((await call('chat.postMessage', { channel: 'C0NOPE0001', text: 'x' }, 'form')).body).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect((await call('chat.postMessage', { channel: 'C0QUIET001', text: 'x' }, 'form')).body.error).toBe(
      'not_in_channel',
    );
    expect((await call('auth.test', {}, 'form', 'xoxb-wrong')).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect((await call('users.lookupByEmail', { email: 'nobody@example.com' }, 'form')).body.error).toBe(
      'users_not_found',
    );
    expect(
      (await call('chat.update', { channel: 'C0DIGEST01', ts: '1.000001', text: 'x' }, 'json')).body.error,
    ).toBe('message_not_found');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(
      (await call('chat.postMessage', { channel: 'C0DIGEST01', text: 'x', blocks: tooMany }, 'json')).body
        .error,
    ).toBe('invalid_blocks');
  });

  it('should rate limit with a 429 and Retry-After when a fault says so', async () => {
    sandbox.faults.inject({ service: 'slack', status: 429, path: '/chat.postMessage' });
    const limited = await call('chat.postMessage', { channel: 'C0DIGEST01', text: 'x' }, 'form');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('should page the history newest first, with metadata only when asked for', async () => {
    const channel = sandbox.slack.addChannel('paged', { id: 'C0PAGED001' });
    for (let i = 0; i < 5; i++) {
      sandbox.slack.post(channel, { text: `m${i}`, metadata: { event_type: 'e', event_payload: { i } } });
    }
    const plain = await call('conversations.history', { channel: 'C0PAGED001', limit: 2 }, 'form');
    expect(
      (plain.body.messages as { text: string; metadata?: unknown }[]).map((m) => [m.text, m.metadata]),
    ).toEqual([
      ['m4', undefined],
      ['m3', undefined],
    ]);
    const api = createSlackApi({
      token: SANDBOX_SLACK_TOKEN,
      apiUrl: base,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
    });
    const first = await api.history({ channel: 'C0PAGED001' });
    expect(first.messages.map((m) => m.metadata?.event_payload.i)).toEqual([4, 3, 2, 1, 0]);
    expect(first.nextCursor).toBeUndefined();
  });

  it('should open one DM per person and show the app’s DMs to them', async () => {
    const user = sandbox.slack.addUser('maya@example.com', 'Maya');
    const api = createSlackApi({ token: SANDBOX_SLACK_TOKEN, apiUrl: base });
    expect(await api.userIdByEmail('MAYA@example.com')).toBe(user.id);
    const dm = await api.openDm(user.id);
    expect(await api.openDm(user.id)).toBe(dm);
    await api.postMessage({ channel: dm, text: 'about Ana' });
    const shown = (await (await fetch(`${control}/slack/messages?email=maya@example.com`)).json()) as {
      messages: { text: string }[];
    };
    expect(shown.messages.map((m) => m.text)).toEqual(['about Ana']);
  });
});
