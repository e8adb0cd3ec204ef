/**
 * Which (engineer, quarter) a Notion page belongs to, and which pages people changed lately.
 * Quarter pages and weekly rows both carry the `Engineer key` and `Quarter` properties.
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import { integrationIdentity } from './bot.js';
import { toNotionApiError } from './errors.js';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';
import { snapshotStore } from './snapshot.js';

export interface PageOwner {
  engineerId: string;
  quarterId: string;
}

type Properties = Record<string, unknown>;

function textOf(property: unknown): string | undefined {
  const p = property as {
    type?: string;
    rich_text?: { plain_text: string }[];
    select?: { name: string } | null;
  };
  if (p?.type === 'rich_text') return p.rich_text?.map((t) => t.plain_text).join('') || undefined;
  if (p?.type === 'select') return p.select?.name;
  return undefined;
}

export function ownerOfProperties(properties: Properties): PageOwner | undefined {
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
      if (!('properties' in page)) return undefined;
      const owner = ownerOfProperties(page.properties as Properties);
      if (owner) await options.redis.set(key(pageId), JSON.stringify(owner));
      return owner;
    },
    invalidate: (engineerId: string, quarterId: string) =>
      snapshotStore(options.redis, options.prefix).clear(engineerId, quarterId),
  };
}

type EditedPage = {
  object: string;
  id: string;
  properties?: Record<string, unknown>;
  last_edited_time: string;
  last_edited_by: { id: string };
};

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
        let cursor: string | undefined;
        do {
          const page = await client.dataSources.query({
            data_source_id: dataSourceId,
            page_size: 100,
            filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: since } },
            ...(cursor ? { start_cursor: cursor } : {}),
          });
          const edited = (page.results as unknown as EditedPage[]).filter(
            (r) => r.object === 'page' && r.properties !== undefined && r.last_edited_by.id !== botId,
          );
          const before = edited.length > 0 ? await redis.hmget(seenKey, ...edited.map((r) => r.id)) : [];
          edited.forEach((result, i) => {
            if (before[i] === result.last_edited_time) return;
            // An edit whose minute is still running may be followed by another showing the same
            // time: it is remembered as seen only once its minute is over.
            if (Date.parse(result.last_edited_time) + 60_000 <= startedAt) {
              seen[result.id] = result.last_edited_time;
            }
            const owner = ownerOfProperties(result.properties as Properties);
            if (owner) owners.set(`${owner.engineerId}.${owner.quarterId}`, owner);
          });
          cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
        } while (cursor);
      }
      if (Object.keys(seen).length > 0) {
        await redis.multi().hset(seenKey, seen).expire(seenKey, SEEN_TTL_SECONDS).exec();
      }
      await redis.set(cursorKey, new Date(startedAt).toISOString());
      return [...owners.values()];
    },
    invalidate: (engineerId: string, quarterId: string) =>
      snapshotStore(redis, options.prefix).clear(engineerId, quarterId),
  };
}
