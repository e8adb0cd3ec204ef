/**
 * The digest's messages in the team's channel: one per week, ever. A week's message carries Slack
 * message metadata (`commitline_week_digest`, with the team and the week), so it is found again in
 * the channel's history whatever Redis has lost; Redis only caches its `ts` and what it shows (a
 * fingerprint), so an unchanged week costs no request and a changed one is one `chat.update`.
 *
 * A two-miss streak reaches the engineer's manager directly, once per streak: a DM (found by the
 * manager's email), else a message in the channel naming them. The note carries metadata too
 * (`commitline_miss_streak`, with the streak's key), and that conversation's history is read
 * before sending when Redis does not remember it: a retry, a restart or a flushed Redis does not
 * tell a manager twice.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DigestStreak, WeekDigest } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { SlackApi, SlackBlock, SlackMessage } from './client.js';
import { SlackApiError } from './errors.js';
import { digestBlocks, digestFallback, escapeMrkdwn } from './render.js';

export const DIGEST_EVENT = 'commitline_week_digest';
export const STREAK_EVENT = 'commitline_miss_streak';

/** History pages read at most to find one message (200 messages each). */
const MAX_HISTORY_PAGES = 25;
/** How long Redis remembers a streak told (longer than any quarter it belongs to). */
const STREAK_MEMORY_SECONDS = 400 * 86_400;
/** How long "this week has no message" is believed before the history is read again. */
const ABSENT_MEMORY_SECONDS = 86_400;

export type DigestOutcome = 'posted' | 'updated' | 'unchanged' | 'not-posted';

export interface PublishedDigest {
  outcome: DigestOutcome;
  channel: string;
  ts?: string;
}

export interface StreakRecipient {
  managerName: string;
  /** The manager's email in the team file, when it gives one. */
  managerEmail?: string | undefined;
  engineerName: string;
  /** The engineer's quarter page, linked after the words. */
  pageUrl?: string | undefined;
  streak: DigestStreak;
  /** The streak's first week began here: its note cannot be older. */
  since: Date;
}

export interface SlackDigests {
  /** The channel's id (a name in SLACK_CHANNEL is looked up once). */
  channelId(): Promise<string>;
  /**
   * Posts the week's digest, or updates the message already posted for it. `existingOnly`: only
   * an update (a past week changed), never a first post.
   */
  publish(digest: WeekDigest, options: { since: Date; existingOnly?: boolean }): Promise<PublishedDigest>;
  /** Tells the manager about a streak, unless they were told already; how it went. */
  tellManager(recipient: StreakRecipient): Promise<'dm' | 'channel' | 'already'>;
}

/** A channel id as Slack writes them (C…, G…, D…); anything else is a name. */
export function isChannelId(value: string): boolean {
  return /^[CGD][A-Z0-9]{8,}$/.test(value);
}

export function fingerprintOf(text: string, blocks: readonly SlackBlock[]): string {
  return createHash('sha256').update(JSON.stringify({ text, blocks })).digest('hex').slice(0, 32);
}

