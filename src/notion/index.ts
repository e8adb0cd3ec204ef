/** The Notion adapter: one rate-limited client, setup, the quarter page store (snapshot, plan, apply), webhooks. */
export { createNotionClient } from './client.js';
export { NotionApiError, toNotionApiError } from './errors.js';
export { createGoLive } from './go-live.js';
export { notionPageUrl, parseNotionId } from './ids.js';
export { metered, RequestMeter } from './meter.js';
export { createNotionSweep, createPageOwnerLookup } from './owners.js';
export { createLocalNotionLimiter, createNotionLimiter } from './rate-limit.js';
export {
  expectedProperties,
  missingProperties,
  type NotionTargets,
  QUARTER_PROPS,
  WEEK_PROPS,
} from './schema.js';
export {
  checkCapabilities,
  findTargets,
  loadTargets,
  NOTION_INTEGRATIONS_URL,
  setupNotion,
  storeTargets,
  upgradeDatabases,
} from './setup.js';
export { createTeamGridPages } from './team-grid.js';
export { listUsersByEmail } from './users.js';
export { createNotionEventReader } from './webhook.js';
export { createNotionQuarterPages } from './writer.js';
