/**
 * The digest's messages in Slack, with Slack's Web API intercepted by nock in its real shapes
 * (HTTP 200 with `ok: false` and an `error` code; 429 with Retry-After), the message references
 * kept in real Redis: posted once, updated after a change, found again after Redis is flushed,
 * a rate limit waited out, errors translated, a streak told to the manager once.
 */
import { parse } from 'node:querystring';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestLine, WeekDigest } from '../../src/domain/index.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { pageSerializer } from '../../src/queue/lock.js';
import { createSlackApi, type SlackRetry } from '../../src/slack/client.js';
import { createSlackDigests, DIGEST_EVENT, STREAK_EVENT } from '../../src/slack/digests.js';
import { SlackApiError } from '../../src/slack/errors.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const SLACK = 'https://slack.com';
const CHANNEL = 'C0DIGEST01';
const TEAM = 'parent-page-1';
const prefix = testPrefix('slack-digests');
const redis = commandRedis();
const FAST: SlackRetry = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 };
const since = new Date('2026-10-12T00:00:00+02:00');

type Sent = Record<string, unknown>;
/** What a request carried: the SDK sends a form with objects as JSON strings. */
function sent(body: unknown): Sent {
  const fields = typeof body === 'string' ? (parse(body) as Sent) : (body as Sent);
  const out: Sent = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === 'string' && /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

function line(id: string, overrides: Partial<DigestLine> = {}): DigestLine {
  return {
    engineerId: id,
    name: id,
    status: 'missed',
    beforeCommitline: false,
    shipped: [],
    ...overrides,
  };
}

function digest(lines: DigestLine[]): WeekDigest {
  return {
    weekId: '2026-W42',
    quarterId: '2026-Q4',
    dates: '12–18 Oct 2026',
    groups: [{ manager: { id: 'maya', name: 'Maya Okafor' }, lines }],
    counts: {
      hit: lines.filter((l) => l.status === 'hit').length,
      missed: lines.filter((l) => l.status === 'missed').length,
      excused: 0,
      open: 0,
    },
  };
}

const BEFORE = digest([line('Ana')]);
const AFTER = digest([
  line('Ana', { status: 'hit', shipped: [{ identifier: 'ENG-9', title: 'Late one', url: 'https://l/9' }] }),
]);

const posted = (ts: string, channel = CHANNEL) => ({
  ok: true,
  channel,
  ts,
  message: { type: 'message', user: 'U0BOT00001', bot_id: 'B0BOT00001', text: '…', ts },
});
const history = (messages: unknown[]) => ({
  ok: true,
  messages,
  has_more: false,
  pin_count: 0,
  channel_actions_ts: null,
  channel_actions_count: 0,
  response_metadata: { next_cursor: '' },
});
const refused = (error: string) => ({ ok: false, error });
/** A digest the bot posted, as conversations.history returns it with its metadata. */
const digestMessage = (payload: Record<string, unknown>, ts = '1760720400.000100') => ({
  type: 'message',
  user: 'U0BOT00001',
  bot_id: 'B0BOT00001',
  text: '…',
  ts,
  metadata: { event_type: DIGEST_EVENT, event_payload: { team: TEAM, ...payload } },
});
/** The channel's history answering once with `messages`; each request's form kept in `asked`. */
function historyAnswers(messages: unknown[], asked: Sent[] = []) {
  nock(SLACK)
    .post('/api/conversations.history', (b) => {
      asked.push(sent(b));
      return true;
    })
    .reply(200, history(messages));
  return asked;
}

function digests(channel = CHANNEL, retry: SlackRetry = FAST) {
  const metrics = createMetrics({ defaultMetrics: false });
  const api = createSlackApi({ token: 'xoxb-test', retry, metrics });
  return { metrics, slack: createSlackDigests({ api, redis, prefix, channel, team: TEAM, metrics }) };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
beforeEach(async () => {
  await deleteKeys(redis, prefix);
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  nock.enableNetConnect();
});

describe('when a week’s digest is published', () => {
  it('should post it once with its metadata, then update that message after a change', async () => {
    const { slack, metrics } = digests();
    const bodies: Sent[] = [];
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK)
      .post('/api/chat.postMessage', (b) => {
        bodies.push(sent(b));
        return true;
      })
      .reply(200, posted('1760720400.000100'));
    const first = await slack.publish(BEFORE, { since });
    expect(first).toEqual({ outcome: 'posted', channel: CHANNEL, ts: '1760720400.000100' });
    expect(bodies[0]).toMatchObject({
      channel: CHANNEL,
      text: 'Week 2026-W42 (12–18 Oct 2026): 0 shipped, 1 missed, 0 excused',
      metadata: {
        event_type: DIGEST_EVENT,
        event_payload: { team: TEAM, week: '2026-W42', quarter: '2026-Q4' },
      },
    });
    expect(((bodies[0]?.blocks ?? []) as unknown[]).length).toBeGreaterThan(2);

    // The same week again, unchanged: not a single request (nock refuses any).
    expect((await slack.publish(BEFORE, { since })).outcome).toBe('unchanged');

    nock(SLACK)
      .post('/api/chat.update', (b) => {
        bodies.push(sent(b));
        return true;
      })
      .reply(200, { ok: true, channel: CHANNEL, ts: '1760720400.000100', text: '…' });
    const second = await slack.publish(AFTER, { since });
    expect(second).toEqual({ outcome: 'updated', channel: CHANNEL, ts: '1760720400.000100' });
    expect(bodies[1]).toMatchObject({ channel: CHANNEL, ts: '1760720400.000100' });
    expect(JSON.stringify(bodies[1]?.blocks)).toContain('ENG-9 Late one');
    const counted = await metrics.registry.getSingleMetricAsString('commitline_slack_digests_total');
    expect(counted).toContain('outcome="posted"} 1');
    expect(counted).toContain('outcome="updated"} 1');
  });

  it('should find the message again in the channel’s history after Redis is flushed, and not post again', async () => {
    const { slack } = digests();
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK).post('/api/chat.postMessage').reply(200, posted('1760720400.000100'));
    await slack.publish(BEFORE, { since });
    const fingerprint = (await redis.hget(`${prefix}:slack:digest:${TEAM}:2026-W42`, 'fingerprint')) ?? '';
    await deleteKeys(redis, prefix);

    const asked = historyAnswers([
      { type: 'message', user: 'U0PERSON01', text: 'thanks!', ts: '1760720500.000200' },
      digestMessage({ week: '2026-W42', fingerprint }),
    ]);
    // Found, and what it shows is what would be posted: nothing to send.
    expect(await slack.publish(BEFORE, { since })).toEqual({
      outcome: 'unchanged',
      channel: CHANNEL,
      ts: '1760720400.000100',
    });
    expect(asked[0]).toMatchObject({
      channel: CHANNEL,
      include_all_metadata: 'true',
      oldest: String(since.getTime() / 1000),
    });

    await deleteKeys(redis, prefix);
    historyAnswers([digestMessage({ week: '2026-W42', fingerprint })]);
    nock(SLACK).post('/api/chat.update').reply(200, { ok: true, channel: CHANNEL, ts: '1760720400.000100' });
    expect((await slack.publish(AFTER, { since })).outcome).toBe('updated');
  });

  it('should not take another team’s digest of the same week for its own', async () => {
    const { slack } = digests();
    historyAnswers([digestMessage({ team: 'other', week: '2026-W42' })]);
    nock(SLACK).post('/api/chat.postMessage').reply(200, posted('1760720401.000100'));
    expect((await slack.publish(BEFORE, { since })).outcome).toBe('posted');
  });

  it('should post a new message when a person deleted the week’s message', async () => {
    const { slack } = digests();
    await redis.hset(`${prefix}:slack:digest:${TEAM}:2026-W42`, {
      channel: CHANNEL,
      ts: '1.000100',
      fingerprint: 'x',
    });
    nock(SLACK).post('/api/chat.update').reply(200, refused('message_not_found'));
    nock(SLACK).post('/api/chat.postMessage').reply(200, posted('1760720402.000100'));
    expect(await slack.publish(AFTER, { since })).toMatchObject({
      outcome: 'posted',
      ts: '1760720402.000100',
    });
  });

  it('should only update, never post, when asked for an existing message only', async () => {
    const { slack } = digests();
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    expect((await slack.publish(BEFORE, { since, existingOnly: true })).outcome).toBe('not-posted');
    // Remembered as absent for a while: the next change of the quarter asks nothing.
    expect((await slack.publish(AFTER, { since, existingOnly: true })).outcome).toBe('not-posted');
  });

  it('should post once when two processes publish the same week at the same moment', async () => {
    const api = createSlackApi({ token: 'xoxb-test', retry: FAST });
    const serialize = pageSerializer(redis, prefix);
    const one = createSlackDigests({ api, redis, prefix, channel: CHANNEL, team: TEAM, serialize });
    const two = createSlackDigests({ api, redis, prefix, channel: CHANNEL, team: TEAM, serialize });
    nock(SLACK).post('/api/conversations.history').delay(50).reply(200, history([]));
    nock(SLACK).post('/api/chat.postMessage').once().reply(200, posted('1760720400.000100'));
    const outcomes = await Promise.all([one.publish(BEFORE, { since }), two.publish(BEFORE, { since })]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['posted', 'unchanged']);
  });

  it('should look a channel given by name up once', async () => {
    const { slack } = digests('eng-weekly');
    nock(SLACK)
      .post('/api/conversations.list')
      .reply(200, {
        ok: true,
        channels: [
          { id: 'C0GENERAL1', name: 'general', is_channel: true, is_member: true },
          { id: CHANNEL, name: 'eng-weekly', is_channel: true, is_member: true },
        ],
        response_metadata: { next_cursor: '' },
      });
    expect(await slack.channelId()).toBe(CHANNEL);
    expect(await slack.channelId()).toBe(CHANNEL);
  });
});