export function createSlackDigests(options: {
  api: SlackApi;
  redis: Redis;
  prefix: string;
  /** SLACK_CHANNEL: an id or a name. */
  channel: string;
  /** Which commitline team the messages are of (several may share a channel). */
  team: string;
  logger?: Logger;
  metrics?: Metrics;
  /**
   * One publisher of a week at a time across the deployment (a worker's close and an operator's
   * `commitline digest`): two looking at once would both find nothing and both post.
   */
  serialize?: <T>(key: string, work: (lockLost: AbortSignal) => Promise<T>) => Promise<T>;
}): SlackDigests {
  const { api, redis, prefix, team } = options;
  const digestKey = (week: string) => `${prefix}:slack:digest:${team}:${week}`;
  const streakKey = (key: string) => `${prefix}:slack:streak:${team}:${key}`;
  let resolved: string | undefined;

  async function channelId(): Promise<string> {
    if (resolved) return resolved;
    if (isChannelId(options.channel)) resolved = options.channel;
    else {
      const id = await api.channelIdByName(options.channel);
      if (!id) {
        throw new SlackApiError(
          'channel-not-found',
          `no channel named #${options.channel} that the app can see`,
          'channel_not_found',
        );
      }
      resolved = id;
    }
    return resolved;
  }

  /** The newest message of `channel` since `since` whose metadata `matches`. */
  async function findMessage(
    channel: string,
    since: Date,
    matches: (m: SlackMessage) => boolean,
  ): Promise<SlackMessage | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const result = await api.history({
        channel,
        oldest: String(Math.floor(since.getTime() / 1000)),
        ...(cursor ? { cursor } : {}),
      });
      const found = result.messages.find(matches);
      if (found) return found;
      cursor = result.nextCursor;
      if (!cursor) return undefined;
    }
    options.logger?.warn(
      { channel, pages: MAX_HISTORY_PAGES },
      'Slack history read this far without finding the message',
    );
    return undefined;
  }

  const isDigestOf = (week: string) => (m: SlackMessage) =>
    m.metadata?.event_type === DIGEST_EVENT &&
    m.metadata.event_payload.team === team &&
    m.metadata.event_payload.week === week;

  const isNoteOf = (key: string) => (m: SlackMessage) =>
    m.metadata?.event_type === STREAK_EVENT &&
    m.metadata.event_payload.team === team &&
    m.metadata.event_payload.streak === key;

  async function publishNow(
    digest: WeekDigest,
    publishOptions: { since: Date; existingOnly?: boolean },
    lockLost?: AbortSignal,
  ): Promise<PublishedDigest> {
    const channel = await channelId();
    const text = digestFallback(digest);
    const blocks = digestBlocks(digest);
    const fingerprint = fingerprintOf(text, blocks);
    const metadata = {
      event_type: DIGEST_EVENT,
      event_payload: { team, week: digest.weekId, quarter: digest.quarterId, fingerprint },
    };
    const key = digestKey(digest.weekId);
    const cached = await redis.hgetall(key);
    const remember = (fields: Record<string, string>) => redis.multi().del(key).hset(key, fields).exec();
    const sameChannel = cached.channel === channel;
    let known: { ts: string; fingerprint?: string } | undefined =
      sameChannel && cached.ts
        ? { ts: cached.ts, ...(cached.fingerprint ? { fingerprint: cached.fingerprint } : {}) }
        : undefined;
    // Looked for lately and not there: a past week that never had a digest is not searched for
    // at every change of its quarter. Never trusted before a post: a post tried since may have
    // gone through, and only the history can say.
    const knownAbsent = publishOptions.existingOnly === true && sameChannel && cached.absent === '1';
    if (!known && !knownAbsent) {
      // Redis lost it (or never had it): the channel's history is the record.
      const found = await findMessage(channel, publishOptions.since, isDigestOf(digest.weekId));
      if (found) {
        const seen = found.metadata?.event_payload.fingerprint;
        known = { ts: found.ts, ...(typeof seen === 'string' ? { fingerprint: seen } : {}) };
        await remember({ channel, ts: found.ts, fingerprint: known.fingerprint ?? '' });
      } else {
        await redis.multi().hset(key, { channel, absent: '1' }).expire(key, ABSENT_MEMORY_SECONDS).exec();
      }
    }
    const done = (outcome: DigestOutcome, ts?: string): PublishedDigest => {
      options.metrics?.digests.inc({ outcome });
      options.logger?.info({ week: digest.weekId, channel, ts, outcome }, 'Slack digest');
      return { outcome, channel, ...(ts ? { ts } : {}) };
    };
    if (known) {
      if (known.fingerprint === fingerprint) return done('unchanged', known.ts);
      try {
        lockLost?.throwIfAborted();
        await api.updateMessage({ channel, ts: known.ts, text, blocks, metadata });
        await remember({ channel, ts: known.ts, fingerprint });
        return done('updated', known.ts);
      } catch (error) {
        // Someone deleted the message: the week gets a new one.
        if (!(error instanceof SlackApiError && error.code === 'message-not-found')) throw error;
        await redis.del(key);
      }
    }
    if (publishOptions.existingOnly) return done('not-posted');
    // From here the week may have its message whatever Slack answers: what Redis knows goes first,
    // so a retry looks in the history before it posts.
    await redis.del(key);
    lockLost?.throwIfAborted();
    const posted = await api.postMessage({ channel, text, blocks, metadata });
    await remember({ channel, ts: posted.ts, fingerprint });
    return done('posted', posted.ts);
  }

  async function tellNow(
    recipient: StreakRecipient,
    lockLost?: AbortSignal,
  ): Promise<'dm' | 'channel' | 'already'> {
    const key = recipient.streak.key;
    if (await redis.exists(streakKey(key))) return 'already';
    const remember = () => redis.set(streakKey(key), '1', 'EX', STREAK_MEMORY_SECONDS);
    const metadata = { event_type: STREAK_EVENT, event_payload: { team, streak: key } };
    const userId = recipient.managerEmail ? await api.userIdByEmail(recipient.managerEmail) : undefined;
    const channel = userId ? await api.openDm(userId) : await channelId();
    if (await findMessage(channel, recipient.since, isNoteOf(key))) {
      await remember();
      return 'already';
    }
    const words = escapeMrkdwn(recipient.streak.message);
    const page = recipient.pageUrl
      ? `\n<${recipient.pageUrl}|${escapeMrkdwn(recipient.engineerName)}’s quarter page>`
      : '';
    // No Slack user has the manager's email: the channel names them instead of a DM.
    const text = userId
      ? `${words}${page}`
      : `*${escapeMrkdwn(recipient.managerName)}*, about ${escapeMrkdwn(recipient.engineerName)}: ${words}${page}`;
    lockLost?.throwIfAborted();
    await api.postMessage({ channel, text, metadata });
    await remember();
    const via = userId ? 'dm' : 'channel';
    options.metrics?.streakNotes.inc({ via });
    options.logger?.info({ streak: key, via }, 'two-miss streak told to the manager in Slack');
    return via;
  }

  const serialize =
    options.serialize ??
    (<T>(_key: string, work: (lockLost: AbortSignal) => Promise<T>) => work(new AbortController().signal));
  return {
    channelId,
    publish: (digest, publishOptions) =>
      serialize(`slack-digest:${team}:${digest.weekId}`, (lockLost) =>
        publishNow(digest, publishOptions, lockLost),
      ),
    tellManager(recipient) {
      return serialize(`slack-streak:${team}:${recipient.streak.key}`, (lockLost) =>
        tellNow(recipient, lockLost),
      );
    },
  };
}
