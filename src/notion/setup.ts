/**
 * Setting Notion up for commitline, idempotently: check what the integration may do, then find
 * the two databases under the parent page or create them (API 2025-09-03: each database holds a
 * data source; the weekly rows' relation names the quarter data source). Running it again creates
 * nothing; a database that lost properties gets them back; one whose properties changed type is
 * reported, never converted (converting could destroy what people wrote).
 */
import { createHash } from 'node:crypto';
import { type Client, isFullDatabase } from '@notionhq/client';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import { NotionApiError, toNotionApiError } from './errors.js';
import { liveSinceLine, type RecordedGoLive, recordedGoLive } from './go-live.js';
import {
  compareProperties,
  type NotionTargets,
  type PropertyDefinition,
  QUARTER_DATABASE_TITLE,
  quarterProperties,
  WEEK_DATABASE_TITLE,
  weekProperties,
} from './schema.js';

export interface Capability {
  name: string;
  ok: boolean;
  /** Where to turn it on, when it is missing (or cannot be checked without a visible trace). */
  fix?: string;
}

/** Where an integration's capabilities are turned on. */
export const NOTION_INTEGRATIONS_URL = 'https://www.notion.so/profile/integrations';

const capabilitiesOf = (integration: string) =>
  `Notion → Settings → Connections → Develop or manage integrations (${NOTION_INTEGRATIONS_URL}) → ${integration} → Capabilities`;

/**
 * Notion answered 403 (restricted_resource) to a call of setup: the integration lacks the
 * capability that call needs, named here with where to turn it on.
 */
export class MissingCapabilityError extends Error {
  override readonly name = 'MissingCapabilityError';
  readonly code = 'missing-capability';
  constructor(
    /** Notion's label of the capability, e.g. “Insert content”. */
    readonly capability: string,
    /** What setup was doing. */
    readonly doing: string,
    /** Notion's own message. */
    readonly notionMessage: string,
  ) {
    super(
      `Notion refused to let the integration ${doing} (403: ${notionMessage}): the integration lacks “${capability}”. ` +
        `Turn it on at ${NOTION_INTEGRATIONS_URL} → your integration → Capabilities, then run setup again.`,
    );
  }
}

/** Runs a call of setup; a 403 becomes a MissingCapabilityError naming `capability`. */
async function needing<T>(capability: string, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (raw) {
    const error = toNotionApiError(raw);
    if (error.code === 'restricted') throw new MissingCapabilityError(capability, doing, error.message);
    throw raw;
  }
}

function tick(integration: string, label: string): string {
  return `${capabilitiesOf(integration)} → tick “${label}”`;
}

/**
 * What the token may do, each checked with a harmless call:
 * - the token: users.me answers with the integration's bot;
 * - read content: the parent page and its child blocks;
 * - read comments: comments.list on the parent page;
 * - read users with email: users.list, and whether people's email is present;
 * - insert and update content: not probed here; creating (or updating) the databases proves it,
 *   and a 403 there makes `setupNotion` fail with a MissingCapabilityError naming the capability;
 * - insert comments: reported as unverified. Notion has no dry run for creating a comment, and a
 *   probe comment would be visible on the team's page; the first comment commitline writes
 *   proves it, and a 403 there is a permanent failure naming the capability.
 */
export async function checkCapabilities(client: Client, parentPageId?: string): Promise<Capability[]> {
  let integration = 'your integration';
  try {
    const me = await client.users.me({});
    if (me.type !== 'bot') {
      return [
        {
          name: 'an integration token',
          ok: false,
          fix: 'NOTION_TOKEN must be an internal integration secret (Notion → Settings → Connections → Develop or manage integrations)',
        },
      ];
    }
    integration = me.name ? `“${me.name}”` : integration;
  } catch (raw) {
    const error = toNotionApiError(raw);
    if (error.code !== 'unauthorized') throw error;
    return [
      {
        name: 'a valid token',
        ok: false,
        fix: 'Notion refused NOTION_TOKEN: copy the integration secret again from Notion → Settings → Connections → Develop or manage integrations → your integration → Configuration',
      },
    ];
  }
  const results: Capability[] = [{ name: `token of the integration ${integration}`, ok: true }];

  const probe = async (name: string, label: string, call: () => Promise<unknown>) => {
    try {
      await call();
      results.push({ name, ok: true });
      return true;
    } catch (raw) {
      const error = toNotionApiError(raw);
      if (error.code === 'restricted' || error.code === 'unauthorized') {
        results.push({ name, ok: false, fix: tick(integration, label) });
      } else if (error.code === 'not-found') {
        results.push({
          name,
          ok: false,
          fix: `share the parent page with ${integration}: open the page → ••• → Connections → add ${integration}`,
        });
      } else throw error;
      return false;
    }
  };

  if (parentPageId) {
    await probe('read content', 'Read content', async () => {
      await client.pages.retrieve({ page_id: parentPageId });
      await client.blocks.children.list({ block_id: parentPageId, page_size: 1 });
    });
    await probe('read comments', 'Read comments', () =>
      client.comments.list({ block_id: parentPageId, page_size: 1 }),
    );
  }

  const emailLabel = 'Read user information including email addresses';
  let people: { person?: { email?: string } }[] = [];
  const readUsers = await probe('read user information', emailLabel, async () => {
    const users = await client.users.list({ page_size: 100 });
    people = users.results.filter((u) => u.type === 'person') as typeof people;
  });
  if (readUsers) {
    // Without the email variant, Notion lists people but leaves their email out.
    const withEmail = people.length === 0 || people.some((u) => typeof u.person?.email === 'string');
    results.push(
      withEmail
        ? { name: 'read user email addresses', ok: true }
        : {
            name: 'read user email addresses',
            ok: false,
            fix: `${capabilitiesOf(integration)} → choose “${emailLabel}” (the roster is matched by email)`,
          },
    );
  }

  results.push({
    name: 'insert comments (unverified until commitline’s first comment)',
    ok: true,
    fix: tick(integration, 'Insert comments'),
  });
  return results;
}

