/**
 * Which (engineer, quarter) a Notion page belongs to, and which pages people changed lately.
 * Quarter pages and weekly rows both carry the `Engineer key` and `Quarter` properties.
 */
import { type Client, isFullPage, iteratePaginatedAPI, type PageObjectResponse } from '@notionhq/client';
import type { Redis } from 'ioredis';
import { integrationIdentity } from './bot.js';
import { NotionApiError, toNotionApiError } from './errors.js';
import { plainText } from './limits.js';
import type { PageProperties } from './page-index.js';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';
import { commentedBlocks, type QuarterSnapshot, readComments, snapshotStore } from './snapshot.js';

export interface PageOwner {
  engineerId: string;
  quarterId: string;
}

function textOf(property: PageProperties[string] | undefined): string | undefined {
  if (property?.type === 'rich_text') return plainText(property.rich_text) || undefined;
  if (property?.type === 'select') return property.select?.name;
  return undefined;
}

export function ownerOfProperties(properties: PageProperties): PageOwner | undefined {
  const engineerId = textOf(properties[QUARTER_PROPS.engineerKey] ?? properties[WEEK_PROPS.engineerKey]);
  const quarterId = textOf(properties[QUARTER_PROPS.quarter] ?? properties[WEEK_PROPS.quarter]);
  return engineerId && quarterId ? { engineerId, quarterId } : undefined;
}

export function createPageOwnerLookup(options: { client: Client; redis: Redis; prefix: string }) {
  const key = (pageId: string) => `${options.prefix}:notion:owner:${pageId}`;
  return {
    async ownerOf(pageId: string): Promise<PageOwner | undefined> {
      // A page's owner never changes, so it is read from Notion once.
      const cached = await options.redis.get(key(pageId));
      if (cached) return JSON.parse(cached) as PageOwner;
      let page: Awaited<ReturnType<Client['pages']['retrieve']>>;
      try {
        page = await options.client.pages.retrieve({ page_id: pageId });
      } catch (raw) {
        // A page the integration cannot see is not one of commitline's.
        const error = toNotionApiError(raw);
        if (error.code === 'not-found' || error.code === 'restricted') return undefined;
        throw error;
      }
      if (!isFullPage(page)) return undefined;
      const owner = ownerOfProperties(page.properties);
      if (owner) await options.redis.set(key(pageId), JSON.stringify(owner));
      return owner;
    },
    invalidate: (engineerId: string, quarterId: string) =>
      snapshotStore(options.redis, options.prefix).clear(engineerId, quarterId),
  };
}