describe('when Slack rate limits or refuses', () => {
  it('should wait the Retry-After of a 429 and then post once', async () => {
    const { slack, metrics } = digests();
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK).post('/api/chat.postMessage').reply(429, refused('ratelimited'), { 'Retry-After': '1' });
    nock(SLACK).post('/api/chat.postMessage').reply(200, posted('1760720400.000100'));
    const started = Date.now();
    expect((await slack.publish(BEFORE, { since })).outcome).toBe('posted');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await metrics.registry.getSingleMetricAsString('commitline_slack_api_calls_total')).toContain(
      'outcome="rate-limited-wait"} 1',
    );
  });

  it('should say rate-limited, with Slack’s wait, once the retries are spent', async () => {
    const { slack } = digests(CHANNEL, { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 });
    nock(SLACK)
      .post('/api/conversations.history')
      .times(2)
      .reply(429, refused('ratelimited'), { 'Retry-After': '1' });
    const error = await slack.publish(BEFORE, { since }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 1000 });
  });

  it.each([
    ['channel_not_found', 'channel-not-found', false],
    ['not_in_channel', 'not-in-channel', false],
    ['invalid_auth', 'authentication', false],
    ['is_archived', 'channel-archived', false],
    ['missing_scope', 'missing-scope', false],
    ['internal_error', 'server', true],
    ['invalid_blocks', 'invalid-request', false],
  ])('should translate %s into %s', async (said, code, retryable) => {
    const { slack } = digests();
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK).post('/api/chat.postMessage').reply(200, refused(said));
    const error = await slack.publish(BEFORE, { since }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SlackApiError', code, retryable, slackError: said });
  });

  it('should not send a post again after a 503, which may have been posted, but retry a read', async () => {
    const { slack } = digests();
    nock(SLACK).post('/api/conversations.history').reply(503, 'upstream unavailable');
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK).post('/api/chat.postMessage').once().reply(503, 'upstream unavailable');
    const error = await slack.publish(BEFORE, { since }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server', retryable: true });
    // afterEach: no interceptor left unused, none called twice (nock would have refused it).
  });

  it('should look in the history again on the next try after a post answered 503, and not post twice', async () => {
    const { slack } = digests();
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    // The post went through, but its answer was a 503.
    nock(SLACK).post('/api/chat.postMessage').once().reply(503, 'upstream unavailable');
    expect(await slack.publish(BEFORE, { since }).catch((e: unknown) => e)).toMatchObject({ code: 'server' });
    const asked = historyAnswers([digestMessage({ week: '2026-W42' })]);
    nock(SLACK).post('/api/chat.update').reply(200, { ok: true, channel: CHANNEL, ts: '1760720400.000100' });
    // The job's retry: found in the history, updated in place; no second chat.postMessage.
    expect(await slack.publish(BEFORE, { since })).toMatchObject({
      outcome: 'updated',
      ts: '1760720400.000100',
    });
    expect(asked).toHaveLength(1);
  });

  it('should send nothing once the lock it holds is lost', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const api = createSlackApi({ token: 'xoxb-test', retry: FAST, metrics });
    const lost = new AbortController();
    lost.abort(new Error('lost the lock'));
    const slack = createSlackDigests({
      api,
      redis,
      prefix,
      channel: CHANNEL,
      team: TEAM,
      serialize: (_key, work) => work(lost.signal),
    });
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    await expect(slack.publish(BEFORE, { since })).rejects.toThrow('lost the lock');
    // afterEach: no chat.postMessage was asked for (nock would have refused it).
  });

  it('should call a refused connection a network error', async () => {
    const { slack } = digests(CHANNEL, { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 });
    nock(SLACK)
      .post('/api/conversations.history')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const error = await slack.publish(BEFORE, { since }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });
});