/** Titles of the parent page's child databases → their ids (the first of each title). */
async function childDatabases(client: Client, parentPageId: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const start = cursor;
    const page = await needing('Read content', 'read the parent page', () =>
      client.blocks.children.list({
        block_id: parentPageId,
        page_size: 100,
        ...(start ? { start_cursor: start } : {}),
      }),
    );
    for (const block of page.results) {
      if (!('type' in block) || block.type !== 'child_database') continue;
      const title = block.child_database.title.trim();
      if (!found.has(title)) found.set(title, block.id);
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return found;
}

async function dataSourceOf(client: Client, databaseId: string): Promise<string> {
  const database = await needing('Read content', 'read a database', () =>
    client.databases.retrieve({ database_id: databaseId }),
  );
  return sourceOf(database, databaseId);
}

function sourceOf(
  database: Awaited<ReturnType<Client['databases']['retrieve']>>,
  databaseId: string,
): string {
  const source = 'data_sources' in database ? database.data_sources[0] : undefined;
  if (!source) throw new Error(`Notion database ${databaseId} has no data source`);
  return source.id;
}

const descriptionLine = (day: string) => [{ type: 'text' as const, text: { content: liveSinceLine(day) } }];

/**
 * Makes an existing database's description say when commitline went live, keeping what people
 * wrote there. One already saying it is left alone; one without (set up before commitline wrote
 * it) gets `day`, by default its own creation day, which is what commitline counted from.
 */
async function keepLiveSince(
  client: Client,
  database: Awaited<ReturnType<Client['databases']['retrieve']>>,
  title: string,
  timezone: string,
  day?: string,
): Promise<RecordedGoLive & { written: boolean }> {
  if (!isFullDatabase(database)) {
    throw new NotionApiError(
      'restricted',
      `Notion gave only the id of the database “${title}”: share it with the integration`,
    );
  }
  const text = database.description.map((item) => item.plain_text).join('');
  const found = recordedGoLive({ description: text, createdTime: database.created_time }, timezone);
  if (found.from === 'description') return { ...found, written: false };
  const record = day ?? found.day;
  const kept = database.description.map((item) => ({
    type: 'text' as const,
    text: { content: item.plain_text, link: item.href ? { url: item.href } : null },
    annotations: item.annotations,
  }));
  await needing('Update content', `record commitline's go-live in the database “${title}”`, () =>
    client.databases.update({
      database_id: database.id,
      description: [
        ...kept,
        ...(kept.length > 0 ? [{ type: 'text' as const, text: { content: '\n' } }] : []),
        ...descriptionLine(record),
      ],
    }),
  );
  return { day: record, from: found.from, written: true };
}

/** The databases under the parent page, if both are there; creates nothing. */
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

/** A database whose properties cannot be repaired without a person's decision. */
export class NotionSchemaError extends Error {
  override readonly name = 'NotionSchemaError';
  readonly code = 'schema';
  constructor(
    readonly database: string,
    readonly properties: string[],
  ) {
    super(
      `The Notion database “${database}” has ${properties.map((p) => `“${p}”`).join(', ')} of another type ` +
        'than commitline writes. Rename or delete those properties in Notion (commitline will add its own), then run setup again.',
    );
  }
}

/**
 * Adds the properties a database of commitline's lacks (one a newer commitline writes), leaving
 * every other one as it is; a property of the wrong type is a NotionSchemaError. Returns the names
 * added.
 */
async function addMissingProperties(
  client: Client,
  options: {
    title: string;
    dataSourceId: string;
    properties: Record<string, PropertyDefinition>;
    logger?: Logger | undefined;
  },
): Promise<string[]> {
  const { title, dataSourceId, properties, logger } = options;
  const source = await needing('Read content', `read the database “${title}”`, () =>
    client.dataSources.retrieve({ data_source_id: dataSourceId }),
  );
  const { absent, wrong } = compareProperties(source.properties, properties);
  if (wrong.length > 0) throw new NotionSchemaError(title, wrong);
  if (absent.length === 0) return [];
  const add: Record<string, PropertyDefinition> = {};
  for (const name of absent) {
    const definition = properties[name];
    if (definition) add[name] = definition;
  }
  await needing('Update content', `add properties to the database “${title}”`, () =>
    client.dataSources.update({ data_source_id: dataSourceId, properties: add }),
  );
  logger?.info({ database: title, added: absent }, 'added missing properties to a Notion database');
  return absent;
}

/**
 * What a worker does at start after an upgrade: the databases `setup` made gain the properties
 * this commitline writes (the weekly rows' Dates and Off week), so no write fails on a property
 * an older setup did not create. Remembered in Redis per set of properties: two requests once
 * per upgrade, not at every start.
 */
export async function upgradeDatabases(options: {
  client: Client;
  redis: Redis;
  prefix: string;
  targets: NotionTargets;
  logger?: Logger | undefined;
}): Promise<string[]> {
  const { client, redis, prefix, targets, logger } = options;
  const quarter = quarterProperties();
  const week = weekProperties(targets.quarterDataSourceId);
  const signature = [...Object.keys(quarter), '|', ...Object.keys(week)].sort().join(',');
  const key = `${prefix}:notion:schema:${createHash('sha256').update(signature).digest('hex').slice(0, 16)}`;
  if ((await redis.exists(key)) === 1) return [];
  const added = [
    ...(await addMissingProperties(client, {
      title: QUARTER_DATABASE_TITLE,
      dataSourceId: targets.quarterDataSourceId,
      properties: quarter,
      logger,
    })),
    ...(await addMissingProperties(client, {
      title: WEEK_DATABASE_TITLE,
      dataSourceId: targets.weekDataSourceId,
      properties: week,
      logger,
    })),
  ];
  await redis.set(key, new Date().toISOString());
  return added;
}

export async function setupNotion(options: {
  client: Client;
  parentPageId: string;
  logger?: Logger;
  /** The day commitline goes live, recorded in a database created now; default today (UTC). */
  liveSince?: string;
  /** The team timezone, to read an older database's creation day; default UTC. */
  timezone?: string;
}): Promise<{ targets: NotionTargets; created: string[]; goLive: RecordedGoLive & { written: boolean } }> {
  const { client, parentPageId, logger } = options;
  const timezone = options.timezone ?? 'UTC';
  const today = options.liveSince ?? new Date().toISOString().slice(0, 10);
  const databases = await childDatabases(client, parentPageId);
  const created: string[] = [];
  // The quarter database's record is the team's go-live; the weekly one repeats it for people.
  let goLive: (RecordedGoLive & { written: boolean }) | undefined;

  const ensure = async (title: string, properties: Record<string, PropertyDefinition>) => {
    const existing = databases.get(title);
    if (existing) {
      const database = await needing('Read content', `read the database “${title}”`, () =>
        client.databases.retrieve({ database_id: existing }),
      );
      const dataSourceId = sourceOf(database, existing);
      const recorded = await keepLiveSince(client, database, title, timezone, goLive?.day);
      goLive ??= recorded;
      await addMissingProperties(client, { title, dataSourceId, properties, logger });
      return { databaseId: existing, dataSourceId };
    }
    const database = await needing('Insert content', `create the database “${title}”`, () =>
      client.databases.create({
        parent: { type: 'page_id', page_id: parentPageId },
        title: [{ type: 'text', text: { content: title } }],
        description: descriptionLine(goLive?.day ?? today),
        initial_data_source: { properties },
      }),
    );
    goLive ??= { day: today, from: 'description', written: true };
    created.push(title);
    logger?.info({ database: title, databaseId: database.id }, 'created a Notion database');
    const fromResponse = 'data_sources' in database ? database.data_sources[0]?.id : undefined;
    return {
      databaseId: database.id,
      dataSourceId: fromResponse ?? (await dataSourceOf(client, database.id)),
    };
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
    goLive: goLive ?? { day: today, from: 'description', written: true },
  };
}

const targetsKey = (prefix: string) => `${prefix}:notion:targets`;

const targetsSchema = z.object({
  parentPageId: z.string().min(1),
  quarterDatabaseId: z.string().min(1),
  quarterDataSourceId: z.string().min(1),
  weekDatabaseId: z.string().min(1),
  weekDataSourceId: z.string().min(1),
});

/** Records where the databases are (no expiry: Redis keeps it until setup runs again). */
export async function storeTargets(redis: Redis, prefix: string, targets: NotionTargets): Promise<void> {
  await redis.set(targetsKey(prefix), JSON.stringify(targetsSchema.parse(targets)));
}

/** The recorded ids, or undefined when absent or unreadable: the caller finds them again. */
export async function loadTargets(redis: Redis, prefix: string): Promise<NotionTargets | undefined> {
  const raw = await redis.get(targetsKey(prefix));
  if (!raw) return undefined;
  try {
    const parsed = targetsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
