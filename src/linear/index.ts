/** The Linear adapter: webhook verification and parsing, and the API behind the domain's LinearReader. */
export { createLinearApi } from './client.js';
export {
  createLinearDirectory,
  type LinearDirectory,
  type LinearWebhook,
} from './directory.js';
export { LinearApiError, linearReason, toLinearApiError } from './errors.js';
export { parseDelivery } from './payload.js';
export { createLinearReader } from './reader.js';
export { affectedKeys, isRelevant, type LabelKnowledge, labelIdsNamed } from './relevance.js';
export { LinearWebhookVerifier } from './webhook.js';
export {
  findCommitlineWebhook,
  webhookStatusLines,
} from './webhooks.js';
