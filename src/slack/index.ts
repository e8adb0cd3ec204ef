/** The Slack adapter: the Web API client, its errors, the digest's rendering and its messages. */
export {
  createSlackApi,
  type SlackApi,
  type SlackBlock,
  type SlackRetry,
} from './client.js';
export {
  createSlackDigests,
  DIGEST_EVENT,
  isChannelId,
  type PublishedDigest,
  type SlackDigests,
  STREAK_EVENT,
  type StreakRecipient,
} from './digests.js';
export { SLACK_FIXES, SlackApiError, type SlackApiErrorCode, toSlackApiError } from './errors.js';
export { digestBlocks, digestFallback, MAX_BLOCKS, MAX_SECTION_TEXT } from './render.js';
