/**
 * Slack's failures in commitline's words: one closed set of codes, decided by the SDK error's
 * class and Slack's own `error` code (`channel_not_found`, `invalid_auth` …), never by a message.
 * Every call to Slack goes through `toSlackApiError` (see client.ts).
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

export type SlackApiErrorCode =
  /** Slack answered 429 (or `ratelimited`) more often than the retries could wait out. */
  | 'rate-limited'
  /** The token is missing, wrong, revoked or its workspace is gone. */
  | 'authentication'
  /** The token lacks a scope the call needs (Slack names it in `needed`). */
  | 'missing-scope'
  /** No such channel, or the bot cannot see it (a private channel it is not in). */
  | 'channel-not-found'
  /** The bot is not a member of the channel: someone invites it (`/invite @app`). */
  | 'not-in-channel'
  | 'channel-archived'
  /** The message to update is gone (deleted by a person). */
  | 'message-not-found'
  /** No Slack user has that email. */
  | 'user-not-found'
  /** Slack refused the request itself: it will refuse it the same way again. */
  | 'invalid-request'
  /** Slack was not reached, or did not answer (refused connection, DNS, reset, timeout). */
  | 'network'
  /** Slack answered with its own failure (5xx, `internal_error`, `service_unavailable`). */
  | 'server';

const RETRYABLE: ReadonlySet<SlackApiErrorCode> = new Set(['rate-limited', 'network', 'server']);

export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';
  /** Worth sending the same request again after a wait; false means it fails the same way. */
  readonly retryable: boolean;

  constructor(
    readonly code: SlackApiErrorCode,
    message: string,
    /** Slack's own error code (`channel_not_found`), when it answered with one. */
    readonly slackError?: string,
    /** For `rate-limited`: how long Slack asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }
}

/** Slack's `error` codes, as its Web API documents them; any other is an invalid request. */
const BY_SLACK_ERROR: Readonly<Record<string, SlackApiErrorCode>> = {
  ratelimited: 'rate-limited',
  rate_limited: 'rate-limited',
  not_authed: 'authentication',
  invalid_auth: 'authentication',
  account_inactive: 'authentication',
  token_revoked: 'authentication',
  token_expired: 'authentication',
  no_permission: 'missing-scope',
  missing_scope: 'missing-scope',
  channel_not_found: 'channel-not-found',
  not_in_channel: 'not-in-channel',
  is_archived: 'channel-archived',
  message_not_found: 'message-not-found',
  cant_update_message: 'message-not-found',
  users_not_found: 'user-not-found',
  user_not_found: 'user-not-found',
  internal_error: 'server',
  fatal_error: 'server',
  service_unavailable: 'server',
  request_timeout: 'server',
};

/** What to do about each code, said once: doctor and the CLI print it. */
export const SLACK_FIXES: Readonly<Record<SlackApiErrorCode, string>> = {
  'rate-limited': 'wait a minute and run it again; Slack limits how often an app may post',
  authentication: 'check SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-…) under OAuth & Permissions',
  'missing-scope':
    'add the bot scopes chat:write, channels:read, channels:history, groups:read, groups:history, im:write, im:history, users:read, users:read.email, then reinstall the app',
  'channel-not-found':
    'check SLACK_CHANNEL (an id such as C0123ABCD, or the name); invite the app to a private channel',
  'not-in-channel': 'invite the app to the channel: /invite @<your app> in that channel',
  'channel-archived': 'unarchive the channel, or set SLACK_CHANNEL to another one',
  'message-not-found': 'nothing to do: the digest is posted again',
  'user-not-found': 'give the manager the email of their Slack account in the team file',
  'invalid-request': 'this is a bug in commitline: report it with the log line',
  network: 'check that this host reaches slack.com (or SLACK_API_URL)',
  server: 'Slack is failing: https://slack-status.com; it is tried again',
};

/** The one translation of whatever a Slack call threw into a SlackApiError. */
export function toSlackApiError(error: unknown, context: { rateLimitedFor?: number } = {}): SlackApiError {
  if (error instanceof SlackApiError) return error;
  if (error instanceof WebAPIPlatformError) {
    const said = error.data.error;
    const scope: unknown = (error.data as { needed?: unknown }).needed;
    const needed = typeof scope === 'string' ? ` (needs ${scope})` : '';
    const code = BY_SLACK_ERROR[said] ?? 'invalid-request';
    return new SlackApiError(code, `Slack answered ${said}${needed}`, said);
  }
  if (error instanceof WebAPIRateLimitedError) {
    return new SlackApiError(
      'rate-limited',
      'Slack rate limited the call',
      'ratelimited',
      error.retryAfter * 1000,
    );
  }
  if (error instanceof WebAPIHTTPError) {
    const code =
      error.statusCode >= 500 ? 'server' : error.statusCode === 401 ? 'authentication' : 'invalid-request';
    return new SlackApiError(code, `Slack answered HTTP ${error.statusCode} ${error.statusMessage}`.trim());
  }
  // After waiting out a 429 the SDK retries through a request error of its own making; when the
  // retries run out on it, the client knows it was the rate limit (its rate-limited event).
  if (context.rateLimitedFor !== undefined) {
    return new SlackApiError(
      'rate-limited',
      'Slack kept answering 429 after the retries',
      'ratelimited',
      context.rateLimitedFor * 1000,
    );
  }
  if (error instanceof WebAPIRequestError) {
    return new SlackApiError('network', `Slack not reached: ${error.original.message}`);
  }
  return new SlackApiError('network', error instanceof Error ? error.message : String(error));
}
