/**
 * Setting Notion up for commitline, idempotently: check what the integration may do, then find
 * the two databases under the parent page or create them (API 2025-09-03: each database holds a
 * data source; the weekly rows' relation names the quarter data source).
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { toNotionApiError } from './errors.js';
import {
  missingProperties,
  type NotionTargets,
  QUARTER_DATABASE_TITLE,
  quarterProperties,
  WEEK_DATABASE_TITLE,
  weekProperties,
} from './schema.js';

export interface Capability {
  name: string;
  ok: boolean;
  fix?: string;
}

const WHERE =
  'Notion → Settings → Connections → Develop or manage integrations → your integration → Capabilities';

/** What the token may do, each checked with a harmless read. Writing is proven by setup itself. */
export async function checkCapabilities(client: Client, parentPageId?: string): Promise<Capability[]> {
  const me = await client.users.me({});
  const results: Capability[] = [{ name: `token valid (integration “${me.name ?? me.id}”)`, ok: true }];
  const attempt = async (name: string, fix: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (raw) {
      const error = toNotionApiError(raw);
      if (error.code === 'restricted' || error.code === 'unauthorized')
        results.push({ name, ok: false, fix });
      else if (error.code === 'not-found') {
        results.push({
          name,
          ok: false,
          fix: 'share the parent page with the integration (page ••• → Connections → add it)',
        });
      } else throw error;
    }
  };
  if (parentPageId) {
    await attempt('read content', `tick “Read content” in ${WHERE}`, () =>
      client.pages.retrieve({ page_id: parentPageId }),
    );
    await attempt('read comments', `tick “Read comments” in ${WHERE}`, () =>
      client.comments.list({ block_id: parentPageId, page_size: 1 }),
    );
  }
  try {
    const users = await client.users.list({ page_size: 100 });
    const people = users.results.filter((u) => u.type === 'person');
    const withEmail = people.some((u) => 'person' in u && typeof u.person.email === 'string');
    results.push(
      people.length === 0 || withEmail
        ? { name: 'read user information including email addresses', ok: true }
        : {
            name: 'read user information including email addresses',
            ok: false,
            fix: `choose “Read user information including email addresses” in ${WHERE} (needed to resolve the roster’s emails)`,
          },
    );
  } catch (raw) {
    const error = toNotionApiError(raw);
    if (error.code !== 'restricted') throw error;
    results.push({
      name: 'read user information',
      ok: false,
      fix: `choose “Read user information including email addresses” in ${WHERE}`,
    });
  }
  return results;
}

async function childDatabases(client: Client, parentPageId: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({
      block_id: parentPageId,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const block of page.results) {
      if ('type' in block && block.type === 'child_database' && !found.has(block.child_database.title)) {
        found.set(block.child_database.title, block.id);
      }
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return found;
}

async function dataSourceOf(client: Client, databaseId: string): Promise<string> {
  const database = await client.databases.retrieve({ database_id: databaseId });
  const source = 'data_sources' in database ? database.data_sources[0] : undefined;
  if (!source) throw new Error(`Notion database ${databaseId} has no data source`);
  return source.id;
}

/** The databases under the parent page, if both are there. */
export async function findTargets(client: Client, parentPageId: string): Promise<NotionTargets | undefined> {
  const databases = await childDatabases(client, parentPageId);
  const quarterDatabaseId = databases.get(QUARTER_DATABASE_TITLE);
  const weekDatabaseId = databases.get(WEEK_DATABASE_TITLE);
  if (!quarterDatabaseId || !weekDatabaseId) return undefined;
  return {
    parentPageId,
    quarterDatabaseId,
    quarterDataSourceId: await dataSourceOf(client, quarterDatabaseId),
    weekDatabaseId,
    weekDataSourceId: await dataSourceOf(client, weekDatabaseId),
  };
}

export async function setupNotion(options: {
  client: Client;
  parentPageId: string;
  logger?: Logger;
}): Promise<{ targets: NotionTargets; created: string[] }> {
  const { client, parentPageId } = options;
  const databases = await childDatabases(client, parentPageId);
  const created: string[] = [];

  const ensure = async (title: string, properties: Record<string, unknown>) => {
    const existing = databases.get(title);
    if (existing) {
      const dataSourceId = await dataSourceOf(client, existing);
      const source = await client.dataSources.retrieve({ data_source_id: dataSourceId });
      const missing = missingProperties(source.properties as never, properties as never);
      if (missing.length > 0) {
        const names = new Set(missing.map((m) => m.replace(/ \(\w+\)$/, '')));
        const add = Object.fromEntries(Object.entries(properties).filter(([name]) => names.has(name)));
        await client.dataSources.update({ data_source_id: dataSourceId, properties: add as never });
        options.logger?.info({ database: title, added: [...names] }, 'added missing properties');
      }
      return { databaseId: existing, dataSourceId };
    }
    const database = await client.databases.create({
      parent: { type: 'page_id', page_id: parentPageId },
      title: [{ type: 'text', text: { content: title } }],
      initial_data_source: { properties: properties as never },
    });
    created.push(title);
    const dataSourceId =
      'data_sources' in database && database.data_sources[0]
        ? database.data_sources[0].id
        : await dataSourceOf(client, database.id);
    return { databaseId: database.id, dataSourceId };
  };

  const quarter = await ensure(QUARTER_DATABASE_TITLE, quarterProperties());
  const week = await ensure(WEEK_DATABASE_TITLE, weekProperties(quarter.dataSourceId));
  return {
    targets: {
      parentPageId,
      quarterDatabaseId: quarter.databaseId,
      quarterDataSourceId: quarter.dataSourceId,
      weekDatabaseId: week.databaseId,
      weekDataSourceId: week.dataSourceId,
    },
    created,
  };
}

const targetsKey = (prefix: string) => `${prefix}:notion:targets`;

export async function storeTargets(redis: Redis, prefix: string, targets: NotionTargets): Promise<void> {
  await redis.set(targetsKey(prefix), JSON.stringify(targets));
}

export async function loadTargets(redis: Redis, prefix: string): Promise<NotionTargets | undefined> {
  const raw = await redis.get(targetsKey(prefix));
  return raw ? (JSON.parse(raw) as NotionTargets) : undefined;
}
