/**
 * The Slack Web API, through the official `@slack/web-api` WebClient, in commitline's own terms:
 * the few methods the digest uses, each answer narrowed to what is read, every failure
 * translated once (errors.ts) and counted.
 *
 * Retries are the SDK's: on a 429 it waits the `Retry-After` Slack sent, then tries again, up to
 * `retry.retries` times (`rejectRateLimitedCalls` stays off so the SDK does the waiting). A
 * network error or a 5xx is retried for every call but `chat.postMessage`: a post whose answer was
 * lost may have been posted, so it is not sent twice blindly; the job's next try looks for it
 * first (digests.ts).
 */
import {
  type KnownBlock,
  LogLevel,
  type RetryOptions,
  SlackError,
  type Logger as SlackLogger,
  WebClient,
  WebClientEvent,
} from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { toSlackApiError } from './errors.js';

export type SlackBlock = KnownBlock;

/** Slack message metadata: what commitline finds its own messages by. */
export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean>;
}

export interface SlackMessage {
  ts: string;
  text?: string;
  metadata?: SlackMetadata;
}

export interface SlackChannel {
  id: string;
  name: string;
  isMember: boolean;
  isArchived: boolean;
  isPrivate: boolean;
}

export interface SlackApi {
  /** Who the token is: the bot user and its workspace. */
  authTest(): Promise<{ userId: string; team: string; url: string }>;
  channelInfo(channelId: string): Promise<SlackChannel>;
  /** The id of a channel the bot can see, by its name; undefined when there is none. */
  channelIdByName(name: string): Promise<string | undefined>;
  postMessage(message: {
    channel: string;
    text: string;
    blocks?: SlackBlock[];
    metadata?: SlackMetadata;
  }): Promise<{ channel: string; ts: string }>;
  updateMessage(message: {
    channel: string;
    ts: string;
    text: string;
    blocks?: SlackBlock[];
    metadata?: SlackMetadata;
  }): Promise<void>;
  /** One page of a channel's messages since `oldest` (Unix seconds), newest first, with metadata. */
  history(query: {
    channel: string;
    oldest?: string;
    cursor?: string;
  }): Promise<{ messages: SlackMessage[]; nextCursor?: string }>;
  /** The Slack user with that email; undefined when there is none. */
  userIdByEmail(email: string): Promise<string | undefined>;
  /** The direct-message channel with a user (opened if need be). */
  openDm(userId: string): Promise<string>;
}