/** Pages of one data source edited since `since`, a hundred at a time. */
async function* pagesOf(
  client: Client,
  dataSourceId: string,
  since: string,
): AsyncGenerator<PageObjectResponse[]> {
  let batch: PageObjectResponse[] = [];
  for await (const result of iteratePaginatedAPI(client.dataSources.query, {
    data_source_id: dataSourceId,
    page_size: 100,
    filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: since } },
  })) {
    if (isFullPage(result)) batch.push(result);
    if (batch.length === 100) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Whether a person commented where comments count since the snapshot was read. */
async function unreadComment(client: Client, snapshot: QuarterSnapshot, botId: string): Promise<boolean> {
  const known = new Set(snapshot.readback.comments.map((c) => c.id));
  for (const blockId of commentedBlocks(snapshot)) {
    try {
      const { comments } = await readComments(client, blockId, botId);
      if (comments.some((c) => c.authorId !== botId && !known.has(c.id))) return true;
    } catch (error) {
      // A block gone since (a commitment deleted): the page is read again whole.
      if (error instanceof NotionApiError && error.code === 'not-found') return true;
      throw error;
    }
  }
  return false;
}

/** How often the sweep asks one page for comments no webhook brought. */
const COMMENT_SWEEP_MS = 3_600_000;

/** Notion keeps a page's last edit to the minute: the sweep looks back past that rounding. */
const OVERLAP_MS = 2 * 60_000;
/** How long the sweep remembers which edits it has already handed on. */
const SEEN_TTL_SECONDS = 86_400;

/**
 * Pages people edited since the last sweep, in both databases: one data-source query each.
 * Pages commitline's own integration edited last are skipped: their content is what it wrote.
 * Notion rounds `last_edited_time` down to the minute, so each sweep looks two minutes further
 * back than the last one started and hands on edits it has not seen (page id and time); an edit
 * in the minute still running is handed on again by the next sweep, in case another followed.
 */
export function createNotionSweep(options: {
  client: Client;
  redis: Redis;
  prefix: string;
  targets: NotionTargets;
  /** The clock, in ms (tests move it). */
  now?: () => number;
}) {
  const { client, redis } = options;
  const clock = options.now ?? Date.now;
  const cursorKey = `${options.prefix}:notion:sweep-since`;
  const seenKey = `${options.prefix}:notion:sweep-seen`;
  const askedKey = `${options.prefix}:notion:sweep-comments-asked`;
  const integration = integrationIdentity(client, redis, options.prefix);
  return {
    async changedPages(): Promise<PageOwner[]> {
      const botId = await integration();
      const startedAt = clock();
      const last = Date.parse((await redis.get(cursorKey)) ?? '') || startedAt - 24 * 3600_000;
      const since = new Date(last - OVERLAP_MS).toISOString();
      const owners = new Map<string, PageOwner>();
      const seen: Record<string, string> = {};
      for (const dataSourceId of [options.targets.quarterDataSourceId, options.targets.weekDataSourceId]) {
        for await (const page of pagesOf(client, dataSourceId, since)) {
          const edited = page.filter((r) => r.last_edited_by.id !== botId);
          const before = edited.length > 0 ? await redis.hmget(seenKey, ...edited.map((r) => r.id)) : [];
          edited.forEach((result, i) => {
            if (before[i] === result.last_edited_time) return;
            // An edit whose minute is still running may be followed by another showing the same
            // time: it is remembered as seen only once its minute is over.
            if (Date.parse(result.last_edited_time) + 60_000 <= startedAt) {
              seen[result.id] = result.last_edited_time;
            }
            const owner = ownerOfProperties(result.properties);
            if (owner) owners.set(`${owner.engineerId}.${owner.quarterId}`, owner);
          });
        }
      }
      // A comment changes no page's edit time. Where a person's comment is still due (a
      // signature, the checkpoint, grades), the blocks whose comments count are asked for any
      // commitline has not read. Webhooks bring comments first; this backstop asks each page at
      // most once an hour (~7 requests for a page of 5 commitments).
      const lastAsked = await redis.hgetall(askedKey);
      const asked: Record<string, string> = {};
      const refOf = (page: { engineerId: string; quarterId: string }) =>
        `${page.engineerId}.${page.quarterId}`;
      // A page already changed, or asked within the hour, is not even read from Redis.
      const due = (page: { engineerId: string; quarterId: string }) =>
        !owners.has(refOf(page)) && startedAt - (Number(lastAsked[refOf(page)]) || 0) >= COMMENT_SWEEP_MS;
      for await (const kept of snapshotStore(redis, options.prefix).kept(due)) {
        const ref = refOf(kept);
        if (!kept.awaitingComments || !kept.page) continue;
        asked[ref] = String(startedAt);
        if (await unreadComment(client, kept, botId)) {
          owners.set(ref, { engineerId: kept.engineerId, quarterId: kept.quarterId });
        }
      }
      const remember = redis.multi();
      if (Object.keys(seen).length > 0) remember.hset(seenKey, seen).expire(seenKey, SEEN_TTL_SECONDS);
      if (Object.keys(asked).length > 0) remember.hset(askedKey, asked).expire(askedKey, SEEN_TTL_SECONDS);
      await remember.exec();
      await redis.set(cursorKey, new Date(startedAt).toISOString());
      return [...owners.values()];
    },
    invalidate: (engineerId: string, quarterId: string) =>
      snapshotStore(redis, options.prefix).clear(engineerId, quarterId),
  };
}