describe('when a two-miss streak reaches the manager', () => {
  const streak = {
    key: 'ana:2026-W41',
    missed: ['2026-W41', '2026-W42'],
    question: '2 weeks missed in a row (W41, W42). …',
    message:
      'Ana Ruiz has had no production-visible change since 2026-W41: 2 weeks in a row (2026-W41, 2026-W42) …',
  };
  const recipient = {
    managerName: 'Maya Okafor',
    managerEmail: 'maya@acme.test',
    engineerName: 'Ana Ruiz',
    pageUrl: 'https://www.notion.so/ana',
    streak,
    since: new Date('2026-10-05T00:00:00+02:00'),
  };

  it('should send one DM found by email, and not again after a retry or a flushed Redis', async () => {
    const { slack, metrics } = digests();
    const bodies: Sent[] = [];
    nock(SLACK)
      .post('/api/users.lookupByEmail', (b) => sent(b).email === 'maya@acme.test')
      .times(2)
      .reply(200, { ok: true, user: { id: 'U0MAYA0001', team_id: 'T0ACME', name: 'maya', profile: {} } });
    nock(SLACK)
      .post('/api/conversations.open', (b) => sent(b).users === 'U0MAYA0001')
      .times(2)
      .reply(200, { ok: true, no_op: true, already_open: true, channel: { id: 'D0MAYA0001' } });
    nock(SLACK).post('/api/conversations.history').reply(200, history([]));
    nock(SLACK)
      .post('/api/chat.postMessage', (b) => {
        bodies.push(sent(b));
        return true;
      })
      .reply(200, posted('1760720400.000300', 'D0MAYA0001'));
    expect(await slack.tellManager(recipient)).toBe('dm');
    expect(bodies[0]).toMatchObject({
      channel: 'D0MAYA0001',
      metadata: { event_type: STREAK_EVENT, event_payload: { team: TEAM, streak: 'ana:2026-W41' } },
    });
    expect(bodies[0]?.text).toBe(`${streak.message}\n<https://www.notion.so/ana|Ana Ruiz’s quarter page>`);
    // A retry of the same step: Redis remembers, nothing is asked.
    expect(await slack.tellManager(recipient)).toBe('already');

    await deleteKeys(redis, prefix);
    nock(SLACK)
      .post('/api/conversations.history', (b) => sent(b).channel === 'D0MAYA0001')
      .reply(
        200,
        history([
          {
            type: 'message',
            ts: '1760720400.000300',
            text: streak.message,
            metadata: { event_type: STREAK_EVENT, event_payload: { team: TEAM, streak: 'ana:2026-W41' } },
          },
        ]),
      );
    expect(await slack.tellManager(recipient)).toBe('already');
    expect(await metrics.registry.getSingleMetricAsString('commitline_slack_streak_notes_total')).toContain(
      'via="dm"} 1',
    );
  });

  it('should name the manager in the channel when no Slack user has their email', async () => {
    const { slack } = digests();
    const bodies: Sent[] = [];
    nock(SLACK).post('/api/users.lookupByEmail').reply(200, refused('users_not_found'));
    nock(SLACK)
      .post('/api/conversations.history', (b) => sent(b).channel === CHANNEL)
      .reply(200, history([]));
    nock(SLACK)
      .post('/api/chat.postMessage', (b) => {
        bodies.push(sent(b));
        return true;
      })
      .reply(200, posted('1760720400.000400'));
    expect(await slack.tellManager(recipient)).toBe('channel');
    expect(bodies[0]?.channel).toBe(CHANNEL);
    expect(String(bodies[0]?.text)).toMatch(
      /^\*Maya Okafor\*, about Ana Ruiz: Ana Ruiz has had no production-visible change/,
    );
  });
});
