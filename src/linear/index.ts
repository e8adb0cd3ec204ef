/** The Linear adapter: webhook verification and parsing, and the API behind the domain's LinearReader. */
export { createLinearApi, type LinearApi, type RetryPolicy } from './client.js';
export {
  createLinearDirectory,
  type LinearDirectory,
  type LinearLabel,
  type LinearPerson,
  type LinearViewer,
  type LinearWebhook,
  type LinearWebhookFailure,
} from './directory.js';
export { LinearApiError, type LinearApiErrorCode, linearReason, toLinearApiError } from './errors.js';
export { type IssueEvent, type ParsedDelivery, parseDelivery } from './payload.js';
export { createLinearReader } from './reader.js';
export { affectedKeys, isRelevant, type LabelKnowledge, labelIdsNamed } from './relevance.js';
export { LinearWebhookVerifier, type VerifyResult } from './webhook.js';
export {
  type CommitlineWebhookStatus,
  commitlineWebhookStatus,
  findCommitlineWebhook,
  webhookStatusLines,
} from './webhooks.js';
