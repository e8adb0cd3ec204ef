/**
 * Which (engineer, quarter) a Notion page belongs to, and which pages people changed lately.
 * Quarter pages and weekly rows both carry the `Engineer key` and `Quarter` properties.
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import { toNotionApiError } from './errors.js';
import { invalidateReadback } from './readback.js';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';

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
      invalidateReadback(options.redis, options.prefix, engineerId, quarterId),
  };
}

/**
 * Pages people edited since the last sweep, in both databases: one data-source query each.
 * Pages commitline's own integration edited last are skipped: their content is what it wrote.
 */
export function createNotionSweep(options: {
  client: Client;
  redis: Redis;
  prefix: string;
  targets: NotionTargets;
}) {
  const { client, redis } = options;
  const cursorKey = `${options.prefix}:notion:sweep-since`;
  let botId: string | undefined;
  return {
    async changedPages(): Promise<PageOwner[]> {
      botId ??= (await client.users.me({})).id;
      const startedAt = new Date().toISOString();
      const since = (await redis.get(cursorKey)) ?? new Date(Date.now() - 24 * 3600_000).toISOString();
      const owners = new Map<string, PageOwner>();
      for (const dataSourceId of [options.targets.quarterDataSourceId, options.targets.weekDataSourceId]) {
        let cursor: string | undefined;
        do {
          const page = await client.dataSources.query({
            data_source_id: dataSourceId,
            page_size: 100,
            filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: since } },
            ...(cursor ? { start_cursor: cursor } : {}),
          });
          for (const result of page.results) {
            if (!('properties' in result) || result.object !== 'page') continue;
            if (result.last_edited_by.id === botId) continue;
            const owner = ownerOfProperties(result.properties as Properties);
            if (owner) owners.set(`${owner.engineerId}.${owner.quarterId}`, owner);
          }
          cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
        } while (cursor);
      }
      await redis.set(cursorKey, startedAt);
      return [...owners.values()];
    },
    invalidate: (engineerId: string, quarterId: string) =>
      invalidateReadback(redis, options.prefix, engineerId, quarterId),
  };
}
