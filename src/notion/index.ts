/** The Notion adapter: one rate-limited client, setup, the quarter page writer and readback, webhooks. */
export { createNotionClient, type NotionRetry, translatingErrors } from './client.js';
export { isNotionApiError, NotionApiError, type NotionApiErrorCode, toNotionApiError } from './errors.js';
export {
  createGoLive,
  forgetGoLive,
  liveSinceLine,
  type RecordedGoLive,
  readDatabaseGoLive,
} from './go-live.js';
export { parseNotionId } from './ids.js';
export { metered, RequestMeter } from './meter.js';
export { createNotionSweep, createPageOwnerLookup, type PageOwner } from './owners.js';
export { createLocalNotionLimiter, createNotionLimiter, type NotionLimiter } from './rate-limit.js';
export {
  expectedProperties,
  missingProperties,
  type NotionTargets,
  QUARTER_PROPS,
  WEEK_PROPS,
} from './schema.js';
export {
  type Capability,
  checkCapabilities,
  findTargets,
  loadTargets,
  NOTION_INTEGRATIONS_URL,
  setupNotion,
  storeTargets,
} from './setup.js';
export { createTeamGridPages } from './team-grid.js';
export { listUsersByEmail } from './users.js';
export { createNotionEventReader } from './webhook.js';
export { createNotionQuarterPages, type NotionQuarterPages } from './writer.js';