export interface SlackRetry {
  retries: number;
  /** The wait before the first retry of a network error or 5xx; each next one doubles. */
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

/** About two minutes of retries at most, within one job's try. */
export const DEFAULT_SLACK_RETRY: SlackRetry = { retries: 4, minTimeoutMs: 1_000, maxTimeoutMs: 30_000 };

/** The SDK's log lines (a rate limit waited out) go to commitline's logger. */
function sdkLogger(logger: Logger | undefined): SlackLogger {
  const log = logger?.child({ service: 'slack' });
  const join = (msg: unknown[]) => msg.map(String).join(' ');
  return {
    debug: () => {},
    info: (...msg) => log?.info(join(msg)),
    warn: (...msg) => log?.warn(join(msg)),
    error: (...msg) => log?.error(join(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function metadataOf(value: unknown): SlackMetadata | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) {
    return undefined;
  }
  return { event_type: m.event_type, event_payload: m.event_payload as SlackMetadata['event_payload'] };
}

export function createSlackApi(options: {
  token: string;
  apiUrl?: string | undefined;
  retry?: SlackRetry;
  /** Per request, so a hung connection is a network error, not a stuck job. */
  timeoutMs?: number;
  logger?: Logger;
  metrics?: Metrics;
}): SlackApi {
  const retry = options.retry ?? DEFAULT_SLACK_RETRY;
  const base = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: sdkLogger(options.logger),
    timeout: options.timeoutMs ?? 30_000,
    rejectRateLimitedCalls: false,
  };
  const retryConfig = {
    retries: retry.retries,
    factor: 2,
    minTimeout: retry.minTimeoutMs,
    maxTimeout: retry.maxTimeoutMs,
  };
  // A 429 reaches p-retry (behind the SDK) as the SDK's request error after it has waited
  // Retry-After; the SDK's rate-limit event says which failed attempt that was. Calls are made one
  // at a time by the digest (and doctor), so one record per client is enough.
  let limitedAttempt: number | undefined;
  let lastFailureLimited: number | undefined;
  const onRateLimited = (seconds: number) => {
    limitedAttempt = seconds;
    options.metrics?.slackCalls.inc({ method: 'any', outcome: 'rate-limited-wait' });
  };
  const failedAttempt = (error: Error, retryPosts: boolean) => {
    lastFailureLimited = limitedAttempt;
    limitedAttempt = undefined;
    // A post that failed for another reason may have been posted: it is not sent again here.
    if (!retryPosts && lastFailureLimited === undefined && error instanceof SlackError) throw error;
  };
  // p-retry reads `onFailedAttempt`; a throw there stops the retries.
  type Retry = RetryOptions & { onFailedAttempt: (error: Error) => void };
  const readRetry: Retry = { ...retryConfig, onFailedAttempt: (error) => failedAttempt(error, true) };
  const postRetry: Retry = { ...retryConfig, onFailedAttempt: (error) => failedAttempt(error, false) };
  const web = new WebClient(options.token, { ...base, retryConfig: readRetry });
  const poster = new WebClient(options.token, { ...base, retryConfig: postRetry });
  web.on(WebClientEvent.RATE_LIMITED, onRateLimited);
  poster.on(WebClientEvent.RATE_LIMITED, onRateLimited);

  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    limitedAttempt = undefined;
    lastFailureLimited = undefined;
    try {
      const result = await run();
      options.metrics?.slackCalls.inc({ method, outcome: 'ok' });
      return result;
    } catch (raw) {
      // The last try was a 429 waited out: the retries ran out on Slack's rate limit.
      const limited = lastFailureLimited ?? limitedAttempt;
      const error = toSlackApiError(raw, limited === undefined ? {} : { rateLimitedFor: limited });
      options.metrics?.slackCalls.inc({ method, outcome: error.code });
      throw error;
    }
  }

  return {
    authTest: () =>
      call('auth.test', async () => {
        const r = await web.auth.test();
        return { userId: r.user_id ?? '', team: r.team ?? '', url: r.url ?? '' };
      }),
    channelInfo: (channelId) =>
      call('conversations.info', async () => {
        const r = await web.conversations.info({ channel: channelId });
        const c = r.channel ?? {};
        return {
          id: c.id ?? channelId,
          name: c.name ?? '',
          isMember: c.is_member === true,
          isArchived: c.is_archived === true,
          isPrivate: c.is_private === true,
        };
      }),
    channelIdByName: (name) =>
      call('conversations.list', async () => {
        let cursor: string | undefined;
        do {
          const r = await web.conversations.list({
            types: 'public_channel,private_channel',
            exclude_archived: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
          const found = r.channels?.find((c) => c.name === name);
          if (found?.id) return found.id;
          cursor = r.response_metadata?.next_cursor || undefined;
        } while (cursor);
        return undefined;
      }),
    postMessage: (message) =>
      call('chat.postMessage', async () => {
        const r = await poster.chat.postMessage({
          channel: message.channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.metadata ? { metadata: message.metadata } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { channel: r.channel ?? message.channel, ts: r.ts ?? '' };
      }),
    updateMessage: (message) =>
      call('chat.update', async () => {
        await web.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.metadata ? { metadata: message.metadata } : {}),
        });
      }),
    history: (query) =>
      call('conversations.history', async () => {
        const r = await web.conversations.history({
          channel: query.channel,
          include_all_metadata: true,
          limit: 200,
          ...(query.oldest ? { oldest: query.oldest } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        const messages: SlackMessage[] = [];
        for (const m of r.messages ?? []) {
          const ts = text(m.ts);
          if (!ts) continue;
          const metadata = metadataOf(m.metadata);
          messages.push({ ts, ...(m.text ? { text: m.text } : {}), ...(metadata ? { metadata } : {}) });
        }
        const next = r.response_metadata?.next_cursor;
        return { messages, ...(next ? { nextCursor: next } : {}) };
      }),
    userIdByEmail: async (email) => {
      try {
        return await call('users.lookupByEmail', async () => {
          const r = await web.users.lookupByEmail({ email });
          return r.user?.id;
        });
      } catch (error) {
        if (toSlackApiError(error).code === 'user-not-found') return undefined;
        throw error;
      }
    },
    openDm: (userId) =>
      call('conversations.open', async () => {
        const r = await web.conversations.open({ users: userId });
        const id = r.channel?.id;
        if (!id) throw new Error('conversations.open answered without a channel');
        return id;
      }),
  };
}
